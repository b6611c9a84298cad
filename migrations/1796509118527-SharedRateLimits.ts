import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SharedRateLimits1796509118527 implements MigrationInterface {
  name = 'SharedRateLimits1796509118527';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "rate_limit_windows" ("bucket" character varying(64) NOT NULL, "key" character varying(200) NOT NULL, "window_start" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "count" integer NOT NULL, CONSTRAINT "PK_rate_limit_windows" PRIMARY KEY ("bucket", "key", "window_start"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_rate_limit_windows_expires_at" ON "rate_limit_windows" ("expires_at") `);
    await queryRunner.query(
      `CREATE TABLE "login_throttles" ("scope" character varying(16) NOT NULL, "key" character varying(400) NOT NULL, "failures" integer NOT NULL, "last_failure_at" TIMESTAMP WITH TIME ZONE, "blocked_until" TIMESTAMP WITH TIME ZONE, "alerted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_login_throttles" PRIMARY KEY ("scope", "key"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "login_throttles"`);
    await queryRunner.query(`DROP INDEX "public"."idx_rate_limit_windows_expires_at"`);
    await queryRunner.query(`DROP TABLE "rate_limit_windows"`);
  }
}
