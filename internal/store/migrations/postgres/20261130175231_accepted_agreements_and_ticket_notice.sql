-- Modify "appointments" table
ALTER TABLE "appointments" ADD COLUMN "remote_diagnosis_to_handle" boolean NOT NULL DEFAULT false;
-- Modify "desk_communications" table
ALTER TABLE "desk_communications" ADD COLUMN "presented_agreement_ids" jsonb NULL, ADD COLUMN "accepted_agreement_ids" jsonb NULL;
-- Modify "key_locker_communications" table
ALTER TABLE "key_locker_communications" ADD COLUMN "accepted_agreement_ids" jsonb NULL;
