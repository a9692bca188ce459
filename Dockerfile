# syntax=docker/dockerfile:1.7
# One image for the four Trottoir services (ingestion, forecasting, dispatch, settlement). The
# TypeScript sources run through SWC in memory, so the image is the repository plus its production
# node_modules; the arguments pick the service:  docker run trottoir --services dispatch
#
#   docker build -t trottoir:dev .

# Pinned to the exact Node.js release the suite runs on; bump it deliberately.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# --- build: install, generate the contracts, drop dev dependencies ---------------------------------
FROM ${NODE_IMAGE} AS build
# The npm bundled with Node 20 ignores the `allowScripts` policy in package.json and would run every
# install script; npm 11 (the version the lockfile is made with) applies it.
ARG NPM_VERSION=11.19.1
RUN npm install --global --no-audit --no-fund "npm@${NPM_VERSION}"
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_AUDIT=false \
    NPM_CONFIG_FUND=false
WORKDIR /app
# The whole context goes in before `npm ci` because its `prepare` script (the protobuf code generator)
# needs proto/ and tools/scripts/; the cache mount keeps downloads between builds instead.
COPY . .
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci \
 && npm prune --omit=dev

# --- runtime ----------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# tini as PID 1 passes SIGTERM on to Node (which drains consumers and commits before exiting) and
# reaps children. Node is started directly, not through `npx trottoir`: npx runs the command through
# `sh -c`, and the shell, not Node, receives the SIGTERM npm forwards, so the service would be killed
# without its orderly shutdown.
RUN apt-get update \
 && apt-get install --yes --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    TROTTOIR_HTTP_HOST=0.0.0.0 \
    TROTTOIR_HTTP_PORT=3001
WORKDIR /app
# Owned by root and not writable by the service user: the code cannot be changed at run time, and the
# root filesystem can be mounted read-only (nothing is written outside /tmp).
COPY --from=build /app /app
USER 1000:1000
# Base port 3001; each service listens on base + its offset (ingestion 3001 … settlement 3004).
EXPOSE 3001 3002 3003 3004
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
  CMD ["node", "/app/deploy/docker/healthcheck.cjs"]
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/tools/cli/bin/trottoir.js", "start", "--no-summary"]
CMD ["--services", "ingestion"]
