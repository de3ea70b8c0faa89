// The Event Grid system topic of the storage account. The subscription that feeds the blob trigger
// (BlobCreated under uploads/ -> the blobs extension webhook) needs the app's blobs_extension key,
// which exists only once the code is deployed and the host has started: the azd postdeploy hook
// (infra/hooks/postdeploy.*) creates it.
param name string
param location string = resourceGroup().location
param tags object = {}
param storageAccountName string

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = topic.name
