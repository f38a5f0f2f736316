-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_dealers" table
CREATE TABLE `new_dealers` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `country_code` text NOT NULL DEFAULT (''), `active` bool NOT NULL DEFAULT (true), `domain_name` text NOT NULL DEFAULT (''), `website_url` text NOT NULL DEFAULT (''), `phone_nr` text NOT NULL DEFAULT (''), `street` text NOT NULL DEFAULT (''), `city` text NOT NULL DEFAULT (''), `region` text NOT NULL DEFAULT (''), `postal_code` text NOT NULL DEFAULT (''), `enable_car_ready` bool NOT NULL DEFAULT (false), `customer_data_retention_in_years` integer NOT NULL DEFAULT (0), `personal_data_retention_months` integer NOT NULL DEFAULT (24), `sms_gateway_id` integer NULL, `twilio_phone_number` text NOT NULL DEFAULT (''));
-- Copy rows from old table "dealers" to new temporary table "new_dealers"
INSERT INTO `new_dealers` (`id`, `created_at`, `updated_at`, `name`, `country_code`, `active`, `domain_name`, `website_url`, `phone_nr`, `street`, `city`, `region`, `postal_code`, `enable_car_ready`, `customer_data_retention_in_years`, `sms_gateway_id`, `twilio_phone_number`) SELECT `id`, `created_at`, `updated_at`, `name`, `country_code`, `active`, `domain_name`, `website_url`, `phone_nr`, `street`, `city`, `region`, `postal_code`, `enable_car_ready`, `customer_data_retention_in_years`, `sms_gateway_id`, `twilio_phone_number` FROM `dealers`;
-- Drop "dealers" table after copying rows
DROP TABLE `dealers`;
-- Rename temporary table "new_dealers" to "dealers"
ALTER TABLE `new_dealers` RENAME TO `dealers`;
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
