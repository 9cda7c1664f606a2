provider "azurerm" {
  features {}
}

resource "azurerm_storage_account" "transcripts" {
  name                       = "acmetranscripts"
  resource_group_name        = "support-rg"
  location                   = "westeurope"
  account_tier               = "Standard"
  account_replication_type   = "GRS"
  https_traffic_only_enabled = false
}

resource "azurerm_storage_account" "exports" {
  name                       = "acmeexports"
  resource_group_name        = "support-rg"
  location                   = "westeurope"
  account_tier               = "Standard"
  account_replication_type   = "LRS"
  https_traffic_only_enabled = true
  min_tls_version            = "TLS1_2"
}

resource "azurerm_postgresql_server" "legacy" {
  name                         = "acme-legacy-pg"
  location                     = "westeurope"
  resource_group_name          = "support-rg"
  sku_name                     = "GP_Gen5_2"
  version                      = "11"
  ssl_enforcement_enabled      = false
  administrator_login          = "pgadmin"
}

resource "azurerm_postgresql_flexible_server" "tickets" {
  name                = "acme-tickets-pg"
  resource_group_name = "support-rg"
  location            = "westeurope"
  version             = "16"
  sku_name            = "GP_Standard_D2s_v3"
}

resource "azurerm_postgresql_flexible_server_configuration" "no_tls" {
  name      = "require_secure_transport"
  server_id = azurerm_postgresql_flexible_server.tickets.id
  value     = "off"
}

resource "azurerm_postgresql_flexible_server_configuration" "timezone" {
  name      = "timezone"
  server_id = azurerm_postgresql_flexible_server.tickets.id
  value     = "UTC"
}

resource "azurerm_cosmosdb_account" "memory" {
  name                = "acme-agent-memory"
  location            = "westeurope"
  resource_group_name = "support-rg"
  offer_type          = "Standard"
  minimal_tls_version = "Tls11"

  consistency_policy {
    consistency_level = "Session"
  }

  geo_location {
    location          = "westeurope"
    failover_priority = 0
  }
}
