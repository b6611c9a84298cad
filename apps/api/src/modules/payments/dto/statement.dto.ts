import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/page';
import { IsMsisdn } from '../../../common/validation/decorators';
import { toWhole } from '../../../common/money';
import { maskMsisdn } from '../../../common/phone';
import { StatementLine, STATEMENT_LINE_SOURCES, STATEMENT_LINE_STATUSES, StatementLineSource, StatementLineStatus } from '../entities/statement-line.entity';
import { PULL_HEALTH, PullHealth, StatementSource } from '../entities/statement-source.entity';
import { StatementCounts, StatementUpload, STATEMENT_UPLOAD_STATUSES, StatementUploadStatus, UploadedLine } from '../entities/statement-upload.entity';

/** Largest statement file accepted (characters of CSV text): a busy shortcode's month fits. */
const STATEMENT_MAX_CHARS = 10_000_000;

export class PullRegistrationDto {
  @ApiProperty({ description: "The organisation's nominated M-Pesa number from the org portal (Organization → Details), e.g. 0712 345 678 or 254712345678", example: '254712345678' })
  @MaxLength(20)
  @IsMsisdn()
  nominatedNumber: string;
}

export class UploadStatementDto {
  @ApiProperty({ description: 'The file name as exported by the M-Pesa org portal', maxLength: 200, example: 'statement-2026-12.csv' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  filename: string;

  @ApiProperty({ description: 'The statement CSV exported from the M-Pesa org portal (Receipt No., Completion Time, …, Paid In, …, A/C No.)', maxLength: STATEMENT_MAX_CHARS })
  @IsString()
  @MinLength(1)
  @MaxLength(STATEMENT_MAX_CHARS)
  csv: string;
}

export class ListStatementLinesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: STATEMENT_LINE_STATUSES, enumName: 'StatementLineStatus' })
  @IsIn(STATEMENT_LINE_STATUSES)
  @IsOptional()
  status?: StatementLineStatus;
}

export class AdminStatementLinesQueryDto extends ListStatementLinesQueryDto {
  @ApiPropertyOptional({ description: 'Only this shortcode', example: '600999' })
  @Matches(/^\d{5,7}$/, { message: 'shortcode must be 5–7 digits' })
  @IsOptional()
  shortcode?: string;
}

export class StatementSourceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() shortcode: string;
  @ApiProperty({ enum: ['platform', 'provider'] }) scope: 'platform' | 'provider';
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) providerId: string | null;
  @ApiProperty({ nullable: true, type: String, description: "The provider's business name (null for the platform's shortcode)" }) providerName: string | null;
  @ApiProperty() pullEnabled: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) registeredAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Masked' }) nominatedNumber: string | null;
  @ApiProperty({
    enum: PULL_HEALTH,
    enumName: 'PullHealth',
    description: 'ok; suspect: "no records" for a window in which money is known to have arrived; not_registered: that, 3 times in a row; failing: the last pull errored',
  })
  health: PullHealth;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Everything before this has been pulled' }) pulledUntil: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Last Nairobi day pulled in full' }) lastFullDay: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastPullAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastSuccessAt: string | null;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ description: 'Pull has been seen to list STK payments on this shortcode' }) listsStk: boolean;
}

export class ReconciliationStatusDto {
  @ApiProperty({ nullable: true, type: String, description: 'The shortcode this account collects on; null under platform collection (the platform reconciles its own shortcode)' })
  ownShortcode: string | null;
  @ApiProperty({ nullable: true, type: StatementSourceDto, description: 'Pull Transactions for that shortcode; null until registered' })
  source: StatementSourceDto | null;
  @ApiProperty({ description: 'Statement lines that match no purchase' }) unmatchedLines: number;
}

export class StatementLineDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() shortcode: string;
  @ApiProperty() receipt: string;
  @ApiProperty({ enum: STATEMENT_LINE_SOURCES, enumName: 'StatementLineSource' }) source: StatementLineSource;
  @ApiProperty({ enum: STATEMENT_LINE_STATUSES, enumName: 'StatementLineStatus' }) status: StatementLineStatus;
  @ApiProperty() transactionType: string;
  @ApiProperty({ description: 'Whole shillings' }) amount: number;
  @ApiProperty() amountMinor: number;
  @ApiProperty() currency: string;
  @ApiProperty({ description: 'Account number / bill reference' }) reference: string;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) occurredAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) paymentId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) providerId: string | null;
  @ApiProperty({ nullable: true, type: String }) detail: string | null;
  @ApiProperty({ format: 'date-time' }) firstSeenAt: string;
}

