-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_communication_receivers" table
CREATE TABLE `new_communication_receivers` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `reminder_kind` text NULL, `appointment_message_id` integer NULL, `sms_sender` text NOT NULL DEFAULT (''), `appointment_id` integer NOT NULL, `communication_channel_id` integer NOT NULL, `destination` text NOT NULL DEFAULT (''), `status` integer NOT NULL DEFAULT (1), `reason` text NOT NULL DEFAULT (''), `sms_gateway_id` integer NULL, `twilio_message_sid` text NOT NULL DEFAULT (''), `mailgun_message_id` text NOT NULL DEFAULT (''), `webhook_id` text NOT NULL DEFAULT (''), `idempotency_key` text NOT NULL, `delivery_state` text NOT NULL DEFAULT ('queued'), `attempts` integer NOT NULL DEFAULT (0), `communication_event_id` integer NULL, `desk_communication_event_id` integer NULL, `key_locker_communication_event_id` integer NULL, CONSTRAINT `communication_receivers_communication_events_receivers` FOREIGN KEY (`communication_event_id`) REFERENCES `communication_events` (`id`) ON DELETE CASCADE, CONSTRAINT `communication_receivers_desk_communication_events_receivers` FOREIGN KEY (`desk_communication_event_id`) REFERENCES `desk_communication_events` (`id`) ON DELETE SET NULL, CONSTRAINT `communication_receivers_key_lo_c39431fd0db0d48cd816324903ab30a4` FOREIGN KEY (`key_locker_communication_event_id`) REFERENCES `key_locker_communication_events` (`id`) ON DELETE CASCADE);
-- Copy rows from old table "communication_receivers" to new temporary table "new_communication_receivers"
INSERT INTO `new_communication_receivers` (`id`, `created_at`, `updated_at`, `reminder_kind`, `appointment_id`, `communication_channel_id`, `destination`, `status`, `reason`, `sms_gateway_id`, `twilio_message_sid`, `mailgun_message_id`, `webhook_id`, `idempotency_key`, `delivery_state`, `attempts`, `communication_event_id`, `desk_communication_event_id`, `key_locker_communication_event_id`) SELECT `id`, `created_at`, `updated_at`, `reminder_kind`, `appointment_id`, `communication_channel_id`, `destination`, `status`, `reason`, `sms_gateway_id`, `twilio_message_sid`, `mailgun_message_id`, `webhook_id`, `idempotency_key`, `delivery_state`, `attempts`, `communication_event_id`, `desk_communication_event_id`, `key_locker_communication_event_id` FROM `communication_receivers`;
-- Drop "communication_receivers" table after copying rows
DROP TABLE `communication_receivers`;
-- Rename temporary table "new_communication_receivers" to "communication_receivers"
ALTER TABLE `new_communication_receivers` RENAME TO `communication_receivers`;
-- Create index "communication_receivers_idempotency_key_key" to table: "communication_receivers"
CREATE UNIQUE INDEX `communication_receivers_idempotency_key_key` ON `communication_receivers` (`idempotency_key`);
-- Create index "communicationreceiver_communication_event_id" to table: "communication_receivers"
CREATE INDEX `communicationreceiver_communication_event_id` ON `communication_receivers` (`communication_event_id`);
-- Create index "communicationreceiver_appointment_id" to table: "communication_receivers"
CREATE INDEX `communicationreceiver_appointment_id` ON `communication_receivers` (`appointment_id`);
-- Create index "communicationreceiver_twilio_message_sid" to table: "communication_receivers"
CREATE INDEX `communicationreceiver_twilio_message_sid` ON `communication_receivers` (`twilio_message_sid`);
-- Create index "communicationreceiver_mailgun_message_id" to table: "communication_receivers"
CREATE INDEX `communicationreceiver_mailgun_message_id` ON `communication_receivers` (`mailgun_message_id`);
-- Create index "communicationreceiver_delivery_state" to table: "communication_receivers"
CREATE INDEX `communicationreceiver_delivery_state` ON `communication_receivers` (`delivery_state`);
-- Create "appointment_messages" table
CREATE TABLE `appointment_messages` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `appointment_id` integer NULL, `dealer_location_id` integer NULL, `direction` text NOT NULL, `communication_channel_id` integer NOT NULL, `text` text NOT NULL, `provider_id` text NOT NULL, `customer_address` text NOT NULL DEFAULT (''), `our_address` text NOT NULL DEFAULT (''), `appointment_closed` bool NOT NULL DEFAULT (false), `communication_receiver_id` integer NULL, `user_id` integer NULL);
-- Create index "appointment_messages_provider_id_key" to table: "appointment_messages"
CREATE UNIQUE INDEX `appointment_messages_provider_id_key` ON `appointment_messages` (`provider_id`);
-- Create index "appointmentmessage_appointment_id_id" to table: "appointment_messages"
CREATE INDEX `appointmentmessage_appointment_id_id` ON `appointment_messages` (`appointment_id`, `id`);
-- Create "conversations" table
CREATE TABLE `conversations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `appointment_id` integer NOT NULL, `communication_channel_id` integer NOT NULL, `customer_address` text NOT NULL, `our_address` text NOT NULL);
-- Create index "conversation_appointment_id_co_a7c7c022e972f0f09114b3b081da641b" to table: "conversations"
CREATE UNIQUE INDEX `conversation_appointment_id_co_a7c7c022e972f0f09114b3b081da641b` ON `conversations` (`appointment_id`, `communication_channel_id`, `customer_address`);
-- Create index "conversation_communication_cha_b8073888a4eec430e734bd69fbca0fd1" to table: "conversations"
CREATE INDEX `conversation_communication_cha_b8073888a4eec430e734bd69fbca0fd1` ON `conversations` (`communication_channel_id`, `customer_address`, `our_address`);
-- Create index "conversation_communication_channel_id_our_address" to table: "conversations"
CREATE INDEX `conversation_communication_channel_id_our_address` ON `conversations` (`communication_channel_id`, `our_address`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
