-- Modify "appointments" table
ALTER TABLE "appointments" ADD COLUMN "car_out_of_shop_set_by_id" bigint NULL;
