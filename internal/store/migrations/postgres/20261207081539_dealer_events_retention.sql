-- Modify "dealer_event_streams" table
ALTER TABLE "dealer_event_streams" ADD COLUMN "pruned_seq" bigint NOT NULL DEFAULT 0, ADD COLUMN "pruned_at" timestamptz NULL;
