-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_dealer_event_streams" table
CREATE TABLE `new_dealer_event_streams` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `dealer_location_id` integer NOT NULL, `enabled` bool NOT NULL DEFAULT (false), `url` text NULL, `secret` text NULL, `previous_secret` text NULL, `previous_secret_until` datetime NULL, `last_seq` integer NOT NULL DEFAULT (0), `delivered_seq` integer NOT NULL DEFAULT (0), `expired` integer NOT NULL DEFAULT (0), `pruned_seq` integer NOT NULL DEFAULT (0), `pruned_at` datetime NULL, `last_failure_at` datetime NULL, `last_failure` text NOT NULL DEFAULT (''));
-- Copy rows from old table "dealer_event_streams" to new temporary table "new_dealer_event_streams"
INSERT INTO `new_dealer_event_streams` (`id`, `created_at`, `updated_at`, `dealer_location_id`, `enabled`, `url`, `secret`, `previous_secret`, `previous_secret_until`, `last_seq`, `delivered_seq`, `expired`, `last_failure_at`, `last_failure`) SELECT `id`, `created_at`, `updated_at`, `dealer_location_id`, `enabled`, `url`, `secret`, `previous_secret`, `previous_secret_until`, `last_seq`, `delivered_seq`, `expired`, `last_failure_at`, `last_failure` FROM `dealer_event_streams`;
-- Drop "dealer_event_streams" table after copying rows
DROP TABLE `dealer_event_streams`;
-- Rename temporary table "new_dealer_event_streams" to "dealer_event_streams"
ALTER TABLE `new_dealer_event_streams` RENAME TO `dealer_event_streams`;
-- Create index "dealer_event_streams_dealer_location_id_key" to table: "dealer_event_streams"
CREATE UNIQUE INDEX `dealer_event_streams_dealer_location_id_key` ON `dealer_event_streams` (`dealer_location_id`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
