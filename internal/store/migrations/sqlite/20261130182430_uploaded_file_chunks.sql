-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_uploaded_files" table
CREATE TABLE `new_uploaded_files` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL DEFAULT (''), `content_type` text NOT NULL DEFAULT (''), `size` integer NOT NULL DEFAULT (0), `sha256` text NOT NULL DEFAULT (''), `data` blob NULL, `customer_communication_id` integer NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `uploaded_files_customer_communications_uploaded_files` FOREIGN KEY (`customer_communication_id`) REFERENCES `customer_communications` (`id`) ON DELETE CASCADE);
-- Copy rows from old table "uploaded_files" to new temporary table "new_uploaded_files"
INSERT INTO `new_uploaded_files` (`id`, `created_at`, `updated_at`, `name`, `content_type`, `size`, `sha256`, `data`, `customer_communication_id`) SELECT `id`, `created_at`, `updated_at`, `name`, `content_type`, `size`, `sha256`, `data`, `customer_communication_id` FROM `uploaded_files`;
-- Drop "uploaded_files" table after copying rows
DROP TABLE `uploaded_files`;
-- Rename temporary table "new_uploaded_files" to "uploaded_files"
ALTER TABLE `new_uploaded_files` RENAME TO `uploaded_files`;
-- Create index "uploadedfile_customer_communication_id" to table: "uploaded_files"
CREATE INDEX `uploadedfile_customer_communication_id` ON `uploaded_files` (`customer_communication_id`);
-- Create "uploaded_file_chunks" table
CREATE TABLE `uploaded_file_chunks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `seq` integer NOT NULL, `data` blob NOT NULL, `file_id` uuid NOT NULL, CONSTRAINT `uploaded_file_chunks_uploaded_files_chunks` FOREIGN KEY (`file_id`) REFERENCES `uploaded_files` (`id`) ON DELETE CASCADE);
-- Create index "uploadedfilechunk_file_id_seq" to table: "uploaded_file_chunks"
CREATE UNIQUE INDEX `uploadedfilechunk_file_id_seq` ON `uploaded_file_chunks` (`file_id`, `seq`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
