-- Add column "closed_at" to table: "appointments"
ALTER TABLE `appointments` ADD COLUMN `closed_at` datetime NULL;
