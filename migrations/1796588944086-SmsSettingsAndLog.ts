import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SmsSettingsAndLog1796588944086 implements MigrationInterface {
  name = 'SmsSettingsAndLog1796588944086';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "provider_sms_settings" ("provider_id" uuid NOT NULL, "mode" character varying(8) NOT NULL, "at_environment" character varying(10), "at_username" character varying(100), "at_api_key_sealed" text, "sender_id" character varying(11), "voucher_sms" boolean NOT NULL DEFAULT true, "locale" character varying(2) NOT NULL DEFAULT 'en', "callback_secret_sealed" text NOT NULL, "callback_secret_hash" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_3c8a3b682199ace621eb58a4045" UNIQUE ("callback_secret_hash"), CONSTRAINT "PK_a2eacceeeaf0d072abf1ec9ddf8" PRIMARY KEY ("provider_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "early_delivery_reports" ("gateway_message_id" character varying(200) NOT NULL, "sms_account" character varying(8) NOT NULL, "provider_id" uuid, "outcome" character varying(12) NOT NULL, "detail" character varying(80) NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_64b2a51b12dbf3590b979e6cb5e" PRIMARY KEY ("gateway_message_id"))`,
    );
    await queryRunner.query(`ALTER TABLE "voucher_batches" ADD "phones" jsonb`);
    await queryRunner.query(`ALTER TABLE "platform_plans" ADD "max_sms_per_month" integer`);
    await queryRunner.query(`ALTER TABLE "platform_settings" ADD "default_max_sms_per_month" integer`);
    await queryRunner.query(`ALTER TABLE "outbound_messages" ADD "voucher_id" uuid`);
    await queryRunner.query(`ALTER TABLE "outbound_messages" ADD "segments" integer`);
    await queryRunner.query(`ALTER TABLE "outbound_messages" ADD "sms_account" character varying(8)`);
    await queryRunner.query(`ALTER TABLE "outbound_messages" ADD "cost_minor" integer`);
    await queryRunner.query(`ALTER TABLE "outbound_messages" ADD "currency" character varying(3)`);
    await queryRunner.query(`ALTER TABLE "outbound_messages" ADD "delivery_status" character varying(12)`);
    await queryRunner.query(`ALTER TABLE "outbound_messages" ADD "delivery_detail" character varying(80)`);
    await queryRunner.query(`ALTER TABLE "outbound_messages" ADD "delivered_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE INDEX "idx_outbound_messages_voucher" ON "outbound_messages" ("voucher_id", "created_at") WHERE voucher_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "idx_outbound_messages_gateway_id" ON "outbound_messages" ("gateway_message_id") WHERE gateway_message_id IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_outbound_messages_gateway_id"`);
    await queryRunner.query(`DROP INDEX "public"."idx_outbound_messages_voucher"`);
    await queryRunner.query(`ALTER TABLE "outbound_messages" DROP COLUMN "delivered_at"`);
    await queryRunner.query(`ALTER TABLE "outbound_messages" DROP COLUMN "delivery_detail"`);
    await queryRunner.query(`ALTER TABLE "outbound_messages" DROP COLUMN "delivery_status"`);
    await queryRunner.query(`ALTER TABLE "outbound_messages" DROP COLUMN "currency"`);
    await queryRunner.query(`ALTER TABLE "outbound_messages" DROP COLUMN "cost_minor"`);
    await queryRunner.query(`ALTER TABLE "outbound_messages" DROP COLUMN "sms_account"`);
    await queryRunner.query(`ALTER TABLE "outbound_messages" DROP COLUMN "segments"`);
    await queryRunner.query(`ALTER TABLE "outbound_messages" DROP COLUMN "voucher_id"`);
    await queryRunner.query(`ALTER TABLE "platform_settings" DROP COLUMN "default_max_sms_per_month"`);
    await queryRunner.query(`ALTER TABLE "platform_plans" DROP COLUMN "max_sms_per_month"`);
    await queryRunner.query(`ALTER TABLE "voucher_batches" DROP COLUMN "phones"`);
    await queryRunner.query(`DROP TABLE "early_delivery_reports"`);
    await queryRunner.query(`DROP TABLE "provider_sms_settings"`);
  }
}
