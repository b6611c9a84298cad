import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Resellers1796534112540 implements MigrationInterface {
  name = 'Resellers1796534112540';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_ledger_entries_cash_voucher"`);
    await queryRunner.query(
      `CREATE TABLE "resellers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "name" character varying(80) NOT NULL, "phone" character varying(15), "note" character varying(300), "archived_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_76bd6296941acee7edb228f4925" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_resellers_provider_name" ON "resellers" ("provider_id", "name") `);
    await queryRunner.query(
      `CREATE TABLE "reseller_handovers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "reseller_id" uuid NOT NULL, "kind" character varying(8) NOT NULL, "card_count" integer NOT NULL, "value_minor" bigint NOT NULL, "currency" character varying(3) NOT NULL, "unit_price_minor" bigint, "discount_percent" integer, "batch_id" uuid, "occurred_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c426b316e67499ab53deb997841" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_reseller_handovers_reseller_occurred" ON "reseller_handovers" ("provider_id", "reseller_id", "occurred_at") `);
    await queryRunner.query(
      `CREATE TABLE "reseller_collections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "reseller_id" uuid NOT NULL, "amount_minor" bigint NOT NULL, "currency" character varying(3) NOT NULL, "method" character varying(8) NOT NULL, "reference" character varying(40), "note" character varying(300), "received_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "reverses_id" uuid, "created_by" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a2aa25a38093963cf6a60accbd7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_reseller_collections_reverses" ON "reseller_collections" ("reverses_id") WHERE reverses_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "idx_reseller_collections_reseller_received" ON "reseller_collections" ("provider_id", "reseller_id", "received_at") `);
    await queryRunner.query(`ALTER TABLE "vouchers" ADD "reseller_id" uuid`);
    await queryRunner.query(`ALTER TABLE "vouchers" ADD "reseller_handover_id" uuid`);
    await queryRunner.query(`ALTER TABLE "vouchers" ADD "reseller_price_minor" bigint`);
    await queryRunner.query(`ALTER TABLE "ledger_entries" ADD "reseller_id" uuid`);
    // widened in place ('reseller' needs 8 characters): the generated DROP + ADD would lose every row's source
    await queryRunner.query(`ALTER TABLE "ledger_entries" ALTER COLUMN "source" TYPE character varying(8)`);
    await queryRunner.query(`CREATE INDEX "idx_vouchers_provider_reseller" ON "vouchers" ("provider_id", "reseller_id") WHERE reseller_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "idx_ledger_entries_reseller_occurred" ON "ledger_entries" ("provider_id", "reseller_id", "occurred_at") WHERE reseller_id IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_ledger_entries_voucher_sale" ON "ledger_entries" ("voucher_id") WHERE source IN ('cash', 'reseller') AND kind = 'sale'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_ledger_entries_voucher_sale"`);
    await queryRunner.query(`DROP INDEX "public"."idx_ledger_entries_reseller_occurred"`);
    await queryRunner.query(`DROP INDEX "public"."idx_vouchers_provider_reseller"`);
    // reseller sales (and their refunds) cannot survive the narrower column
    await queryRunner.query(`DELETE FROM "ledger_entries" WHERE "source" = 'reseller'`);
    await queryRunner.query(`ALTER TABLE "ledger_entries" ALTER COLUMN "source" TYPE character varying(4)`);
    await queryRunner.query(`ALTER TABLE "ledger_entries" DROP COLUMN "reseller_id"`);
    await queryRunner.query(`ALTER TABLE "vouchers" DROP COLUMN "reseller_price_minor"`);
    await queryRunner.query(`ALTER TABLE "vouchers" DROP COLUMN "reseller_handover_id"`);
    await queryRunner.query(`ALTER TABLE "vouchers" DROP COLUMN "reseller_id"`);
    await queryRunner.query(`DROP INDEX "public"."idx_reseller_collections_reseller_received"`);
    await queryRunner.query(`DROP INDEX "public"."uq_reseller_collections_reverses"`);
    await queryRunner.query(`DROP TABLE "reseller_collections"`);
    await queryRunner.query(`DROP INDEX "public"."idx_reseller_handovers_reseller_occurred"`);
    await queryRunner.query(`DROP TABLE "reseller_handovers"`);
    await queryRunner.query(`DROP INDEX "public"."idx_resellers_provider_name"`);
    await queryRunner.query(`DROP TABLE "resellers"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_ledger_entries_cash_voucher" ON "ledger_entries" ("voucher_id") WHERE (((source)::text = 'cash'::text) AND ((kind)::text = 'sale'::text))`);
  }
}
