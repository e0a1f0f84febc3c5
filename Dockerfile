# The example gateway (examples/gateway) with gateway-db, for docker-compose.yml. Two stages: the build stage has
# the toolchain, pnpm and every dependency; the runtime stage gets only the deployed folder (compiled JavaScript
# and production dependencies). examples/gateway/test/production-bundle.test.ts does what both stages do without
# Docker, and dockerfile.test.ts checks this file.

FROM node:20-bookworm-slim AS build
# python3, make and g++: better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/* \
 && npm install -g pnpm@12.4.2
WORKDIR /src
COPY . .
# The deploy compiles the example and its workspace packages (tsc) and copies it with its production dependencies
# only, from the store this install filled, into /out.
RUN pnpm install --frozen-lockfile && bash scripts/deploy-example-gateway.sh /out

# Same base image as the build stage: better-sqlite3's native module was built against its Node and glibc.
FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=8787
WORKDIR /app
# Owned by root, so the gateway cannot change its own code; only data/ (SQLite store, legacy file, backups) is
# the gateway's to write.
COPY --from=build /out /app
RUN mkdir -p /app/data && chown node:node /app/data
# The node image's unprivileged user (uid 1000).
USER node
EXPOSE 8787
# node itself receives `docker stop`'s SIGTERM (pnpm would exit without passing it on, and the buffered log rows
# would be lost): the gateway finishes its requests and writes the buffered rows before it exits.
CMD ["node", "dist/main.js"]
