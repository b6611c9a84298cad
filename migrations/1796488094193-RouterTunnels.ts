import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RouterTunnels1796488094193 implements MigrationInterface {
  name = 'RouterTunnels1796488094193';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "tunnel_hubs" ("id" character varying(32) NOT NULL, "public_key" character varying(44) NOT NULL, "endpoint" character varying(261) NOT NULL, "prefix" cidr NOT NULL, "address" inet NOT NULL, "interface_name" character varying(15) NOT NULL, "last_sync_at" TIMESTAMP WITH TIME ZONE, "last_sync_error" character varying(500), "peer_count" integer NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8d7ad047612949204015d570ba3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "router_tunnels" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "router_id" uuid, "provider_id" uuid NOT NULL, "hub_id" character varying(32) NOT NULL, "address" inet NOT NULL, "public_key" character varying(44) NOT NULL, "private_key_sealed" text, "hub_public_key" character varying(44) NOT NULL, "hub_endpoint" character varying(261) NOT NULL, "hub_address" inet NOT NULL, "kit_downloaded_at" TIMESTAMP WITH TIME ZONE, "enrolled_at" TIMESTAMP WITH TIME ZONE, "last_handshake_at" TIMESTAMP WITH TIME ZONE, "peer_endpoint" character varying(64), "rx_bytes" bigint NOT NULL DEFAULT '0', "tx_bytes" bigint NOT NULL DEFAULT '0', "stats_at" TIMESTAMP WITH TIME ZONE, "released_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_347b8594d3c3551104eb59ddafb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_router_tunnels_router_live" ON "router_tunnels" ("router_id") WHERE released_at IS NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_router_tunnels_public_key" ON "router_tunnels" ("public_key") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_router_tunnels_address" ON "router_tunnels" ("address") `);
    await queryRunner.query(`ALTER TABLE "routers" ADD "connection_mode" character varying(8) NOT NULL DEFAULT 'direct'`);
    // the tunnel process LISTENs on wavu_tunnels and mirrors the peers at once (docs/tunnel.md);
    // traffic and handshake updates do not notify
    await queryRunner.query(`CREATE FUNCTION "wavu_notify_tunnels"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('wavu_tunnels', TG_OP); RETURN NULL; END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "trg_router_tunnels_notify" AFTER INSERT OR DELETE OR UPDATE OF "public_key", "address", "released_at", "router_id" ON "router_tunnels" FOR EACH STATEMENT EXECUTE FUNCTION "wavu_notify_tunnels"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "trg_router_tunnels_notify" ON "router_tunnels"`);
    await queryRunner.query(`DROP FUNCTION "wavu_notify_tunnels"()`);
    await queryRunner.query(`ALTER TABLE "routers" DROP COLUMN "connection_mode"`);
    await queryRunner.query(`DROP INDEX "public"."uq_router_tunnels_address"`);
    await queryRunner.query(`DROP INDEX "public"."uq_router_tunnels_public_key"`);
    await queryRunner.query(`DROP INDEX "public"."uq_router_tunnels_router_live"`);
    await queryRunner.query(`DROP TABLE "router_tunnels"`);
    await queryRunner.query(`DROP TABLE "tunnel_hubs"`);
  }
}
