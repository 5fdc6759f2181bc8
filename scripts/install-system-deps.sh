#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing: postgresql (the PostgreSQL test
# run starts its own throw-away cluster), chromium and fonts-noto-cjk (browser journeys in Chinese),
# pgbackrest (the backup test archives the throw-away cluster's WAL and restores it),
# postgresql-15-auto-failover (pg_autoctl and PostgreSQL 15: the failover harness, docs/failover.md), nginx
# and openssl (the journey through the reverse proxy, e2e/proxy/: a self-signed certificate made at test time).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

missing_system_packages() {
  local missing=()
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  compgen -G "/usr/share/fonts/opentype/noto/NotoSansCJK-*.ttc" >/dev/null || missing+=(fonts-noto-cjk)
  [[ -x /usr/bin/pgbackrest ]] || missing+=(pgbackrest)
  [[ -x /usr/bin/pg_autoctl && -x /usr/lib/postgresql/15/bin/pg_ctl ]] || missing+=(postgresql-15-auto-failover)
  [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
  command -v openssl >/dev/null || missing+=(openssl)
  echo "${missing[*]}"
}

missing=$(missing_system_packages)
if [[ -z $missing ]]; then
  echo "postgresql, chromium, fonts-noto-cjk, pgbackrest, postgresql-15-auto-failover, nginx and openssl are installed"
  exit 0
fi
echo "missing: $missing"
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo -n)
"${sudo[@]}" apt-get update </dev/null
read -ra packages <<<"$missing"
"${sudo[@]}" apt-get install -y --no-install-recommends "${packages[@]}" </dev/null
missing=$(missing_system_packages)
if [[ -n $missing ]]; then
  echo "still missing after apt-get install: $missing" >&2
  exit 1
fi
