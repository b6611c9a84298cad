import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RouterTlsPin1796472562983 implements MigrationInterface {
  name = 'RouterTlsPin1796472562983';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "routers" ADD "tls_fingerprint" character varying(95)`);
    await queryRunner.query(`ALTER TABLE "routers" ADD "tls_fingerprint_pending" character varying(95)`);
    await queryRunner.query(`ALTER TABLE "routers" ADD "tls_fingerprint_pending_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "routers" DROP COLUMN "tls_fingerprint_pending_at"`);
    await queryRunner.query(`ALTER TABLE "routers" DROP COLUMN "tls_fingerprint_pending"`);
    await queryRunner.query(`ALTER TABLE "routers" DROP COLUMN "tls_fingerprint"`);
  }
}
