-- Create "dealer_events" table
CREATE TABLE `dealer_events` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `event_id` text NOT NULL, `dealer_location_id` integer NOT NULL, `appointment_id` integer NOT NULL, `seq` integer NOT NULL, `location_seq` integer NOT NULL, `type` text NOT NULL, `data` json NOT NULL, `occurred_at` datetime NOT NULL, `recorded_at` datetime NOT NULL);
-- Create index "dealer_events_event_id_key" to table: "dealer_events"
CREATE UNIQUE INDEX `dealer_events_event_id_key` ON `dealer_events` (`event_id`);
-- Create index "dealerevent_appointment_id_seq" to table: "dealer_events"
CREATE UNIQUE INDEX `dealerevent_appointment_id_seq` ON `dealer_events` (`appointment_id`, `seq`);
-- Create index "dealerevent_dealer_location_id_location_seq" to table: "dealer_events"
CREATE UNIQUE INDEX `dealerevent_dealer_location_id_location_seq` ON `dealer_events` (`dealer_location_id`, `location_seq`);
-- Create "dealer_event_streams" table
CREATE TABLE `dealer_event_streams` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `dealer_location_id` integer NOT NULL, `enabled` bool NOT NULL DEFAULT (false), `url` text NULL, `secret` text NULL, `previous_secret` text NULL, `previous_secret_until` datetime NULL, `last_seq` integer NOT NULL DEFAULT (0), `delivered_seq` integer NOT NULL DEFAULT (0), `expired` integer NOT NULL DEFAULT (0), `last_failure_at` datetime NULL, `last_failure` text NOT NULL DEFAULT (''));
-- Create index "dealer_event_streams_dealer_location_id_key" to table: "dealer_event_streams"
CREATE UNIQUE INDEX `dealer_event_streams_dealer_location_id_key` ON `dealer_event_streams` (`dealer_location_id`);
