#!/bin/sh
# api | worker | migrate | seed — one image, four roles.
set -eu
TSX="node_modules/.bin/tsx"
case "${1:-api}" in
  api) exec $TSX services/api/src/server.ts ;;
  worker) exec $TSX workflows/src/worker.ts ;;
  migrate) exec npm run --silent -w @naskah/domain migrate ;;
  seed) exec npm run --silent -w @naskah/domain seed ;;
  *) exec "$@" ;;
esac
