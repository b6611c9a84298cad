import type { MigrationInterface, QueryRunner } from 'typeorm';

export class JobLeases1796522534611 implements MigrationInterface {
  name = 'JobLeases1796522534611';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "job_leases" ("name" character varying(64) NOT NULL, "holder" character varying(160) NOT NULL, "acquired_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_a5aaa7b6169ce751dd85a6f0beb" PRIMARY KEY ("name"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "job_leases"`);
  }
}
