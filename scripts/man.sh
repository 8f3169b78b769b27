#!/usr/bin/env bash
# Writes man/orgtui.1 from the program (`orgtui man`): the options, subcommands, keys and
# config keys come from the code, so run this after changing any of them (a test fails
# until the committed page matches).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet -- man > man/orgtui.1
