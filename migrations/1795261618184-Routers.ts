import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Routers1795261618184 implements MigrationInterface {
  name = 'Routers1795261618184';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "routers" ("id" uuid NOT NULL, "provider_id" uuid NOT NULL, "name" character varying(80) NOT NULL, "host" character varying(253) NOT NULL, "api_port" integer NOT NULL, "use_tls" boolean NOT NULL DEFAULT false, "username" character varying(64) NOT NULL, "password_sealed" text NOT NULL, "hotspot_server" character varying(64), "hotspot_dns_name" character varying(253), "location" character varying(200), "notes" character varying(1000), "status" character varying(16) NOT NULL DEFAULT 'unknown', "status_changed_at" TIMESTAMP WITH TIME ZONE, "last_seen_at" TIMESTAMP WITH TIME ZONE, "last_checked_at" TIMESTAMP WITH TIME ZONE, "offline_alert_at" TIMESTAMP WITH TIME ZONE, "last_error" character varying(500), "version" character varying(64), "board_name" character varying(64), "identity" character varying(128), "uptime_seconds" integer, "cpu_load" integer, "free_memory" bigint, "total_memory" bigint, "active_sessions" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b6d283f1e40d4942dedbc0cb27a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_routers_provider_created" ON "routers" ("provider_id", "created_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_routers_provider_name" ON "routers" ("provider_id", "name") `);
    await queryRunner.query(
      `CREATE TABLE "router_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "router_id" uuid NOT NULL, "type" character varying(32) NOT NULL, "message" character varying(500) NOT NULL, "metadata" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c68615cfaad7c47b3e7ce393747" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_router_events_router_created" ON "router_events" ("router_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "router_provisioning_ops" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" BIGSERIAL NOT NULL, "provider_id" uuid NOT NULL, "router_id" uuid NOT NULL, "type" character varying(24) NOT NULL, "target" character varying(128) NOT NULL, "payload" jsonb, "status" character varying(12) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "locked_until" TIMESTAMP WITH TIME ZONE, "last_error" character varying(1000), "last_error_code" character varying(32), "applied_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5367896e1cd671142810ac09f55" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_router_ops_status_next" ON "router_provisioning_ops" ("status", "next_attempt_at") `);
    await queryRunner.query(`CREATE INDEX "idx_router_ops_router_status_seq" ON "router_provisioning_ops" ("router_id", "status", "seq") `);
    await queryRunner.query(
      `CREATE TABLE "router_profiles" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "router_id" uuid NOT NULL, "name" character varying(128) NOT NULL, "spec" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_394791886da982a992b10005876" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_router_profiles_router_name" ON "router_profiles" ("router_id", "name") `);
    await queryRunner.query(
      `CREATE TABLE "router_users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "router_id" uuid NOT NULL, "name" character varying(128) NOT NULL, "spec" jsonb NOT NULL, "disabled" boolean NOT NULL DEFAULT false, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_50f33aa384478ac1f45d5f06d4d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_router_users_router_name" ON "router_users" ("router_id", "name") `);
    await queryRunner.query(
      `CREATE TABLE "router_bulk_syncs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "router_id" uuid NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'queued', "total" integer NOT NULL, "done" integer NOT NULL DEFAULT '0', "failed" integer NOT NULL DEFAULT '0', "error" character varying(1000), "finished_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b80b6286040163b5f846b62694a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_router_bulk_syncs_router_created" ON "router_bulk_syncs" ("router_id", "created_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_router_bulk_syncs_router_created"`);
    await queryRunner.query(`DROP TABLE "router_bulk_syncs"`);
    await queryRunner.query(`DROP INDEX "public"."uq_router_users_router_name"`);
    await queryRunner.query(`DROP TABLE "router_users"`);
    await queryRunner.query(`DROP INDEX "public"."uq_router_profiles_router_name"`);
    await queryRunner.query(`DROP TABLE "router_profiles"`);
    await queryRunner.query(`DROP INDEX "public"."idx_router_ops_router_status_seq"`);
    await queryRunner.query(`DROP INDEX "public"."idx_router_ops_status_next"`);
    await queryRunner.query(`DROP TABLE "router_provisioning_ops"`);
    await queryRunner.query(`DROP INDEX "public"."idx_router_events_router_created"`);
    await queryRunner.query(`DROP TABLE "router_events"`);
    await queryRunner.query(`DROP INDEX "public"."uq_routers_provider_name"`);
    await queryRunner.query(`DROP INDEX "public"."idx_routers_provider_created"`);
    await queryRunner.query(`DROP TABLE "routers"`);
  }
}
