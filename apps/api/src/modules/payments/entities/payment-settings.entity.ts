import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const COLLECTION_MODES = ['platform', 'own_account'] as const;
export type CollectionMode = (typeof COLLECTION_MODES)[number];
export const SHORTCODE_TYPES = ['paybill', 'till'] as const;
export type ShortcodeType = (typeof SHORTCODE_TYPES)[number];
export const DARAJA_ENVIRONMENTS = ['sandbox', 'production'] as const;

/**
 * A provider's M-Pesa collection settings (docs/product.md §6): platform collection (commission applies)
 * or the provider's own Daraja app. Secrets are sealed with the SecretBox and never leave the
 * service; the callback secret is kept sealed (to build URLs) and hashed (to compare in constant time).
 */
@Entity('payment_settings')
export class PaymentSettings {
  @PrimaryColumn({ type: 'uuid' })
  providerId: string;

  @Column({ type: 'varchar', length: 12, default: 'platform' })
  mode: CollectionMode;

  @Column({ type: 'varchar', length: 10, nullable: true })
  environment: 'sandbox' | 'production' | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  shortcodeType: ShortcodeType | null;

  /** Paybill number, or the till's store/HO number (BusinessShortCode). */
  @Column({ type: 'varchar', length: 7, nullable: true })
  shortcode: string | null;

  /** Till number (PartyB) for tills. */
  @Column({ type: 'varchar', length: 7, nullable: true })
  tillNumber: string | null;

  @Column({ type: 'text', nullable: true })
  consumerKeySealed: string | null;

  @Column({ type: 'text', nullable: true })
  consumerSecretSealed: string | null;

  @Column({ type: 'text', nullable: true })
  passkeySealed: string | null;

  /** Per-provider commission override in basis points (super admin); null = the provider type's default. */
  @Column({ type: 'integer', nullable: true })
  commissionRateBp: number | null;

  @Column({ type: 'text' })
  callbackSecretSealed: string;

  /** sha256 hex of the callback secret: compared with timingSafeEqual. */
  @Column({ type: 'varchar', length: 64 })
  callbackSecretHash: string;

  /** Bumped on every rotation (collection-mode change or on demand); each push records the version its URL carried. */
  @Column({ type: 'int', default: 1 })
  callbackSecretVersion: number;

  /** sha256 of the secret before the last rotation: still accepted, only for pushes sent with it (and C2B URLs registered with it). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  previousCallbackSecretHash: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  callbackSecretRotatedAt: Date | null;

  /** The callback-secret version the registered C2B URLs carry. */
  @Column({ type: 'int', nullable: true })
  c2bSecretVersion: number | null;

  @Column({ type: 'varchar', length: 2, nullable: true })
  c2bVersion: 'v1' | 'v2' | null;

  @Column({ type: 'timestamptz', nullable: true })
  c2bRegisteredAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastTestedAt: Date | null;

  @Column({ type: 'boolean', nullable: true })
  lastTestOk: boolean | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  lastTestMessage: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
