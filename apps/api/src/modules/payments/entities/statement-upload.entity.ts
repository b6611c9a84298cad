import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { StatementLineStatus } from './statement-line.entity';

/** previewed → applying (claimed by one request) → applied; an apply that died leaves `applying`, claimable again after 15 minutes. */
export const STATEMENT_UPLOAD_STATUSES = ['previewed', 'applying', 'applied'] as const;
export type StatementUploadStatus = (typeof STATEMENT_UPLOAD_STATUSES)[number];

/** A line of an uploaded statement as parsed (kept until it is applied). */
export interface UploadedLine {
  row: number;
  receipt: string;
  occurredAt: string | null;
  amountMinor: number;
  withdrawnMinor: number;
  status: string;
  reasonType: string;
  reference: string;
  phoneMasked: string | null;
  /** what applying would do, computed at upload */
  preview?: StatementLineStatus;
  previewDetail?: string | null;
  /** what applying did */
  applied?: StatementLineStatus;
  appliedDetail?: string | null;
}

/** Counts of what a statement upload would do (preview) or did (applied). */
export interface StatementCounts {
  lines: number;
  settled: number;
  recorded: number;
  unmatched: number;
  ignored: number;
}

/**
 * An org-portal statement uploaded by a provider (own shortcode) or the super admin (the
 * platform's shortcode, providerId null): parsed and previewed first, applied once on request.
 */
@Entity('statement_uploads')
@Index('idx_statement_uploads_provider_created', ['providerId', 'createdAt'])
export class StatementUpload {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  providerId: string | null;

  @Column({ type: 'varchar', length: 7 })
  shortcode: string;

  @Column({ type: 'varchar', length: 200 })
  filename: string;

  @Column({ type: 'timestamptz', nullable: true })
  periodFrom: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  periodTo: Date | null;

  @Column({ type: 'varchar', length: 10 })
  status: StatementUploadStatus;

  @Column({ type: 'jsonb' })
  lines: UploadedLine[];

  /** Rows of the file that could not be read. */
  @Column({ type: 'jsonb' })
  errors: Array<{ row: number; reason: string }>;

  @Column({ type: 'jsonb' })
  preview: StatementCounts;

  @Column({ type: 'jsonb', nullable: true })
  result: StatementCounts | null;

  @Column({ type: 'uuid', nullable: true })
  uploadedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  appliedAt: Date | null;
}
