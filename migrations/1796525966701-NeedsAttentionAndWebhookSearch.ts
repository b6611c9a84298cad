import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NeedsAttentionAndWebhookSearch1796525966701 implements MigrationInterface {
  name = 'NeedsAttentionAndWebhookSearch1796525966701';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "attention_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid, "kind" character varying(24) NOT NULL, "state" character varying(14) NOT NULL DEFAULT 'open', "payment_id" uuid, "webhook_log_id" uuid, "statement_line_id" uuid, "reason" character varying(300) NOT NULL, "amount_minor" bigint NOT NULL, "currency" character varying(3) NOT NULL DEFAULT 'KES', "receipt" character varying(20), "reference" character varying(40), "phone_masked" character varying(20), "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "note" character varying(500), "voucher_id" uuid, "resolved_by_user_id" uuid, "resolved_by_email" character varying(254), "resolved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a28e95c97b2c2ede567437329cf" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_attention_items_state" ON "attention_items" ("state", "occurred_at", "id") `);
    await queryRunner.query(`CREATE INDEX "idx_attention_items_provider_state" ON "attention_items" ("provider_id", "state", "occurred_at", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_attention_items_statement_line" ON "attention_items" ("statement_line_id") WHERE statement_line_id IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_attention_items_webhook_log" ON "attention_items" ("webhook_log_id") WHERE webhook_log_id IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_attention_items_payment" ON "attention_items" ("payment_id") WHERE payment_id IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "webhook_logs" ADD "receipt" character varying(20)`);
    await queryRunner.query(`ALTER TABLE "webhook_logs" ADD "payment_reference" character varying(12)`);
    await queryRunner.query(`ALTER TABLE "webhook_logs" ADD "phone_hash" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "webhook_logs" ADD "payment_id" uuid`);
    // searchable fields of the logs already stored (bodies are masked, phones cannot be recovered): receipts and references, and the payment each led to
    await queryRunner.query(
      `UPDATE "webhook_logs" SET "receipt" = upper(left("body"->>'TransID', 20)), "payment_reference" = upper(left("body"->>'BillRefNumber', 12)) WHERE "kind" <> 'stk' AND jsonb_typeof("body") = 'object'`,
    );
    await queryRunner.query(
      `UPDATE "webhook_logs" w SET "receipt" = (SELECT upper(left(i->>'Value', 20)) FROM jsonb_array_elements(w."body"#>'{Body,stkCallback,CallbackMetadata,Item}') i WHERE i->>'Name' = 'MpesaReceiptNumber' LIMIT 1)
        WHERE w."kind" = 'stk' AND jsonb_typeof(w."body"#>'{Body,stkCallback,CallbackMetadata,Item}') = 'array'`,
    );
    await queryRunner.query(
      `UPDATE "webhook_logs" w SET "payment_id" = s."payment_id", "payment_reference" = p."payment_reference"
         FROM "stk_requests" s JOIN "payments" p ON p."id" = s."payment_id"
        WHERE w."kind" = 'stk' AND s."checkout_request_id" = w."external_id" AND s."provider_id" = w."provider_id"`,
    );
    await queryRunner.query(
      `UPDATE "webhook_logs" w SET "payment_id" = p."id"
         FROM "payments" p
        WHERE w."kind" = 'c2b_confirmation' AND p."shortcode" = w."body"->>'BusinessShortCode' AND p."receipt" = w."receipt" AND p."provider_id" = w."provider_id"`,
    );
    await queryRunner.query(`CREATE INDEX "idx_webhook_logs_provider_phone" ON "webhook_logs" ("provider_id", "phone_hash") WHERE phone_hash IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "idx_webhook_logs_flagged_c2b" ON "webhook_logs" ("provider_id", "created_at") WHERE kind = 'c2b_confirmation' AND outcome = 'flagged'`);
    await queryRunner.query(`CREATE INDEX "idx_webhook_logs_provider_reference" ON "webhook_logs" ("provider_id", "payment_reference") WHERE payment_reference IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "idx_webhook_logs_provider_external" ON "webhook_logs" ("provider_id", "external_id") WHERE external_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "idx_webhook_logs_provider_receipt" ON "webhook_logs" ("provider_id", "receipt") WHERE receipt IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "idx_payments_flagged" ON "payments" ("created_at") WHERE status = 'flagged'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_payments_flagged"`);
    await queryRunner.query(`DROP INDEX "public"."idx_webhook_logs_provider_receipt"`);
    await queryRunner.query(`DROP INDEX "public"."idx_webhook_logs_provider_external"`);
    await queryRunner.query(`DROP INDEX "public"."idx_webhook_logs_provider_reference"`);
    await queryRunner.query(`DROP INDEX "public"."idx_webhook_logs_flagged_c2b"`);
    await queryRunner.query(`DROP INDEX "public"."idx_webhook_logs_provider_phone"`);
    await queryRunner.query(`ALTER TABLE "webhook_logs" DROP COLUMN "payment_id"`);
    await queryRunner.query(`ALTER TABLE "webhook_logs" DROP COLUMN "phone_hash"`);
    await queryRunner.query(`ALTER TABLE "webhook_logs" DROP COLUMN "payment_reference"`);
    await queryRunner.query(`ALTER TABLE "webhook_logs" DROP COLUMN "receipt"`);
    await queryRunner.query(`DROP INDEX "public"."uq_attention_items_payment"`);
    await queryRunner.query(`DROP INDEX "public"."uq_attention_items_webhook_log"`);
    await queryRunner.query(`DROP INDEX "public"."uq_attention_items_statement_line"`);
    await queryRunner.query(`DROP INDEX "public"."idx_attention_items_provider_state"`);
    await queryRunner.query(`DROP INDEX "public"."idx_attention_items_state"`);
    await queryRunner.query(`DROP TABLE "attention_items"`);
  }
}
