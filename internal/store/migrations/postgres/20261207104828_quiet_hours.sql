-- Modify "communication_settings" table
ALTER TABLE "communication_settings" ADD COLUMN "quiet_hours_enabled" boolean NOT NULL DEFAULT false, ADD COLUMN "quiet_hours_from" character varying NOT NULL DEFAULT '21:00', ADD COLUMN "quiet_hours_holidays" jsonb NULL;
