-- Modify "remote_diag_tickets" table
ALTER TABLE "remote_diag_tickets" ADD COLUMN "result_dismissed" boolean NOT NULL DEFAULT false;
