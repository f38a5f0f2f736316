-- Modify "dealer_locations" table
ALTER TABLE "dealer_locations" ADD COLUMN "remote_diag_connector_uuid" character varying NULL, ADD COLUMN "remote_diag_pincode" character varying NULL;
-- Modify "users" table
ALTER TABLE "users" ADD COLUMN "credential_version" bigint NOT NULL DEFAULT 0;
