#!/bin/sh
# Times `orgtui plan show` of 1,000 moves in a generated 10,000-account demo (issue 19:
# "planning 1,000 moves stays interactive") with a release build: the whole run, and from
# its log the read of what the plan needs, the check (resolving and simulating every step,
# with the order) and the effect on every account (with the watched actions' verdicts).
#
#   scripts/bench-plan.sh [RUNS]     (default 3; builds with cargo build --release)
#   ORGTUI=path/to/orgtui scripts/bench-plan.sh     (an orgtui already built)
set -eu
cd "$(dirname "$0")/.."
runs="${1:-3}"
bin="${ORGTUI:-}"
if [ -z "$bin" ]; then
    cargo build --release --quiet
    bin=target/release/orgtui
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The generated demo's ids (src/demo/generated.rs): account i is 100000000000+i, in OU
# ou-g3n0-<i mod 2000, 8 hex digits>. Each of 1,000 accounts moves 1,000 OUs along.
i=0
while [ "$i" -lt 1000 ]; do
    a=$((i * 7 + 1))
    printf '[[step]]\nmove = "%012d"\nto = "ou-g3n0-%08x"\n' $((100000000000 + a)) $(((a + 1000) % 2000))
    i=$((i + 1))
done >"$tmp/moves.toml"
field() { grep -o "$1=[0-9]*" "$tmp/orgtui.log" | tail -n 1 | cut -d= -f2; }
n=1
while [ "$n" -le "$runs" ]; do
    rm -f "$tmp/orgtui.log"
    start=$(date +%s%N)
    # It must find no problem (exit 0), or the timing is of something else.
    HOME="$tmp" "$bin" --demo --demo-size 10000 --log-file "$tmp/orgtui.log" \
        plan show "$tmp/moves.toml" >"$tmp/out"
    all=$((($(date +%s%N) - start) / 1000000))
    printf 'run %s: plan show of 1,000 moves in a 10,000-account demo %s ms in all (with starting and generating the demo): read %s ms (%s calls), check and order %s ms, effect %s ms\n' \
        "$n" "$all" "$(field read_ms)" "$(field calls)" "$(field check_ms)" "$(field effect_ms)"
    n=$((n + 1))
done
