provider "google" {
  project = "acme-support-prod"
  region  = "europe-west3"
}

resource "google_sql_database_instance" "kb" {
  name             = "kb"
  database_version = "POSTGRES_16"
  region           = "europe-west3"
  settings {
    tier = "db-custom-2-7680"
    ip_configuration {
      ssl_mode = "ALLOW_UNENCRYPTED_AND_ENCRYPTED"
    }
  }
}
