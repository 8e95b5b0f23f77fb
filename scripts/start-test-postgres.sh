# shellcheck shell=bash
# Throwaway PostgreSQL server for the db-postgres test tier. Source this file, then:
#
#   start_test_postgres   # exports TEST_DATABASE_URL=postgres://postgres@127.0.0.1:<port>/karpear_test
#   stop_test_postgres    # stops the server, deletes its folder (safe to call twice; call it from a trap)
#
# Data lives in a fresh `mktemp -d` folder (owned by the `postgres` user when running as root, because
# PostgreSQL refuses to run as root), the server listens on 127.0.0.1 only, on the first free port from
# 54329 upward, with its unix socket inside that folder, trust auth (loopback only), fsync off (throwaway).
# Run it standalone to try it: `bash scripts/start-test-postgres.sh` starts, runs `select version()`, stops.

KARPEAR_PG_DIR=""
KARPEAR_PG_BIN=""
KARPEAR_PG_AS=()

# Newest /usr/lib/postgresql/<ver>/bin that has initdb and pg_ctl.
find_postgres_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

# 0 when something accepts TCP connections on 127.0.0.1:$1.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start_test_postgres() {
  KARPEAR_PG_BIN=$(find_postgres_bin) || {
    echo "start-test-postgres: ERROR: no PostgreSQL server in /usr/lib/postgresql/<ver>/bin" \
      "(install Debian packages postgresql postgresql-contrib)" >&2
    return 1
  }
  KARPEAR_PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/karpear-pg.XXXXXX") || return 1
  chmod 700 "$KARPEAR_PG_DIR"
  KARPEAR_PG_AS=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$KARPEAR_PG_DIR" || return 1
    KARPEAR_PG_AS=(runuser -u postgres --)
  fi

  local log="$KARPEAR_PG_DIR/initdb.log"
  if ! (cd "$KARPEAR_PG_DIR" && "${KARPEAR_PG_AS[@]}" "$KARPEAR_PG_BIN/initdb" -D "$KARPEAR_PG_DIR/data" \
    -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$log" 2>&1); then
    cat "$log" >&2
    echo "start-test-postgres: ERROR: initdb failed" >&2
    return 1
  fi
  "${KARPEAR_PG_AS[@]}" mkdir -p "$KARPEAR_PG_DIR/sock"

  local port=54329 last=54429 started=0
  while [ "$port" -le "$last" ]; do
    if port_in_use "$port"; then
      port=$((port + 1))
      continue
    fi
    if (cd "$KARPEAR_PG_DIR" && "${KARPEAR_PG_AS[@]}" "$KARPEAR_PG_BIN/pg_ctl" -D "$KARPEAR_PG_DIR/data" \
      -l "$KARPEAR_PG_DIR/postgres.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $KARPEAR_PG_DIR/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null 2>&1); then
      started=1
      break
    fi
    # Someone took the port between the check and the start (another test run): try the next one.
    if grep -qs "could not bind\|Address already in use\|could not create any TCP/IP sockets" "$KARPEAR_PG_DIR/postgres.log"; then
      : >"$KARPEAR_PG_DIR/postgres.log"
      port=$((port + 1))
      continue
    fi
    cat "$KARPEAR_PG_DIR/postgres.log" >&2
    echo "start-test-postgres: ERROR: pg_ctl start failed" >&2
    return 1
  done
  if [ "$started" != 1 ]; then
    echo "start-test-postgres: ERROR: no free port in 54329-$last on 127.0.0.1" >&2
    return 1
  fi

  if ! "$KARPEAR_PG_BIN/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE karpear_test" >/dev/null; then
    echo "start-test-postgres: ERROR: could not create database karpear_test" >&2
    return 1
  fi
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/karpear_test"
  echo "PostgreSQL $("$KARPEAR_PG_BIN/postgres" --version | sed 's/^postgres (PostgreSQL) //') for tests at" \
    "$TEST_DATABASE_URL (throwaway, in $KARPEAR_PG_DIR)"
}

stop_test_postgres() {
  [ -n "$KARPEAR_PG_DIR" ] || return 0
  local dir="$KARPEAR_PG_DIR"
  KARPEAR_PG_DIR=""
  if [ -f "$dir/data/postmaster.pid" ]; then
    (cd "$dir" && "${KARPEAR_PG_AS[@]}" "$KARPEAR_PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w -t 20 stop \
      >/dev/null 2>&1) || true
    # pg_ctl could not stop it: kill the postmaster by its pid (only ours, from our pid file).
    if [ -f "$dir/data/postmaster.pid" ]; then
      local pid
      pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
      if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid" 2>/dev/null || true
        sleep 0.5
      fi
    fi
  fi
  rm -rf "$dir"
}

# Standalone: start, show the version, stop.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  trap stop_test_postgres EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  start_test_postgres
  "$KARPEAR_PG_BIN/psql" -X "$TEST_DATABASE_URL" -c 'select version()'
fi
