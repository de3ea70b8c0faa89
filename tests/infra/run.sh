#!/usr/bin/env bash
# The infrastructure's tests: build and lint every Bicep file (scripts/bicep.sh), check the compiled
# template against the deployment policy (check_policy.py), and run the azd postdeploy hook against a
# stub Azure CLI (postdeploy-hook.test.sh). Needs dotnet (for the Bicep CLI from NuGet) and python3.
# Closes with 'infra: N passed, N failed'.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
passed=0
failed=0
tally() {
  # Adds the counts from a sub-suite's closing 'name: N passed, N failed' line.
  local line; line="$(grep -E '^[a-z-]+: [0-9]+ passed, [0-9]+ failed$' "$1" | tail -1)"
  if [ -z "$line" ]; then failed=$((failed + 1)); return; fi
  passed=$((passed + $(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')))
  failed=$((failed + $(echo "$line" | sed -E 's/.*, ([0-9]+) failed/\1/')))
}

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

if bash scripts/bicep.sh | tee "$out/bicep.txt"; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi

bicep="$(sed -n 's/^bicep: //p' "$out/bicep.txt" | tail -1)"
if [ -n "$bicep" ] && BICEP_TRACING_ENABLED=false "$bicep" build infra/main.bicep --no-restore --outfile "$out/main.json"; then
  python3 tests/infra/check_policy.py "$out/main.json" "$ROOT" | tee "$out/policy.txt" || true
  tally "$out/policy.txt"
else
  echo "FAIL infra/main.bicep did not compile; policy checks not run"
  failed=$((failed + 1))
fi

bash tests/infra/postdeploy-hook.test.sh | tee "$out/hook.txt" || true
tally "$out/hook.txt"

# Linters for the scripts, where this machine has them (CI may not: the tests above do not need them).
if command -v shellcheck >/dev/null 2>&1; then
  if shellcheck scripts/bicep.sh tests/infra/*.sh && shellcheck -s sh infra/hooks/postdeploy.sh; then
    echo "ok   shellcheck"; passed=$((passed + 1))
  else
    echo "FAIL shellcheck"; failed=$((failed + 1))
  fi
fi
if command -v pwsh >/dev/null 2>&1; then
  # shellcheck disable=SC2016 # PowerShell variables, not shell ones
  if pwsh -NoProfile -NonInteractive -Command '$errors = $null; [System.Management.Automation.Language.Parser]::ParseFile((Resolve-Path "infra/hooks/postdeploy.ps1"), [ref]$null, [ref]$errors) | Out-Null; if ($errors) { $errors; exit 1 }'; then
    echo "ok   postdeploy.ps1 parses"; passed=$((passed + 1))
  else
    echo "FAIL postdeploy.ps1 parses"; failed=$((failed + 1))
  fi
fi

echo "infra: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
