-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_users" table
CREATE TABLE `new_users` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `dms_nr` text NOT NULL DEFAULT (''), `first_name` text NOT NULL DEFAULT (''), `last_name` text NOT NULL DEFAULT (''), `email` text NOT NULL, `username` text NOT NULL DEFAULT (''), `mobile` text NOT NULL DEFAULT (''), `phone` text NOT NULL DEFAULT (''), `profile_picture` text NOT NULL DEFAULT (''), `password_hash` text NULL, `role_id` integer NOT NULL, `status` integer NOT NULL DEFAULT (1), `landing_page_id` integer NULL, `is_counter_tablet_user` bool NOT NULL DEFAULT (false), `is_key_locker_allowed` bool NOT NULL DEFAULT (false), `language_code` text NOT NULL DEFAULT ('en-GB'), `dealer_location_id` integer NULL, `location_ids` json NULL, `last_active` datetime NULL, `credential_version` integer NOT NULL DEFAULT (0), `dealer_id` integer NULL, CONSTRAINT `users_dealers_users` FOREIGN KEY (`dealer_id`) REFERENCES `dealers` (`id`) ON DELETE SET NULL);
-- Copy rows from old table "users" to new temporary table "new_users"
INSERT INTO `new_users` (`id`, `created_at`, `updated_at`, `dms_nr`, `first_name`, `last_name`, `email`, `username`, `mobile`, `phone`, `profile_picture`, `password_hash`, `role_id`, `status`, `landing_page_id`, `is_counter_tablet_user`, `is_key_locker_allowed`, `language_code`, `dealer_location_id`, `location_ids`, `last_active`, `dealer_id`) SELECT `id`, `created_at`, `updated_at`, `dms_nr`, `first_name`, `last_name`, `email`, `username`, `mobile`, `phone`, `profile_picture`, `password_hash`, `role_id`, `status`, `landing_page_id`, `is_counter_tablet_user`, `is_key_locker_allowed`, `language_code`, `dealer_location_id`, `location_ids`, `last_active`, `dealer_id` FROM `users`;
-- Drop "users" table after copying rows
DROP TABLE `users`;
-- Rename temporary table "new_users" to "users"
ALTER TABLE `new_users` RENAME TO `users`;
-- Create index "users_email_key" to table: "users"
CREATE UNIQUE INDEX `users_email_key` ON `users` (`email`);
-- Create index "user_dealer_id" to table: "users"
CREATE INDEX `user_dealer_id` ON `users` (`dealer_id`);
-- Create index "user_username" to table: "users"
CREATE INDEX `user_username` ON `users` (`username`);
-- Add column "remote_diag_connector_uuid" to table: "dealer_locations"
ALTER TABLE `dealer_locations` ADD COLUMN `remote_diag_connector_uuid` text NULL;
-- Add column "remote_diag_pincode" to table: "dealer_locations"
ALTER TABLE `dealer_locations` ADD COLUMN `remote_diag_pincode` text NULL;
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
