-- Create index "appointment_customer_contract_id" to table: "appointments"
CREATE INDEX "appointment_customer_contract_id" ON "appointments" ("customer_contract_id");
-- Create index "appointment_customer_driver_id" to table: "appointments"
CREATE INDEX "appointment_customer_driver_id" ON "appointments" ("customer_driver_id");
-- Create index "appointment_customer_owner_id" to table: "appointments"
CREATE INDEX "appointment_customer_owner_id" ON "appointments" ("customer_owner_id");
