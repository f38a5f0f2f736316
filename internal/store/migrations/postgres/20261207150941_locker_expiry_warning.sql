-- Modify "communication_settings" table
ALTER TABLE "communication_settings" ADD COLUMN "locker_expiry_warning_hours" bigint NOT NULL DEFAULT 24;
