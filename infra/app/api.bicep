// The Enrichment function app (azd service "api"): Flex Consumption, .NET 10 isolated worker,
// identity-based storage, and the settings the app validates at start.
param name string
param planName string
param location string = resourceGroup().location
param tags object = {}

param identityId string
param identityClientId string
param blobEndpoint string
param queueEndpoint string
param tableEndpoint string
param deploymentContainerName string
param applicationInsightsConnectionString string

@description('Contact address for Crossref\'s polite pool (Crossref:Mailto). Required: the app refuses to start without it.')
@minLength(3)
param crossrefMailto string

@description('Crossref API root (Crossref:BaseUrl).')
param crossrefBaseUrl string = 'https://api.crossref.org'

@description('Comma-separated CSL style ids to render (Enrichment:Styles).')
param styles string = 'apa'

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

// Flex refused caps below 40 during its preview; 40 deploys either way. Crossref's limits are kept
// by the app's own throttle, not by this number.
@description('Upper bound on instances.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

module app '../core/host/flex-function-app.bicep' = {
  name: 'api-flex-function-app'
  params: {
    name: name
    planName: planName
    location: location
    // azd finds the service's target by this tag.
    tags: union(tags, { 'azd-service-name': 'api' })
    identityId: identityId
    identityClientId: identityClientId
    blobEndpoint: blobEndpoint
    queueEndpoint: queueEndpoint
    tableEndpoint: tableEndpoint
    deploymentContainerName: deploymentContainerName
    runtimeName: 'dotnet-isolated'
    runtimeVersion: '10.0'
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    applicationInsightsConnectionString: applicationInsightsConnectionString
    appSettings: {
      Crossref__Mailto: crossrefMailto
      Crossref__BaseUrl: crossrefBaseUrl
      // The same contact identifies the app to DataCite (1,000 requests per 5 minutes instead of 500).
      DataCite__Mailto: crossrefMailto
      Enrichment__Styles: styles
    }
  }
}

output name string = app.outputs.name
output uri string = 'https://${app.outputs.defaultHostName}'
