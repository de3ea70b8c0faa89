#!/usr/bin/env bash
# Runs infra/hooks/postdeploy.sh (and postdeploy.ps1 where pwsh exists) against a stub `az` and a stub
# `curl` on PATH, and checks what they would send to Azure: the webhook URL with the escaped key, the
# BlobCreated filter on uploads/, the resource paths; that the key is never on a command line or in the
# output; that the request body is deleted; and that missing settings, a key that never comes and a
# failed validation all fail the hook. Nothing leaves the machine.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KEY='Ab+c/D_e-f=='           # base64 characters that must be escaped in a query string
ESCAPED='Ab%2Bc%2FD_e-f%3D%3D'
SUBSCRIPTION='00000000-0000-0000-0000-000000000000'
passed=0
failed=0

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"

# The stub records each call's arguments (one per line, calls separated by a line '--end--'), copies a
# PUT body aside, and answers from counters: the key appears on the STUB_KEY_AFTER-th listkeys call,
# the subscription reports STUB_FINAL_STATE on the second GET.
cat > "$work/bin/az" <<'STUB'
#!/usr/bin/env bash
dir="$STUB_DIR"
printf '%s\n' "$@" >> "$dir/calls.log"
echo '--end--' >> "$dir/calls.log"
args=" $* "
count() { local n; n=$(( $(cat "$dir/$1" 2>/dev/null || echo 0) + 1 )); echo "$n" > "$dir/$1"; echo "$n"; }
case "$args" in
  *" rest "*"--method post "*listkeys*)
    n=$(count listkeys)
    if [ "$n" -ge "${STUB_KEY_AFTER:-1}" ] && [ "${STUB_KEY_AFTER:-1}" -gt 0 ]; then echo "$STUB_KEY"; fi ;;
  *" rest "*"--method put "*)
    prev=""; for a in "$@"; do if [ "$prev" = "--body" ]; then f="${a#@}"; cp "$f" "$dir/put-body.json"; echo "$f" > "$dir/put-body.path"; fi; prev="$a"; done ;;
  *" rest "*"--method get "*)
    n=$(count gets)
    if [ "$n" -ge 2 ]; then echo "${STUB_FINAL_STATE:-Succeeded}"; else echo "Creating"; fi ;;
  *) echo "stub az: unexpected call: $*" >&2; exit 2 ;;
esac
STUB
printf '#!/bin/sh\nexit 0\n' > "$work/bin/curl"
chmod +x "$work/bin/az" "$work/bin/curl"

report() {
  if [ "$2" = ok ]; then passed=$((passed + 1)); echo "ok   $1"; else failed=$((failed + 1)); echo "FAIL $1${3:+  ($3)}"; fi
}

# run_hook <name> <command...>: fresh stub state, standard azd environment plus any VAR=value in HOOK_ENV.
run_hook() {
  local case_dir="$work/$1"; shift
  rm -rf "$case_dir"; mkdir -p "$case_dir"
  set +e
  env -i PATH="$work/bin:/usr/local/bin:/usr/bin:/bin" HOME="$work" ${DOTNET_ROOT:+DOTNET_ROOT="$DOTNET_ROOT"} TMPDIR="$case_dir" STUB_DIR="$case_dir" \
    STUB_KEY="$KEY" STUB_KEY_AFTER=2 \
    AZURE_FUNCTION_APP_NAME=func-enrich-test RESOURCE_GROUP=rg-test UPLOADS_SYSTEM_TOPIC_NAME=evgt-enrich-test \
    UPLOADS_CONTAINER_NAME=uploads INGEST_FUNCTION_NAME=Ingest AZURE_SUBSCRIPTION_ID="$SUBSCRIPTION" \
    SERVICE_API_URI=https://func-enrich-test.example.invalid POSTDEPLOY_DELAY_SECONDS=0 POSTDEPLOY_ATTEMPTS=3 \
    ${HOOK_ENV:-} "$@" > "$case_dir/out.txt" 2>&1
  echo $? > "$case_dir/rc"
  set -e
}

