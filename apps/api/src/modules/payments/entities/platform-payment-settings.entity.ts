import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The one row's key: there is one platform. */
export const PLATFORM_SETTINGS_ID = 1;

/**
 * The platform shortcode's own C2B settings (docs/mpesa.md §7b): the secret in its C2B URLs (sealed to
 * build them, hashed to compare in constant time) and where Daraja registration stands. One row,
 * created on first use. The shortcode and credentials themselves are configuration (`DARAJA_PLATFORM_*`).
 */
@Entity('platform_payment_settings')
export class PlatformPaymentSettings {
  @PrimaryColumn({ type: 'smallint' })
  id: number;

  @Column({ type: 'text' })
  callbackSecretSealed: string;

  /** sha256 hex of the callback secret: compared with timingSafeEqual. */
  @Column({ type: 'varchar', length: 64 })
  callbackSecretHash: string;

  /** The shortcode (paybill or till number) the C2B URLs were registered for. */
  @Column({ type: 'varchar', length: 7, nullable: true })
  c2bShortcode: string | null;

  @Column({ type: 'varchar', length: 2, nullable: true })
  c2bVersion: 'v1' | 'v2' | null;

  @Column({ type: 'timestamptz', nullable: true })
  c2bRegisteredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
