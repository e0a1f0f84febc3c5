#!/usr/bin/env bash
# Installs pnpm (if missing) and the workspace dependencies. Shared by scripts/quickstart.sh and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=12.4.2
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  # corepack's signature check fails against some registries: install pnpm with npm instead.
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null
fi

# better-sqlite3 builds from source when no prebuilt binary can be downloaded; point node-gyp at the local Node
# headers when the machine has them, so the build needs no network.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi

pnpm install --frozen-lockfile
pnpm build
