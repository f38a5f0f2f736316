-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_remote_diag_tickets" table
CREATE TABLE `new_remote_diag_tickets` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `request_id` text NOT NULL, `dealer_location_id` integer NOT NULL, `connector_id` integer NOT NULL, `vin` text NOT NULL DEFAULT (''), `vehicle_model_id` integer NOT NULL DEFAULT (0), `vehicle_model_variant_id` integer NOT NULL DEFAULT (0), `product_ids` json NULL, `voucher` text NOT NULL DEFAULT (''), `reference` text NOT NULL DEFAULT (''), `status` text NOT NULL DEFAULT (''), `provider_state` integer NOT NULL DEFAULT (0), `status_reason` text NOT NULL DEFAULT (''), `creating` bool NOT NULL DEFAULT (false), `provider_ticket_id` integer NULL, `notes` json NULL, `total_net` real NOT NULL DEFAULT (0), `total_gross` real NOT NULL DEFAULT (0), `currency` text NOT NULL DEFAULT (''), `intervention_id` integer NULL, `result_dismissed` bool NOT NULL DEFAULT (false), `csat_score` real NULL, `csat_comment` text NOT NULL DEFAULT (''), `finished_at` datetime NULL, `appointment_id` integer NOT NULL, CONSTRAINT `remote_diag_tickets_appointments_appointment` FOREIGN KEY (`appointment_id`) REFERENCES `appointments` (`id`) ON DELETE NO ACTION);
-- Copy rows from old table "remote_diag_tickets" to new temporary table "new_remote_diag_tickets"
INSERT INTO `new_remote_diag_tickets` (`id`, `created_at`, `updated_at`, `request_id`, `dealer_location_id`, `connector_id`, `vin`, `vehicle_model_id`, `vehicle_model_variant_id`, `product_ids`, `voucher`, `reference`, `status`, `provider_state`, `status_reason`, `creating`, `provider_ticket_id`, `notes`, `total_net`, `total_gross`, `currency`, `intervention_id`, `csat_score`, `csat_comment`, `finished_at`, `appointment_id`) SELECT `id`, `created_at`, `updated_at`, `request_id`, `dealer_location_id`, `connector_id`, `vin`, `vehicle_model_id`, `vehicle_model_variant_id`, `product_ids`, `voucher`, `reference`, `status`, `provider_state`, `status_reason`, `creating`, `provider_ticket_id`, `notes`, `total_net`, `total_gross`, `currency`, `intervention_id`, `csat_score`, `csat_comment`, `finished_at`, `appointment_id` FROM `remote_diag_tickets`;
-- Drop "remote_diag_tickets" table after copying rows
DROP TABLE `remote_diag_tickets`;
-- Rename temporary table "new_remote_diag_tickets" to "remote_diag_tickets"
ALTER TABLE `new_remote_diag_tickets` RENAME TO `remote_diag_tickets`;
-- Create index "remote_diag_tickets_request_id_key" to table: "remote_diag_tickets"
CREATE UNIQUE INDEX `remote_diag_tickets_request_id_key` ON `remote_diag_tickets` (`request_id`);
-- Create index "remotediagticket_appointment_id" to table: "remote_diag_tickets"
CREATE INDEX `remotediagticket_appointment_id` ON `remote_diag_tickets` (`appointment_id`);
-- Create index "remotediagticket_connector_id" to table: "remote_diag_tickets"
CREATE UNIQUE INDEX `remotediagticket_connector_id` ON `remote_diag_tickets` (`connector_id`) WHERE status IN ('requested', 'waiting', 'pending', 'in_progress');
-- Create index "remotediagticket_vin" to table: "remote_diag_tickets"
CREATE INDEX `remotediagticket_vin` ON `remote_diag_tickets` (`vin`);
-- Create index "remotediagticket_provider_ticket_id" to table: "remote_diag_tickets"
CREATE INDEX `remotediagticket_provider_ticket_id` ON `remote_diag_tickets` (`provider_ticket_id`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
