#!/usr/bin/env bash
# Sets up and runs the pipeline locally, then prints the enriched rows:
#   installs Azurite (npm) and publishes `enrich` (ReadyToRun) to .run/enrich, starts Azurite and `enrich serve`, drops the files in
#   samples/ (and the seed record from ../shared, when it is beside the repository) into the `uploads`
#   container, waits for every record to finish, prints the rows, and stops what it started. The page is at
#   http://127.0.0.1:7071/ while it runs (KEEP_RUNNING=1 keeps it there).
# With internet, records are enriched from api.crossref.org; without it, each row says Crossref was unreachable.
# Environment: CROSSREF_MAILTO (your address, for Crossref's polite pool), KEEP_RUNNING=1 to leave the services up.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
run_dir="$root/.run"
mkdir -p "$run_dir"

echo "==> Installing Azurite (npm) and building (dotnet publish: enrich compiled ahead of time, in .run/enrich)"
[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund --loglevel=error
dotnet publish src/Enrichment.Cli -c Release -o "$run_dir/enrich" -nologo -v quiet -clp:ErrorsOnly
enrich=(dotnet "$run_dir/enrich/Enrichment.Cli.dll")

pids=()
cleanup() {
  if [ "${KEEP_RUNNING:-0}" != 1 ]; then
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
  fi
}
trap cleanup EXIT

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {
  for _ in $(seq 1 120); do port_open "$1" && return 0; sleep 0.5; done
  echo "nothing listens on 127.0.0.1:$1 after 60 s" >&2; return 1
}

if port_open 10000; then
  echo "==> Azurite already running on 127.0.0.1:10000; using it"
else
  echo "==> Starting Azurite (data in .run/azurite, log in .run/azurite.log)"
  node_modules/.bin/azurite --silent --skipApiVersionCheck --disableTelemetry --loose \
    --location "$run_dir/azurite" --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    >"$run_dir/azurite.log" 2>&1 &
  pids+=($!)
  wait_port 10000; wait_port 10001; wait_port 10002
fi

mailto=${CROSSREF_MAILTO:-$(git config user.email 2>/dev/null || true)}
mailto=${mailto:-enrichment-local@example.org}
echo "==> Starting enrich serve on http://127.0.0.1:7071 (log in .run/serve.log; Crossref mailto: $mailto)"
AzureWebJobsStorage=UseDevelopmentStorage=true \
Crossref__Mailto="$mailto" \
DataCite__Mailto="$mailto" \
Crossref__RecordMaxAttempts=${ENRICH_CROSSREF_ATTEMPTS:-3} \
Crossref__RecordRetryDelay=00:00:02 \
Crossref__RecordGiveUpAfter=${ENRICH_CROSSREF_GIVE_UP:-00:00:30} \
  "${enrich[@]}" serve --urls http://127.0.0.1:7071 >"$run_dir/serve.log" 2>&1 &
pids+=($!)
wait_port 7071
echo "==> Open http://127.0.0.1:7071/ in a browser: the page uploads files, follows them, lists, cites and exports"

files=(samples/*)
seed="$root/../shared/corpus/bibtex/seed-khalili2016.bib"
[ -f "$seed" ] && files+=("$seed")
echo "==> Uploading ${files[*]}"
"${enrich[@]}" upload "${files[@]}" --url http://127.0.0.1:7071 --wait --timeout "${ENRICH_WAIT_SECONDS:-300}"

if [ "${KEEP_RUNNING:-0}" = 1 ]; then
  echo "==> Still running (KEEP_RUNNING=1): open http://127.0.0.1:7071/ (stop with: kill ${pids[*]})"
else
  echo "==> Stopping. KEEP_RUNNING=1 leaves the page up at http://127.0.0.1:7071/"
fi
