#!/usr/bin/env bash
# Builds, then packs gateway-db and the workspace packages it needs at run time (@gateway-db/schema, core,
# migrator) into one folder: the four tarballs a project installs together, since the @gateway-db/* packages are
# not on a registry. `--filter-prod` follows dependencies only, so the private test helpers are not packed.
# Usage: bash scripts/pack-gateway-db.sh OUT_DIR   (prints the tarball paths, one per line)
set -euo pipefail
out_dir=${1:?usage: pack-gateway-db.sh OUT_DIR}
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)
cd "$(dirname "$0")/.."

pnpm build >/dev/null
pnpm --filter-prod 'gateway-db...' pack --pack-destination "$out_dir" >/dev/null
ls "$out_dir"/*.tgz
