import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const SMS_MODES = ['platform', 'own', 'off'] as const;
/** platform: the platform's Africa's Talking account (counted, capped by the plan); own: the provider's app; off: no SMS */
export type SmsMode = (typeof SMS_MODES)[number];

export const SMS_LOCALES = ['en', 'sw'] as const;
export type SmsLocale = (typeof SMS_LOCALES)[number];

/**
 * A provider's SMS settings (docs/sms.md §8). No row = the defaults: the platform's account when
 * the operator offers it (else off), voucher SMS on, English. The API key is sealed with the
 * SecretBox and never leaves the service; the delivery-report secret is sealed (to show the URL
 * the owner registers on their AT app) and hashed (to find the provider from a report).
 */
@Entity('provider_sms_settings')
export class SmsSettings {
  @PrimaryColumn('uuid')
  providerId: string;

  @Column({ type: 'varchar', length: 8 })
  mode: SmsMode;

  /** own account: sandbox or production */
  @Column({ type: 'varchar', length: 10, nullable: true })
  atEnvironment: 'sandbox' | 'production' | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  atUsername: string | null;

  @Column({ type: 'text', nullable: true })
  atApiKeySealed: string | null;

  /** own account: a sender ID registered on the app (else AT's shared sender) */
  @Column({ type: 'varchar', length: 11, nullable: true })
  senderId: string | null;

  /** text the code to the buyer after an M-Pesa purchase */
  @Column({ type: 'boolean', default: true })
  voucherSms: boolean;

  /** the language of customer SMS */
  @Column({ type: 'varchar', length: 2, default: 'en' })
  locale: SmsLocale;

  @Column({ type: 'text' })
  callbackSecretSealed: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  callbackSecretHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
