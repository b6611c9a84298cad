import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CashSales1796525951556 implements MigrationInterface {
  name = 'CashSales1796525951556';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "ledger_entries" ALTER COLUMN "payment_id" DROP NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX "idx_vouchers_provider_unrecorded_use" ON "vouchers" ("provider_id", "created_at", "id") WHERE first_login_at IS NOT NULL AND sale_key IS NULL AND payment_id IS NULL`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_ledger_entries_cash_voucher" ON "ledger_entries" ("voucher_id") WHERE source = 'cash'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_ledger_entries_cash_voucher"`);
    await queryRunner.query(`DROP INDEX "public"."idx_vouchers_provider_unrecorded_use"`);
    // cash sales have no payment: they cannot survive the column becoming required again
    await queryRunner.query(`DELETE FROM "ledger_entries" WHERE "payment_id" IS NULL`);
    await queryRunner.query(`ALTER TABLE "ledger_entries" ALTER COLUMN "payment_id" SET NOT NULL`);
  }
}
