#!/usr/bin/env bash
# Side-by-side timing of the Enrichment BibTeX reader against bibtool, pandoc (-f bibtex -t csljson),
# python3-bibtexparser (Debian) and @retorquere/bibtex-parser (npm), on one file of SIZE_MB (default 20)
# built from ../shared/corpus/bibtex, then ours alone on a BIG_MB (default 200) file for peak memory.
# Everything it builds or installs from npm goes to a temp dir, removed at the end. Peers missing from the
# machine are installed with apt-get / npm; one that cannot be installed is reported and skipped.
#
#   bash bench/BibTex/compare-peers.sh            # SIZE_MB=20 BIG_MB=200 by default
#   SIZE_MB=5 BIG_MB=0 bash bench/BibTex/compare-peers.sh
set -uo pipefail

here="${BENCH_DIR:-$(cd "$(dirname "$0")" && pwd)}"
repo="$(cd "$here/../.." && pwd)"
shared="${ENRICHMENT_SHARED:-$(cd "$repo/.." && pwd)/shared}"
corpus="$shared/corpus/bibtex"
size_mb="${SIZE_MB:-20}"
big_mb="${BIG_MB:-200}"
limit="${PEER_TIMEOUT:-900}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

say() { printf '%s\n' "$*" >&2; }

[ -d "$corpus" ] || { say "no corpus at $corpus (set ENRICHMENT_SHARED)"; exit 1; }

# --- peers -------------------------------------------------------------------------------------------
missing=()
command -v bibtool >/dev/null || missing+=(bibtool)
command -v pandoc >/dev/null || missing+=(pandoc)
/usr/bin/python3 -c 'import bibtexparser' 2>/dev/null || missing+=(python3-bibtexparser)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing with apt-get: ${missing[*]}"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >"$work/apt.log" 2>&1; then
    say "apt-get could not install everything (see below); going on with what is there"
    tail -5 "$work/apt.log" >&2
  fi
fi
[ -x /usr/bin/time ] || { say "/usr/bin/time is needed for peak memory and could not be installed"; exit 1; }

mkdir -p "$work/npm"
if (cd "$work/npm" && npm init -y >/dev/null 2>&1 && npm install --silent --no-audit --no-fund @retorquere/bibtex-parser >"$work/npm.log" 2>&1); then
  retorquere_version="$(node -p "require('$work/npm/node_modules/@retorquere/bibtex-parser/package.json').version" 2>/dev/null)"
  cat >"$work/npm/parse.mjs" <<'EOF'
import { readFileSync } from 'fs';
import { parse } from '@retorquere/bibtex-parser';
const result = parse(readFileSync(process.argv[2], 'utf8'));
console.log(`entries=${result.entries.length} errors=${result.errors.length}`);
EOF
else
  say "npm could not install @retorquere/bibtex-parser; skipping it"
  retorquere_version=""
fi

cat >"$work/parse_bibtexparser.py" <<'EOF'
import sys
import bibtexparser
from bibtexparser.bparser import BibTexParser
parser = BibTexParser(ignore_nonstandard_types=False, common_strings=True)
with open(sys.argv[1], encoding='utf-8') as handle:
    database = bibtexparser.load(handle, parser=parser)
print(f"entries={len(database.entries)}")
EOF

# --- the files ----------------------------------------------------------------------------------------
# Mixed: biblatex-examples.bib (92 entries, every BibLaTeX type) and the cryptobib @string file, repeated.
# Entries only: biblatex-examples.bib repeated (macro-heavy input is bibtool's weak spot, so both are shown).
# The seed is left out: pandoc rejects its key-less entry and then converts nothing at all.
build_file() { # path, parts...
  local path="$1"; shift
  : >"$path"
  while [ "$(stat -c %s "$path")" -lt $((size_mb * 1000000)) ]; do
    cat "$@" >>"$path"
    printf '\n' >>"$path"
  done
}
file="$work/mixed-${size_mb}mb.bib"
entries_file="$work/entries-${size_mb}mb.bib"
build_file "$file" "$corpus/biblatex-examples.bib" "$corpus/cryptobib-abbrev0.bib"
build_file "$entries_file" "$corpus/biblatex-examples.bib"

# --- ours ---------------------------------------------------------------------------------------------
say "building the bench (Release)"
dotnet build -c Release "$here/Enrichment.Bench.BibTex.csproj" >"$work/build.log" 2>&1 || { tail -20 "$work/build.log" >&2; exit 1; }
ours="$here/bin/Release/net10.0/Enrichment.Bench.BibTex"

