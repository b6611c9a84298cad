import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * docs/product.md §2b: the default limits of an account with no paid plan (one settings row,
 * 10 routers and 20,000 vouchers a month), and when a provider's type was confirmed. Providers
 * approved before this had their declared type accepted at approval: it counts as confirmed then.
 */
export class ProviderStatusGates1796510458644 implements MigrationInterface {
  name = 'ProviderStatusGates1796510458644';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "platform_settings" ("id" character varying(16) NOT NULL, "default_max_routers" integer, "default_max_vouchers_per_month" integer, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2934aeb70ec285196dcab4a2e96" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`INSERT INTO "platform_settings" ("id", "default_max_routers", "default_max_vouchers_per_month") VALUES ('default', 10, 20000)`);
    await queryRunner.query(`ALTER TABLE "providers" ADD "type_confirmed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`UPDATE "providers" SET "type_confirmed_at" = "approved_at" WHERE "approved_at" IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "providers" DROP COLUMN "type_confirmed_at"`);
    await queryRunner.query(`DROP TABLE "platform_settings"`);
  }
}
