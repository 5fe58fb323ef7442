#!/usr/bin/env bash
# Side by side: `mentor validate` and JSON Schema validators on the same generated corpus.
#
#   scripts/compare-jsonschema.sh            # 30,000 logs, the issue's cohort
#   LOGS=2000 RUNS=3 scripts/compare-jsonschema.sh
#
# 1. Builds `mentor` and the corpus generator (release), writes the corpus (seeded, so the
#    same every time) under target/compare/corpus: a TOML directory, a JSON directory, one
#    JSON Lines file and manifest.tsv (each log's violation and rule codes).
# 2. Installs the validators itself, from their registries, under target/tools:
#    jsonschema-cli 0.60.2 (crates.io, `cargo install --locked`) and ajv-cli 5.0.0 (npm, local
#    prefix). VALIDATORS="ajv" skips the slow cargo install.
# 3. Gives the validators the logs two ways: the directory of JSON files, and all of them as ONE
#    JSON array (`[` + the JSON Lines joined by `,` + `]`; neither reads JSON Lines) checked
#    against an array schema derived from scripts/log.schema.json (`items` is the log schema,
#    its `$defs` stay at the root so its `#/$defs/...` references resolve). Needs `jq`.
# 4. Checks correctness, and fails (exit 1) unless `mentor validate` flags exactly the logs
#    the manifest lists, with exactly their rule codes, in all three formats. The schema
#    validators are expected to flag exactly the logs whose violation is structural (an
#    unknown field, a wrong type, a missing required key, a value outside an enum), from the
#    files and from the array (ajv: an error's instance location `/k/...` is the array's element
#    k, the log of the JSON Lines' k-th non-blank line; jsonschema-cli, whose text output gives
#    no location: the same errors as for the files): the rest (numbering, gaps, lens rules,
#    deadlines …) is beyond a schema.
# 5. Times each tool RUNS times (default 5) and prints the median wall and CPU time,
#    throughput and peak memory, each mentor row's speed-up over the fastest schema
#    validator by throughput, and, by time for the same logs, mentor's JSON Lines run against
#    each validator run (the measure of issue 19's targets). mentor is timed with
#    `--format json` (every rule, JSON output), the validators in their cheapest mode that
#    still checks every log.
#
# Environment: LOGS (30000), SEED (1), SHARE (0.2, share of logs with a violation), RUNS (5),
# VALIDATORS ("jsonschema-cli ajv"), JOBS (cargo build jobs).
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C

LOGS=${LOGS:-30000}
SEED=${SEED:-1}
SHARE=${SHARE:-0.2}
RUNS=${RUNS:-5}
VALIDATORS=${VALIDATORS:-"jsonschema-cli ajv"}
WORK=target/compare
CORPUS=$WORK/corpus
TOOLS=target/tools
SCHEMA=scripts/log.schema.json
AS_OF=2026-06-01
MENTOR=target/release/mentor
PROGRAM=programs/senior-ic.mentor

say() { printf '%s\n' "$*" >&2; }

# ---------------------------------------------------------------- build and corpus
say "== building mentor and the corpus generator (release)"
cargo build --release --quiet --bin mentor --example corpus ${JOBS:+--jobs "$JOBS"}

stamp="logs=$LOGS seed=$SEED share=$SHARE"
if [[ ! -f $CORPUS/stamp || "$(cat "$CORPUS/stamp")" != "$stamp" ]]; then
    say "== writing the corpus ($stamp) to $CORPUS"
    rm -rf "$CORPUS"
    target/release/examples/corpus --out "$CORPUS" --logs "$LOGS" --seed "$SEED" --violations "$SHARE"
    echo "$stamp" > "$CORPUS/stamp"
fi

