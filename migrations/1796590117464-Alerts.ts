import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Alerts1796590117464 implements MigrationInterface {
  name = 'Alerts1796590117464';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "alerts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "kind" character varying(24) NOT NULL, "source_key" character varying(200) NOT NULL, "source_at" TIMESTAMP WITH TIME ZONE NOT NULL, "subject" jsonb NOT NULL, "detected_at" TIMESTAMP WITH TIME ZONE NOT NULL, "dispatched_at" TIMESTAMP WITH TIME ZONE, "digest_of" uuid, "messages" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_60f895662df096bfcdfab7f4b96" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_alerts_detected" ON "alerts" ("detected_at") `);
    await queryRunner.query(`CREATE INDEX "idx_alerts_kind_source_at" ON "alerts" ("kind", "source_at") `);
    await queryRunner.query(`CREATE INDEX "idx_alerts_pending" ON "alerts" ("provider_id", "kind", "detected_at") WHERE dispatched_at IS NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_alerts_source_key" ON "alerts" ("source_key") `);
    await queryRunner.query(
      `CREATE TABLE "alert_preferences" ("user_id" uuid NOT NULL, "language" character varying(2) NOT NULL DEFAULT 'en', "router_email" boolean NOT NULL, "router_sms" boolean NOT NULL, "provisioning_email" boolean NOT NULL, "provisioning_sms" boolean NOT NULL, "payments_email" boolean NOT NULL, "payments_sms" boolean NOT NULL, "subscription_email" boolean NOT NULL, "subscription_sms" boolean NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7182c5db26da9d706fbe6435cb2" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(`ALTER TABLE "users" ADD "phone" character varying(16)`);
    await queryRunner.query(`CREATE INDEX "idx_router_events_alertable" ON "router_events" ("created_at") WHERE type IN ('offline_alert', 'back_online', 'sync_dead_letter')`);
    await queryRunner.query(`CREATE INDEX "idx_attention_items_created" ON "attention_items" ("created_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_attention_items_created"`);
    await queryRunner.query(`DROP INDEX "public"."idx_router_events_alertable"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "phone"`);
    await queryRunner.query(`DROP TABLE "alert_preferences"`);
    await queryRunner.query(`DROP INDEX "public"."uq_alerts_source_key"`);
    await queryRunner.query(`DROP INDEX "public"."idx_alerts_pending"`);
    await queryRunner.query(`DROP INDEX "public"."idx_alerts_kind_source_at"`);
    await queryRunner.query(`DROP INDEX "public"."idx_alerts_detected"`);
    await queryRunner.query(`DROP TABLE "alerts"`);
  }
}
