import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LedgerRefundsPayoutMethod1796527591011 implements MigrationInterface {
  name = 'LedgerRefundsPayoutMethod1796527591011';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "payouts" ADD "method" character varying(16)`);
    await queryRunner.query(`ALTER TABLE "ledger_entries" ADD "kind" character varying(8) NOT NULL DEFAULT 'sale'`);
    await queryRunner.query(`ALTER TABLE "ledger_entries" ADD "reverses_id" uuid`);
    await queryRunner.query(`ALTER TABLE "ledger_entries" ADD "refund_method" character varying(16)`);
    await queryRunner.query(`ALTER TABLE "ledger_entries" ADD "refund_reference" character varying(20)`);
    await queryRunner.query(`ALTER TABLE "ledger_entries" ADD "refund_reason" character varying(500)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_ledger_entries_reverses" ON "ledger_entries" ("reverses_id") WHERE reverses_id IS NOT NULL`);
    // one sale per payment; its refund shares the payment id (TypeORM does not diff an index's WHERE: written by hand)
    await queryRunner.query(`DROP INDEX "public"."uq_ledger_entries_payment"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_ledger_entries_payment" ON "ledger_entries" ("payment_id") WHERE kind = 'sale'`);
    // a cash sale's refund copies its voucher and source: one cash *sale* per voucher
    await queryRunner.query(`DROP INDEX "public"."uq_ledger_entries_cash_voucher"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_ledger_entries_cash_voucher" ON "ledger_entries" ("voucher_id") WHERE source = 'cash' AND kind = 'sale'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // without the kind column a refund would read as a second sale: refunds go with it
    await queryRunner.query(`DELETE FROM "ledger_entries" WHERE kind = 'refund'`);
    await queryRunner.query(`DROP INDEX "public"."uq_ledger_entries_cash_voucher"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_ledger_entries_cash_voucher" ON "ledger_entries" ("voucher_id") WHERE source = 'cash'`);
    await queryRunner.query(`DROP INDEX "public"."uq_ledger_entries_payment"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_ledger_entries_payment" ON "ledger_entries" ("payment_id") `);
    await queryRunner.query(`DROP INDEX "public"."uq_ledger_entries_reverses"`);
    await queryRunner.query(`ALTER TABLE "ledger_entries" DROP COLUMN "refund_reason"`);
    await queryRunner.query(`ALTER TABLE "ledger_entries" DROP COLUMN "refund_reference"`);
    await queryRunner.query(`ALTER TABLE "ledger_entries" DROP COLUMN "refund_method"`);
    await queryRunner.query(`ALTER TABLE "ledger_entries" DROP COLUMN "reverses_id"`);
    await queryRunner.query(`ALTER TABLE "ledger_entries" DROP COLUMN "kind"`);
    await queryRunner.query(`ALTER TABLE "payouts" DROP COLUMN "method"`);
  }
}