# ---------------------------------------------------------------- validators
# Pinned, so that figures taken on different days compare the same validators.
JSONSCHEMA_VERSION=0.60.2
AJV_VERSION=5.0.0
mkdir -p "$TOOLS"
JSONSCHEMA=$TOOLS/jsonschema-cli/bin/jsonschema-cli
AJV=$TOOLS/ajv/node_modules/.bin/ajv
for validator in $VALIDATORS; do
    case $validator in
    jsonschema-cli)
        if [[ "$("$JSONSCHEMA" --version 2>/dev/null)" != "jsonschema-cli $JSONSCHEMA_VERSION" ]]; then
            say "== installing jsonschema-cli $JSONSCHEMA_VERSION from crates.io (cargo install --locked; takes a few minutes)"
            cargo install --quiet --locked jsonschema-cli --version "$JSONSCHEMA_VERSION" \
                --root "$TOOLS/jsonschema-cli"
        fi
        ;;
    ajv)
        if [[ "$(node -p "require('./$TOOLS/ajv/node_modules/ajv-cli/package.json').version" 2>/dev/null)" \
            != "$AJV_VERSION" ]]; then
            say "== installing ajv-cli $AJV_VERSION from npm into $TOOLS/ajv"
            npm install --silent --no-audit --no-fund --prefix "$TOOLS/ajv" "ajv-cli@$AJV_VERSION" >/dev/null
        fi
        ;;
    *) say "unknown validator: $validator"; exit 2 ;;
    esac
done

# ---------------------------------------------------------------- what each tool flags
# Expected: "pair<TAB>codes" for every log with a violation; "pair" for structural ones.
expected=$WORK/expected.tsv
expected_structural=$WORK/expected-structural.txt
mkdir -p "$WORK"
awk -F'\t' 'NR > 1 && $3 != "none" { print $1 "\t" $4 }' "$CORPUS/manifest.tsv" | sort > "$expected"
awk -F'\t' 'NR > 1 && $5 == "true" { print $1 }' "$CORPUS/manifest.tsv" | sort > "$expected_structural"
# JSON Lines line number -> pair.
awk -F'\t' 'NR > 1 { print $2 "\t" $1 }' "$CORPUS/manifest.tsv" | sort > "$WORK/lines.tsv"

# `mentor --format short` output -> "pair<TAB>codes" (codes sorted, comma-separated).
# A file's pair is its name; a JSON Lines record's pair is that of its line.
mentor_flags() { # mode (file|line)
    sed -nE 's/^([^:]+):([0-9]+):[0-9]+: [a-z]+\[([A-Z0-9]+)\].*/\1\t\2\t\3/p' |
        awk -F'\t' -v mode="$1" '{ print ((mode == "line") ? $2 : $1) "\t" $3 }' |
        sed -E 's#^[^\t]*/(pair-[0-9]+)\.[a-z]+\t#\1\t#' |
        sort -u |
        awk -F'\t' '$1 != key { if (NR > 1) print key "\t" codes; key = $1; codes = $2; next }
                    { codes = codes "," $2 }
                    END { if (NR > 0) print key "\t" codes }' |
        if [[ $1 == line ]]; then
            sort -k1,1 | join -t $'\t' -o 2.2,1.2 - "$WORK/lines.tsv"
        else
            cat
        fi | sort
}

status=0
check() { # what, expected file, found file[, what the lines are: logs]
    if diff -q "$2" "$3" >/dev/null; then
        say "   ok: $1 ($(wc -l < "$3") ${4:-logs})"
    else
        say "   MISMATCH: $1 (expected $(wc -l < "$2"), found $(wc -l < "$3") ${4:-logs}); first differences:"
        diff "$2" "$3" | head -10 >&2 || true
        status=1
    fi
}

say "== correctness: mentor flags exactly the manifest's logs, with their rule codes"
for format in jsonl json toml; do
    case $format in
    jsonl) input=$CORPUS/logs.jsonl mode=line ;;
    *) input=$CORPUS/$format mode=file ;;
    esac
    "$MENTOR" validate -p "$PROGRAM" --as-of "$AS_OF" --format short "$input" \
        > "$WORK/mentor-$format.txt" || true
    if grep -q 'not shown' "$WORK/mentor-$format.txt"; then
        say "   note: mentor showed only part of its findings for $format ($(tail -1 "$WORK/mentor-$format.txt")):"
        say "         the logs past the per-file limit cannot be told from its output"
    fi
    mentor_flags "$mode" < "$WORK/mentor-$format.txt" > "$WORK/mentor-$format.tsv"
    check "mentor validate, $format" "$expected" "$WORK/mentor-$format.tsv"
