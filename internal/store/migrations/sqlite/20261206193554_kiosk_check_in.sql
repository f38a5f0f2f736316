-- Add column "kiosk_checked_in_at" to table: "appointments"
ALTER TABLE `appointments` ADD COLUMN `kiosk_checked_in_at` datetime NULL;
-- Add column "kiosk_label_number" to table: "appointments"
ALTER TABLE `appointments` ADD COLUMN `kiosk_label_number` integer NULL;
-- Create "kiosk_agreed_interventions" table
CREATE TABLE `kiosk_agreed_interventions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `intervention_id` integer NULL, `title` text NOT NULL DEFAULT (''), `description` text NOT NULL DEFAULT (''), `price` real NOT NULL DEFAULT (0), `vat` real NOT NULL DEFAULT (0), `kiosk_communication_id` integer NOT NULL, CONSTRAINT `kiosk_agreed_interventions_kio_07fd1e176352da7d652676d18667d876` FOREIGN KEY (`kiosk_communication_id`) REFERENCES `kiosk_communications` (`id`) ON DELETE CASCADE);
-- Create index "kioskagreedintervention_kiosk_communication_id" to table: "kiosk_agreed_interventions"
CREATE INDEX `kioskagreedintervention_kiosk_communication_id` ON `kiosk_agreed_interventions` (`kiosk_communication_id`);
-- Create "kiosk_communications" table
CREATE TABLE `kiosk_communications` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `status` integer NOT NULL DEFAULT (1), `customer_id` integer NULL, `car_id` integer NULL, `dealer_location_id` integer NOT NULL, `kiosk_user_id` integer NOT NULL, `presented_agreement_ids` json NULL, `accepted_agreement_ids` json NULL, `appointment_id` integer NOT NULL, CONSTRAINT `kiosk_communications_appointments_kiosk_communications` FOREIGN KEY (`appointment_id`) REFERENCES `appointments` (`id`) ON DELETE CASCADE);
-- Create index "kioskcommunication_appointment_id" to table: "kiosk_communications"
CREATE INDEX `kioskcommunication_appointment_id` ON `kiosk_communications` (`appointment_id`);
-- Create index "kioskcommunication_dealer_location_id_status" to table: "kiosk_communications"
CREATE INDEX `kioskcommunication_dealer_location_id_status` ON `kiosk_communications` (`dealer_location_id`, `status`);
-- Create "kiosk_communication_events" table
CREATE TABLE `kiosk_communication_events` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `type` integer NOT NULL, `correct_phone` text NOT NULL DEFAULT (''), `customer_name` text NOT NULL DEFAULT (''), `customer_signature` blob NULL, `kiosk_name` text NOT NULL DEFAULT (''), `kiosk_label_number` integer NULL, `user_id` integer NULL, `kiosk_communication_id` integer NOT NULL, CONSTRAINT `kiosk_communication_events_kiosk_communications_events` FOREIGN KEY (`kiosk_communication_id`) REFERENCES `kiosk_communications` (`id`) ON DELETE CASCADE);
-- Create "kiosk_labels" table
CREATE TABLE `kiosk_labels` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `dealer_location_id` integer NOT NULL, `number` integer NOT NULL, `appointment_id` integer NULL, `kiosk_communication_id` integer NULL, `kiosk_id` integer NULL);
-- Create index "kiosklabel_dealer_location_id_number" to table: "kiosk_labels"
CREATE UNIQUE INDEX `kiosklabel_dealer_location_id_number` ON `kiosk_labels` (`dealer_location_id`, `number`);
-- Create index "kiosklabel_kiosk_communication_id" to table: "kiosk_labels"
CREATE INDEX `kiosklabel_kiosk_communication_id` ON `kiosk_labels` (`kiosk_communication_id`);
-- Create "kiosk_remarks" table
CREATE TABLE `kiosk_remarks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `appointment_id` integer NOT NULL, `description` text NOT NULL DEFAULT (''), `receptionist_handled` bool NOT NULL DEFAULT (false), `visible_in_dashboard` bool NOT NULL DEFAULT (true), `visible_to_mechanic` bool NOT NULL DEFAULT (false), `kiosk_communication_id` integer NOT NULL, CONSTRAINT `kiosk_remarks_kiosk_communications_remark` FOREIGN KEY (`kiosk_communication_id`) REFERENCES `kiosk_communications` (`id`) ON DELETE CASCADE);
-- Create index "kiosk_remarks_kiosk_communication_id_key" to table: "kiosk_remarks"
CREATE UNIQUE INDEX `kiosk_remarks_kiosk_communication_id_key` ON `kiosk_remarks` (`kiosk_communication_id`);
-- Create index "kioskremark_appointment_id" to table: "kiosk_remarks"
CREATE INDEX `kioskremark_appointment_id` ON `kiosk_remarks` (`appointment_id`);
