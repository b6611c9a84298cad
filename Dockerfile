# Production image: the API serving the built SPA. Migrations run as an explicit step (see docker-compose.yml).
FROM node:20-bookworm-slim AS build
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
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# The WireGuard management-tunnel process (docs/tunnel.md): root with NET_ADMIN, wg and ip, and
# wireguard-go for hosts without kernel WireGuard. `docker compose` builds it as the tunnel service.
FROM node:20-bookworm-slim AS tunnel
RUN apt-get update && apt-get install -y --no-install-recommends wireguard-tools wireguard-go iproute2 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
CMD ["node", "dist/apps/tunnel/src/main.js"]

# The API serving the built SPA (the default target)
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/apps/web/dist apps/web/dist
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
