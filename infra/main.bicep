// Enrichment on Azure: one resource group holding a Flex Consumption function app, its storage
// (blobs, queues, tables), monitoring and the Event Grid topic that feeds the blob trigger.
// Every connection is identity-based: no keys, no connection strings to storage.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; also names the resource group and seeds resource names.')
param environmentName string

@minLength(1)
@description('Azure region for every resource. It must offer Flex Consumption.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the deploying user or CI principal, given the same data roles as the app. Empty to skip.')
param principalId string = ''

@allowed(['User', 'Group', 'ServicePrincipal'])
param principalType string = 'User'

@description('Contact address for Crossref\'s polite pool (app setting Crossref__Mailto).')
@minLength(3)
param crossrefMailto string

@description('Comma-separated CSL style ids rendered for every record (app setting Enrichment__Styles).')
param enrichmentStyles string = 'apa'

@description('Upper bound on function instances.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Resource group name; empty for rg-<environmentName>.')
param resourceGroupName string = ''

// Fixed by the application: the code binds to these names.
var uploadsContainer = 'uploads'
var blobContainers = [
  uploadsContainer
  'styles'
  'exports'
  'records'
]
var queues = [
  'enrich'
  'format'
  'enrich-poison'
  'format-poison'
  'webjobs-blobtrigger-poison'
]
var tables = [
  'Records'
  'Uploads'
  'Works'
  'Instances'
]

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = 'func-enrich-${resourceToken}'
// Flex reads its package from here; lowercase, at most 63 characters.
var deploymentContainer = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'

resource rg 'Microsoft.Resources/resourceGroups@2024-11-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'core/identity/user-assigned-identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-enrich-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'core/storage/storage-account.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    containers: concat(blobContainers, [deploymentContainer])
    queues: queues
    tables: tables
  }
}

module monitoring 'core/monitor/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-enrich-${resourceToken}'
    applicationInsightsName: 'appi-enrich-${resourceToken}'
    location: location
    tags: tags
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    appPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: 'plan-enrich-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainer
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    crossrefMailto: crossrefMailto
    styles: enrichmentStyles
    maximumInstanceCount: maximumInstanceCount
  }
  // The host reads its package and storage as the identity: grant the roles first.
  dependsOn: [
    rbac
  ]
}

module events 'app/events.bicep' = {
  name: 'events'
  scope: rg
  params: {
    name: 'evgt-enrich-${resourceToken}'
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output UPLOADS_CONTAINER_NAME string = uploadsContainer
output UPLOADS_SYSTEM_TOPIC_NAME string = events.outputs.name
output INGEST_FUNCTION_NAME string = 'Ingest'
