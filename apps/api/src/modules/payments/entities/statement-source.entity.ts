import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const PULL_HEALTH = ['ok', 'suspect', 'not_registered', 'failing'] as const;
/**
 * ok: the last pull answered. suspect: Daraja said "no records" (1001) for a window in which we
 * know money arrived. not_registered: that happened on 3 pulls in a row, so the shortcode is almost
 * certainly not registered or provisioned for Pull. failing: the last pull errored.
 */
export type PullHealth = (typeof PULL_HEALTH)[number];

/**
 * A shortcode we collect on and pull statements for (Daraja Pull Transactions): the platform's
 * own shortcode (providerId null) or an own-account provider's. The recent window is pulled
 * every few minutes from `pulledUntil` (minus an overlap), and each Nairobi day once in full.
 */
@Entity('statement_sources')
@Index('uq_statement_sources_shortcode', ['shortcode'], { unique: true })
export class StatementSource {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The shortcode payments are recorded under (paybill, or the till number). */
  @Column({ type: 'varchar', length: 7 })
  shortcode: string;

  /** null = the platform's shortcode (platform collection). */
  @Column({ type: 'uuid', nullable: true })
  providerId: string | null;

  @Column({ type: 'boolean', default: true })
  pullEnabled: boolean;

  /** The organisation's nominated MSISDN used to register (2547…). */
  @Column({ type: 'varchar', length: 15, nullable: true })
  nominatedNumber: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  registeredAt: Date | null;

  @Column({ type: 'varchar', length: 16, default: 'ok' })
  health: PullHealth;

  /** Everything before this has been pulled successfully (the next recent pull starts here, less an overlap). */
  @Column({ type: 'timestamptz', nullable: true })
  pulledUntil: Date | null;

  /** The last Nairobi day (YYYY-MM-DD) pulled in full by the daily sweep. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  lastFullDay: string | null;

  /** Consecutive "no records" answers for windows in which we know money arrived. */
  @Column({ type: 'int', default: 0 })
  noRecordsStreak: number;

  /** Whether Pull has been seen to list STK (Lipa Na M-Pesa Online) payments on this shortcode. */
  @Column({ type: 'boolean', default: false })
  listsStk: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  lastPullAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastSuccessAt: Date | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
