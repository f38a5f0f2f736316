-- Create "customer_consent_changes" table
CREATE TABLE `customer_consent_changes` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `customer_id` integer NOT NULL, `block_communication` bool NOT NULL, `changed` bool NOT NULL DEFAULT (false), `source` text NOT NULL, `keyword` text NOT NULL DEFAULT (''), `message_sid` text NOT NULL DEFAULT (''), `changed_at` datetime NOT NULL);
-- Create index "customerconsentchange_customer_id_changed_at" to table: "customer_consent_changes"
CREATE INDEX `customerconsentchange_customer_id_changed_at` ON `customer_consent_changes` (`customer_id`, `changed_at`);
-- Create index "customerconsentchange_message_sid_customer_id" to table: "customer_consent_changes"
CREATE UNIQUE INDEX `customerconsentchange_message_sid_customer_id` ON `customer_consent_changes` (`message_sid`, `customer_id`);
