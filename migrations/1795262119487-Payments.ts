import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Payments1795262119487 implements MigrationInterface {
  name = 'Payments1795262119487';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "webhook_logs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid, "kind" character varying(20) NOT NULL, "body" jsonb NOT NULL, "source_ip" character varying(45), "external_id" character varying(64), "outcome" character varying(12) NOT NULL DEFAULT 'received', "detail" character varying(500), "duration_ms" integer, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "processed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_c41f6cdf59cdfe3704807650896" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_webhook_logs_provider_created" ON "webhook_logs" ("provider_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "idx_webhook_logs_created" ON "webhook_logs" ("created_at") `);
    await queryRunner.query(
      `CREATE TABLE "stk_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "payment_id" uuid NOT NULL, "checkout_request_id" character varying(64), "merchant_request_id" character varying(64), "status" character varying(10) NOT NULL, "phone" character varying(15) NOT NULL, "amount" bigint NOT NULL, "shortcode" character varying(7) NOT NULL, "account_reference" character varying(12) NOT NULL, "result_code" character varying(16), "result_desc" character varying(200), "receipt" character varying(20), "resolved_by" character varying(8), "query_attempts" integer NOT NULL DEFAULT '0', "next_query_at" TIMESTAMP WITH TIME ZONE, "callback_at" TIMESTAMP WITH TIME ZONE, "resolved_at" TIMESTAMP WITH TIME ZONE, "error" character varying(300), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e66f4ca67efe0719801f6e0f588" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_stk_requests_provider_phone" ON "stk_requests" ("provider_id", "phone", "created_at") `);
    await queryRunner.query(`CREATE INDEX "idx_stk_requests_due_query" ON "stk_requests" ("next_query_at") WHERE status IN ('pending', 'expired')`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_stk_requests_payment" ON "stk_requests" ("payment_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_stk_requests_checkout" ON "stk_requests" ("checkout_request_id") WHERE checkout_request_id IS NOT NULL`);
    await queryRunner.query(
      `CREATE TABLE "payouts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "amount_minor" bigint NOT NULL, "currency" character varying(3) NOT NULL, "reference" character varying(60) NOT NULL, "note" character varying(300), "created_by" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_76855dc4f0a6c18c72eea302e87" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_payouts_provider_created" ON "payouts" ("provider_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "payments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "source" character varying(4) NOT NULL, "status" character varying(10) NOT NULL, "collection_mode" character varying(12) NOT NULL, "shortcode" character varying(7) NOT NULL, "amount_minor" bigint NOT NULL, "currency" character varying(3) NOT NULL, "commission_rate_bp" integer NOT NULL, "phone" character varying(15), "phone_masked" character varying(20), "client_ip" character varying(45), "payment_reference" character varying(12) NOT NULL, "plan_id" uuid NOT NULL, "plan_name" character varying(80) NOT NULL, "router_id" uuid, "voucher_id" uuid, "receipt" character varying(20), "result_code" character varying(16), "result_desc" character varying(200), "flag_reason" character varying(300), "paid_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_197ab7af18c93fbb0c9b28b4a59" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_payments_ip_created" ON "payments" ("client_ip", "created_at") WHERE client_ip IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "idx_payments_provider_phone_created" ON "payments" ("provider_id", "phone", "created_at") `);
    await queryRunner.query(`CREATE INDEX "idx_payments_provider_status_created" ON "payments" ("provider_id", "status", "created_at", "id") `);
    await queryRunner.query(`CREATE INDEX "idx_payments_provider_created" ON "payments" ("provider_id", "created_at", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_payments_shortcode_receipt" ON "payments" ("shortcode", "receipt") WHERE receipt IS NOT NULL`);
    await queryRunner.query(
      `CREATE TABLE "payment_settings" ("provider_id" uuid NOT NULL, "mode" character varying(12) NOT NULL DEFAULT 'platform', "environment" character varying(10), "shortcode_type" character varying(8), "shortcode" character varying(7), "till_number" character varying(7), "consumer_key_sealed" text, "consumer_secret_sealed" text, "passkey_sealed" text, "commission_rate_bp" integer, "callback_secret_sealed" text NOT NULL, "callback_secret_hash" character varying(64) NOT NULL, "c2b_version" character varying(2), "c2b_registered_at" TIMESTAMP WITH TIME ZONE, "last_tested_at" TIMESTAMP WITH TIME ZONE, "last_test_ok" boolean, "last_test_message" character varying(300), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_94930bc3fd59c86d82834a96b76" PRIMARY KEY ("provider_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "ledger_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "payment_id" uuid NOT NULL, "source" character varying(4) NOT NULL, "collection_mode" character varying(12) NOT NULL, "gross_minor" bigint NOT NULL, "commission_rate_bp" integer NOT NULL, "commission_minor" bigint NOT NULL, "net_minor" bigint NOT NULL, "currency" character varying(3) NOT NULL, "receipt" character varying(20), "phone_masked" character varying(20), "plan_id" uuid NOT NULL, "plan_name" character varying(80) NOT NULL, "router_id" uuid, "voucher_id" uuid, "occurred_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6efcb84411d3f08b08450ae75d5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_ledger_entries_occurred" ON "ledger_entries" ("occurred_at") `);
    await queryRunner.query(`CREATE INDEX "idx_ledger_entries_provider_occurred" ON "ledger_entries" ("provider_id", "occurred_at", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_ledger_entries_payment" ON "ledger_entries" ("payment_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_ledger_entries_payment"`);
    await queryRunner.query(`DROP INDEX "public"."idx_ledger_entries_provider_occurred"`);
    await queryRunner.query(`DROP INDEX "public"."idx_ledger_entries_occurred"`);
    await queryRunner.query(`DROP TABLE "ledger_entries"`);
    await queryRunner.query(`DROP TABLE "payment_settings"`);
    await queryRunner.query(`DROP INDEX "public"."uq_payments_shortcode_receipt"`);
    await queryRunner.query(`DROP INDEX "public"."idx_payments_provider_created"`);
    await queryRunner.query(`DROP INDEX "public"."idx_payments_provider_status_created"`);
    await queryRunner.query(`DROP INDEX "public"."idx_payments_provider_phone_created"`);
    await queryRunner.query(`DROP INDEX "public"."idx_payments_ip_created"`);
    await queryRunner.query(`DROP TABLE "payments"`);
    await queryRunner.query(`DROP INDEX "public"."idx_payouts_provider_created"`);
    await queryRunner.query(`DROP TABLE "payouts"`);
    await queryRunner.query(`DROP INDEX "public"."uq_stk_requests_checkout"`);
    await queryRunner.query(`DROP INDEX "public"."uq_stk_requests_payment"`);
    await queryRunner.query(`DROP INDEX "public"."idx_stk_requests_due_query"`);
    await queryRunner.query(`DROP INDEX "public"."idx_stk_requests_provider_phone"`);
    await queryRunner.query(`DROP TABLE "stk_requests"`);
    await queryRunner.query(`DROP INDEX "public"."idx_webhook_logs_created"`);
    await queryRunner.query(`DROP INDEX "public"."idx_webhook_logs_provider_created"`);
    await queryRunner.query(`DROP TABLE "webhook_logs"`);
  }
}
