import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RouterHistory1796599820023 implements MigrationInterface {
  name = 'RouterHistory1796599820023';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "router_samples" ("router_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "cpu_load" smallint, "memory_used_percent" smallint, "active_sessions" integer, CONSTRAINT "PK_2bb38f537332bdcb6ff3a6303c1" PRIMARY KEY ("router_id", "at"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "router_samples_hourly" ("router_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "cpu_load_avg" real, "cpu_load_max" smallint, "memory_used_percent_avg" real, "memory_used_percent_max" smallint, "active_sessions_avg" real, "active_sessions_max" integer, CONSTRAINT "PK_fa8c9346a5ae5dcab2c46ed3bc5" PRIMARY KEY ("router_id", "at"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "router_interface_samples" ("router_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "interface" character varying(64) NOT NULL, "rx_bps" bigint NOT NULL, "tx_bps" bigint NOT NULL, CONSTRAINT "PK_031341c00a2f85c2a2ae2c295fd" PRIMARY KEY ("router_id", "at", "interface"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "router_interface_samples_hourly" ("router_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "interface" character varying(64) NOT NULL, "rx_bps_avg" bigint NOT NULL, "rx_bps_max" bigint NOT NULL, "tx_bps_avg" bigint NOT NULL, "tx_bps_max" bigint NOT NULL, CONSTRAINT "PK_ac4f4f7397619e07b1a2eff8fdb" PRIMARY KEY ("router_id", "at", "interface"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "router_interface_counters" ("router_id" uuid NOT NULL, "interface" character varying(64) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "rx_bytes" bigint NOT NULL, "tx_bytes" bigint NOT NULL, CONSTRAINT "PK_3126ec537eb34764781bcf3bc30" PRIMARY KEY ("router_id", "interface"))`,
    );
    // rollup and retention scan by time across routers; rows arrive in time order, so a BRIN index is a few pages
    await queryRunner.query(`CREATE INDEX "idx_router_samples_at_brin" ON "router_samples" USING brin ("at")`);
    await queryRunner.query(`CREATE INDEX "idx_router_samples_hourly_at_brin" ON "router_samples_hourly" USING brin ("at")`);
    await queryRunner.query(`CREATE INDEX "idx_router_interface_samples_at_brin" ON "router_interface_samples" USING brin ("at")`);
    await queryRunner.query(`CREATE INDEX "idx_router_interface_samples_hourly_at_brin" ON "router_interface_samples_hourly" USING brin ("at")`);
    await queryRunner.query(`ALTER TABLE "router_samples" ADD CONSTRAINT "FK_f940109c12c4c5c05111fdc77d9" FOREIGN KEY ("router_id") REFERENCES "routers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(
      `ALTER TABLE "router_samples_hourly" ADD CONSTRAINT "FK_bef1addba340eb6f0aada7c725e" FOREIGN KEY ("router_id") REFERENCES "routers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "router_interface_samples" ADD CONSTRAINT "FK_1a4efb335e9afb2649bb9cc7dce" FOREIGN KEY ("router_id") REFERENCES "routers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "router_interface_samples_hourly" ADD CONSTRAINT "FK_bf3f539527c67c1dd81a0ee399e" FOREIGN KEY ("router_id") REFERENCES "routers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "router_interface_counters" ADD CONSTRAINT "FK_e13f61a3419d9c4a25ee569cb4a" FOREIGN KEY ("router_id") REFERENCES "routers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "router_interface_counters" DROP CONSTRAINT "FK_e13f61a3419d9c4a25ee569cb4a"`);
    await queryRunner.query(`ALTER TABLE "router_interface_samples_hourly" DROP CONSTRAINT "FK_bf3f539527c67c1dd81a0ee399e"`);
    await queryRunner.query(`ALTER TABLE "router_interface_samples" DROP CONSTRAINT "FK_1a4efb335e9afb2649bb9cc7dce"`);
    await queryRunner.query(`ALTER TABLE "router_samples_hourly" DROP CONSTRAINT "FK_bef1addba340eb6f0aada7c725e"`);
    await queryRunner.query(`ALTER TABLE "router_samples" DROP CONSTRAINT "FK_f940109c12c4c5c05111fdc77d9"`);
    await queryRunner.query(`DROP TABLE "router_interface_counters"`);
    await queryRunner.query(`DROP TABLE "router_interface_samples_hourly"`);
    await queryRunner.query(`DROP TABLE "router_interface_samples"`);
    await queryRunner.query(`DROP TABLE "router_samples_hourly"`);
    await queryRunner.query(`DROP TABLE "router_samples"`);
  }
}
