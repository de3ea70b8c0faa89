// Who may do what. The app's identity gets exactly the data roles the pipeline uses; the deploying
// user (azd's principalId) gets the same data roles so they can upload files and query tables.
param storageAccountName string
param applicationInsightsName string

param appPrincipalId string

@description('The deploying user or CI principal; empty to skip.')
param userPrincipalId string = ''

@allowed(['User', 'Group', 'ServicePrincipal'])
param userPrincipalType string = 'User'

// Built-in role definition ids (the same in every tenant).
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

// Blob Data Owner rather than Contributor: the blob trigger writes receipts and manages leases.
var dataRoles = [
  storageBlobDataOwner
  storageQueueDataContributor
  storageTableDataContributor
]

module appRoles '../core/security/role-assignments.bicep' = {
  name: 'rbac-app'
  params: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    storageAccountName: storageAccountName
    storageRoleIds: dataRoles
    applicationInsightsName: applicationInsightsName
    // Telemetry is accepted only from an identity with this role (App Insights local auth is off).
    applicationInsightsRoleIds: [monitoringMetricsPublisher]
  }
}

module userRoles '../core/security/role-assignments.bicep' = if (!empty(userPrincipalId)) {
  name: 'rbac-user'
  params: {
    principalId: userPrincipalId
    principalType: userPrincipalType
    storageAccountName: storageAccountName
    storageRoleIds: dataRoles
  }
}
