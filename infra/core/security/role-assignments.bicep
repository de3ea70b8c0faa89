// Gives one principal a set of built-in roles on a storage account and, optionally, on an
// Application Insights component. Names are deterministic, so a redeploy changes nothing.
@description('Object id of the principal (user, group or service principal).')
param principalId string

@allowed(['User', 'Group', 'ServicePrincipal'])
param principalType string

param storageAccountName string

@description('Built-in role definition ids (GUIDs) to grant on the storage account.')
param storageRoleIds string[]

@description('Application Insights component to grant roles on; empty for none.')
param applicationInsightsName string = ''

@description('Built-in role definition ids (GUIDs) to grant on Application Insights.')
param applicationInsightsRoleIds string[] = []

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = if (!empty(applicationInsightsName)) {
  name: applicationInsightsName
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in storageRoleIds: {
    name: guid(storage.id, principalId, roleId)
    scope: storage
    properties: {
      principalId: principalId
      principalType: principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

resource applicationInsightsRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in (empty(applicationInsightsName) ? [] : applicationInsightsRoleIds): {
    name: guid(applicationInsights.id, principalId, roleId)
    scope: applicationInsights
    properties: {
      principalId: principalId
      principalType: principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]