done

# The JSON files as argument lists (many files per run; xargs splits if need be).
find "$CORPUS/json" -name '*.json' | sort > "$WORK/json-files.txt"

# The same logs as ONE JSON array, and the schema of such an array: the log schema as `items`,
# its `$defs` at the root, where its `#/$defs/...` references point. `elements.tsv` maps each
# element (from 0) to its pair, through the JSON Lines line it came from.
ARRAY=$WORK/logs-array.json
ARRAY_SCHEMA=$WORK/logs-array.schema.json
command -v jq >/dev/null || { say "jq is needed to derive the array schema"; exit 2; }
jq '{ "$schema": ."$schema",
      "$id": "https://mentor.invalid/logs-array.schema.json",
      title: "mentor session logs as one JSON array (structure only)",
      type: "array",
      items: del(."$schema", ."$id", ."$defs"),
      "$defs": ."$defs" }' "$SCHEMA" > "$ARRAY_SCHEMA"
awk -F'\t' -v array="$ARRAY" -v elements="$WORK/elements.tsv" '
    NR == FNR { pair[$1] = $2; next }
    /^[[:space:]]*$/ { next }
    { printf "%s%s", (k ? "," : "["), $0 > array; print k "\t" pair[FNR] > elements; k++ }
    END { print (k ? "]" : "[]") > array }' "$WORK/lines.tsv" "$CORPUS/logs.jsonl"

# Array element indices, one a line -> the pairs of those elements, sorted, once each.
array_pairs() {
    awk -F'\t' 'NR == FNR { pair[$1] = $2; next } { print pair[$1] }' "$WORK/elements.tsv" - |
        sort -u
}

# The timed runs use each tool's cheapest mode that still checks every log. jsonschema-cli's
# is its default text output with `--errors-only` (a line per invalid instance and one per
# error): it collects errors with `iter_errors`, while every structured `--output` style, `flag`
# included, runs the full `evaluate`, which records every node it visits (two to three times
# the CPU time on a 2,000-log corpus, and 2.6 times the memory for the array). ajv prints nothing with
# `--errors=no`, but stops at an array's first invalid element unless given `--all-errors`, so
# the array run has that too (in the directory run every file is validated on its own).
run_jsonschema() {
    tr '\n' '\0' < "$WORK/json-files.txt" |
        xargs -0 "$JSONSCHEMA" validate "$SCHEMA" --errors-only -i 2>/dev/null || true
}
run_jsonschema_array() {
    "$JSONSCHEMA" validate "$ARRAY_SCHEMA" --errors-only -i "$ARRAY" 2>/dev/null || true
}
run_ajv() {
    "$AJV" validate --spec=draft2020 --strict=false --errors=no -s "$SCHEMA" \
        -d "$CORPUS/json/*.json" 2>&1 || true
}
run_ajv_array() {
    "$AJV" validate --spec=draft2020 --strict=false --all-errors --errors=no -s "$ARRAY_SCHEMA" \
        -d "$ARRAY" 2>&1 || true
}

# Which array elements each tool flags. ajv's `--errors=line` gives each error's instance path
# (`/k/...`, element k). jsonschema-cli's only output with instance locations, `--output list`,
# lists every node it evaluated, valid or not: on 30,000 logs as one array it took 18 GB of
# memory. Its text output lists the errors without their place, so for the array it is held
# to giving the same errors, message for message, as for the files one by one (whose flagged
# logs are checked against the manifest).
error_messages() {
    sed -nE 's/^[0-9]+\. //p' | sort
}
# (Into a file, not a pipe: node exits before a pipe takes more than its first 64 KiB.)
ajv_array_elements() {
    "$AJV" validate --spec=draft2020 --strict=false --all-errors --errors=line \
        -s "$ARRAY_SCHEMA" -d "$ARRAY" > "$WORK/ajv-array.out" 2>&1 || true
    { grep -oE '"instancePath":"/[0-9]+' "$WORK/ajv-array.out" || true; } | sed -E 's#.*/##'
}

