import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RouterUserConfirmed1796419940108 implements MigrationInterface {
  name = 'RouterUserConfirmed1796419940108';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "router_users" ADD "confirmed_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "router_users" DROP COLUMN "confirmed_at"`);
  }
}
