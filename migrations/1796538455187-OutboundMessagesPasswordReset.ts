import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboundMessagesPasswordReset1796538455187 implements MigrationInterface {
  name = 'OutboundMessagesPasswordReset1796538455187';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outbound_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid, "channel" character varying(8) NOT NULL, "recipient" character varying(254) NOT NULL, "template_key" character varying(64) NOT NULL, "locale" character varying(5) NOT NULL DEFAULT 'en', "subject" text, "body" text NOT NULL, "html" text, "sensitive" boolean NOT NULL DEFAULT false, "idempotency_key" character varying(200) NOT NULL, "status" character varying(8) NOT NULL DEFAULT 'queued', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "locked_until" TIMESTAMP WITH TIME ZONE, "last_error" text, "gateway_message_id" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_0a03db3e2f04f9f33e6daa597ff" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_outbound_messages_provider" ON "outbound_messages" ("provider_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "idx_outbound_messages_due" ON "outbound_messages" ("status", "next_attempt_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_outbound_messages_idempotency_key" ON "outbound_messages" ("idempotency_key") `);
    await queryRunner.query(
      `CREATE TABLE "password_reset_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "voided_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d16bebd73e844c48bca50ff8d3d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_password_reset_tokens_user" ON "password_reset_tokens" ("user_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_password_reset_tokens_hash" ON "password_reset_tokens" ("token_hash") `);
    await queryRunner.query(
      `ALTER TABLE "password_reset_tokens" ADD CONSTRAINT "FK_52ac39dd8a28730c63aeb428c9c" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "password_reset_tokens" DROP CONSTRAINT "FK_52ac39dd8a28730c63aeb428c9c"`);
    await queryRunner.query(`DROP INDEX "public"."uq_password_reset_tokens_hash"`);
    await queryRunner.query(`DROP INDEX "public"."idx_password_reset_tokens_user"`);
    await queryRunner.query(`DROP TABLE "password_reset_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."uq_outbound_messages_idempotency_key"`);
    await queryRunner.query(`DROP INDEX "public"."idx_outbound_messages_due"`);
    await queryRunner.query(`DROP INDEX "public"."idx_outbound_messages_provider"`);
    await queryRunner.query(`DROP TABLE "outbound_messages"`);
  }
}
