-- Add column "remote_diag_connector_uuid" to table: "dealer_locations"
ALTER TABLE `dealer_locations` ADD COLUMN `remote_diag_connector_uuid` text NULL;
-- Add column "remote_diag_pincode" to table: "dealer_locations"
ALTER TABLE `dealer_locations` ADD COLUMN `remote_diag_pincode` text NULL;
