#!/usr/bin/env bash
# Installs the operating-system packages that `npm test` needs, when they are missing, and says so.
#
#   chromium                         -> /usr/bin/chromium, driven headless by playwright-core (browser tier)
#   postgresql, postgresql-contrib   -> /usr/lib/postgresql/<ver>/bin (db-postgres tier: a throwaway server)
#
# Debian/Ubuntu only (apt-get). Runs `apt-get update` once before the first install. Uses sudo only when
# not root and sudo exists. Never skips silently: if a package is missing and cannot be installed, it exits
# non-zero naming the package.
#
# Usage: bash scripts/ensure-system-deps.sh [chromium] [postgresql]   (no argument = both)
set -euo pipefail

want_chromium=0
want_postgresql=0
if [ "$#" -eq 0 ]; then
  want_chromium=1
  want_postgresql=1
fi
for arg in "$@"; do
  case "$arg" in
    chromium) want_chromium=1 ;;
    postgresql) want_postgresql=1 ;;
    *)
      echo "ensure-system-deps: unknown dependency '$arg' (known: chromium, postgresql)" >&2
      exit 2
      ;;
  esac
done

# Newest PostgreSQL server installation with initdb, pg_ctl and the contrib extensions we use.
find_postgres_bin() {
  local dir ver
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -V -r); do
    ver=$(basename "$(dirname "$dir")")
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -f "/usr/share/postgresql/$ver/extension/pg_trgm.control" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

missing=()
if [ "$want_chromium" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  missing+=(chromium)
fi
if [ "$want_postgresql" = 1 ] && ! find_postgres_bin >/dev/null; then
  missing+=(postgresql postgresql-contrib)
fi

if [ "${#missing[@]}" -eq 0 ]; then
  present=()
  if [ "$want_chromium" = 1 ]; then present+=("chromium (/usr/bin/chromium)"); fi
  if [ "$want_postgresql" = 1 ]; then present+=("postgresql ($(find_postgres_bin))"); fi
  echo "ensure-system-deps: already installed: $(IFS=";"; echo "${present[*]}" | sed "s/;/, /g")"
  exit 0
fi

echo "ensure-system-deps: missing ${missing[*]}; installing from the OS package manager"

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    if [ -t 0 ]; then as_root=(sudo); else as_root=(sudo -n); fi
  else
    echo "ensure-system-deps: ERROR: need root to install: ${missing[*]} (not root, no sudo)." >&2
    echo "  Install them yourself, e.g. as root: apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-system-deps: ERROR: no apt-get on this system; install yourself: ${missing[*]}" >&2
  echo "  (Debian names; chromium must end up at /usr/bin/chromium, PostgreSQL >= 15 server binaries" >&2
  echo "   in /usr/lib/postgresql/<ver>/bin with the contrib extensions)" >&2
  exit 1
fi

# Installing Debian's postgresql normally creates and starts a 'main' cluster on port 5432. The tests start
# their own throwaway server, so ask postgresql-common not to create one (only if nothing says otherwise).
if [[ " ${missing[*]} " == *" postgresql "* ]] && [ -d /etc/postgresql-common/createcluster.d ] &&
  ! grep -rqs create_main_cluster /etc/postgresql-common/createcluster.d; then
  echo "ensure-system-deps: writing /etc/postgresql-common/createcluster.d/karpear-tests.conf" \
    "(create_main_cluster = false: no system cluster on 5432; the tests run their own server)"
  echo "create_main_cluster = false" | "${as_root[@]}" tee /etc/postgresql-common/createcluster.d/karpear-tests.conf >/dev/null
fi

export DEBIAN_FRONTEND=noninteractive
echo "ensure-system-deps: +${as_root[*]:+ ${as_root[*]}} apt-get update"
if ! "${as_root[@]}" apt-get update -qq; then
  echo "ensure-system-deps: ERROR: apt-get update failed; cannot install: ${missing[*]}" >&2
  exit 1
fi
echo "ensure-system-deps: +${as_root[*]:+ ${as_root[*]}} apt-get install -y --no-install-recommends ${missing[*]}"
if ! "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/karpear-apt-install.$$.log 2>&1; then
  tail -n 30 /tmp/karpear-apt-install.$$.log >&2
  rm -f /tmp/karpear-apt-install.$$.log
  echo "ensure-system-deps: ERROR: apt-get install failed for: ${missing[*]}" >&2
  exit 1
fi
rm -f /tmp/karpear-apt-install.$$.log

# Check again: the tests must not skip silently.
if [ "$want_chromium" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  echo "ensure-system-deps: ERROR: package chromium installed but /usr/bin/chromium is missing" >&2
  exit 1
fi
if [ "$want_postgresql" = 1 ] && ! find_postgres_bin >/dev/null; then
  echo "ensure-system-deps: ERROR: packages postgresql/postgresql-contrib installed but no" \
    "/usr/lib/postgresql/<ver>/bin/initdb with pg_trgm found" >&2
  exit 1
fi
echo "ensure-system-deps: installed ${missing[*]}"
