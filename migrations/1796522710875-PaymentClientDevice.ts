import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PaymentClientDevice1796522710875 implements MigrationInterface {
  name = 'PaymentClientDevice1796522710875';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "payments" ADD "client_device" character varying(60)`);
    await queryRunner.query(`CREATE INDEX "idx_payments_device_created" ON "payments" ("client_device", "created_at") WHERE client_device IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_payments_device_created"`);
    await queryRunner.query(`ALTER TABLE "payments" DROP COLUMN "client_device"`);
  }
}
