#!/usr/bin/env bash
# Runs every test: installs Azurite (npm, pinned in package.json) when missing, builds, and runs the
# solution's tests, then the infrastructure's (tests/infra: Bicep CLI from NuGet, python3). Integration tests start their own Azurite on free ports (and the fake Crossref on
# 127.0.0.1) and stop them; nothing reaches the internet. Tests over ../shared say they did not run when
# it is absent, and the browser tests (tests/Enrichment.Web.Tests) when Chromium is not installed. Ends with one line: "tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund --loglevel=error

log=$(mktemp)
status=0
dotnet test Enrichment.sln -nologo "$@" 2>&1 | tee "$log" || status=$?

# Sum the per-assembly summaries ("Passed!  - Failed: 0, Passed: 12, Skipped: 1, Total: 13, ...").
read -r passed failed skipped < <(awk '
  /(Passed|Failed)! +- +Failed:/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:")  { gsub(",", "", $(i+1)); f += $(i+1) }
      if ($i == "Passed:")  { gsub(",", "", $(i+1)); p += $(i+1) }
      if ($i == "Skipped:") { gsub(",", "", $(i+1)); s += $(i+1) }
    }
  }
  END { printf "%d %d %d\n", p, f, s }' "$log")
rm -f "$log"

# The infrastructure's tests: Bicep build + lint (CLI from NuGet), policy checks, the azd hook.
infra_log=$(mktemp)
bash tests/infra/run.sh 2>&1 | tee "$infra_log" || status=$?
read -r ip if_ < <(sed -nE 's/^infra: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' "$infra_log" | tail -1)
rm -f "$infra_log"
passed=$((passed + ${ip:-0})); failed=$((failed + ${if_:-1}))

if [ "$skipped" -gt 0 ]; then
  echo "note: $skipped tests did not run (see 'Skipped' above: ../shared absent, or Chromium not installed for the browser tests)"
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