check_success() {
  local name="$1" dir="$work/$1"
  local rc; rc="$(cat "$dir/rc")"
  if [ "$rc" = 0 ]; then report "$name: exits 0" ok; else report "$name: exits 0" fail "rc=$rc: $(tail -3 "$dir/out.txt")"; return; fi
  local verdict
  verdict="$(python3 - "$dir" "$ESCAPED" "$SUBSCRIPTION" <<'PY'
import json, pathlib, sys
d, escaped, sub = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
body = json.loads((d / "put-body.json").read_text())["properties"]
problems = []
expected_url = ("https://func-enrich-test.example.invalid/runtime/webhooks/blobs"
                f"?functionName=Host.Functions.Ingest&code={escaped}")
if body["destination"]["endpointType"] != "WebHook": problems.append("endpointType")
if body["destination"]["properties"]["endpointUrl"] != expected_url: problems.append("endpointUrl " + body["destination"]["properties"]["endpointUrl"])
if body["filter"]["includedEventTypes"] != ["Microsoft.Storage.BlobCreated"]: problems.append("event types")
if body["filter"]["subjectBeginsWith"] != "/blobServices/default/containers/uploads/": problems.append("subject filter")
if body.get("eventDeliverySchema") != "EventGridSchema": problems.append("schema")
calls = [c.strip("\n").split("\n") for c in (d / "calls.log").read_text().split("--end--\n") if c.strip()]
put = [c for c in calls if "put" in c]
prefix = f"/subscriptions/{sub}/resourceGroups/rg-test/providers/"
want_put = prefix + "Microsoft.EventGrid/systemTopics/evgt-enrich-test/eventSubscriptions/uploads-to-ingest?api-version=2025-02-15"
if len(put) != 1 or want_put not in put[0]: problems.append(f"PUT call {put}")
keys = [c for c in calls if any("listkeys" in a for a in c)]
want_keys = prefix + "Microsoft.Web/sites/func-enrich-test/host/default/listkeys?api-version=2024-11-01"
if len(keys) != 2 or any(want_keys not in c for c in keys): problems.append(f"listkeys calls {len(keys)}")
print("; ".join(problems) or "ok")
PY
)"
  if [ "$verdict" = ok ]; then report "$name: sends the expected subscription" ok; else report "$name: sends the expected subscription" fail "$verdict"; fi
  if grep -qF -- "$KEY" "$dir/calls.log"; then report "$name: key never on a command line" fail; else report "$name: key never on a command line" ok; fi
  if grep -qF -- "$KEY" "$dir/out.txt" || grep -qF -- "$ESCAPED" "$dir/out.txt"; then report "$name: key never printed" fail; else report "$name: key never printed" ok; fi
  if [ -e "$(cat "$dir/put-body.path")" ]; then report "$name: request body deleted" fail; else report "$name: request body deleted" ok; fi
}

check_failure() {
  local name="$1" pattern="$2" dir="$work/$1"
  local rc; rc="$(cat "$dir/rc")"
  if [ "$rc" != 0 ] && grep -qE -- "$pattern" "$dir/out.txt"; then report "$name: fails with a clear message" ok
  else report "$name: fails with a clear message" fail "rc=$rc: $(tail -2 "$dir/out.txt")"; fi
}

shells=("sh:$(command -v sh) $ROOT/infra/hooks/postdeploy.sh")
if command -v pwsh >/dev/null 2>&1; then
  shells+=("pwsh:$(command -v pwsh) -NoProfile -NonInteractive -File $ROOT/infra/hooks/postdeploy.ps1")
else
  echo "skip postdeploy.ps1: pwsh not installed"
fi

for entry in "${shells[@]}"; do
  label="${entry%%:*}"; read -r -a cmd <<< "${entry#*:}"
  HOOK_ENV="" run_hook "$label-happy" "${cmd[@]}"
  check_success "$label-happy"
  HOOK_ENV="STUB_KEY_AFTER=0" run_hook "$label-no-key" "${cmd[@]}"
  check_failure "$label-no-key" "no blobs_extension key"
  HOOK_ENV="STUB_FINAL_STATE=Failed" run_hook "$label-validation-failed" "${cmd[@]}"
  check_failure "$label-validation-failed" "is Failed"
  HOOK_ENV="UPLOADS_SYSTEM_TOPIC_NAME=" run_hook "$label-missing-setting" "${cmd[@]}"
  check_failure "$label-missing-setting" "UPLOADS_SYSTEM_TOPIC_NAME is not set"
done

echo "postdeploy-hook: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
