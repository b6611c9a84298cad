import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SessionVersions1796505074973 implements MigrationInterface {
  name = 'SessionVersions1796505074973';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "session_version" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "users" ADD "must_change_password" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" ADD "family_started_at" TIMESTAMP WITH TIME ZONE`);
    // existing families started with their first token
    await queryRunner.query(
      `UPDATE "refresh_tokens" t SET "family_started_at" = f.started FROM (SELECT "family_id", min("created_at") AS started FROM "refresh_tokens" GROUP BY "family_id") f WHERE f."family_id" = t."family_id"`,
    );
    await queryRunner.query(`ALTER TABLE "refresh_tokens" ALTER COLUMN "family_started_at" SET NOT NULL`);
    await queryRunner.query(`CREATE INDEX "idx_refresh_tokens_family_revoked" ON "refresh_tokens" ("family_id") WHERE revoked_at IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_refresh_tokens_family_revoked"`);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP COLUMN "family_started_at"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "must_change_password"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "session_version"`);
  }
}
