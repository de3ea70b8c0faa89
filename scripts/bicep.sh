#!/usr/bin/env bash
# Builds and lints every .bicep file under infra/ with a pinned Bicep CLI, and fails on any error or warning,
# or on a file that `bicep format` would change.
#
# The CLI comes from the NuGet package Azure.Bicep.CommandLine.linux-x64 (a self-contained binary), restored
# through a throwaway project into .tools/, so nothing but NuGet is needed. Modules are never restored
# (--no-restore) and, where the kernel lets us, Bicep runs in a network namespace of its own, so a `br:` or
# `ts:` reference cannot be fetched even by accident: the template must compile offline or not at all.
#
# Usage: bash scripts/bicep.sh            (first run restores the CLI: a 50 MB download from NuGet)
#        BICEP_VERSION=0.49.2 bash scripts/bicep.sh
# Prints the path of the CLI on the last line of a successful run ("bicep: <path>") for other scripts.
set -euo pipefail

BICEP_VERSION="${BICEP_VERSION:-0.49.2}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools/bicep"
PACKAGES="$TOOLS/packages"
BICEP="$PACKAGES/azure.bicep.commandline.linux-x64/$BICEP_VERSION/tools/bicep"

# Nothing here should phone home: no tracing, no .NET telemetry, no first-run chatter.
export BICEP_TRACING_ENABLED=false
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "bicep.sh: the pinned package is linux-x64; this is $(uname -s)-$(uname -m)" >&2; exit 2 ;;
esac

if [ ! -x "$BICEP" ]; then
  restore_dir="$TOOLS/restore"
  mkdir -p "$restore_dir"
  # Empty Directory.* files stop MSBuild from importing the repo's build policy and central package
  # versions into this throwaway project (PackageDownload needs an exact version of its own).
  for f in Directory.Build.props Directory.Build.targets Directory.Packages.props; do
    printf '<Project />\n' > "$restore_dir/$f"
  done
  cat > "$restore_dir/bicep-restore.csproj" <<CSPROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Azure.Bicep.CommandLine.linux-x64" Version="[$BICEP_VERSION]" />
  </ItemGroup>
</Project>
CSPROJ
  echo "bicep.sh: restoring Azure.Bicep.CommandLine.linux-x64 $BICEP_VERSION from NuGet"
  dotnet restore "$restore_dir/bicep-restore.csproj" --packages "$PACKAGES" --verbosity quiet
  chmod +x "$BICEP"
fi

actual="$("$BICEP" --version)"
case "$actual" in
  *"version $BICEP_VERSION "*) ;;
  *) echo "bicep.sh: expected Bicep $BICEP_VERSION, got: $actual" >&2; exit 1 ;;
esac

# Registry and template-spec references need the network; refuse them before Bicep sees them.
cd "$ROOT"
mapfile -t files < <(find infra -name '*.bicep' -not -path '*/node_modules/*' | LC_ALL=C sort)
mapfile -t param_files < <(find infra -name '*.bicepparam' | LC_ALL=C sort)
if [ "${#files[@]}" -eq 0 ]; then
  echo "bicep.sh: no .bicep files under infra/" >&2
  exit 1
fi
if grep -nE "^\s*(module|import|extension)\s.*'(br|ts)[:/]" "${files[@]}" "${param_files[@]}"; then
  echo "bicep.sh: registry (br:) or template-spec (ts:) references need the network; use local modules" >&2
  exit 1
fi

# Run Bicep without a network when we can (root, or unprivileged user namespaces), to prove it needs none.
offline=()
if unshare --net true 2>/dev/null; then
  offline=(unshare --net)
elif unshare --user --map-root-user --net true 2>/dev/null; then
  offline=(unshare --user --map-root-user --net)
fi

out_dir="$(mktemp -d)"
trap 'rm -rf "$out_dir"' EXIT
log="$out_dir/diagnostics.txt"
: > "$log"
failed=0

run() {
  # Bicep exits 0 on warnings, so the diagnostics themselves decide.
  if ! "${offline[@]}" "$BICEP" "$@" >>"$log" 2>&1; then
    failed=1
  fi
}

# One process per verb over a glob: the CLI's start-up, not the compile, is what costs time.
run build --pattern 'infra/**/*.bicep' --outdir "$out_dir/build" --no-restore
run lint --pattern 'infra/**/*.bicep' --no-restore
if [ "${#param_files[@]}" -gt 0 ]; then
  run build-params --pattern 'infra/**/*.bicepparam' --outdir "$out_dir/params" --no-restore
fi
# Formatting is checked too, so every diff in infra/ is a real change.
# (format cannot combine --pattern with --outdir: format a copy in place.)
mkdir -p "$out_dir/format"
cp -r infra "$out_dir/format/"
run format --pattern "$out_dir/format/infra/**/*.bicep"
for f in "${files[@]}"; do
  if ! cmp -s "$f" "$out_dir/format/$f"; then
    echo "$ROOT/$f : Warning format: not in 'bicep format' layout; run: $BICEP format $f" >> "$log"
  fi
done
built="$(find "$out_dir/build" -name '*.json' | wc -l)"
if [ "$built" -ne "${#files[@]}" ]; then
  echo "bicep.sh: built $built templates from ${#files[@]} Bicep files" >&2
  failed=1
fi

if grep -qE ' : (Error|Warning) ' "$log"; then
  failed=1
fi
# Each diagnostic is printed by both build and lint: show it once.
sort -u "$log" | grep -v '^\s*$' || true

if [ "$failed" -ne 0 ]; then
  echo "bicep.sh: FAILED (errors or warnings above) over ${#files[@]} Bicep files" >&2
  exit 1
fi
echo "bicep.sh: ${#files[@]} Bicep files built and linted clean with Bicep $BICEP_VERSION${offline:+ (no network)}"
echo "bicep: $BICEP"
