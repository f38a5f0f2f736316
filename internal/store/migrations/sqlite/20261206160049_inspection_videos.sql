-- Create "question_result_videos" table
CREATE TABLE `question_result_videos` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `check_id` integer NOT NULL, `uploaded_file_id` uuid NOT NULL, `size` integer NOT NULL, `upload_key` text NOT NULL, `active` bool NOT NULL DEFAULT (true), `visible` bool NOT NULL DEFAULT (true), `question_result_id` integer NOT NULL, CONSTRAINT `question_result_videos_question_results_videos` FOREIGN KEY (`question_result_id`) REFERENCES `question_results` (`id`) ON DELETE CASCADE);
-- Create index "questionresultvideo_question_result_id_upload_key" to table: "question_result_videos"
CREATE UNIQUE INDEX `questionresultvideo_question_result_id_upload_key` ON `question_result_videos` (`question_result_id`, `upload_key`);
-- Create index "questionresultvideo_check_id" to table: "question_result_videos"
CREATE INDEX `questionresultvideo_check_id` ON `question_result_videos` (`check_id`);
