# Production images (docs/deployment.md): the API serving the built SPA (the default target) and the
# WireGuard tunnel process. Their final stages hold no dev dependencies and no simulators: the build
# stage compiles everything, the deps stage installs the runtime dependencies of the API and the
# tunnel only, and the final stages copy just the compiled API, tunnel, client libraries and
# migrations. Migrations run as an explicit step (the migrate service of docker-compose.yml).
# test/e2e/production-start.e2e-spec.ts reads the dist COPY lines below and starts the API from
# exactly that layout, so keep them in the `COPY --from=build /app/dist/<dir> dist/<dir>` form.

# Every workspace's package.json: npm ci checks them against package-lock.json
FROM node:20-bookworm-slim AS manifests
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY libs/routeros/package.json libs/routeros/
COPY libs/routeros-sim/package.json libs/routeros-sim/
COPY libs/daraja/package.json libs/daraja/
COPY libs/daraja-sim/package.json libs/daraja-sim/
COPY libs/pesapal/package.json libs/pesapal/
COPY libs/pesapal-sim/package.json libs/pesapal-sim/
COPY libs/africastalking/package.json libs/africastalking/
COPY libs/sms-sim/package.json libs/sms-sim/
COPY libs/mail-sink/package.json libs/mail-sink/
COPY apps/sandbox/package.json apps/sandbox/
COPY apps/tunnel/package.json apps/tunnel/
COPY patches patches

# Compiles the API (npm run build:api, as the production-start test does) and the SPA
FROM manifests AS build
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:api && npm run build:web

# Runtime dependencies only: no devDependencies, and only the api and tunnel workspaces, so the
# simulators' own dependencies (and the SPA's) are not installed. The compiled code imports the
# libraries by relative path (tsc-alias), so the node_modules/@wavu links are not needed. A few root
# devDependencies come back as dependencies of runtime packages (typescript and ts-node: typeorm's
# optional peer for .ts migrations; @types/node; yaml, patch-package's, used at install time only):
# none is loaded at run time, so they are removed, leaving no devDependency in the image.
FROM manifests AS deps
RUN npm ci --omit=dev --no-audit --no-fund --workspace=@wavu/api --workspace=@wavu/tunnel --include-workspace-root \
 && node -e 'const fs = require("fs"); for (const name of Object.keys(require("./package.json").devDependencies)) fs.rmSync("node_modules/" + name, { recursive: true, force: true })' \
 && rm -rf node_modules/@wavu node_modules/.cache \
 && npm cache clean --force

# The compiled code the API and the tunnel run: the simulators (libs/*-sim, libs/mail-sink) and the
# sandbox are left out (main.ts loads the sandbox in demo mode only, and says so when it is absent)
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/package.json /app/package-lock.json ./
COPY --from=deps /app/node_modules node_modules
COPY --from=build /app/dist/apps/api dist/apps/api
COPY --from=build /app/dist/apps/tunnel dist/apps/tunnel
COPY --from=build /app/dist/libs/routeros dist/libs/routeros
COPY --from=build /app/dist/libs/daraja dist/libs/daraja
COPY --from=build /app/dist/libs/pesapal dist/libs/pesapal
COPY --from=build /app/dist/libs/africastalking dist/libs/africastalking
COPY --from=build /app/dist/migrations dist/migrations

# The WireGuard management-tunnel process (docs/tunnel.md): root with NET_ADMIN, wg and ip, and
# wireguard-go for hosts without kernel WireGuard. `docker compose` builds it as the tunnel service.
FROM runtime AS tunnel
RUN apt-get update && apt-get install -y --no-install-recommends wireguard-tools wireguard-go iproute2 && rm -rf /var/lib/apt/lists/*
CMD ["node", "dist/apps/tunnel/src/main.js"]

# The API serving the built SPA (the default target; also runs migrations and create-admin)
FROM runtime
COPY --from=build /app/apps/web/dist apps/web/dist
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
