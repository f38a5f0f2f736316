-- Modify "customer_data_keys" table
ALTER TABLE "customer_data_keys" ALTER COLUMN "customer_id" DROP NOT NULL, ADD COLUMN "subject" character varying NULL;
-- Create index "customer_data_keys_subject_key" to table: "customer_data_keys"
CREATE UNIQUE INDEX "customer_data_keys_subject_key" ON "customer_data_keys" ("subject");
