import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CallbackSecretRotation1796509574621 implements MigrationInterface {
  name = 'CallbackSecretRotation1796509574621';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "payment_settings" ADD "callback_secret_version" integer NOT NULL DEFAULT '1'`);
    await queryRunner.query(`ALTER TABLE "payment_settings" ADD "previous_callback_secret_hash" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "payment_settings" ADD "callback_secret_rotated_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "payment_settings" ADD "c2b_secret_version" integer`);
    // URLs registered before versions existed carry the first (only) secret
    await queryRunner.query(`UPDATE "payment_settings" SET "c2b_secret_version" = 1 WHERE "c2b_registered_at" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "stk_requests" ADD "callback_secret_version" integer NOT NULL DEFAULT '1'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stk_requests" DROP COLUMN "callback_secret_version"`);
    await queryRunner.query(`ALTER TABLE "payment_settings" DROP COLUMN "c2b_secret_version"`);
    await queryRunner.query(`ALTER TABLE "payment_settings" DROP COLUMN "callback_secret_rotated_at"`);
    await queryRunner.query(`ALTER TABLE "payment_settings" DROP COLUMN "previous_callback_secret_hash"`);
    await queryRunner.query(`ALTER TABLE "payment_settings" DROP COLUMN "callback_secret_version"`);
  }
}
