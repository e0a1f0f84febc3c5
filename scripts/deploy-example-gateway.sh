#!/usr/bin/env bash
# Builds the example gateway to plain JavaScript and deploys it with production dependencies only into OUT_DIR:
# dist/ plus a node_modules/ holding gateway-db and @gateway-db/{schema,core,migrator} (copies of their dist/ and
# the schema's drizzle/ migrations, not links into the workspace), better-sqlite3 (the copy already built in pnpm's
# store) and mysql2. `node dist/main.js` in OUT_DIR runs the gateway. The Dockerfile's build stage runs this, and
# examples/gateway/test/production-bundle.test.ts runs it without Docker; one script keeps the two the same.
# Usage: bash scripts/deploy-example-gateway.sh OUT_DIR   (OUT_DIR must not exist yet, or be empty)
set -euo pipefail
out_dir=${1:?usage: deploy-example-gateway.sh OUT_DIR}
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)
cd "$(dirname "$0")/.."

# tsc -b: examples/gateway/dist, after the dist/ of gateway-db and its workspace packages when missing or stale.
pnpm --filter example-gateway build
# --prod: no devDependencies. --no-optional: drizzle-orm's optional peers are resolved from the workspace root's dev
# dependencies and kept in the lockfile as its optional dependencies (sql.js, 29 MB, and @types/*); nothing the
# gateway runs is optional (its two drivers are its own dependencies). --offline: every package comes from the store
# `pnpm install` filled, better-sqlite3 with its native build, so nothing is downloaded or compiled again.
pnpm --filter example-gateway deploy --prod --no-optional --offline "$out_dir"
