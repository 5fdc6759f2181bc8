#!/usr/bin/env bash
# The whole test suite, in the order a failure is cheapest to find: `npm test` runs this.
# Needs Debian's postgresql, pgbackrest and postgresql-15-auto-failover (the PostgreSQL run), chromium +
# fonts-noto-cjk (the browser run) and nginx + openssl (the journey through the proxy);
# a missing one fails its step loudly, it is never skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

steps=(
  "system packages (postgresql, chromium, pgbackrest, pg_auto_failover, nginx)|bash scripts/install-system-deps.sh"
  "lint (Biome)|npm run lint:biome"
  "boundaries (dependency-cruiser; SQL and process.env scan)|npm run lint:boundaries"
  "typecheck|npm run typecheck"
  "unit + API tests on PGlite|npm run test:unit"
  "unit + API tests on PostgreSQL|npm run test:pg"
  "build|npm run build"
  "browser journeys (Playwright)|npm run test:e2e"
  "browser journey through nginx (two app processes on PostgreSQL)|npm run test:proxy"
)

summary=()
total_start=$SECONDS
n=${#steps[@]}
i=0

print_summary() {
  echo
  echo "==== summary ===="
  local line
  for line in "${summary[@]}"; do echo "  $line"; done
}

for step in "${steps[@]}"; do
  i=$((i + 1))
  name=${step%%|*}
  cmd=${step#*|}
  echo
  echo "==== [$i/$n] $name: $cmd ===="
  start=$SECONDS
  status=0
  bash -c "$cmd" || status=$?
  took=$((SECONDS - start))
  if [[ $status -ne 0 ]]; then
    summary+=("FAIL  $name (${took}s, exit $status)")
    print_summary
    echo "test-all: FAILED at step $i/$n ($name: $cmd) after $((SECONDS - total_start))s"
    exit "$status"
  fi
  summary+=("ok    $name (${took}s)")
done

print_summary
echo "test-all: all $n steps passed in $((SECONDS - total_start))s"
