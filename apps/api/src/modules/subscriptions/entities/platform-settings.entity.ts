import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Platform-wide settings the super admin edits (one row, id 'default'). Today: the default limits
 * of an account with no paid plan (the free trial, a waived or lapsed plan), so no account is
 * ever unlimited by accident (docs/product.md §2b).
 */
@Entity('platform_settings')
export class PlatformSettings {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  id: string;

  /** null = unlimited */
  @Column({ type: 'int', nullable: true })
  defaultMaxRouters: number | null;

  /** null = unlimited */
  @Column({ type: 'int', nullable: true })
  defaultMaxVouchersPerMonth: number | null;

  /** SMS parts a month through the platform's Africa's Talking account (docs/sms.md §8); null = unlimited */
  @Column({ type: 'int', nullable: true })
  defaultMaxSmsPerMonth: number | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
