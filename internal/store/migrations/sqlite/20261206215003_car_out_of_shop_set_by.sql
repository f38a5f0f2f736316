-- Add column "car_out_of_shop_set_by_id" to table: "appointments"
ALTER TABLE `appointments` ADD COLUMN `car_out_of_shop_set_by_id` integer NULL;
