import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { AlertLanguage } from '../alert-kinds';

/**
 * A person's alert choices: per category, e-mail and SMS (docs/alerts.md). No row means the
 * defaults: the provider's owner gets every category by e-mail, staff nothing until they opt in.
 */
@Entity('alert_preferences')
export class AlertPreference {
  /** the user (owner or staff) */
  @PrimaryColumn('uuid')
  userId: string;

  @Column({ type: 'varchar', length: 2, default: 'en' })
  language: AlertLanguage;

  @Column({ type: 'boolean' })
  routerEmail: boolean;

  @Column({ type: 'boolean' })
  routerSms: boolean;

  @Column({ type: 'boolean' })
  provisioningEmail: boolean;

  @Column({ type: 'boolean' })
  provisioningSms: boolean;

  @Column({ type: 'boolean' })
  paymentsEmail: boolean;

  @Column({ type: 'boolean' })
  paymentsSms: boolean;

  @Column({ type: 'boolean' })
  subscriptionEmail: boolean;

  @Column({ type: 'boolean' })
  subscriptionSms: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
