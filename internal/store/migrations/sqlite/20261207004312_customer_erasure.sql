-- Add column "erased_at" to table: "customers"
ALTER TABLE `customers` ADD COLUMN `erased_at` datetime NULL;
-- Create "customer_erasures" table
CREATE TABLE `customer_erasures` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `dealer_id` integer NOT NULL, `requested_by_user_id` integer NULL, `via` text NOT NULL, `found_by` text NOT NULL, `customer_ids` json NOT NULL, `touched` json NOT NULL, `erased_at` datetime NOT NULL);
-- Create index "customererasure_dealer_id_erased_at" to table: "customer_erasures"
CREATE INDEX `customererasure_dealer_id_erased_at` ON `customer_erasures` (`dealer_id`, `erased_at`);
