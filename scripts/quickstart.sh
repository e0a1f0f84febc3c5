#!/usr/bin/env bash
# One command on a fresh machine: install everything, then run the main job (`pnpm demo`) on the embedded
# SQLite default: a sample legacy gateway.db is migrated into ./data/gateway.sqlite and verified.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
pnpm demo
