import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AdminUsers1796538355695 implements MigrationInterface {
  name = 'AdminUsers1796538355695';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "deactivated_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "users" ADD "deactivation_reason" character varying(500)`);
    // staff removed before this column existed: their last change is the best guess of when
    await queryRunner.query(`UPDATE "users" SET "deactivated_at" = "updated_at" WHERE "is_active" = false`);
    await queryRunner.query(`CREATE INDEX "idx_users_created" ON "users" ("created_at", "id") `);
    // the super admin's search (e-mail or name contains, any case) stays an index scan however many users there are;
    // pg_trgm ships with PostgreSQL (contrib) and is a trusted extension: the database owner may create it
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`CREATE INDEX "idx_users_email_trgm" ON "users" USING gin ("email" gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX "idx_users_name_trgm" ON "users" USING gin ("name" gin_trgm_ops)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // the pg_trgm extension stays: other objects may have come to use it
    await queryRunner.query(`DROP INDEX "public"."idx_users_name_trgm"`);
    await queryRunner.query(`DROP INDEX "public"."idx_users_email_trgm"`);
    await queryRunner.query(`DROP INDEX "public"."idx_users_created"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "deactivation_reason"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "deactivated_at"`);
  }
}
