#!/usr/bin/env bash
# Creates .venv-moto at the repository root with moto[server]==5.2.5, the AWS emulator the
# contract tests run against. Idempotent: does nothing when that version is already installed.
#
#   scripts/moto-venv.sh            # then: cargo test
#   ORGTUI_MOTO_SERVER=/path/to/moto_server cargo test   # to use another install
set -euo pipefail

MOTO_VERSION="5.2.5"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv-moto"
PY="$VENV/bin/python"

fail() {
    echo "moto-venv.sh: error: $*" >&2
    exit 1
}

installed_version() {
    [ -x "$PY" ] || return 1
    "$PY" - <<'PYEOF' 2>/dev/null
import importlib.metadata as m
print(m.version("moto"))
PYEOF
}

if [ "$(installed_version || true)" = "$MOTO_VERSION" ] && [ -x "$VENV/bin/moto_server" ]; then
    echo "moto $MOTO_VERSION already installed: $VENV/bin/moto_server"
    exit 0
fi

command -v python3 >/dev/null 2>&1 || fail "python3 is not installed (install python3 and python3-venv)"

if [ ! -x "$PY" ]; then
    # A half-made venv (e.g. created without ensurepip) is removed and made again.
    rm -rf "$VENV"
    if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
        rm -rf "$VENV"
        echo "python3 -m venv is unavailable; installing python3-venv with apt-get" >&2
        command -v apt-get >/dev/null 2>&1 ||
            fail "python3 -m venv failed and apt-get is not available: install the venv module for python3"
        SUDO=""
        if [ "$(id -u)" -ne 0 ]; then
            command -v sudo >/dev/null 2>&1 || fail "need root (or sudo) to apt-get install python3-venv"
            SUDO="sudo"
        fi
        $SUDO apt-get update || fail "apt-get update failed"
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv ||
            fail "apt-get install python3-venv failed"
        python3 -m venv "$VENV" || { rm -rf "$VENV"; fail "python3 -m venv $VENV failed"; }
    fi
fi

"$PY" -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" ||
    fail "pip install moto[server]==$MOTO_VERSION failed (network? proxy?)"

[ "$(installed_version || true)" = "$MOTO_VERSION" ] || fail "moto $MOTO_VERSION is not importable after install"
[ -x "$VENV/bin/moto_server" ] || fail "$VENV/bin/moto_server is missing after install"
echo "moto $MOTO_VERSION installed: $VENV/bin/moto_server"
