#!/bin/sh
# Prints the whole-organization read of issue 18 against a stand-in server that is not the
# bottleneck: generated organizations of 1,001 and 10,001 accounts, 0, 50 and 100 ms per
# call, calls against the minimum and time against the bound. No moto needed.
# Built with the dev profile (its dependencies are optimised; the time is spent waiting).
# ORGTUI_CONCURRENCY=N reads at most N calls at once instead of the default.
#
#   scripts/bench-crawl-standin.sh
set -eu
cd "$(dirname "$0")/.."
exec cargo bench --quiet --profile dev --bench crawl_standin
