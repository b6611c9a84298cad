import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FleetWork1796612800000 implements MigrationInterface {
  name = 'FleetWork1796612800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "router_fleet_work" ("router_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "next_at" TIMESTAMP WITH TIME ZONE NOT NULL, "lease_until" TIMESTAMP WITH TIME ZONE, "leased_by" character varying(160), "done_at" TIMESTAMP WITH TIME ZONE, "done_by" character varying(160), "failures" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_10d67c68fab8817c0dc5f697ada" PRIMARY KEY ("router_id", "kind"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_router_fleet_work_due" ON "router_fleet_work" ("kind", "next_at") `);
    await queryRunner.query(
      `ALTER TABLE "router_fleet_work" ADD CONSTRAINT "FK_32336c465c1c6746f3e87ceef42" FOREIGN KEY ("router_id") REFERENCES "routers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "router_fleet_work" DROP CONSTRAINT "FK_32336c465c1c6746f3e87ceef42"`);
    await queryRunner.query(`DROP INDEX "public"."idx_router_fleet_work_due"`);
    await queryRunner.query(`DROP TABLE "router_fleet_work"`);
  }
}
