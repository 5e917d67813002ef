# syntax=docker/dockerfile:1
# The ledger as a container: built once, run as a non-root user with production
# dependencies only. Both stages use the same Debian (bookworm) so the native module
# compiled here (better-sqlite3) runs there.
#   docker build -t partner-ledger .
#   docker run -p 3000:3000 -e LEDGER_API_KEYS='[...]' partner-ledger
ARG NODE_IMAGE=node:24-bookworm-slim

# Compilers for native modules (better-sqlite3 falls back to building from source).
FROM ${NODE_IMAGE} AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app

# Build: every dependency, then `nest build ledger` into dist/.
FROM toolchain AS build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build && test -f dist/apps/ledger/src/main.js

# Production dependencies only, compiled for the runtime's platform.
FROM toolchain AS prod-deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# Runtime: no compilers, no dev dependencies, not root.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
# DATA_DIR holds the embedded stores when no server URLs are set.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/apps/ledger/src/main.js"]
