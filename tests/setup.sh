#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine, idempotently:
#   * .venv with govgraph (editable) and its dev dependencies;
#   * the Neo4j test server (a small Maven project, tests/neo4j) built with its
#     dependencies fetched from Maven Central, so the tests can start a real server.
# Usage: bash tests/setup.sh        (then: .venv/bin/python -m pytest)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dev]'
bash tests/neo4j/prepare.sh