# --- timing -------------------------------------------------------------------------------------------
results="$work/results"
run() { # name, command...  A run under 10 s is repeated (3 in all) and the fastest kept, for every tool alike.
  local name="$1"; shift
  local best="" attempt wall user sys rss
  for attempt in 1 2 3; do
    say "running $name ($attempt)"
    if ! timeout "$limit" /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >"$work/out" 2>"$work/err"; then
      say "$name failed or timed out after ${limit}s: $(tail -2 "$work/err" | tr '\n' ' ')"
      break
    fi
    read -r wall user sys rss <"$work/time"
    if [ -z "$best" ] || awk -v a="$wall" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
      best="$wall $user $sys $rss"
      cp "$work/out" "$work/best-out"
    fi
    awk -v a="$wall" 'BEGIN { exit !(a < 10) }' || break
  done
  if [ -n "$best" ]; then
    read -r wall user sys rss <<<"$best"
    printf '%s|%s|%s|%s|%s|%s\n' "$name" "$wall" "$user" "$sys" "$rss" "$(tail -1 "$work/best-out" | tr '|' ' ' | cut -c1-60)" >>"$results"
  else
    printf '%s|failed|||||\n' "$name" >>"$results"
  fi
}

run_all() { # file
  : >"$results"
  run "enrichment (TieredCompilation=0)" env DOTNET_TieredCompilation=0 "$ours" parse "$1"
  run "enrichment (default JIT)" "$ours" parse "$1"
  command -v bibtool >/dev/null && run "bibtool $(bibtool -h 2>&1 | head -1 | awk '{print $3}')" bibtool -r biblatex -q -o /dev/null "$1"
  command -v pandoc >/dev/null && run "pandoc $(pandoc --version | head -1 | awk '{print $2}')" pandoc -f bibtex -t csljson -o /dev/null "$1"
  /usr/bin/python3 -c 'import bibtexparser' 2>/dev/null \
    && run "bibtexparser $(/usr/bin/python3 -c 'import bibtexparser; print(bibtexparser.__version__)')" /usr/bin/python3 "$work/parse_bibtexparser.py" "$1"
  [ -n "$retorquere_version" ] && run "@retorquere/bibtex-parser $retorquere_version" env NODE_PATH="$work/npm/node_modules" node "$work/npm/parse.mjs" "$1"
}

report() { # file, title
  local size count macros ours_wall ours_cpu
  size="$(stat -c %s "$1")"
  count="$(grep -c '^@' "$1")"
  macros="$(grep -ci '^@string' "$1")"
  echo
  echo "$2: $(awk -v b="$size" 'BEGIN { printf "%.1f", b / 1e6 }') MB ($count entries incl. $macros @string), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "| tool | wall s | cpu s | MB/s (wall) | MB/s (cpu) | peak RSS MB | ours (TC=0) faster by, wall / cpu | output |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  read -r ours_wall ours_cpu < <(awk -F'|' 'NR == 1 && $2 != "failed" { print $2, $3 + $4 }' "$results")
  awk -F'|' -v b="$size" -v ow="${ours_wall:-0}" -v oc="${ours_cpu:-0}" '
    $2 == "failed" { printf "| %s | failed | | | | | | |\n", $1; next }
    {
      cpu = $3 + $4
      printf "| %s | %.2f | %.2f | %.1f | %.1f | %.0f | %.2fx / %.2fx | %s |\n", $1, $2, cpu, b / 1e6 / $2, b / 1e6 / (cpu > 0 ? cpu : 0.001), $5 / 1024, (ow > 0 ? $2 / ow : 0), (oc > 0 ? cpu / oc : 0), $6
    }' "$results"
}

run_all "$file"
report "$file" "Mixed file (biblatex-examples + cryptobib macros)"
run_all "$entries_file"
report "$entries_file" "Entries-only file (biblatex-examples repeated)"
rm -f "$entries_file"

# --- peak memory on a big file (ours only) ------------------------------------------------------------
if [ "$big_mb" -gt 0 ]; then
  big="$work/corpus-${big_mb}mb.bib"
  : >"$big"
  while [ "$(stat -c %s "$big")" -lt $((big_mb * 1000000)) ]; do cat "$file" >>"$big"; done
  rm -f "$file"
  say "running enrichment on $(stat -c %s "$big") bytes"
  if /usr/bin/time -f '%e %U %S %M' -o "$work/time" env DOTNET_TieredCompilation=0 "$ours" parse "$big" >"$work/out" 2>"$work/err"; then
    read -r wall user sys rss <"$work/time"
    echo
    echo "Big file: $(awk -v b="$(stat -c %s "$big")" 'BEGIN { printf "%.1f", b / 1e6 }') MB, ours: wall ${wall} s, cpu $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') s, peak RSS $(awk -v r="$rss" 'BEGIN { printf "%.0f", r / 1024 }') MB; $(cat "$work/out")"
  else
    say "the big-file run failed: $(tail -3 "$work/err")"
  fi
fi
