#!/usr/bin/env bash
# Runs every check and test orgtui has. On a fresh machine it first installs what the
# tests need (the moto emulator in .venv-moto); the tests start and stop moto themselves.
set -euo pipefail
cd "$(dirname "$0")/.."

# cargo learns about rustc by running `rustc -` with its input from /dev/null. On some
# machines /dev/null is a regular file; build scripts' probes (anyhow, thiserror) then write
# their rustc errors into it, and the next cargo command fails with "failed to run `rustc` to
# learn about target-specific information" because rustc reads that text as source. Put the
# device back when possible; otherwise empty the file before every cargo command.
null_is_a_file() { [ ! -c /dev/null ]; }
if null_is_a_file; then
    echo "== /dev/null is a regular file on this machine; restoring the device"
    if mknod -m 666 /dev/null.orgtui c 1 3 2>/dev/null && mv -f /dev/null.orgtui /dev/null &&
        [ -c /dev/null ]; then
        echo "   restored"
    else
        rm -f /dev/null.orgtui
        echo "   could not (needs root); it is emptied before each cargo command instead"
    fi
fi
cargo() {
    if null_is_a_file; then : >/dev/null; fi
    command cargo "$@"
}

echo "== moto emulator (moto[server]==5.2.5 in .venv-moto)"
scripts/moto-venv.sh
export ORGTUI_MOTO_SERVER="$PWD/.venv-moto/bin/moto_server"

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy (all targets, warnings are errors)"
cargo clippy --locked --all-targets -- -D warnings

echo "== cargo test"
# Snapshots are committed; a missing or changed one fails instead of being written.
export INSTA_UPDATE=no
# Everything but the end-to-end runs of the real binary, then those on their own: a pty
# test waits for screens, so it does not share the two cores with the property tests.
cargo test --locked --lib --bins --tests -- --skip e2e
cargo test --locked --bench render --bench crawl --bench crawl_standin --bench policy_eval
cargo test --locked --test suite -- e2e
