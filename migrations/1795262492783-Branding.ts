import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Branding1795262492783 implements MigrationInterface {
  name = 'Branding1795262492783';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "providers" ADD "brand_name" character varying(60)`);
    await queryRunner.query(`ALTER TABLE "providers" ADD "logo_data_url" text`);
    await queryRunner.query(`ALTER TABLE "providers" ADD "accent_color" character varying(7)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "providers" DROP COLUMN "accent_color"`);
    await queryRunner.query(`ALTER TABLE "providers" DROP COLUMN "logo_data_url"`);
    await queryRunner.query(`ALTER TABLE "providers" DROP COLUMN "brand_name"`);
  }
}
