# syntax=docker/dockerfile:1
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:22-bookworm-slim
ENV NODE_ENV=production
# One malloc arena instead of glibc's 8 per core: less peak RSS with the workers' thread (docs/operations.md).
ENV MALLOC_ARENA_MAX=1
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The worker runs the same image with: node --max-semi-space-size=8 dist/apps/worker/src/main.js
# A young generation of 2 x 8 MB, as `npm start` runs it (docs/operations.md: Node 24 grows it to 128 MB).
CMD ["node", "--max-semi-space-size=8", "dist/apps/api/src/main.js"]
