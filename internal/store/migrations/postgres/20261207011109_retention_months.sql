-- Modify "dealers" table
ALTER TABLE "dealers" ADD COLUMN "personal_data_retention_months" bigint NOT NULL DEFAULT 24;
