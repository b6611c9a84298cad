import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Voucher search matches a code or payment reference prefix in any case: `upper(code) LIKE 'AB%'`
 * needs an expression index with text_pattern_ops (whatever the database collation). Hand-written:
 * TypeORM cannot describe expression indexes; the entity declares them with synchronize: false.
 */
export class VoucherSearchPrefix1796424161644 implements MigrationInterface {
  name = 'VoucherSearchPrefix1796424161644';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "idx_vouchers_provider_code_prefix" ON "vouchers" ("provider_id", upper("code") text_pattern_ops)`);
    await queryRunner.query(`CREATE INDEX "idx_vouchers_provider_reference_prefix" ON "vouchers" ("provider_id", upper("payment_reference") text_pattern_ops)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_vouchers_provider_reference_prefix"`);
    await queryRunner.query(`DROP INDEX "public"."idx_vouchers_provider_code_prefix"`);
  }
}
