#!/usr/bin/env bash
# `enrich parse FILE > out.json` and `enrich convert FILE --to csl-json`, timed as whole processes side by side
# with bibtool (`-r biblatex`, every entry read and written back) and pandoc (`-f biblatex -t csljson`), on two
# files built in a temp dir from ../shared/corpus/bibtex (never copied into the repository):
#   real-world  REAL_MB (default 20) MB: cryptobib-abbrev0.bib's 10,063 @string macros once, as a file that
#               uses them carries them, then biblatex-examples.bib repeated;
#   examples    EXAMPLES_MB (default 5) MB: biblatex-examples.bib repeated.
# `enrich` is built as the README builds it (`dotnet publish src/Enrichment.Cli -c Release`: ReadyToRun,
# tiered compilation off); variants beside it show what each setting is worth in the same run (tiered
# compilation on, with and without TieredPGO, and the JIT-only `dotnet build` output that `dotnet run` uses).
# The machine is shared: every tool runs REPEAT (default 5) times, the tools alternating round by round, and
# the medians are reported; a tool whose first run takes over SLOW_S (default 10) seconds runs once. Each
# tool's output is then counted, so a peer that stops early (bibtool without -r biblatex does) shows it.
# Missing peers are installed with apt-get (bibtool, pandoc, time); one that cannot be installed is skipped.
# MORE_PEERS=1 adds python3-bibtexparser (apt) and @retorquere/bibtex-parser (npm, into the temp dir).
# BIG_MB (default 0) > 0 ends with `enrich parse` alone on a file that large, for peak memory.
# AOT_BUILD=DIR adds `enrich parse` from a Native AOT build in DIR, made beforehand (it takes many minutes):
#   dotnet publish src/Enrichment.Cli -c Release -p:PublishAot=true -p:TreatWarningsAsErrors=false -o DIR
# (add -p:CppCompilerAndLinker=clang-14 where clang has a versioned name). Such a build parses, but its
# `serve` fails at start, which is why enrich is not shipped that way (bench/BibTex/README.md).
#
#   bash bench/BibTex/compare-peers.sh
#   REAL_MB=5 EXAMPLES_MB=1 REPEAT=3 bash bench/BibTex/compare-peers.sh     # a quick look
set -uo pipefail

here="${BENCH_DIR:-$(cd "$(dirname "$0")" && pwd)}"
repo="$(cd "$here/../.." && pwd)"
shared="${ENRICHMENT_SHARED:-$(cd "$repo/.." && pwd)/shared}"
corpus="$shared/corpus/bibtex"
real_mb="${REAL_MB:-20}"
examples_mb="${EXAMPLES_MB:-5}"
repeat="${REPEAT:-5}"
slow="${SLOW_S:-10}"
big_mb="${BIG_MB:-0}"
limit="${PEER_TIMEOUT:-900}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

say() { printf '%s\n' "$*" >&2; }

[ -d "$corpus" ] || { say "no corpus at $corpus (set ENRICHMENT_SHARED)"; exit 1; }

# --- peers -------------------------------------------------------------------------------------------
missing=()
command -v bibtool >/dev/null || missing+=(bibtool)
command -v pandoc >/dev/null || missing+=(pandoc)
command -v python3 >/dev/null || missing+=(python3)
[ -x /usr/bin/time ] || missing+=(time)
if [ "${MORE_PEERS:-0}" = 1 ]; then
  /usr/bin/python3 -c 'import bibtexparser' 2>/dev/null || missing+=(python3-bibtexparser)
