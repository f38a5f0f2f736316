-- Modify "appointments" table
ALTER TABLE "appointments" ADD COLUMN "closed_at" timestamptz NULL;
