#!/bin/sh
# azd postdeploy hook: subscribes the function Ingest to BlobCreated events under uploads/.
#
# Flex Consumption runs blob triggers only with Source = EventGrid: the storage account's Event Grid
# system topic (made by Bicep) must push to the blobs extension's webhook, whose URL carries the
# app's blobs_extension system key. That key exists only once the code is deployed and the host has
# started, so this runs after `azd deploy` instead of in Bicep. Running it again updates the same
# subscription.
#
# The key never reaches a command line or the output: it goes from `az rest` into a request body
# file that only this user can read, deleted on exit.
#
# Needs the Azure CLI (`az`) signed in to the tenant azd deploys to. azd passes its environment's
# values (the Bicep outputs) as environment variables.
set -eu

require() {
  eval "value=\${$1:-}"
  if [ -z "$value" ]; then
    echo "postdeploy: $1 is not set; run through 'azd deploy' or 'azd up' (see docs/deploy.md)" >&2
    exit 1
  fi
}

require AZURE_FUNCTION_APP_NAME
require RESOURCE_GROUP
require UPLOADS_SYSTEM_TOPIC_NAME

if ! command -v az >/dev/null 2>&1; then
  echo "postdeploy: the Azure CLI (az) is needed to create the Event Grid subscription; see docs/deploy.md" >&2
  exit 1
fi

container="${UPLOADS_CONTAINER_NAME:-uploads}"
function_name="${INGEST_FUNCTION_NAME:-Ingest}"
event_subscription="${UPLOADS_EVENT_SUBSCRIPTION_NAME:-uploads-to-ingest}"
base_url="${SERVICE_API_URI:-https://${AZURE_FUNCTION_APP_NAME}.azurewebsites.net}"
attempts="${POSTDEPLOY_ATTEMPTS:-30}"
delay="${POSTDEPLOY_DELAY_SECONDS:-10}"
# az rest replaces {subscriptionId} with the CLI's current subscription when azd did not name one.
subscription="${AZURE_SUBSCRIPTION_ID:-{subscriptionId\}}"

group_path="/subscriptions/$subscription/resourceGroups/$RESOURCE_GROUP/providers"
keys_url="$group_path/Microsoft.Web/sites/$AZURE_FUNCTION_APP_NAME/host/default/listkeys?api-version=2024-11-01"
event_subscription_url="$group_path/Microsoft.EventGrid/systemTopics/$UPLOADS_SYSTEM_TOPIC_NAME/eventSubscriptions/$event_subscription?api-version=2025-02-15"

umask 077
body="$(mktemp)"
trap 'rm -f "$body"' EXIT INT TERM

# The host writes the blobs_extension key when it first loads a blob trigger with the Event Grid
# source; a request to the app starts a host if none is running.
key=""
i=1
while :; do
  if command -v curl >/dev/null 2>&1; then
    curl --silent --output /dev/null --max-time 20 "$base_url/" || true
  fi
  key="$(az rest --method post --url "$keys_url" --query "systemKeys.blobs_extension" --output tsv 2>/dev/null || true)"
  if [ -n "$key" ]; then
    break
  fi
  if [ "$i" -ge "$attempts" ]; then
    echo "postdeploy: no blobs_extension key on $AZURE_FUNCTION_APP_NAME; is a blob trigger with Source = EventGrid deployed? Rerun with: azd hooks run postdeploy" >&2
    exit 1
  fi
  echo "postdeploy: waiting for the blobs_extension key of $AZURE_FUNCTION_APP_NAME ($i/$attempts)"
  i=$((i + 1))
  sleep "$delay"
done

# Keys are base64: escape the characters that mean something in a query string.
code="$(printf '%s' "$key" | sed -e 's/%/%25/g' -e 's/+/%2B/g' -e 's/\//%2F/g' -e 's/=/%3D/g')"
case "$code" in
  *[!A-Za-z0-9%_-]*) echo "postdeploy: the blobs_extension key has unexpected characters" >&2; exit 1 ;;
esac

cat > "$body" <<JSON
{
  "properties": {
    "destination": {
      "endpointType": "WebHook",
      "properties": {
        "endpointUrl": "$base_url/runtime/webhooks/blobs?functionName=Host.Functions.$function_name&code=$code",
        "maxEventsPerBatch": 1,
        "preferredBatchSizeInKilobytes": 64
      }
    },
    "filter": {
      "includedEventTypes": ["Microsoft.Storage.BlobCreated"],
      "subjectBeginsWith": "/blobServices/default/containers/$container/",
      "isSubjectCaseSensitive": false
    },
    "eventDeliverySchema": "EventGridSchema",
    "retryPolicy": {
      "maxDeliveryAttempts": 30,
      "eventTimeToLiveInMinutes": 1440
    }
  }
}
JSON

# Event Grid validates the webhook (the blobs extension answers the handshake) while it provisions.
az rest --method put --url "$event_subscription_url" --body "@$body" --output none
rm -f "$body"

i=1
while :; do
  state="$(az rest --method get --url "$event_subscription_url" --query "properties.provisioningState" --output tsv 2>/dev/null || true)"
  case "$state" in
    Succeeded) break ;;
    Failed | Canceled)
      echo "postdeploy: Event Grid subscription '$event_subscription' is $state (webhook validation failed?)" >&2
      exit 1 ;;
  esac
  if [ "$i" -ge "$attempts" ]; then
    echo "postdeploy: Event Grid subscription '$event_subscription' still '${state:-unknown}' after $attempts checks" >&2
    exit 1
  fi
  i=$((i + 1))
  sleep "$delay"
done

echo "postdeploy: Event Grid subscription '$event_subscription' sends BlobCreated under $container/ to function $function_name"
