#!/usr/bin/env bash
# Side by side: `mentor validate` and JSON Schema validators on the same generated corpus.
#
#   scripts/compare-jsonschema.sh            # 19,100 logs: a 50 MB JSON Lines file
#   LOGS=2000 RUNS=3 scripts/compare-jsonschema.sh
#
# 1. Builds `mentor` and the corpus generator (release), writes the corpus (seeded, so the
#    same every time) under target/compare/corpus: a TOML directory, a JSON directory, one
#    JSON Lines file and manifest.tsv (each log's violation and rule codes).
# 2. Installs the validators itself, from their registries, under target/tools:
#    jsonschema-cli (crates.io, `cargo install --locked`) and ajv-cli (npm, local prefix).
#    VALIDATORS="ajv" skips the slow cargo install.
# 3. Checks correctness, and fails (exit 1) unless `mentor validate` flags exactly the logs
#    the manifest lists, with exactly their rule codes, in all three formats. The schema
#    validators are expected to flag exactly the logs whose violation is structural (an
#    unknown field, a wrong type, a missing required key, a value outside an enum): the rest
#    (numbering, gaps, lens rules, deadlines …) is beyond a schema.
# 4. Times each tool RUNS times (default 5) and prints the median wall time, throughput and
#    peak memory, and mentor's speed-up over the fastest schema validator.
#
# Environment: LOGS (19100), SEED (1), SHARE (0.2, share of logs with a violation), RUNS (5),
# VALIDATORS ("jsonschema-cli ajv"), JOBS (cargo build jobs).
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C

LOGS=${LOGS:-19100}
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
mkdir -p "$TOOLS"
JSONSCHEMA=$TOOLS/jsonschema-cli/bin/jsonschema-cli
AJV=$TOOLS/ajv/node_modules/.bin/ajv
for validator in $VALIDATORS; do
    case $validator in
    jsonschema-cli)
        if [[ ! -x $JSONSCHEMA ]]; then
            say "== installing jsonschema-cli from crates.io (cargo install --locked; takes a few minutes)"
            cargo install --quiet --locked jsonschema-cli --root "$TOOLS/jsonschema-cli"
        fi
        ;;
    ajv)
        if [[ ! -x $AJV ]]; then
            say "== installing ajv-cli from npm into $TOOLS/ajv"
            npm install --silent --no-audit --no-fund --prefix "$TOOLS/ajv" ajv-cli@5 >/dev/null
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
check() { # what, expected file, found file
    if diff -q "$2" "$3" >/dev/null; then
        say "   ok: $1 ($(wc -l < "$3") logs)"
    else
        say "   MISMATCH: $1 (expected $(wc -l < "$2"), found $(wc -l < "$3")); first differences:"
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

run_jsonschema() {
    tr '\n' '\0' < "$WORK/json-files.txt" |
        xargs -0 "$JSONSCHEMA" validate "$SCHEMA" --output flag -i 2>/dev/null || true
}
run_ajv() {
    "$AJV" validate --spec=draft2020 --strict=false --errors=no -s "$SCHEMA" \
        -d "$CORPUS/json/*.json" 2>&1 || true
}
for validator in $VALIDATORS; do
    case $validator in
    jsonschema-cli)
        run_jsonschema |
            sed -nE 's#.*"instance":"[^"]*/(pair-[0-9]+)\.json".*"valid":false.*#\1#p' |
            sort -u > "$WORK/jsonschema-cli.txt"
        ;;
    ajv)
        run_ajv | sed -nE 's#.*/(pair-[0-9]+)\.json invalid.*#\1#p' | sort -u > "$WORK/ajv.txt"
        ;;
    esac
    check "$validator flags the structural violations" "$expected_structural" "$WORK/$validator.txt"
done

# ---------------------------------------------------------------- throughput
bytes_of() { du -cb "$@" | tail -1 | cut -f1; }
jsonl_bytes=$(bytes_of "$CORPUS/logs.jsonl")
json_bytes=$(bytes_of "$CORPUS/json")
toml_bytes=$(bytes_of "$CORPUS/toml")

# Runs a command RUNS times under GNU time (shell functions through `bash -c`); records the
# median wall seconds, the median CPU seconds (user + system: less sensitive to a machine
# shared with other work) and the largest peak memory (KB).
export -f run_jsonschema run_ajv
export WORK JSONSCHEMA AJV SCHEMA CORPUS
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

say "== throughput: median of $RUNS runs each (load now: $(cut -d' ' -f1-3 /proc/loadavg))"
measure "mentor validate, JSON Lines (1 file)" "$jsonl_bytes" \
    "$MENTOR" validate -p "$PROGRAM" --as-of "$AS_OF" --format short "$CORPUS/logs.jsonl"
measure "mentor validate, JSON files" "$json_bytes" \
    "$MENTOR" validate -p "$PROGRAM" --as-of "$AS_OF" --format short "$CORPUS/json"
measure "mentor validate, TOML files" "$toml_bytes" \
    "$MENTOR" validate -p "$PROGRAM" --as-of "$AS_OF" --format short "$CORPUS/toml"
for validator in $VALIDATORS; do
    case $validator in
    jsonschema-cli) measure "jsonschema-cli, JSON files (structure only)" "$json_bytes" run_jsonschema ;;
    ajv) measure "ajv-cli, JSON files (structure only)" "$json_bytes" run_ajv ;;
    esac
done

echo
printf '%-44s %7s %9s %8s %9s %9s %8s\n' "tool and input" "MB" "wall s" "MB/s" "CPU s" "MB/CPU-s" "peak MB"
awk -F'\t' '{ mb = $2 / 1e6
              printf "%-44s %7.1f %9.3f %8.1f %9.3f %9.1f %8.0f\n", $1, mb, $3, mb / $3, $4, mb / $4, $5 / 1024 }' "$results"
echo
awk -F'\t' '
    $1 ~ /^mentor validate, JSON Lines/ { jsonl_wall = $2 / $3; jsonl_cpu = $2 / $4 }
    $1 ~ /^mentor validate, JSON files/ { json_wall = $2 / $3; json_cpu = $2 / $4 }
    $1 !~ /^mentor/ { if ($2 / $3 > wall) { wall = $2 / $3; wall_by = $1 } if ($2 / $4 > cpu) { cpu = $2 / $4; cpu_by = $1 } }
    END {
        if (wall == 0) exit
        sub(/,.*/, "", wall_by); sub(/,.*/, "", cpu_by)
        printf "speed-up over the fastest schema validator (%s by wall time, %s by CPU time):\n", wall_by, cpu_by
        printf "  mentor, JSON Lines: %.1fx wall, %.1fx CPU\n", jsonl_wall / wall, jsonl_cpu / cpu
        printf "  mentor, JSON files: %.1fx wall, %.1fx CPU\n", json_wall / wall, json_cpu / cpu
    }' "$results"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ $status != 0 ]]; then
    say "FAILED: a tool did not flag exactly the expected logs (see above)"
fi
exit "$status"
