# Consult Summary: the production image (see docs/deploy.md).
#
# Every stage is pinned to linux/amd64: App Runner runs x86_64 only, and an image built on an
# Apple-silicon laptop without the pin is arm64 and dies with "exec format error" (the prototype's
# outage). CI builds with `docker buildx build --platform linux/amd64` as well, and
# test/delivery/dockerfile.test.ts fails if any FROM loses the flag.
#
# No secrets go into the image: no ARG/ENV holds a key and .dockerignore keeps .env* out of the
# build context. Secrets reach the container at run time as App Runner environment variables that
# reference AWS Secrets Manager.

# ---- deps: production dependencies of the root app only ----------------------------------------
# --workspaces=false ignores the eval workspace altogether (no promptfoo, no commander), and
# --omit=dev leaves out the build and test tooling. --ignore-scripts matches the repository's
# allowScripts policy (install scripts denied) whatever npm version the base image bundles;
# better-sqlite3 ships prebuilt binaries for linux-x64 in its package, which the check below loads.
# `npm install` rather than `npm ci`: the lock file does not list every platform's optional
# packages, which `npm ci` rejects; the lock still pins every version.
FROM --platform=linux/amd64 node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit=dev --workspaces=false --ignore-scripts --no-audit --no-fund \
  && npm cache clean --force \
  && node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"

# ---- build: full install (with the workspace packages the app bundles) and build ----------------
FROM --platform=linux/amd64 node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY eval/package.json eval/package.json
COPY packages/core/package.json packages/core/package.json
RUN npm install --ignore-scripts --no-audit --no-fund
COPY . .
# The same command as CI: the Remix build (build/, public/build/) and the eval CLI bundle
# (eval/dist/, which never leaves this stage).
RUN npm run build

# ---- runtime --------------------------------------------------------------------------------------
FROM --platform=linux/amd64 node:24-slim AS runtime
# HOST=0.0.0.0 without Clerk keys makes the server refuse to start unless ALLOW_UNAUTHENTICATED=1:
# intended, so a deployment can never expose single-user local mode by accident.
# EVAL_DB: the reviewer workbench's eval store lives on the data volume, since /app is read-only
# to the node user.
ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  PORT=8080 \
  DATA_DIR=/data \
  EVAL_DB=/data/eval.sqlite
WORKDIR /app
# Everything below is owned by root and only readable by the node user.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/build ./build
COPY --from=build /app/public ./public
# package.json: "type": "module" for server/main.ts, and the project-root marker that
# packages/core/src/project-paths.ts looks for to find prompts/ and the migrations.
COPY package.json ./
COPY server ./server
COPY prompts ./prompts
COPY drizzle ./drizzle
# Data the reviewer workbench reads (bundled into build/ from eval/src): the gate settings and the
# eval store's migrations. No eval tooling.
COPY eval/gate.config.json ./eval/gate.config.json
COPY eval/drizzle ./eval/drizzle
# Amazon RDS's public CA bundle, so DATABASE_URL can verify the server (sslmode=verify-full&
# sslrootcert=/app/certs/rds-global-bundle.pem); readable by the node user.
ADD --chmod=644 https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem /app/certs/rds-global-bundle.pem
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 8080
# Docker and local runs use this; App Runner runs its own health check on /health (docs/deploy.md).
# Node itself makes the request: slim images have no curl or wget.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
# Node flags: server/node-flags.ts.
CMD ["node", "--max-semi-space-size=32", "server/main.ts"]
