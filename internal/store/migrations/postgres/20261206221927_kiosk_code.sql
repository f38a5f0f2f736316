-- Modify "appointments" table
ALTER TABLE "appointments" ADD COLUMN "kiosk_code" character varying NULL;
-- Create index "appointment_dealer_location_id_kiosk_code" to table: "appointments"
CREATE INDEX "appointment_dealer_location_id_kiosk_code" ON "appointments" ("dealer_location_id", "kiosk_code");
