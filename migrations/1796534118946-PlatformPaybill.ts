import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payment references become unique across providers (a C2B payment to the platform's shortcode names
 * only the reference), the platform shortcode's C2B settings row, platform webhook logs, and the open-push index a
 * payment without an account number is matched through.
 *
 * References were unique per provider only, so old data may hold one reference at two providers.
 * Per duplicated reference one voucher keeps it: the one that cannot change (sold, in use, refunded,
 * or named by a payment or a cash sale), else the oldest. The others get a fresh reference, which
 * is allowed only for cards nobody paid for (available, expired or disabled, no payment, no sale):
 * no sold card's reference ever changes. Two vouchers of one reference that both cannot change stop
 * the migration with the references named (docs/operations.md "Payment references across providers").
 */
export class PlatformPaybill1796534118946 implements MigrationInterface {
  name = 'PlatformPaybill1796534118946';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$
      DECLARE
        alphabet constant text := '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
        dup record;
        fresh text;
        stuck text;
        renamed int := 0;
      BEGIN
        CREATE TEMP TABLE wavu_reference_duplicates AS
          SELECT v.id, v.payment_reference, v.created_at,
                 NOT (v.status IN ('available', 'expired', 'disabled') AND v.sale_key IS NULL AND v.payment_id IS NULL
                      AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.voucher_id = v.id OR (p.provider_id = v.provider_id AND p.payment_reference = v.payment_reference))) AS fixed
            FROM vouchers v
           WHERE v.payment_reference IN (SELECT payment_reference FROM vouchers GROUP BY payment_reference HAVING count(*) > 1);
        SELECT string_agg(payment_reference, ', ') INTO stuck
          FROM (SELECT payment_reference FROM wavu_reference_duplicates WHERE fixed GROUP BY payment_reference HAVING count(*) > 1 ORDER BY payment_reference LIMIT 20) s;
        IF stuck IS NOT NULL THEN
          RAISE EXCEPTION 'Payment references must be unique across providers, but these are held by sold or paid vouchers of more than one provider: %. Nothing was changed. See docs/operations.md "Payment references across providers".', stuck;
        END IF;
        FOR dup IN
          SELECT d.id FROM wavu_reference_duplicates d
           WHERE d.id <> (SELECT k.id FROM wavu_reference_duplicates k WHERE k.payment_reference = d.payment_reference ORDER BY k.fixed DESC, k.created_at, k.id LIMIT 1)
        LOOP
          LOOP
            fresh := (SELECT string_agg(substr(alphabet, 1 + floor(random() * length(alphabet))::int, 1), '') FROM generate_series(1, 8));
            EXIT WHEN NOT EXISTS (SELECT 1 FROM vouchers WHERE payment_reference = fresh);
          END LOOP;
          UPDATE vouchers SET payment_reference = fresh, updated_at = now() WHERE id = dup.id;
          renamed := renamed + 1;
        END LOOP;
        DROP TABLE wavu_reference_duplicates;
        IF renamed > 0 THEN
          RAISE NOTICE 'PlatformPaybill: % unsold vouchers got a new payment reference (the same reference was used by another provider)', renamed;
        END IF;
      END $$`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_vouchers_payment_reference" ON "vouchers" ("payment_reference") `);
    await queryRunner.query(`DROP INDEX "public"."uq_vouchers_provider_reference"`);
    await queryRunner.query(
      `CREATE TABLE "platform_payment_settings" ("id" smallint NOT NULL, "callback_secret_sealed" text NOT NULL, "callback_secret_hash" character varying(64) NOT NULL, "c2b_shortcode" character varying(7), "c2b_version" character varying(2), "c2b_registered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a9b62715a4d78dc4ca2151ce69c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`ALTER TABLE "webhook_logs" ADD "platform" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`CREATE INDEX "idx_webhook_logs_unrouted" ON "webhook_logs" ("created_at") WHERE provider_id IS NULL`);
    await queryRunner.query(`CREATE INDEX "idx_payments_open_stk" ON "payments" ("shortcode", "amount_minor", "created_at") WHERE source = 'stk' AND status IN ('pending', 'expired')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_payments_open_stk"`);
    await queryRunner.query(`DROP INDEX "public"."idx_webhook_logs_unrouted"`);
    await queryRunner.query(`ALTER TABLE "webhook_logs" DROP COLUMN "platform"`);
    await queryRunner.query(`DROP TABLE "platform_payment_settings"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_vouchers_provider_reference" ON "vouchers" ("provider_id", "payment_reference") `);
    await queryRunner.query(`DROP INDEX "public"."uq_vouchers_payment_reference"`);
  }
}
