-- Add column "personal_data_removed_at" to table: "appointments"
ALTER TABLE `appointments` ADD COLUMN `personal_data_removed_at` datetime NULL;
