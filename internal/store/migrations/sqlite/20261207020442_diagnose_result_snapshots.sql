-- Create "diagnose_overview_agreed_results" table
CREATE TABLE `diagnose_overview_agreed_results` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL DEFAULT (''), `mechanic_notes` text NOT NULL DEFAULT (''), `price` real NOT NULL DEFAULT (0), `vat` real NOT NULL DEFAULT (0), `appointment_id` integer NOT NULL, `communication_event_id` integer NOT NULL, CONSTRAINT `diagnose_overview_agreed_resul_0e457a5fd353d53120926ef93784d9f8` FOREIGN KEY (`communication_event_id`) REFERENCES `communication_events` (`id`) ON DELETE CASCADE);
-- Create index "diagnoseoverviewagreedresult_communication_event_id" to table: "diagnose_overview_agreed_results"
CREATE INDEX `diagnoseoverviewagreedresult_communication_event_id` ON `diagnose_overview_agreed_results` (`communication_event_id`);
-- Create index "diagnoseoverviewagreedresult_appointment_id" to table: "diagnose_overview_agreed_results"
CREATE INDEX `diagnoseoverviewagreedresult_appointment_id` ON `diagnose_overview_agreed_results` (`appointment_id`);
-- Create "diagnose_overview_contact_results" table
CREATE TABLE `diagnose_overview_contact_results` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL DEFAULT (''), `mechanic_notes` text NOT NULL DEFAULT (''), `price` real NOT NULL DEFAULT (0), `vat` real NOT NULL DEFAULT (0), `appointment_id` integer NOT NULL, `communication_event_id` integer NOT NULL, CONSTRAINT `diagnose_overview_contact_resu_73557916b17ce6822801fb7c1df3a386` FOREIGN KEY (`communication_event_id`) REFERENCES `communication_events` (`id`) ON DELETE CASCADE);
-- Create index "diagnoseoverviewcontactresult_communication_event_id" to table: "diagnose_overview_contact_results"
CREATE INDEX `diagnoseoverviewcontactresult_communication_event_id` ON `diagnose_overview_contact_results` (`communication_event_id`);
-- Create index "diagnoseoverviewcontactresult_appointment_id" to table: "diagnose_overview_contact_results"
CREATE INDEX `diagnoseoverviewcontactresult_appointment_id` ON `diagnose_overview_contact_results` (`appointment_id`);
-- Create "diagnose_overview_declined_results" table
CREATE TABLE `diagnose_overview_declined_results` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL DEFAULT (''), `mechanic_notes` text NOT NULL DEFAULT (''), `price` real NOT NULL DEFAULT (0), `vat` real NOT NULL DEFAULT (0), `appointment_id` integer NOT NULL, `communication_event_id` integer NOT NULL, CONSTRAINT `diagnose_overview_declined_res_764f7683727f32e23a9d52b95d1aca1b` FOREIGN KEY (`communication_event_id`) REFERENCES `communication_events` (`id`) ON DELETE CASCADE);
-- Create index "diagnoseoverviewdeclinedresult_communication_event_id" to table: "diagnose_overview_declined_results"
CREATE INDEX `diagnoseoverviewdeclinedresult_communication_event_id` ON `diagnose_overview_declined_results` (`communication_event_id`);
-- Create index "diagnoseoverviewdeclinedresult_appointment_id" to table: "diagnose_overview_declined_results"
CREATE INDEX `diagnoseoverviewdeclinedresult_appointment_id` ON `diagnose_overview_declined_results` (`appointment_id`);
