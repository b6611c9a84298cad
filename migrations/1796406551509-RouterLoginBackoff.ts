import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RouterLoginBackoff1796406551509 implements MigrationInterface {
  name = 'RouterLoginBackoff1796406551509';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "router_login_targets" ("target" character varying(64) NOT NULL, "window_started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "failures" integer NOT NULL, "locked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_4f97ac05bf8b64797533badb7d8" PRIMARY KEY ("target"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "router_login_trust" ("router_id" uuid NOT NULL, "target" character varying(64) NOT NULL, "verified_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ee195d11c0511e26ad7a8c73352" PRIMARY KEY ("router_id", "target"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "router_login_trust"`);
    await queryRunner.query(`DROP TABLE "router_login_targets"`);
  }
}
