import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RouterBackups1796599918878 implements MigrationInterface {
  name = 'RouterBackups1796599918878';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "router_restores" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "router_id" uuid NOT NULL, "backup_id" uuid, "source_router_id" uuid NOT NULL, "kind" character varying(8) NOT NULL, "status" character varying(16) NOT NULL, "error" character varying(500), "line" integer, "before_backup_id" uuid, "uptime_before" integer, "deadline_at" TIMESTAMP WITH TIME ZONE, "requested_by_user_id" uuid, "requested_by_email" character varying(254), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_7054ee951ddac7f05a5e9ff498d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_router_restores_router_created" ON "router_restores" ("router_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "router_file_tokens" ("token_hash" character varying(64) NOT NULL, "provider_id" uuid NOT NULL, "router_id" uuid NOT NULL, "backup_id" uuid NOT NULL, "restore_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_cc63d6fd162e560c07c2f513029" PRIMARY KEY ("token_hash"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "router_backups" ("id" uuid NOT NULL, "provider_id" uuid NOT NULL, "router_id" uuid NOT NULL, "kind" character varying(8) NOT NULL, "trigger" character varying(16) NOT NULL, "size_bytes" integer NOT NULL, "routeros_version" character varying(64), "taken_by_user_id" uuid, "taken_by_email" character varying(254), "data_sealed" bytea NOT NULL, "password_sealed" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d510ad84880728b482803eca239" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_router_backups_router_kind_created" ON "router_backups" ("router_id", "kind", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "router_backup_schedules" ("router_id" uuid NOT NULL, "provider_id" uuid NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "hour" smallint NOT NULL DEFAULT '3', "keep" smallint NOT NULL DEFAULT '10', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_527fe2b7008349f568e4381da02" PRIMARY KEY ("router_id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "router_backup_schedules"`);
    await queryRunner.query(`DROP INDEX "public"."idx_router_backups_router_kind_created"`);
    await queryRunner.query(`DROP TABLE "router_backups"`);
    await queryRunner.query(`DROP TABLE "router_file_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."idx_router_restores_router_created"`);
    await queryRunner.query(`DROP TABLE "router_restores"`);
  }
}
