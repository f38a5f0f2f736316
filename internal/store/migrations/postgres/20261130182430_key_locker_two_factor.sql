-- Modify "dealer_locations" table
ALTER TABLE "dealer_locations" ADD COLUMN "key_locker_two_factor" boolean NOT NULL DEFAULT true;