say "== correctness: the schema validators flag exactly the structural violations"
for validator in $VALIDATORS; do
    case $validator in
    jsonschema-cli)
        run_jsonschema > "$WORK/jsonschema-cli-files.out"
        sed -nE 's#^.*/(pair-[0-9]+)\.json - INVALID\..*#\1#p' "$WORK/jsonschema-cli-files.out" |
            sort -u > "$WORK/jsonschema-cli.txt"
        check "$validator, JSON files" "$expected_structural" "$WORK/$validator.txt"
        error_messages < "$WORK/jsonschema-cli-files.out" > "$WORK/jsonschema-cli-files.errors"
        run_jsonschema_array | error_messages > "$WORK/jsonschema-cli-array.errors"
        check "$validator, one JSON array (its errors, message for message, as for the files)" \
            "$WORK/jsonschema-cli-files.errors" "$WORK/jsonschema-cli-array.errors" errors
        ;;
    ajv)
        run_ajv | sed -nE 's#.*/(pair-[0-9]+)\.json invalid.*#\1#p' | sort -u > "$WORK/ajv.txt"
        ajv_array_elements | array_pairs > "$WORK/ajv-array.txt"
        check "$validator, JSON files" "$expected_structural" "$WORK/$validator.txt"
        check "$validator, one JSON array" "$expected_structural" "$WORK/$validator-array.txt"
        ;;
    esac
done

# ---------------------------------------------------------------- throughput
bytes_of() { du -cb "$@" | tail -1 | cut -f1; }
jsonl_bytes=$(bytes_of "$CORPUS/logs.jsonl")
json_bytes=$(bytes_of "$CORPUS/json")
toml_bytes=$(bytes_of "$CORPUS/toml")
array_bytes=$(bytes_of "$ARRAY")

# Runs a command RUNS times under GNU time (shell functions through `bash -c`); records the
# median wall seconds, the median CPU seconds (user + system: less sensitive to a machine
# shared with other work) and the largest peak memory (KB).
export -f run_jsonschema run_jsonschema_array run_ajv run_ajv_array
export WORK JSONSCHEMA AJV SCHEMA CORPUS ARRAY ARRAY_SCHEMA
results=$WORK/results.tsv
: > "$results"
measure() { # label, bytes, command...
    local label=$1 bytes=$2 i
    shift 2
    local command=("$@")
    if declare -F "$1" >/dev/null; then
        command=(bash -c "$*")
    fi
    : > "$WORK/runs.txt"
    for ((i = 0; i < RUNS; i++)); do
        /usr/bin/time -f '%e %U %S %M' -o "$WORK/run.txt" "${command[@]}" > /dev/null 2>&1 || true
        tail -1 "$WORK/run.txt" >> "$WORK/runs.txt"
    done
    awk -v label="$label" -v bytes="$bytes" '
        { wall[NR] = $1; cpu[NR] = $2 + $3; if ($4 > rss) rss = $4 }
        function median(a, n,   i, j, t) {
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
            return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        END { printf "%s\t%s\t%s\t%s\t%s\n", label, bytes, median(wall, NR), median(cpu, NR), rss }
    ' "$WORK/runs.txt" >> "$results"
    say "   $label: $(tail -1 "$results" | cut -f3) s wall, $(tail -1 "$results" | cut -f4) s CPU (medians)"
}

# mentor as the issue times it: every rule, JSON output (correctness above read `--format short`).
say "== throughput: median of $RUNS runs each (load now: $(cut -d' ' -f1-3 /proc/loadavg))"
measure "mentor validate, JSON Lines (1 file)" "$jsonl_bytes" \
    "$MENTOR" validate -p "$PROGRAM" --as-of "$AS_OF" --format json "$CORPUS/logs.jsonl"
measure "mentor validate, JSON files" "$json_bytes" \
    "$MENTOR" validate -p "$PROGRAM" --as-of "$AS_OF" --format json "$CORPUS/json"
measure "mentor validate, TOML files" "$toml_bytes" \
    "$MENTOR" validate -p "$PROGRAM" --as-of "$AS_OF" --format json "$CORPUS/toml"
for validator in $VALIDATORS; do
    case $validator in
    jsonschema-cli)
        measure "jsonschema-cli $JSONSCHEMA_VERSION, JSON files (structure only)" "$json_bytes" run_jsonschema
        measure "jsonschema-cli $JSONSCHEMA_VERSION, one JSON array (structure only)" "$array_bytes" \
            run_jsonschema_array
        ;;
    ajv)
        measure "ajv-cli $AJV_VERSION, JSON files (structure only)" "$json_bytes" run_ajv
        measure "ajv-cli $AJV_VERSION, one JSON array (structure only)" "$array_bytes" run_ajv_array
        ;;
    esac