fi
if [ ${#missing[@]} -gt 0 ]; then
  say "installing with apt-get: ${missing[*]}"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >"$work/apt.log" 2>&1; then
    say "apt-get could not install everything (see below); going on with what is there"
    tail -5 "$work/apt.log" >&2
  fi
fi
[ -x /usr/bin/time ] || { say "/usr/bin/time is needed for CPU time and peak memory and could not be installed"; exit 1; }
command -v python3 >/dev/null || { say "python3 is needed to count the entries each tool wrote"; exit 1; }

retorquere_version=""
if [ "${MORE_PEERS:-0}" = 1 ]; then
  mkdir -p "$work/npm"
  if (cd "$work/npm" && npm init -y >/dev/null 2>&1 && npm install --silent --no-audit --no-fund @retorquere/bibtex-parser >"$work/npm.log" 2>&1); then
    retorquere_version="$(node -p "require('$work/npm/node_modules/@retorquere/bibtex-parser/package.json').version" 2>/dev/null)"
    cat >"$work/npm/parse.mjs" <<'EOF'
import { readFileSync, writeFileSync } from 'fs';
import { parse } from '@retorquere/bibtex-parser';
const result = parse(readFileSync(process.argv[2], 'utf8'));
writeFileSync(process.argv[3], JSON.stringify(result.entries));
EOF
  else
    say "npm could not install @retorquere/bibtex-parser; skipping it"
  fi
  cat >"$work/parse_bibtexparser.py" <<'EOF'
import json, sys
import bibtexparser
from bibtexparser.bparser import BibTexParser
parser = BibTexParser(ignore_nonstandard_types=False, common_strings=True)
with open(sys.argv[1], encoding='utf-8') as handle:
    database = bibtexparser.load(handle, parser=parser)
with open(sys.argv[2], 'w', encoding='utf-8') as out:
    json.dump(database.entries, out)
EOF
fi

# --- the files ----------------------------------------------------------------------------------------
# The seed is left out: pandoc rejects its key-less `@article { author = ...` and then converts nothing at all.
repeat_to() { # path, megabytes, parts...: appends the parts, in turn, until the file reaches the size
  local path="$1" megabytes="$2"; shift 2
  while [ "$(stat -c %s "$path")" -lt $((megabytes * 1000000)) ]; do
    cat "$@" >>"$path"
    printf '\n' >>"$path"
  done
}
real="$work/real-world-${real_mb}mb.bib"
examples="$work/biblatex-examples-${examples_mb}mb.bib"
{ cat "$corpus/cryptobib-abbrev0.bib"; printf '\n'; } >"$real"
repeat_to "$real" "$real_mb" "$corpus/biblatex-examples.bib"
: >"$examples"
repeat_to "$examples" "$examples_mb" "$corpus/biblatex-examples.bib"

# --- ours ---------------------------------------------------------------------------------------------
say "publishing enrich (Release, ReadyToRun) and building it (Release, JIT)"
dotnet publish "$repo/src/Enrichment.Cli" -c Release -o "$work/enrich" -nologo >"$work/publish.log" 2>&1 \
  || { tail -20 "$work/publish.log" >&2; exit 1; }
dotnet build "$repo/src/Enrichment.Cli" -c Release -nologo >"$work/build.log" 2>&1 \
  || { tail -20 "$work/build.log" >&2; exit 1; }
enrich="$work/enrich/Enrichment.Cli"
enrich_jit=(dotnet "$repo/src/Enrichment.Cli/bin/Release/net10.0/Enrichment.Cli.dll")

# --- the tools: name|kind|command. kind says how its output is counted. Output goes to $out. ---------------
tools() { # file
  local file="$1"
  echo "enrich parse > out.json|json|\"$enrich\" parse \"$file\" > \"\$out\""
  echo "enrich convert --to csl-json|json|\"$enrich\" convert \"$file\" --to csl-json -o \"\$out\""
  echo "enrich parse, tiered compilation on|json|DOTNET_TieredCompilation=1 \"$enrich\" parse \"$file\" > \"\$out\""
  echo "enrich parse, tiered with TieredPGO (the runtime's default)|json|DOTNET_TieredCompilation=1 DOTNET_TieredPGO=1 \"$enrich\" parse \"$file\" > \"\$out\""
  echo "enrich parse, JIT only (dotnet build)|json|${enrich_jit[*]} parse \"$file\" > \"\$out\""
  [ -n "${AOT_BUILD:-}" ] && [ -x "$AOT_BUILD/Enrichment.Cli" ] \
    && echo "enrich parse, Native AOT (AOT_BUILD)|json|\"$AOT_BUILD/Enrichment.Cli\" parse \"$file\" > \"\$out\""
  command -v bibtool >/dev/null \
    && echo "bibtool $(bibtool -h 2>&1 | head -1 | awk '{print $3}') -r biblatex|bib|bibtool -r biblatex -q -o \"\$out\" \"$file\""
  command -v pandoc >/dev/null \
    && echo "pandoc $(pandoc --version | head -1 | awk '{print $2}') -f biblatex -t csljson|json|pandoc -f biblatex -t csljson -o \"\$out\" \"$file\""
  if [ "${MORE_PEERS:-0}" = 1 ]; then
    /usr/bin/python3 -c 'import bibtexparser' 2>/dev/null \
      && echo "bibtexparser $(/usr/bin/python3 -c 'import bibtexparser; print(bibtexparser.__version__)')|json|/usr/bin/python3 \"$work/parse_bibtexparser.py\" \"$file\" \"\$out\""
    [ -n "$retorquere_version" ] \
      && echo "@retorquere/bibtex-parser $retorquere_version|json|NODE_PATH=\"$work/npm/node_modules\" node \"$work/npm/parse.mjs\" \"$file\" \"\$out\""
  fi
}

count_output() { # kind, path: entries written (JSON array items, or .bib entries other than @string/@preamble/@comment)
  case "$1" in
    json) python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1], encoding="utf-8"))))' "$2" 2>/dev/null || echo "unreadable" ;;
    bib) grep -iE '^[[:space:]]*@[a-z]+[[:space:]]*[{(]' "$2" | grep -ciEv '^[[:space:]]*@(string|preamble|comment)' ;;
  esac
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

