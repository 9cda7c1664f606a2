@description('Where the agent runs.')
param location string = 'swedencentral'

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: 'acme-agent-plan'
  location: location
  sku: {
    name: 'P1v3'
  }
}

resource search 'Microsoft.Search/searchServices@2024-06-01-preview' = {
  name: 'acme-agent-search'
  location: 'northeurope'
  sku: {
    name: 'basic'
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'acme-agent-logs'
  location: resourceGroup().location
}
