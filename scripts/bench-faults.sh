#!/bin/sh
# Prints the measurements of the change path under faults (issue 7), the `measure_*`
# tests of tests/faults.rs: a 60-account bulk move without faults, under 30% throttling,
# and with 5% of replies also lost after the move; and the time for a stalled read to be
# reported. One at a time, so other tests do not disturb the timings; the tests assert
# correctness only.
#
#   scripts/bench-faults.sh
#
# Needs moto_server: scripts/moto-venv.sh, or ORGTUI_MOTO_SERVER=/path/to/moto_server.
set -eu
cd "$(dirname "$0")/.."
exec cargo test --quiet --test faults measure_ -- --nocapture --test-threads=1