compare() { # file, title
  local file="$1" title="$2" round index name kind command wall user sys rss status
  local -a names kinds commands
  while IFS='|' read -r name kind command; do names+=("$name"); kinds+=("$kind"); commands+=("$command"); done < <(tools "$file")
  rm -f "$work"/times.* "$work"/out.* "$work"/slow.* "$work"/failed.*
  for round in $(seq 1 "$repeat"); do
    for index in "${!names[@]}"; do
      if [ -f "$work/times.$index" ] && { [ -f "$work/slow.$index" ] || [ -f "$work/failed.$index" ]; }; then continue; fi
      say "$title, round $round: ${names[$index]}"
      out="$work/out.$index" timeout "$limit" /usr/bin/time -f '%e %U %S %M' -o "$work/time" \
        bash -c "${commands[$index]}" 2>"$work/err.$index"
      status=$?
      # enrich exits 2 when some entries failed (they are counted below); anything else but 0 is a failure.
      if { [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; } || [ ! -s "$work/out.$index" ]; then
        say "${names[$index]} failed (exit $status) or timed out: $(tail -2 "$work/err.$index" | tr '\n' ' ')"
        touch "$work/failed.$index" "$work/times.$index"
        continue
      fi
      read -r wall user sys rss < <(tail -1 "$work/time") # after "Command exited with non-zero status 2"
      echo "$wall $user $sys $rss" >>"$work/times.$index"
      awk -v a="$wall" -v s="$slow" 'BEGIN { exit !(a > s) }' && touch "$work/slow.$index"
    done
  done

  local size entries strings ours_wall
  size="$(stat -c %s "$file")"
  strings="$(grep -ciE '^[[:space:]]*@string' "$file")"
  entries="$(count_output bib "$file")"
  ours_wall="$(awk '{ print $1 }' "$work/times.0" | median)"
  echo
  echo "$title: $(awk -v b="$size" 'BEGIN { printf "%.1f", b / 1e6 }') MB, $entries entries and $strings @string; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "| tool | runs | wall s (median) | cpu s (median) | peak RSS MB | MB/s (wall) | entries written | wall / enrich parse's |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  for index in "${!names[@]}"; do
    if [ -f "$work/failed.$index" ] || [ ! -s "$work/times.$index" ]; then
      echo "| ${names[$index]} | failed | | | | | | |"
      continue
    fi
    local runs w c r
    runs="$(wc -l <"$work/times.$index")"
    w="$(awk '{ print $1 }' "$work/times.$index" | median)"
    c="$(awk '{ print $2 + $3 }' "$work/times.$index" | median)"
    r="$(awk '{ print $4 }' "$work/times.$index" | median)"
    awk -v n="${names[$index]}" -v runs="$runs" -v w="$w" -v c="$c" -v r="$r" -v b="$size" -v o="$ours_wall" -v e="$(count_output "${kinds[$index]}" "$work/out.$index")" \
      'BEGIN { printf "| %s | %d | %.2f | %.2f | %.0f | %.1f | %s | %.2fx |\n", n, runs, w, c, r / 1024, b / 1e6 / w, e, w / o }'
  done
  echo
  echo "Walls of each run, in order: $(for index in "${!names[@]}"; do printf '%s: %s; ' "${names[$index]%%|*}" "$(awk '{ printf "%s ", $1 }' "$work/times.$index" 2>/dev/null)"; done)"
}

compare "$real" "Real-world file (cryptobib macros, then biblatex-examples repeated)"
compare "$examples" "biblatex-examples.bib repeated"

# --- peak memory on a big file (ours only) ------------------------------------------------------------
if [ "$big_mb" -gt 0 ]; then
  big="$work/big-${big_mb}mb.bib"
  : >"$big"
  repeat_to "$big" "$big_mb" "$real"
  say "running enrich parse on $(stat -c %s "$big") bytes"
  if /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$enrich" parse "$big" >/dev/null 2>"$work/err"; then
    read -r wall user sys rss <"$work/time"
    echo
    echo "Big file: $(awk -v b="$(stat -c %s "$big")" 'BEGIN { printf "%.1f", b / 1e6 }') MB, enrich parse > /dev/null: wall ${wall} s, cpu $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') s, peak RSS $(awk -v r="$rss" 'BEGIN { printf "%.0f", r / 1024 }') MB"
  else
    say "the big-file run failed: $(tail -3 "$work/err")"
  fi
fi
