#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine, idempotently:
#   * .venv with govgraph (editable) and its dev dependencies;
#   * the Neo4j test server (a small Maven project, tests/neo4j) built with its
#     dependencies fetched from Maven Central, so the tests can start a real server;
#   * from Debian: Chromium for the browser tests, a CJK font for the Chinese
#     labels of PNG/SVG pictures, and strace (as root, or through sudo).
# Usage: bash tests/setup.sh        (then: .venv/bin/python -m pytest)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dev]'
bash tests/neo4j/prepare.sh

debian=()
command -v chromium >/dev/null || debian+=(chromium chromium-driver)
fc-list :lang=zh 2>/dev/null | grep -q . || debian+=(fonts-wqy-microhei)
command -v strace >/dev/null || debian+=(strace)        # tests/test_outputs.py: the folder is synced
if [ ${#debian[@]} -gt 0 ]; then
    sudo=$([ "$(id -u)" = 0 ] || echo sudo)
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${debian[@]}"
fi
