-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_customer_data_keys" table
CREATE TABLE `new_customer_data_keys` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `customer_id` integer NULL, `subject` text NULL, `key_id` text NOT NULL, `master_key_id` text NOT NULL, `wrapped_key` blob NULL, `created_at` datetime NOT NULL, `erased_at` datetime NULL);
-- Copy rows from old table "customer_data_keys" to new temporary table "new_customer_data_keys"
INSERT INTO `new_customer_data_keys` (`id`, `customer_id`, `key_id`, `master_key_id`, `wrapped_key`, `created_at`, `erased_at`) SELECT `id`, `customer_id`, `key_id`, `master_key_id`, `wrapped_key`, `created_at`, `erased_at` FROM `customer_data_keys`;
-- Drop "customer_data_keys" table after copying rows
DROP TABLE `customer_data_keys`;
-- Rename temporary table "new_customer_data_keys" to "customer_data_keys"
ALTER TABLE `new_customer_data_keys` RENAME TO `customer_data_keys`;
-- Create index "customer_data_keys_customer_id_key" to table: "customer_data_keys"
CREATE UNIQUE INDEX `customer_data_keys_customer_id_key` ON `customer_data_keys` (`customer_id`);
-- Create index "customer_data_keys_subject_key" to table: "customer_data_keys"
CREATE UNIQUE INDEX `customer_data_keys_subject_key` ON `customer_data_keys` (`subject`);
-- Create index "customer_data_keys_key_id_key" to table: "customer_data_keys"
CREATE UNIQUE INDEX `customer_data_keys_key_id_key` ON `customer_data_keys` (`key_id`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
