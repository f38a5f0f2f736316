-- Create index "appointmentmessage_customer_address" to table: "appointment_messages"
CREATE INDEX `appointmentmessage_customer_address` ON `appointment_messages` (`customer_address`);
