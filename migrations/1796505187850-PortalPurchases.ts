import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PortalPurchases1796505187850 implements MigrationInterface {
  name = 'PortalPurchases1796505187850';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "portal_purchases" ("payment_id" uuid NOT NULL, "provider_id" uuid NOT NULL, "router_id" uuid NOT NULL, "client_mac" character varying(17), "token_hash" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_958bcc10a2772e75ba4e00e06ed" PRIMARY KEY ("payment_id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "portal_purchases"`);
  }
}
