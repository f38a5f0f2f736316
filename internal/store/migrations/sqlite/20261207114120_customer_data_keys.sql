-- Create "customer_data_keys" table
CREATE TABLE `customer_data_keys` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `customer_id` integer NOT NULL, `key_id` text NOT NULL, `master_key_id` text NOT NULL, `wrapped_key` blob NULL, `created_at` datetime NOT NULL, `erased_at` datetime NULL);
-- Create index "customer_data_keys_customer_id_key" to table: "customer_data_keys"
CREATE UNIQUE INDEX `customer_data_keys_customer_id_key` ON `customer_data_keys` (`customer_id`);
-- Create index "customer_data_keys_key_id_key" to table: "customer_data_keys"
CREATE UNIQUE INDEX `customer_data_keys_key_id_key` ON `customer_data_keys` (`key_id`);
