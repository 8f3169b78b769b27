#!/bin/sh
# The UI at scale (issue 18), with the release binary: a 10,000-account, 2,000-OU demo
# organization is exported once (which leaves its snapshot in the cache), then orgtui is
# started 5 times in a pseudo-terminal with --startup-probe: the time from the process's
# start to the first frame drawn from that snapshot, and the peak memory (max RSS) of the
# process. The per-keystroke and per-frame costs are in `cargo bench --bench render`.
#
#   scripts/bench-ui-scale.sh [ACCOUNTS]
set -eu
cd "$(dirname "$0")/.."
accounts=${1:-10000}
cargo build --release --quiet --bin orgtui
bin=$PWD/target/release/orgtui
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export XDG_CACHE_HOME="$home/cache" XDG_STATE_HOME="$home/state" XDG_CONFIG_HOME="$home/config"
"$bin" --demo --demo-size "$accounts" export --format json >/dev/null
echo "snapshot: $(du -h "$home"/cache/orgtui/* | cut -f1) for $accounts accounts"
python3 - "$bin" "$accounts" <<'PY'
import os, pty, re, resource, select, sys, time

binary, accounts = sys.argv[1], sys.argv[2]
for run in range(5):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execv(binary, [binary, "--demo", "--demo-size", accounts, "--startup-probe"])
    out = b""
    while True:
        ready, _, _ = select.select([fd], [], [], 10)
        if not ready:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    _, status, usage = os.wait4(pid, 0)
    found = re.search(rb"after ([0-9.]+) ms", out)
    ms = found.group(1).decode() if found else "?"
    print(f"run {run + 1}: first frame from the snapshot after {ms} ms; peak memory {usage.ru_maxrss / 1024:.1f} MiB")
PY
