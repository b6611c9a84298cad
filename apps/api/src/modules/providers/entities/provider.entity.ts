import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const PROVIDER_TYPES = ['homeowner', 'personal', 'isp', 'enterprise'] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];
export const PROVIDER_STATUSES = ['pending', 'active', 'suspended', 'rejected'] as const;
export type ProviderStatus = (typeof PROVIDER_STATUSES)[number];

/** A tenant: a hotspot business. */
@Entity('providers')
@Index('idx_providers_status_created', ['status', 'createdAt'])
export class Provider {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 120 })
  businessName: string;

  @Column({ type: 'varchar', length: 120 })
  contactName: string;

  @Column({ type: 'varchar', length: 254 })
  contactEmail: string;

  /** MSISDN, normalised (2547XXXXXXXX). */
  @Column({ type: 'varchar', length: 15 })
  phone: string;

  /**
   * The business type: declared at sign-up, confirmed (or corrected) by the super admin at approval.
   * Commission follows it only once confirmed (typeConfirmedAt), so a self-declared "isp" never
   * earns the 0 % rate on its own (docs/product.md §2b).
   */
  @Column({ type: 'varchar', length: 16 })
  type: ProviderType;

  /** When the super admin confirmed `type` (approval); null while it is only self-declared. */
  @Column({ type: 'timestamptz', nullable: true })
  typeConfirmedAt: Date | null;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: ProviderStatus;

  @Column({ type: 'varchar', length: 500, nullable: true })
  statusReason: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  location: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  /** Branding on the captive portal and printed vouchers: display name (else businessName). */
  @Column({ type: 'varchar', length: 60, nullable: true })
  brandName: string | null;

  /** Logo as a data URL (PNG/JPEG/WebP/GIF, ≤ 24 KB), served by the captive API under the portal's host. */
  @Column({ type: 'text', nullable: true })
  logoDataUrl: string | null;

  /** Accent colour, #RRGGBB. */
  @Column({ type: 'varchar', length: 7, nullable: true })
  accentColor: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
