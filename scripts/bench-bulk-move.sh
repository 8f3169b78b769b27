#!/bin/sh
# Times a bulk move of 50 accounts through the real binary in a pty against moto_server:
# runs the end-to-end test `bulk_move_fifty_reports_all` RUNS times (default 3) and prints
# its timing line (time from `y` to the summary, and the worker's concurrency).
#
#   scripts/bench-bulk-move.sh [RUNS]
#
# Needs moto_server: scripts/moto-venv.sh, or ORGTUI_MOTO_SERVER=/path/to/moto_server.
# Exits non-zero when any run of the test fails (its timing is still printed).
set -u
cd "$(dirname "$0")/.." || exit 1
runs="${1:-3}"
status=0
cargo test --quiet --test e2e_changes --no-run || exit 1
i=1
while [ "$i" -le "$runs" ]; do
    out=$(cargo test --quiet --test e2e_changes -- --exact bulk_move_fifty_reports_all --nocapture 2>&1)
    rc=$?
    line=$(printf '%s\n' "$out" | grep 'bulk move of 50 accounts')
    printf 'run %s: %s\n' "$i" "${line:-no timing printed}"
    if [ "$rc" -ne 0 ]; then
        status=1
        printf '%s\n' "$out" | grep -E 'panicked at|timed out|does not show' | head -n 3 | sed 's/^/    /'
    fi
    i=$((i + 1))
done
exit "$status"
