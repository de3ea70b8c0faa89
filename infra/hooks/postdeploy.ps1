# azd postdeploy hook (Windows, or anywhere with pwsh): subscribes the function Ingest to BlobCreated
# events under uploads/. The same steps as postdeploy.sh, whose comments say why. The key never
# reaches a command line or the output: it travels in a request body file deleted on exit.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Get-Setting([string] $name, $default = $null) {
    # $default stays untyped: a [string] parameter turns $null into '', which would make every setting optional.
    $value = [Environment]::GetEnvironmentVariable($name)
    if (-not [string]::IsNullOrEmpty($value)) { return $value }
    if ($null -ne $default) { return $default }
    throw "postdeploy: $name is not set; run through 'azd deploy' or 'azd up' (see docs/deploy.md)"
}

$appName = Get-Setting 'AZURE_FUNCTION_APP_NAME'
$resourceGroup = Get-Setting 'RESOURCE_GROUP'
$topicName = Get-Setting 'UPLOADS_SYSTEM_TOPIC_NAME'

if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
    throw 'postdeploy: the Azure CLI (az) is needed to create the Event Grid subscription; see docs/deploy.md'
}

$container = Get-Setting 'UPLOADS_CONTAINER_NAME' 'uploads'
$functionName = Get-Setting 'INGEST_FUNCTION_NAME' 'Ingest'
$eventSubscription = Get-Setting 'UPLOADS_EVENT_SUBSCRIPTION_NAME' 'uploads-to-ingest'
$baseUrl = Get-Setting 'SERVICE_API_URI' "https://$appName.azurewebsites.net"
$attempts = [int] (Get-Setting 'POSTDEPLOY_ATTEMPTS' '30')
$delay = [int] (Get-Setting 'POSTDEPLOY_DELAY_SECONDS' '10')
# az rest replaces {subscriptionId} with the CLI's current subscription when azd did not name one.
$subscription = Get-Setting 'AZURE_SUBSCRIPTION_ID' '{subscriptionId}'

$groupPath = "/subscriptions/$subscription/resourceGroups/$resourceGroup/providers"
$keysUrl = "$groupPath/Microsoft.Web/sites/$appName/host/default/listkeys?api-version=2024-11-01"
$eventSubscriptionUrl = "$groupPath/Microsoft.EventGrid/systemTopics/$topicName/eventSubscriptions/${eventSubscription}?api-version=2025-02-15"

$body = [System.IO.Path]::GetTempFileName()
try {
    $key = ''
    for ($i = 1; ; $i++) {
        try { Invoke-WebRequest -Uri "$baseUrl/" -Method Get -TimeoutSec 20 -UseBasicParsing | Out-Null } catch { }
        $key = "$(& az rest --method post --url $keysUrl --query 'systemKeys.blobs_extension' --output tsv 2>$null)".Trim()
        if ($LASTEXITCODE -eq 0 -and $key) { break }
        if ($i -ge $attempts) {
            throw "postdeploy: no blobs_extension key on $appName; is a blob trigger with Source = EventGrid deployed? Rerun with: azd hooks run postdeploy"
        }
        Write-Host "postdeploy: waiting for the blobs_extension key of $appName ($i/$attempts)"
        Start-Sleep -Seconds $delay
    }

    $code = [Uri]::EscapeDataString($key)
    $request = @{
        properties = @{
            destination         = @{
                endpointType = 'WebHook'
                properties   = @{
                    endpointUrl                   = "$baseUrl/runtime/webhooks/blobs?functionName=Host.Functions.$functionName&code=$code"
                    maxEventsPerBatch             = 1
                    preferredBatchSizeInKilobytes = 64
                }
            }
            filter              = @{
                includedEventTypes     = @('Microsoft.Storage.BlobCreated')
                subjectBeginsWith      = "/blobServices/default/containers/$container/"
                isSubjectCaseSensitive = $false
            }
            eventDeliverySchema = 'EventGridSchema'
            retryPolicy         = @{
                maxDeliveryAttempts      = 30
                eventTimeToLiveInMinutes = 1440
            }
        }
    }
    $request | ConvertTo-Json -Depth 6 | Set-Content -Path $body -Encoding utf8NoBOM

    # Event Grid validates the webhook (the blobs extension answers the handshake) while it provisions.
    & az rest --method put --url $eventSubscriptionUrl --body "@$body" --output none
    if ($LASTEXITCODE -ne 0) { throw "postdeploy: creating the Event Grid subscription '$eventSubscription' failed" }
}
finally {
    Remove-Item -Path $body -Force -ErrorAction SilentlyContinue
}

for ($i = 1; ; $i++) {
    $state = "$(& az rest --method get --url $eventSubscriptionUrl --query 'properties.provisioningState' --output tsv 2>$null)".Trim()
    if ($state -eq 'Succeeded') { break }
    if ($state -eq 'Failed' -or $state -eq 'Canceled') {
        throw "postdeploy: Event Grid subscription '$eventSubscription' is $state (webhook validation failed?)"
    }
    if ($i -ge $attempts) {
        throw "postdeploy: Event Grid subscription '$eventSubscription' still '$state' after $attempts checks"
    }
    Start-Sleep -Seconds $delay
}

Write-Host "postdeploy: Event Grid subscription '$eventSubscription' sends BlobCreated under $container/ to function $functionName"
