import type { MigrationInterface, QueryRunner } from 'typeorm';

export class VouchersProviderSoldIndex1796534761038 implements MigrationInterface {
  name = 'VouchersProviderSoldIndex1796534761038';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "idx_vouchers_provider_sold" ON "vouchers" ("provider_id", "sold_at") WHERE sold_at IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_vouchers_provider_sold"`);
  }
}