done

# Throughput in MB per second; a time GNU time rounded to 0.00 s gives none.
echo
printf '%-54s %7s %9s %8s %9s %9s %8s\n' "tool and input" "MB" "wall s" "MB/s" "CPU s" "MB/CPU-s" "peak MB"
awk -F'\t' 'function rate(mb, s) { return (s > 0) ? mb / s : 0 }
            { mb = $2 / 1e6
              printf "%-54s %7.1f %9.3f %8.1f %9.3f %9.1f %8.0f\n", $1, mb, $3, rate(mb, $3), $4, rate(mb, $4), $5 / 1024 }' "$results"
echo
awk -F'\t' '
    function rate(bytes, s) { return (s > 0) ? bytes / s : 0 }
    $1 ~ /^mentor/ { n++; mentor[n] = $1; mentor_wall[n] = rate($2, $3); mentor_cpu[n] = rate($2, $4); next }
    { if (rate($2, $3) > wall) { wall = rate($2, $3); wall_by = $1 }
      if (rate($2, $4) > cpu) { cpu = rate($2, $4); cpu_by = $1 } }
    END {
        if (wall == 0 || cpu == 0) exit
        sub(/ \(structure only\)/, "", wall_by); sub(/ \(structure only\)/, "", cpu_by)
        printf "speed-up over the fastest schema validator (by wall time: %s; by CPU time: %s):\n", wall_by, cpu_by
        for (i = 1; i <= n; i++) {
            label = mentor[i]; sub(/^mentor validate, /, "", label)
            printf "  mentor, %s: %.1fx wall, %.1fx CPU\n", label, mentor_wall[i] / wall, mentor_cpu[i] / cpu
        }
    }' "$results"
# The issue's measure: time for the same logs (the bytes differ only by layout: the files are
# indented, the array and the JSON Lines are not), mentor's JSON Lines run against each peer run.
awk -F'\t' -v logs="$LOGS" '
    function ratio(peer, own) { return (own > 0) ? peer / own : 0 }
    $1 == "mentor validate, JSON Lines (1 file)" { own_wall = $3; own_cpu = $4; own = $1
                                                   sub(/^mentor validate, /, "", own); next }
    $1 !~ /^mentor/ { n++; peer[n] = $1; wall[n] = $3; cpu[n] = $4 }
    END {
        # (A time GNU time rounded to 0.00 s gives no ratio, as it gives no throughput above.)
        if (n == 0 || own_wall == 0 || own_cpu == 0) exit
        printf "by time for the same %s logs, mentor'"'"'s %s run against each validator run:\n", logs, own
        for (i = 1; i <= n; i++) {
            label = peer[i]; sub(/ \(structure only\)/, "", label)
            printf "  %s: %.1fx wall, %.1fx CPU\n", label, ratio(wall[i], own_wall), ratio(cpu[i], own_cpu)
        }
    }' "$results"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ $status != 0 ]]; then
    say "FAILED: a tool did not flag exactly the expected logs (see above)"
fi
exit "$status"
