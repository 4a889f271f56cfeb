#!/usr/bin/env bash
# `npm test`: typecheck, lint, format, unit + integration tests (real PostgreSQL), and Playwright
# e2e in Chromium against a production build. Ends with a line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 CI="${CI:-1}"

find_chromium() {
  if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then return 0; fi
  if [ -x /usr/bin/chromium ]; then export CHROMIUM_PATH=/usr/bin/chromium; return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "[test] installing Debian's chromium package for the browser tests..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
      && export CHROMIUM_PATH=/usr/bin/chromium && return 0
  fi
  echo "[test] Chromium is needed for the e2e tests: install it (Debian/Ubuntu: apt-get install chromium)" >&2
  echo "[test] or point CHROMIUM_PATH at a Chromium/Chrome binary. Playwright's own download is not used." >&2
  return 1
}

mkdir -p test-results
rm -f test-results/vitest.json test-results/e2e.json
status=0
step() {
  local name=$1; shift
  local t0=$SECONDS
  echo "[test] == $name"
  if "$@"; then echo "[test] $name ok ($((SECONDS - t0)) s)"; else echo "[test] $name FAILED ($((SECONDS - t0)) s)"; status=1; fi
}

step typecheck npx tsc --noEmit
step lint npx eslint --max-warnings=0 .
step format npx prettier --check . --log-level warn
if [ ! -f collector/warroom-collect ]; then
  :
elif command -v shellcheck >/dev/null 2>&1; then
  step shellcheck shellcheck -s sh collector/warroom-collect
else
  echo "[test] shellcheck missing: install it (apt-get install shellcheck)"; status=1
fi
step vitest npx vitest run --reporter=default --reporter=json --outputFile=test-results/vitest.json
if find_chromium; then
  step build npx next build
  step e2e npx playwright test
else
  status=1
fi

node scripts/test-summary.mjs || status=1
exit $status
