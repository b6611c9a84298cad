import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Subscriptions1795261893086 implements MigrationInterface {
  name = 'Subscriptions1795261893086';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "platform_plans" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(80) NOT NULL, "description" character varying(300), "price_minor" bigint NOT NULL, "currency" character varying(3) NOT NULL DEFAULT 'KES', "period" character varying(8) NOT NULL, "max_routers" integer, "max_vouchers_per_month" integer, "features" jsonb NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b6708964479b643cede86891429" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_platform_plans_name" ON "platform_plans" ("name") `);
    await queryRunner.query(
      `CREATE TABLE "subscription_invoices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "subscription_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "plan_name" character varying(80) NOT NULL, "number" integer NOT NULL, "attempt" integer NOT NULL DEFAULT '1', "merchant_reference" character varying(50) NOT NULL, "amount_minor" bigint NOT NULL, "currency" character varying(3) NOT NULL, "period" character varying(8) NOT NULL, "periods" integer NOT NULL DEFAULT '1', "status" character varying(10) NOT NULL, "order_tracking_id" character varying(64), "redirect_url" character varying(500), "payment_method" character varying(40), "confirmation_code" character varying(64), "failure_reason" character varying(300), "paid_at" TIMESTAMP WITH TIME ZONE, "period_start" TIMESTAMP WITH TIME ZONE, "period_end" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7050ae7d81f0f0207b8f1cd2efc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_subscription_invoices_status_created" ON "subscription_invoices" ("status", "created_at") `);
    await queryRunner.query(`CREATE INDEX "idx_subscription_invoices_provider_created" ON "subscription_invoices" ("provider_id", "created_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_subscription_invoices_order_tracking_id" ON "subscription_invoices" ("order_tracking_id") WHERE order_tracking_id IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_subscription_invoices_merchant_reference" ON "subscription_invoices" ("merchant_reference") `);
    await queryRunner.query(
      `CREATE TABLE "provider_subscriptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "plan_id" uuid, "current_period_start" TIMESTAMP WITH TIME ZONE NOT NULL, "current_period_end" TIMESTAMP WITH TIME ZONE NOT NULL, "grace_ends_at" TIMESTAMP WITH TIME ZONE, "paused_at" TIMESTAMP WITH TIME ZONE, "invoice_counter" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b428463f4faba7b0f1c86399475" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_provider_subscriptions_status_end" ON "provider_subscriptions" ("status", "current_period_end") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_provider_subscriptions_provider" ON "provider_subscriptions" ("provider_id") `);
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "kind" character varying(40) NOT NULL, "level" character varying(10) NOT NULL, "title" character varying(120) NOT NULL, "body" character varying(500) NOT NULL, "dedupe_key" character varying(120) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_notifications_provider_created" ON "notifications" ("provider_id", "created_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_notifications_provider_dedupe" ON "notifications" ("provider_id", "dedupe_key") `);
    await queryRunner.query(
      `CREATE TABLE "pesapal_ipn_registrations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "base_url" character varying(300) NOT NULL, "consumer_key" character varying(100) NOT NULL, "url" character varying(500) NOT NULL, "ipn_id" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1d44aeacdcb4e9098a42ffbf0a5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_pesapal_ipn_registrations_base_url" ON "pesapal_ipn_registrations" ("base_url", "consumer_key", "url") `);
    await queryRunner.query(
      `ALTER TABLE "provider_subscriptions" ADD CONSTRAINT "FK_44d40957289737af79bf6611d4f" FOREIGN KEY ("plan_id") REFERENCES "platform_plans"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Providers approved before subscriptions existed start a 14-day trial now (data, reviewed by hand).
    await queryRunner.query(
      `INSERT INTO "provider_subscriptions" ("provider_id", "status", "current_period_start", "current_period_end") SELECT "id", 'trialing', now(), now() + interval '14 days' FROM "providers" WHERE "status" IN ('active', 'suspended')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "provider_subscriptions" DROP CONSTRAINT "FK_44d40957289737af79bf6611d4f"`);
    await queryRunner.query(`DROP INDEX "public"."uq_pesapal_ipn_registrations_base_url"`);
    await queryRunner.query(`DROP TABLE "pesapal_ipn_registrations"`);
    await queryRunner.query(`DROP INDEX "public"."uq_notifications_provider_dedupe"`);
    await queryRunner.query(`DROP INDEX "public"."idx_notifications_provider_created"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
    await queryRunner.query(`DROP INDEX "public"."uq_provider_subscriptions_provider"`);
    await queryRunner.query(`DROP INDEX "public"."idx_provider_subscriptions_status_end"`);
    await queryRunner.query(`DROP TABLE "provider_subscriptions"`);
    await queryRunner.query(`DROP INDEX "public"."uq_subscription_invoices_merchant_reference"`);
    await queryRunner.query(`DROP INDEX "public"."uq_subscription_invoices_order_tracking_id"`);
    await queryRunner.query(`DROP INDEX "public"."idx_subscription_invoices_provider_created"`);
    await queryRunner.query(`DROP INDEX "public"."idx_subscription_invoices_status_created"`);
    await queryRunner.query(`DROP TABLE "subscription_invoices"`);
    await queryRunner.query(`DROP INDEX "public"."uq_platform_plans_name"`);
    await queryRunner.query(`DROP TABLE "platform_plans"`);
  }
}
