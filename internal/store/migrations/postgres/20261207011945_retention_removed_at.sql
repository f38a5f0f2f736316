-- Modify "appointments" table
ALTER TABLE "appointments" ADD COLUMN "personal_data_removed_at" timestamptz NULL;