export class StatementLinePageDto {
  @ApiProperty({ type: [StatementLineDto] }) items: StatementLineDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class StatementCountsDto implements StatementCounts {
  @ApiProperty({ description: 'Rows read' }) lines: number;
  @ApiProperty({ description: 'Purchases we had not recorded that the statement settles' }) settled: number;
  @ApiProperty({ description: 'Already in our books' }) recorded: number;
  @ApiProperty({ description: 'Money that matches no purchase' }) unmatched: number;
  @ApiProperty({ description: 'Not customer payments (settlements, withdrawals, failed rows)' }) ignored: number;
}

export class StatementPreviewLineDto {
  @ApiProperty() row: number;
  @ApiProperty() receipt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) occurredAt: string | null;
  @ApiProperty({ description: 'Whole shillings paid in' }) amount: number;
  @ApiProperty() reference: string;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ enum: STATEMENT_LINE_STATUSES, enumName: 'StatementLineStatus', description: 'What applying does (preview) or did' }) outcome: StatementLineStatus;
  @ApiProperty({ nullable: true, type: String }) detail: string | null;
}

export class StatementUploadDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() shortcode: string;
  @ApiProperty() filename: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) periodFrom: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) periodTo: string | null;
  @ApiProperty({ enum: STATEMENT_UPLOAD_STATUSES, enumName: 'StatementUploadStatus' }) status: StatementUploadStatus;
  @ApiProperty({ type: StatementCountsDto, description: 'What applying would do, computed when uploaded' }) preview: StatementCountsDto;
  @ApiProperty({ type: StatementCountsDto, nullable: true, description: 'What applying did' }) result: StatementCountsDto | null;
  @ApiProperty({ type: [StatementPreviewLineDto], description: 'Lines that settle or match nothing (at most 500), in file order; empty in lists' }) lines: StatementPreviewLineDto[];
  @ApiProperty({ description: 'Rows of the file that could not be read' }) unreadableRows: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) appliedAt: string | null;
}

export class StatementUploadPageDto {
  @ApiProperty({ type: [StatementUploadDto] }) items: StatementUploadDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export function mapStatementSource(s: StatementSource, providerName: string | null = null): StatementSourceDto {
  return {
    id: s.id,
    shortcode: s.shortcode,
    scope: s.providerId ? 'provider' : 'platform',
    providerId: s.providerId,
    providerName,
    pullEnabled: s.pullEnabled,
    registeredAt: iso(s.registeredAt),
    nominatedNumber: s.nominatedNumber ? maskMsisdn(s.nominatedNumber) : null,
    health: s.health,
    pulledUntil: iso(s.pulledUntil),
    lastFullDay: s.lastFullDay,
    lastPullAt: iso(s.lastPullAt),
    lastSuccessAt: iso(s.lastSuccessAt),
    lastError: s.lastError,
    listsStk: s.listsStk,
  };
}

export function mapStatementLine(l: StatementLine): StatementLineDto {
  return {
    id: l.id,
    shortcode: l.shortcode,
    receipt: l.receipt,
    source: l.source,
    status: l.status,
    transactionType: l.transactionType,
    amount: toWhole(l.amountMinor, 'KES'),
    amountMinor: l.amountMinor,
    currency: l.currency,
    reference: l.reference,
    phone: l.phoneMasked,
    occurredAt: iso(l.occurredAt),
    paymentId: l.paymentId,
    providerId: l.providerId,
    detail: l.detail,
    firstSeenAt: l.createdAt.toISOString(),
  };
}

export function mapStatementUpload(u: StatementUpload, withLines: boolean): StatementUploadDto {
  // what applying did once applied, what it would do before
  const outcomeOf = (l: UploadedLine) => (u.status === 'applied' ? l.applied : l.preview) ?? 'unmatched';
  const detailOf = (l: UploadedLine) => (u.status === 'applied' ? l.appliedDetail : l.previewDetail) ?? null;
  const shown = withLines ? (u.lines ?? []).filter((l) => outcomeOf(l) !== 'recorded' && outcomeOf(l) !== 'ignored').slice(0, 500) : [];
  return {
    id: u.id,
    shortcode: u.shortcode,
    filename: u.filename,
    periodFrom: iso(u.periodFrom),
    periodTo: iso(u.periodTo),
    status: u.status,
    preview: u.preview,
    result: u.result,
    lines: shown.map((l) => ({
      row: l.row,
      receipt: l.receipt,
      occurredAt: l.occurredAt,
      amount: toWhole(l.amountMinor, 'KES'),
      reference: l.reference,
      phone: l.phoneMasked,
      outcome: outcomeOf(l),
      detail: detailOf(l),
    })),
    unreadableRows: u.errors?.length ?? 0,
    createdAt: u.createdAt.toISOString(),
    appliedAt: iso(u.appliedAt),
  };
}
