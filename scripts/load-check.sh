#!/usr/bin/env bash
# Load check (issue 11): the integration suite must pass RUNS times in a row while BUSY busy loops keep the
# CPU loaded — a test that fails only under load has a timing assumption, which is a bug.
#
#   scripts/load-check.sh                 # 5 runs beside 2 busy loops
#   RUNS=3 BUSY=4 scripts/load-check.sh   # other numbers
#   scripts/load-check.sh test/integration/approvals   # only some test paths (passed to jest)
#
# Prints one line per run (pass/fail, seconds, load average) and a summary; exits non-zero when any run
# failed. Each run's full jest output is kept in $OUT (default: a fresh temporary directory).
set -euo pipefail

RUNS="${RUNS:-5}"
BUSY="${BUSY:-2}"
OUT="${OUT:-$(mktemp -d -t pipegate-load-check.XXXXXX)}"
mkdir -p "$OUT"

busy_pids=()
stop_busy() {
  # Only the loops this script started, by their pids.
  for pid in "${busy_pids[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
}
trap stop_busy EXIT INT TERM

for _ in $(seq 1 "$BUSY"); do
  node -e 'for (;;) {}' &
  busy_pids+=("$!")
done
echo "load check: $RUNS runs of the integration suite beside $BUSY busy loops (pids ${busy_pids[*]}); logs in $OUT"

failed=0
for run in $(seq 1 "$RUNS"); do
  started=$(date +%s)
  if npx jest --selectProjects integration "$@" >"$OUT/run-$run.log" 2>&1; then
    result=pass
  else
    result=FAIL
    failed=$((failed + 1))
  fi
  load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
  summary=$(grep -E '^Tests:' "$OUT/run-$run.log" | tail -1 || true)
  echo "run $run: $result in $(($(date +%s) - started)) s, load average $load — ${summary:-no summary}"
  if [ "$result" = FAIL ]; then
    grep -E '^\s+● ' "$OUT/run-$run.log" | sort -u | sed 's/^/    /' || true
  fi
done

echo "load check: $((RUNS - failed))/$RUNS runs green beside $BUSY busy loops"
[ "$failed" -eq 0 ]
