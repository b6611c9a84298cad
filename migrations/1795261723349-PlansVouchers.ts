import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PlansVouchers1795261723349 implements MigrationInterface {
  name = 'PlansVouchers1795261723349';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "vouchers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "batch_id" uuid, "batch_seq" integer, "router_id" uuid, "code" character varying(24) NOT NULL, "password" character varying(16), "payment_reference" character varying(12) NOT NULL, "status" character varying(12) NOT NULL, "status_before_disable" character varying(12), "plan_name" character varying(80) NOT NULL, "price_minor" bigint NOT NULL, "currency" character varying(3) NOT NULL, "kind" character varying(16) NOT NULL, "uptime_limit_seconds" integer, "data_limit_bytes" bigint, "validity_seconds" integer, "validity_from" character varying(16) NOT NULL, "profile_name" character varying(64) NOT NULL, "pushed_at" TIMESTAMP WITH TIME ZONE, "sold_at" TIMESTAMP WITH TIME ZONE, "first_login_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE, "expired_at" TIMESTAMP WITH TIME ZONE, "disabled_at" TIMESTAMP WITH TIME ZONE, "refunded_at" TIMESTAMP WITH TIME ZONE, "refund_reason" character varying(500), "uptime_used_seconds" bigint NOT NULL DEFAULT '0', "bytes_used" bigint NOT NULL DEFAULT '0', "buyer_phone" character varying(15), "payment_id" uuid, "sale_key" character varying(100), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ed1b7dd909a696560763acdbc04" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_vouchers_provider_phone" ON "vouchers" ("provider_id", "buyer_phone") WHERE buyer_phone IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "idx_vouchers_batch_seq" ON "vouchers" ("batch_id", "batch_seq") `);
    await queryRunner.query(`CREATE INDEX "idx_vouchers_provider_router_created" ON "vouchers" ("provider_id", "router_id", "created_at", "id") `);
    await queryRunner.query(`CREATE INDEX "idx_vouchers_provider_plan_created" ON "vouchers" ("provider_id", "plan_id", "created_at", "id") `);
    await queryRunner.query(`CREATE INDEX "idx_vouchers_provider_status_created" ON "vouchers" ("provider_id", "status", "created_at", "id") `);
    await queryRunner.query(`CREATE INDEX "idx_vouchers_provider_created" ON "vouchers" ("provider_id", "created_at", "id") `);
    await queryRunner.query(`CREATE INDEX "idx_vouchers_due" ON "vouchers" ("expires_at") WHERE status IN ('available', 'sold', 'in_use') AND expires_at IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_vouchers_provider_sale_key" ON "vouchers" ("provider_id", "sale_key") WHERE sale_key IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_vouchers_provider_reference" ON "vouchers" ("provider_id", "payment_reference") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_vouchers_provider_code" ON "vouchers" ("provider_id", "code") `);
    await queryRunner.query(
      `CREATE TABLE "voucher_batches" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "plan_name" character varying(80) NOT NULL, "quantity" integer NOT NULL, "generated" integer NOT NULL DEFAULT '0', "status" character varying(12) NOT NULL, "error" character varying(500), "code_length" integer NOT NULL, "alphabet" character varying(8) NOT NULL, "prefix" character varying(6), "separate_password" boolean NOT NULL DEFAULT false, "router_id" uuid, "push_to_router" boolean NOT NULL DEFAULT false, "router_syncs" jsonb NOT NULL DEFAULT '[]', "label" character varying(80), "created_by_user_id" uuid, "completed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a5493de087a57e93616f744f35a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_voucher_batches_generating" ON "voucher_batches" ("updated_at") WHERE status = 'generating'`);
    await queryRunner.query(`CREATE INDEX "idx_voucher_batches_provider_created" ON "voucher_batches" ("provider_id", "created_at", "id") `);
    await queryRunner.query(
      `CREATE TABLE "plans" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "name" character varying(80) NOT NULL, "price_minor" bigint NOT NULL, "currency" character varying(3) NOT NULL DEFAULT 'KES', "kind" character varying(16) NOT NULL, "uptime_limit_seconds" integer, "data_limit_bytes" bigint, "validity_seconds" integer, "validity_from" character varying(16) NOT NULL DEFAULT 'first_login', "activation_expiry_days" integer DEFAULT '30', "download_rate" character varying(12), "upload_rate" character varying(12), "burst_download_rate" character varying(12), "burst_upload_rate" character varying(12), "burst_threshold_download" character varying(12), "burst_threshold_upload" character varying(12), "burst_time_seconds" integer, "shared_users" integer NOT NULL DEFAULT '1', "idle_timeout_seconds" integer, "portal_visible" boolean NOT NULL DEFAULT true, "sort_order" integer NOT NULL DEFAULT '0', "status" character varying(16) NOT NULL DEFAULT 'active', "archived_at" TIMESTAMP WITH TIME ZONE, "router_scope" character varying(16) NOT NULL DEFAULT 'all', "router_ids" uuid array NOT NULL DEFAULT '{}', "profile_name" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3720521a81c7c24fe9b7202ba61" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_plans_provider_status_sort" ON "plans" ("provider_id", "status", "sort_order") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_plans_provider_status_sort"`);
    await queryRunner.query(`DROP TABLE "plans"`);
    await queryRunner.query(`DROP INDEX "public"."idx_voucher_batches_provider_created"`);
    await queryRunner.query(`DROP INDEX "public"."idx_voucher_batches_generating"`);
    await queryRunner.query(`DROP TABLE "voucher_batches"`);
    await queryRunner.query(`DROP INDEX "public"."uq_vouchers_provider_code"`);
    await queryRunner.query(`DROP INDEX "public"."uq_vouchers_provider_reference"`);
    await queryRunner.query(`DROP INDEX "public"."uq_vouchers_provider_sale_key"`);
    await queryRunner.query(`DROP INDEX "public"."idx_vouchers_due"`);
    await queryRunner.query(`DROP INDEX "public"."idx_vouchers_provider_created"`);
    await queryRunner.query(`DROP INDEX "public"."idx_vouchers_provider_status_created"`);
    await queryRunner.query(`DROP INDEX "public"."idx_vouchers_provider_plan_created"`);
    await queryRunner.query(`DROP INDEX "public"."idx_vouchers_provider_router_created"`);
    await queryRunner.query(`DROP INDEX "public"."idx_vouchers_batch_seq"`);
    await queryRunner.query(`DROP INDEX "public"."idx_vouchers_provider_phone"`);
    await queryRunner.query(`DROP TABLE "vouchers"`);
  }
}
