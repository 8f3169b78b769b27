#!/bin/sh
# Prints the whole-organization read of issue 10: seeds moto_server with 1,000 accounts in
# 100 OUs on three levels, crawls it through a loopback latency proxy at 0, 50 and 100 ms
# per call, and prints calls, times and the lower bounds; then times `orgtui export`.
# Built with the dev profile (its dependencies are optimised; the time is spent waiting).
#
#   scripts/bench-crawl.sh
#
# Needs moto_server: scripts/moto-venv.sh, or ORGTUI_MOTO_SERVER=/path/to/moto_server.
set -eu
cd "$(dirname "$0")/.."
cargo build --quiet --bin orgtui
target_dir=${CARGO_TARGET_DIR:-target}
ORGTUI_BIN="$target_dir/debug/orgtui" exec cargo bench --quiet --profile dev --bench crawl
