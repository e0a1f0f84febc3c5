# The example gateway (examples/gateway) with gateway-db, for docker-compose.yml.
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/* \
 && npm install -g pnpm@12.4.2
WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build
ENV NODE_ENV=production PORT=8787
EXPOSE 8787
# node itself receives `docker stop`'s SIGTERM (pnpm would exit without passing it on, and the buffered log rows
# would be lost): the gateway finishes its requests and writes the buffered rows before it exits.
WORKDIR /app/examples/gateway
CMD ["node", "--import", "tsx", "--conditions=source", "src/main.ts"]
