-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_desk_communications" table
CREATE TABLE `new_desk_communications` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `status` integer NOT NULL DEFAULT (1), `is_checking_out` bool NOT NULL DEFAULT (false), `customer_id` integer NULL, `car_id` integer NULL, `dealer_location_id` integer NOT NULL, `receptionist_id` integer NULL, `tablet_user_id` integer NOT NULL, `customer_name` text NOT NULL DEFAULT (''), `customer_signature` text NOT NULL DEFAULT (''), `presented_agreement_ids` json NULL, `accepted_agreement_ids` json NULL, `result_decisions` json NULL, `correct_phone` text NOT NULL DEFAULT (''), `correct_email` text NOT NULL DEFAULT (''), `appointment_id` integer NOT NULL, CONSTRAINT `desk_communications_appointments_desk_communications` FOREIGN KEY (`appointment_id`) REFERENCES `appointments` (`id`) ON DELETE CASCADE);
-- Copy rows from old table "desk_communications" to new temporary table "new_desk_communications"
INSERT INTO `new_desk_communications` (`id`, `created_at`, `updated_at`, `status`, `is_checking_out`, `customer_id`, `car_id`, `dealer_location_id`, `receptionist_id`, `tablet_user_id`, `customer_name`, `customer_signature`, `presented_agreement_ids`, `accepted_agreement_ids`, `appointment_id`) SELECT `id`, `created_at`, `updated_at`, `status`, `is_checking_out`, `customer_id`, `car_id`, `dealer_location_id`, `receptionist_id`, `tablet_user_id`, `customer_name`, `customer_signature`, `presented_agreement_ids`, `accepted_agreement_ids`, `appointment_id` FROM `desk_communications`;
-- Drop "desk_communications" table after copying rows
DROP TABLE `desk_communications`;
-- Rename temporary table "new_desk_communications" to "desk_communications"
ALTER TABLE `new_desk_communications` RENAME TO `desk_communications`;
-- Create index "deskcommunication_tablet_user_id_status" to table: "desk_communications"
CREATE INDEX `deskcommunication_tablet_user_id_status` ON `desk_communications` (`tablet_user_id`, `status`);
-- Create index "deskcommunication_appointment_id" to table: "desk_communications"
CREATE INDEX `deskcommunication_appointment_id` ON `desk_communications` (`appointment_id`);
-- Add column "signature_file_id" to table: "desk_communication_events"
ALTER TABLE `desk_communication_events` ADD COLUMN `signature_file_id` uuid NULL;
-- Create "desk_agreed_interventions" table
CREATE TABLE `desk_agreed_interventions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `intervention_id` integer NOT NULL, `title` text NOT NULL DEFAULT (''), `description` text NOT NULL DEFAULT (''), `price` real NOT NULL DEFAULT (0), `vat` real NOT NULL DEFAULT (0), `desk_communication_id` integer NOT NULL, CONSTRAINT `desk_agreed_interventions_desk_d94516bac3e8fb6f93dc1851267a7054` FOREIGN KEY (`desk_communication_id`) REFERENCES `desk_communications` (`id`) ON DELETE CASCADE);
-- Create index "deskagreedintervention_desk_communication_id_intervention_id" to table: "desk_agreed_interventions"
CREATE UNIQUE INDEX `deskagreedintervention_desk_communication_id_intervention_id` ON `desk_agreed_interventions` (`desk_communication_id`, `intervention_id`);
-- Create "desk_declined_interventions" table
CREATE TABLE `desk_declined_interventions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `intervention_id` integer NOT NULL, `title` text NOT NULL DEFAULT (''), `description` text NOT NULL DEFAULT (''), `price` real NOT NULL DEFAULT (0), `vat` real NOT NULL DEFAULT (0), `desk_communication_id` integer NOT NULL, CONSTRAINT `desk_declined_interventions_de_e6fc259d1823c7e8fb6ca5709ce1f298` FOREIGN KEY (`desk_communication_id`) REFERENCES `desk_communications` (`id`) ON DELETE CASCADE);
-- Create index "deskdeclinedintervention_desk_communication_id_intervention_id" to table: "desk_declined_interventions"
CREATE UNIQUE INDEX `deskdeclinedintervention_desk_communication_id_intervention_id` ON `desk_declined_interventions` (`desk_communication_id`, `intervention_id`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
