#!/usr/bin/env bash
# The work of the GitHub Action (action.yml): validate the logs with GitHub annotations,
# optionally write SARIF, and put the cohort report in the job summary. It is a script, not
# inline YAML, so tests/ci runs it locally exactly as the runner does.
#
# Reads (all optional):
#   MENTOR                  the mentor binary (default: mentor on PATH)
#   INPUT_PROGRAM           programs (files or directories), separated by spaces
#   INPUT_LOGS              log files or directories, separated by spaces
#   INPUT_AS_OF             the day judged (YYYY-MM-DD; default today)
#   INPUT_VALIDATE_ARGS     more arguments for `mentor validate` (e.g. --deny-warnings)
#   INPUT_SARIF             "true": also write SARIF into RUNNER_TEMP
#   INPUT_SUMMARY           "false": no report in the job summary (default "true")
#   GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP   set by the runner
# Without INPUT_PROGRAM and INPUT_LOGS, mentor.toml says what to read.
# Writes the outputs `exit-code` (validate's status) and `sarif` (the file, when written), and
# exits 0: action.yml fails the job after the SARIF upload, so findings still reach code scanning.
set -uo pipefail

mentor="${MENTOR:-mentor}"
read -r -a program <<<"${INPUT_PROGRAM:-}"
read -r -a logs <<<"${INPUT_LOGS:-}"
read -r -a extra <<<"${INPUT_VALIDATE_ARGS:-}"

common=()
for p in "${program[@]}"; do common+=(--program "$p"); done
if [[ -n "${INPUT_AS_OF:-}" ]]; then common+=(--as-of "$INPUT_AS_OF"); fi

outputs=()
sarif=""
if [[ "${INPUT_SARIF:-false}" == "true" ]]; then
  sarif="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/mentor.sarif"
  outputs=(--output "sarif=$sarif")
fi

"$mentor" validate --color never --format github "${outputs[@]}" "${common[@]}" "${extra[@]}" "${logs[@]}"
status=$?

if [[ "${INPUT_SUMMARY:-true}" == "true" && -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
  # The report shows ids and counts only (docs/report.md); a cohort that cannot be read
  # leaves the summary alone rather than half-written.
  if report="$("$mentor" report --color never --format md "${common[@]}" "${logs[@]}")"; then
    printf '%s\n' "$report" >>"$GITHUB_STEP_SUMMARY"
  else
    echo "::warning::mentor report could not run; the job summary has no report"
  fi
fi

if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
  echo "exit-code=$status" >>"$GITHUB_OUTPUT"
  if [[ -n "$sarif" && -f "$sarif" ]]; then echo "sarif=$sarif" >>"$GITHUB_OUTPUT"; fi
fi
exit 0
