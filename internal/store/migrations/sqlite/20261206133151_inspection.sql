-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_communication_results" table
CREATE TABLE `new_communication_results` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `appointment_id` integer NOT NULL, `kind` text NOT NULL, `question_result_id` integer NULL, `check_id` integer NULL, `question_options` json NULL, `tyre_position` integer NOT NULL DEFAULT (0), `tyre_profile` real NOT NULL DEFAULT (0), `status` integer NOT NULL DEFAULT (1), `checklist_type` integer NULL, `checklist_name` text NOT NULL DEFAULT (''), `checklist_order` integer NOT NULL DEFAULT (0), `group_name` text NOT NULL DEFAULT (''), `group_order` integer NOT NULL DEFAULT (0), `question_order` integer NOT NULL DEFAULT (0), `title` text NOT NULL DEFAULT (''), `price` real NOT NULL DEFAULT (0), `vat` real NOT NULL DEFAULT (0), `mechanic_fixed` bool NOT NULL DEFAULT (false), `mechanic_notes` text NOT NULL DEFAULT (''), `question_status` integer NOT NULL DEFAULT (0), `customer_approved` bool NOT NULL DEFAULT (false), `customer_communication_id` integer NOT NULL, CONSTRAINT `communication_results_customer_communications_results` FOREIGN KEY (`customer_communication_id`) REFERENCES `customer_communications` (`id`) ON DELETE CASCADE);
-- Copy rows from old table "communication_results" to new temporary table "new_communication_results"
INSERT INTO `new_communication_results` (`id`, `created_at`, `updated_at`, `appointment_id`, `kind`, `question_result_id`, `status`, `checklist_type`, `checklist_name`, `checklist_order`, `group_name`, `group_order`, `question_order`, `title`, `price`, `vat`, `mechanic_fixed`, `mechanic_notes`, `question_status`, `customer_approved`, `customer_communication_id`) SELECT `id`, `created_at`, `updated_at`, `appointment_id`, `kind`, `question_result_id`, `status`, `checklist_type`, `checklist_name`, `checklist_order`, `group_name`, `group_order`, `question_order`, `title`, `price`, `vat`, `mechanic_fixed`, `mechanic_notes`, `question_status`, `customer_approved`, `customer_communication_id` FROM `communication_results`;
-- Drop "communication_results" table after copying rows
DROP TABLE `communication_results`;
-- Rename temporary table "new_communication_results" to "communication_results"
ALTER TABLE `new_communication_results` RENAME TO `communication_results`;
-- Create index "communicationresult_customer_communication_id_kind" to table: "communication_results"
CREATE INDEX `communicationresult_customer_communication_id_kind` ON `communication_results` (`customer_communication_id`, `kind`);
-- Create index "communicationresult_customer_c_7037b5337fada5976f09f46032b39ff7" to table: "communication_results"
CREATE UNIQUE INDEX `communicationresult_customer_c_7037b5337fada5976f09f46032b39ff7` ON `communication_results` (`customer_communication_id`, `kind`, `question_result_id`);
-- Create "checks" table
CREATE TABLE `checks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `appointment_id` integer NOT NULL, `dealer_location_id` integer NOT NULL, `checklist_id` integer NOT NULL, `checklist_type` integer NOT NULL DEFAULT (0), `mechanic_id` integer NOT NULL, `start_key` text NOT NULL, `started_at` datetime NOT NULL, `finished_at` datetime NULL, `duration` integer NOT NULL DEFAULT (0));
-- Create index "checks_start_key_key" to table: "checks"
CREATE UNIQUE INDEX `checks_start_key_key` ON `checks` (`start_key`);
-- Create index "check_appointment_id" to table: "checks"
CREATE INDEX `check_appointment_id` ON `checks` (`appointment_id`);
-- Create "checklists" table
CREATE TABLE `checklists` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `dealer_id` integer NOT NULL, `dealer_location_id` integer NOT NULL DEFAULT (0), `name` text NOT NULL DEFAULT (''), `checklist_type` integer NOT NULL DEFAULT (0), `active` bool NOT NULL DEFAULT (true), `display_order` integer NOT NULL DEFAULT (0), `parent_id` integer NULL, `root_id` integer NOT NULL DEFAULT (0), `version` integer NOT NULL DEFAULT (1), `deleted` bool NOT NULL DEFAULT (false), `customer_statuses` json NULL);
-- Create index "checklist_dealer_id_deleted" to table: "checklists"
CREATE INDEX `checklist_dealer_id_deleted` ON `checklists` (`dealer_id`, `deleted`);
-- Create index "checklist_root_id" to table: "checklists"
CREATE INDEX `checklist_root_id` ON `checklists` (`root_id`);
-- Create "checklist_questions" table
CREATE TABLE `checklist_questions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `group_name` text NOT NULL DEFAULT (''), `group_order` integer NOT NULL DEFAULT (0), `question_order` integer NOT NULL DEFAULT (0), `title` text NOT NULL DEFAULT (''), `default_price` real NOT NULL DEFAULT (0), `default_labour_minutes` integer NOT NULL DEFAULT (0), `default_status` integer NOT NULL DEFAULT (0), `contains_tyre_element` bool NOT NULL DEFAULT (false), `options` json NULL, `checklist_id` integer NOT NULL, CONSTRAINT `checklist_questions_checklists_questions` FOREIGN KEY (`checklist_id`) REFERENCES `checklists` (`id`) ON DELETE CASCADE);
-- Create index "checklistquestion_checklist_id_group_order_question_order" to table: "checklist_questions"
CREATE INDEX `checklistquestion_checklist_id_group_order_question_order` ON `checklist_questions` (`checklist_id`, `group_order`, `question_order`);
-- Create "question_results" table
CREATE TABLE `question_results` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `question_id` integer NOT NULL, `appointment_id` integer NOT NULL, `answer_key` text NOT NULL DEFAULT (''), `status` integer NOT NULL DEFAULT (0), `title` text NOT NULL DEFAULT (''), `group_name` text NOT NULL DEFAULT (''), `group_order` integer NOT NULL DEFAULT (0), `question_order` integer NOT NULL DEFAULT (0), `completed` bool NOT NULL DEFAULT (false), `mechanic_notes` text NOT NULL DEFAULT (''), `mechanic_fixed` bool NOT NULL DEFAULT (false), `price` real NOT NULL DEFAULT (0), `labour_minutes` integer NOT NULL DEFAULT (0), `options` json NULL, `tyre_position` integer NOT NULL DEFAULT (0), `tyre_profile` real NOT NULL DEFAULT (0), `check_id` integer NOT NULL, CONSTRAINT `question_results_checks_results` FOREIGN KEY (`check_id`) REFERENCES `checks` (`id`) ON DELETE CASCADE);
-- Create index "questionresult_check_id_question_id_tyre_position" to table: "question_results"
CREATE UNIQUE INDEX `questionresult_check_id_question_id_tyre_position` ON `question_results` (`check_id`, `question_id`, `tyre_position`);
-- Create "question_result_images" table
CREATE TABLE `question_result_images` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `uploaded_file_id` uuid NOT NULL, `upload_key` text NOT NULL, `active` bool NOT NULL DEFAULT (true), `visible_in_pdf` bool NOT NULL DEFAULT (true), `tyre_position` integer NOT NULL DEFAULT (0), `question_result_id` integer NOT NULL, CONSTRAINT `question_result_images_question_results_images` FOREIGN KEY (`question_result_id`) REFERENCES `question_results` (`id`) ON DELETE CASCADE);
-- Create index "questionresultimage_question_result_id_upload_key" to table: "question_result_images"
CREATE UNIQUE INDEX `questionresultimage_question_result_id_upload_key` ON `question_result_images` (`question_result_id`, `upload_key`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
