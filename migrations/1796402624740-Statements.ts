import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Statements1796402624740 implements MigrationInterface {
  name = 'Statements1796402624740';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "statement_uploads" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid, "shortcode" character varying(7) NOT NULL, "filename" character varying(200) NOT NULL, "period_from" TIMESTAMP WITH TIME ZONE, "period_to" TIMESTAMP WITH TIME ZONE, "status" character varying(10) NOT NULL, "lines" jsonb NOT NULL, "errors" jsonb NOT NULL, "preview" jsonb NOT NULL, "result" jsonb, "uploaded_by" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "applied_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_bfbbbc04647775f81130dd37cc9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_statement_uploads_provider_created" ON "statement_uploads" ("provider_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "statement_sources" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "shortcode" character varying(7) NOT NULL, "provider_id" uuid, "pull_enabled" boolean NOT NULL DEFAULT true, "nominated_number" character varying(15), "registered_at" TIMESTAMP WITH TIME ZONE, "health" character varying(16) NOT NULL DEFAULT 'ok', "pulled_until" TIMESTAMP WITH TIME ZONE, "last_full_day" character varying(10), "no_records_streak" integer NOT NULL DEFAULT '0', "lists_stk" boolean NOT NULL DEFAULT false, "last_pull_at" TIMESTAMP WITH TIME ZONE, "last_success_at" TIMESTAMP WITH TIME ZONE, "last_error" character varying(300), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d21caeb25718e7f296bbd3ae6df" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_statement_sources_shortcode" ON "statement_sources" ("shortcode") `);
    await queryRunner.query(
      `CREATE TABLE "statement_lines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "shortcode" character varying(7) NOT NULL, "receipt" character varying(20) NOT NULL, "source" character varying(8) NOT NULL, "upload_id" uuid, "provider_id" uuid, "status" character varying(10) NOT NULL, "transaction_type" character varying(60) NOT NULL, "amount_minor" bigint NOT NULL, "currency" character varying(3) NOT NULL DEFAULT 'KES', "reference" character varying(40) NOT NULL, "phone_masked" character varying(20), "occurred_at" TIMESTAMP WITH TIME ZONE, "payment_id" uuid, "detail" character varying(300), "times_seen" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_56ba8ab3b9e455e5a732c60a543" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_statement_lines_status_created" ON "statement_lines" ("status", "created_at") `);
    await queryRunner.query(`CREATE INDEX "idx_statement_lines_provider_status" ON "statement_lines" ("provider_id", "status", "created_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_statement_lines_shortcode_receipt" ON "statement_lines" ("shortcode", "receipt") `);
    await queryRunner.query(`ALTER TABLE "payments" ADD "settled_via" character varying(10)`);
    // widened in place ('statement' is 9 characters): the values stay
    await queryRunner.query(`ALTER TABLE "stk_requests" ALTER COLUMN "resolved_by" TYPE character varying(10)`);
    // how existing paid payments were settled, as well as the rows tell
    await queryRunner.query(
      `UPDATE "payments" p SET "settled_via" = CASE WHEN p."source" = 'c2b' THEN 'c2b' ELSE coalesce(s."resolved_by", 'c2b') END
             FROM "payments" p2 LEFT JOIN "stk_requests" s ON s."payment_id" = p2."id"
            WHERE p."id" = p2."id" AND p."status" = 'paid'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "stk_requests" SET "resolved_by" = NULL WHERE "resolved_by" = 'statement'`);
    await queryRunner.query(`ALTER TABLE "stk_requests" ALTER COLUMN "resolved_by" TYPE character varying(8)`);
    await queryRunner.query(`ALTER TABLE "payments" DROP COLUMN "settled_via"`);
    await queryRunner.query(`DROP INDEX "public"."uq_statement_lines_shortcode_receipt"`);
    await queryRunner.query(`DROP INDEX "public"."idx_statement_lines_provider_status"`);
    await queryRunner.query(`DROP INDEX "public"."idx_statement_lines_status_created"`);
    await queryRunner.query(`DROP TABLE "statement_lines"`);
    await queryRunner.query(`DROP INDEX "public"."uq_statement_sources_shortcode"`);
    await queryRunner.query(`DROP TABLE "statement_sources"`);
    await queryRunner.query(`DROP INDEX "public"."idx_statement_uploads_provider_created"`);
    await queryRunner.query(`DROP TABLE "statement_uploads"`);
  }
}
