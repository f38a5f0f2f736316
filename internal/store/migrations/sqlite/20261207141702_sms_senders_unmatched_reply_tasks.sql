-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_tasks" table
CREATE TABLE `new_tasks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `dealer_location_id` integer NOT NULL, `appointment_id` integer NULL, `kind` text NOT NULL, `text` text NOT NULL DEFAULT (''), `dedupe_key` text NOT NULL, `state` text NOT NULL DEFAULT ('open'), `done_at` datetime NULL, `done_by_user_id` integer NULL);
-- Copy rows from old table "tasks" to new temporary table "new_tasks"
INSERT INTO `new_tasks` (`id`, `created_at`, `updated_at`, `dealer_location_id`, `appointment_id`, `kind`, `text`, `dedupe_key`, `state`, `done_at`, `done_by_user_id`) SELECT `id`, `created_at`, `updated_at`, `dealer_location_id`, `appointment_id`, `kind`, `text`, `dedupe_key`, `state`, `done_at`, `done_by_user_id` FROM `tasks`;
-- Drop "tasks" table after copying rows
DROP TABLE `tasks`;
-- Rename temporary table "new_tasks" to "tasks"
ALTER TABLE `new_tasks` RENAME TO `tasks`;
-- Create index "tasks_dedupe_key_key" to table: "tasks"
CREATE UNIQUE INDEX `tasks_dedupe_key_key` ON `tasks` (`dedupe_key`);
-- Create index "task_dealer_location_id_state_id" to table: "tasks"
CREATE INDEX `task_dealer_location_id_state_id` ON `tasks` (`dealer_location_id`, `state`, `id`);
-- Create index "task_appointment_id" to table: "tasks"
CREATE INDEX `task_appointment_id` ON `tasks` (`appointment_id`);
-- Create "sms_senders" table
CREATE TABLE `sms_senders` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `dealer_location_id` integer NOT NULL, `number` text NOT NULL, `position` integer NOT NULL DEFAULT (0));
-- Create index "sms_senders_number_key" to table: "sms_senders"
CREATE UNIQUE INDEX `sms_senders_number_key` ON `sms_senders` (`number`);
-- Create index "smssender_dealer_location_id_position" to table: "sms_senders"
CREATE INDEX `smssender_dealer_location_id_position` ON `sms_senders` (`dealer_location_id`, `position`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
