#!/usr/bin/env bash
# `npm test`: every test tier in one Vitest run, ending with the line "N passed, N failed[, N skipped]".
#
#   1. system packages  scripts/ensure-system-deps.sh installs chromium / postgresql when missing (says so)
#   2. lint             npm run lint (biome + tsc)
#   3. postgres         a throwaway PostgreSQL on 127.0.0.1 (skipped when TEST_DATABASE_URL is already set)
#   4. web build        npm run build -w web, so the server started by e2e/ serves web/dist
#   5. vitest           projects unit, db-pglite, db-postgres, e2e (vitest.config.ts)
#   6. summary          scripts/summarise-tests.mjs reads .test-results/vitest.json
#
# Arguments go to Vitest, e.g. `npm test -- --project unit` or `npm test -- server/src/modules/tips`.
# A failing lint or build does not stop the tests (you see everything), but the run fails and says which
# step failed. Exit code 0 only when every step passed, at least one test ran and none failed.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
RESULTS_DIR="$ROOT/.test-results"
REPORT="$RESULTS_DIR/vitest.json"
failed_steps=()
timings=()

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# shellcheck source=scripts/start-test-postgres.sh
source "$ROOT/scripts/start-test-postgres.sh"
cleanup() { stop_test_postgres; }
trap cleanup EXIT
trap 'echo "test.sh: interrupted" >&2; exit 130' INT
trap 'echo "test.sh: terminated" >&2; exit 143' TERM

if [ ! -d "$ROOT/node_modules/vitest" ]; then
  echo "test.sh: ERROR: node_modules is missing or incomplete: run 'npm ci' first" >&2
  exit 1
fi

# 1. System packages. Missing ones that cannot be installed fail the run: no tier is skipped silently.
say "system packages (chromium, postgresql)"
t0=$(now)
if ! bash "$ROOT/scripts/ensure-system-deps.sh" chromium postgresql; then
  echo "test.sh: step 'system packages' failed: cannot run the browser and PostgreSQL tiers" >&2
  exit 1
fi
timings+=("system packages $(elapsed "$t0")")

# 2. Lint.
say "lint (biome + tsc)"
t0=$(now)
npm run --silent lint
lint_exit=$?
if [ "$lint_exit" -eq 130 ]; then exit 130; fi
if [ "$lint_exit" -eq 0 ]; then
  echo "lint: ok"
else
  failed_steps+=(lint)
  echo "test.sh: step 'lint' failed (continuing with the tests; the run will fail)" >&2
fi
timings+=("lint $(elapsed "$t0")")

# 3. PostgreSQL.
say "postgres"
t0=$(now)
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "Using the PostgreSQL in TEST_DATABASE_URL (not starting one):" \
    "$(psql -X -Atc 'show server_version' "$TEST_DATABASE_URL" 2>/dev/null || echo 'version unknown')"
elif ! start_test_postgres; then
  echo "test.sh: step 'postgres' failed: cannot start the throwaway PostgreSQL for the db-postgres tier" >&2
  exit 1
fi
timings+=("postgres $(elapsed "$t0")")

# 4. Web build, served by the server that the e2e tier starts.
say "web build (npm run build -w web)"
t0=$(now)
mkdir -p "$RESULTS_DIR"
npm run --silent build -w web >"$RESULTS_DIR/web-build.log" 2>&1
build_exit=$?
if [ "$build_exit" -eq 130 ]; then exit 130; fi
if [ "$build_exit" -eq 0 ]; then
  echo "web build: ok (output in .test-results/web-build.log)"
else
  cat "$RESULTS_DIR/web-build.log"
  failed_steps+=("web build")
  echo "test.sh: step 'web build' failed (the e2e tier will fail)" >&2
fi
timings+=("web build $(elapsed "$t0")")

# 5. Vitest: all projects, one run. Human output on the terminal, JSON for the summary.
say "vitest (projects: unit, db-pglite${TEST_DATABASE_URL:+, db-postgres}, e2e)"
t0=$(now)
mkdir -p "$RESULTS_DIR"
rm -f "$REPORT"
npx --no-install vitest run --reporter=default --reporter=json --outputFile.json="$REPORT" "$@"
vitest_exit=$?
if [ "$vitest_exit" -eq 130 ]; then
  echo "test.sh: interrupted" >&2
  exit 130
fi
timings+=("vitest $(elapsed "$t0")")
if [ "$vitest_exit" -ne 0 ]; then failed_steps+=(vitest); fi

# 6. Summary: the last line of the run.
stop_test_postgres
echo ""
echo "Step times: $(
  IFS=,
  echo "${timings[*]}" | sed 's/,/, /g'
)"
if [ "${#failed_steps[@]}" -gt 0 ]; then
  echo "test.sh: FAILED step(s): ${failed_steps[*]}"
fi
node "$ROOT/scripts/summarise-tests.mjs" "$REPORT" "$vitest_exit"
summary_exit=$?
if [ "$summary_exit" -ne 0 ] || [ "${#failed_steps[@]}" -gt 0 ]; then
  exit 1
fi
exit 0
