resource "azurerm_resource_group" "rg" {
  name     = "rg-support-ai"
  location = "West Europe"
}

resource "azurerm_cognitive_account" "openai" {
  name                  = "contoso-eu-openai"
  location              = azurerm_resource_group.rg.location
  resource_group_name   = azurerm_resource_group.rg.name
  kind                  = "OpenAI"
  sku_name              = "S0"
  custom_subdomain_name = "contoso-eu"
}

resource "azurerm_cognitive_deployment" "gpt4o" {
  name                 = "gpt-4o"
  cognitive_account_id = azurerm_cognitive_account.openai.id
  model {
    format  = "OpenAI"
    name    = "gpt-4o"
    version = "2024-11-20"
  }
  sku {
    name = "GlobalStandard"
  }
}

resource "azurerm_cognitive_deployment" "mini" {
  name                 = "gpt-4o-mini"
  cognitive_account_id = azurerm_cognitive_account.openai.id
  model {
    format  = "OpenAI"
    name    = "gpt-4o-mini"
    version = "2024-07-18"
  }
  sku {
    name = "DataZoneStandard"
  }
}

resource "azurerm_storage_account" "logs" {
  name                     = "supportlogs"
  resource_group_name      = azurerm_resource_group.rg.name
  location                 = "swedencentral"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  min_tls_version          = "TLS1_0"
}
