#!/usr/bin/env bash
# `orgtui eval --all` on 1,000 accounts in moto: seeds a generated organization (three OUs
# with an allow-everything, a Deny and a region lock) and times one question over all of
# it, printing the calls made. Slow (seeding 1,000 accounts), so not part of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${ORGTUI_MOTO_SERVER:-}" ]; then
    scripts/moto-venv.sh
    export ORGTUI_MOTO_SERVER="$PWD/.venv-moto/bin/moto_server"
fi
cargo test --locked --test suite -- --ignored --exact eval_all::a_thousand_accounts_in_moto --nocapture
