-- Modify "dealer_locations" table
ALTER TABLE "dealer_locations" ADD COLUMN "diagnose_overview_auto_send" boolean NOT NULL DEFAULT false;
