import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StaffInvitations1796590841854 implements MigrationInterface {
  name = 'StaffInvitations1796590841854';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "password_reset_tokens" ADD "purpose" character varying(16) NOT NULL DEFAULT 'reset'`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "password_hash" DROP NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // invited staff who never set a password: a value no password verifies against (they stay unable to sign in)
    await queryRunner.query(`UPDATE "users" SET "password_hash" = '!' WHERE "password_hash" IS NULL`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "password_hash" SET NOT NULL`);
    await queryRunner.query(`DELETE FROM "password_reset_tokens" WHERE "purpose" <> 'reset'`);
    await queryRunner.query(`ALTER TABLE "password_reset_tokens" DROP COLUMN "purpose"`);
  }
}
