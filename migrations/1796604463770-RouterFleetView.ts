import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The routers list (docs/fleet-view.md) sorts one provider's routers by name
 * ignoring case, by status then name, or by last seen (never seen counting as oldest), each with
 * id as the tie-break, and pages by keyset on those keys: one index per sort so a provider with
 * thousands of routers reads one page, not all of them. Hand-written: TypeORM cannot describe
 * expression indexes; the entity declares them with synchronize: false.
 */
export class RouterFleetView1796604463770 implements MigrationInterface {
  name = 'RouterFleetView1796604463770';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "idx_routers_provider_name_ci" ON "routers" ("provider_id", lower("name"), "id")`);
    await queryRunner.query(`CREATE INDEX "idx_routers_provider_status" ON "routers" ("provider_id", "status", lower("name"), "id")`);
    await queryRunner.query(`CREATE INDEX "idx_routers_provider_last_seen" ON "routers" ("provider_id", coalesce("last_seen_at", '-infinity'::timestamptz), "id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_routers_provider_last_seen"`);
    await queryRunner.query(`DROP INDEX "public"."idx_routers_provider_status"`);
    await queryRunner.query(`DROP INDEX "public"."idx_routers_provider_name_ci"`);
  }
}
