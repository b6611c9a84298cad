import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Max, Min, ValidateIf } from 'class-validator';
import { toDecimal } from '../../../common/money';
import { IsMsisdn, IsText, OptionalDate } from '../../../common/validation/decorators';
import { csvCell, RESELLER_REFUSALS } from '../../vouchers';
import { RESELLER_COLLECTION_METHODS, ResellerCollectionMethod } from '../entities/reseller-collection.entity';
import { CreateCashSaleDto } from './cash-sale.dto';

/** A new reseller (docs/resellers.md): a shop or agent selling printed cards; no login. */
export class CreateResellerDto {
  @ApiProperty({ maxLength: 80, example: 'Demo Shop' })
  @IsText(1, 80)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '0700000123', description: 'Kenyan mobile number in any usual form; stored as 2547XXXXXXXX' })
  @IsMsisdn()
  @IsOptional()
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 300 })
  @IsText(1, 300)
  @IsOptional()
  note?: string | null;
}

export class UpdateResellerDto {
  @ApiPropertyOptional({ maxLength: 80 })
  @IsText(1, 80)
  @ValidateIf((o: UpdateResellerDto) => o.name !== undefined) // null is refused: a reseller always has a name
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null clears it' })
  @IsMsisdn()
  @IsOptional()
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 300, description: 'null clears it' })
  @IsText(1, 300)
  @IsOptional()
  note?: string | null;

  @ApiPropertyOptional({ description: 'true archives the reseller (it must hold no cards), false restores it' })
  @IsBoolean()
  @ValidateIf((o: UpdateResellerDto) => o.archived !== undefined)
  archived?: boolean;
}

/** The cards of a handover: named like a cash sale, at one price per card or a discount off each card's price. */
export class CreateResellerHandoverDto extends CreateCashSaleDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 100_000_000, example: 4000, description: 'What the reseller owes per card sold, integer minor units (exactly one of unitPriceMinor, discountPercent)' })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  @IsOptional()
  unitPriceMinor?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, example: 20, description: "Whole percent off each card's price, rounded to whole currency units (exactly one of unitPriceMinor, discountPercent)" })
  @IsInt()
  @Min(0)
  @Max(100)
  @IsOptional()
  discountPercent?: number;
}

/** Unsold cards a reseller gives back: named like a cash sale. */
export class CreateResellerReturnDto extends CreateCashSaleDto {}

export class ResellerCardDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Print position in its batch' }) batchSeq: number | null;
  @ApiProperty({ example: 'in_use' }) status: string;
  @ApiProperty({
    enum: RESELLER_REFUSALS,
    enumName: 'ResellerCardRefusal',
    description:
      'not_available (sold, in use, expired, disabled or refunded), sale_recorded, reserved_for_mpesa, expired_unsold, with_this_reseller / with_another_reseller (a handover), not_with_this_reseller (a return)',
  })
  reason: (typeof RESELLER_REFUSALS)[number];
}

/** How many refused cards an answer lists (the count covers them all). */
export const RESELLER_CARDS_LISTED = 100;

export class ResellerCardsResultDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The handover or return entry; null when no card moved' }) id: string | null;
  @ApiProperty({ description: 'Distinct cards named' }) named: number;
  @ApiProperty({ description: 'Cards handed over (or taken back)' }) moved: number;
  @ApiProperty({ description: 'Those cards at their reseller prices, integer minor units' }) valueMinor: number;
  @ApiProperty({ example: 'KES' }) currency: string;
  @ApiProperty() refusedCount: number;
  @ApiProperty({ type: [ResellerCardDto], description: `The refused cards, in print order (the first ${RESELLER_CARDS_LISTED})` }) refused: ResellerCardDto[];
}

export class CreateResellerCollectionDto {
  @ApiProperty({ minimum: 1, maximum: 10_000_000_000, example: 50000, description: 'Money received, integer minor units' })
  @IsInt()
  @Min(1)
  @Max(10_000_000_000)
  amountMinor: number;

  @ApiProperty({ enum: RESELLER_COLLECTION_METHODS, enumName: 'ResellerCollectionMethod' })
  @IsIn(RESELLER_COLLECTION_METHODS)
  method: ResellerCollectionMethod;

  @ApiPropertyOptional({ maxLength: 40, example: 'QK12ABC345', description: 'M-Pesa receipt or cash slip number' })
  @IsText(1, 40)
  @IsOptional()
  reference?: string;

  @OptionalDate('When the money was received (not in the future); default now')
  receivedAt?: string;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsText(1, 300)
  @IsOptional()
  note?: string;
}

export class ReverseResellerCollectionDto {
  @ApiProperty({ maxLength: 300, example: 'Recorded twice' })
  @IsText(1, 300)
  reason: string;
}

export class ResellerCollectionParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  id: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  collectionId: string;
}

export class ListResellersQueryDto {
  @ApiPropertyOptional({ description: 'true: archived ones too (after the active ones)', default: false })
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  @IsOptional()
  includeArchived?: boolean;
}

export class ResellerCollectionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Integer minor units; negative for a reversal' }) amountMinor: number;
  @ApiProperty() currency: string;
  @ApiProperty({ enum: RESELLER_COLLECTION_METHODS, enumName: 'ResellerCollectionMethod' }) method: ResellerCollectionMethod;
  @ApiProperty({ type: String, nullable: true }) reference: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The entry this one reverses' }) reversesId: string | null;
  @ApiProperty({ description: 'A later entry reversed this one' }) reversed: boolean;
}

export class ResellerDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, description: '2547XXXXXXXX' }) phone: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty() archived: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) archivedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ example: 'KES' }) currency: string;
  @ApiProperty({ description: 'Unsold cards it holds now' }) heldCards: number;
  @ApiProperty({ description: 'Those cards at their reseller prices' }) heldValueMinor: number;
  @ApiProperty({ description: 'Cards sold (refunded ones not counted)' }) soldCards: number;
  @ApiProperty({ description: 'Owed for cards sold, after refunds' }) owedMinor: number;
  @ApiProperty({ description: 'Received from it (after reversals)' }) paidMinor: number;
  @ApiProperty({ description: 'owed − paid: what it still owes (negative = paid ahead)' }) balanceMinor: number;
}

export class ResellerListDto {
  @ApiProperty({ type: [ResellerDto] }) items: ResellerDto[];
}

const RESELLER_LINE_KINDS = ['handover', 'return', 'sale', 'refund', 'collection'] as const;
export type ResellerLineKind = (typeof RESELLER_LINE_KINDS)[number];

export class ResellerStatementLineDto {
  @ApiProperty({ format: 'date-time', description: 'When (a day of sales or refunds: the last one that day)' }) at: string;
  @ApiProperty({ enum: RESELLER_LINE_KINDS, enumName: 'ResellerLineKind' }) kind: ResellerLineKind;
  @ApiProperty({ type: String, nullable: true, example: '2026-05-04', description: 'Nairobi day of a sales or refunds line' }) day: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Cards handed over, returned, sold or refunded' }) cards: number | null;
  @ApiProperty({ description: 'Handover or return: the cards at their reseller prices (informational; not owed)' }) valueMinor: number;
  @ApiProperty({ description: 'What the line adds to the amount owed: + sales, − refunds' }) owedMinor: number;
  @ApiProperty({ description: 'What the line pays: a collection (negative for a reversal)' }) paidMinor: number;
  @ApiProperty({ description: 'Balance (owed − paid) after this line' }) balanceMinor: number;
  @ApiProperty({ type: String, nullable: true, enum: RESELLER_COLLECTION_METHODS, enumName: 'ResellerCollectionMethod' }) method: ResellerCollectionMethod | null;
  @ApiProperty({ type: String, nullable: true }) reference: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The handover, return or collection entry' }) entryId: string | null;
}

export class ResellerPeriodDto {
  @ApiProperty() handedOverCards: number;
  @ApiProperty() returnedCards: number;
  @ApiProperty() soldCards: number;
  @ApiProperty() refundedCards: number;
  @ApiProperty({ description: 'Sales − refunds at the reseller price' }) owedMinor: number;
  @ApiProperty({ description: 'Collections after reversals' }) paidMinor: number;
}

export class ResellerStatementDto {
  @ApiProperty({ type: ResellerDto, description: 'The reseller with its figures now' }) reseller: ResellerDto;
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ example: 'KES' }) currency: string;
  @ApiProperty({ description: 'Balance (owed − paid) at `from`' }) openingBalanceMinor: number;
  @ApiProperty({ description: 'Balance at `to`' }) closingBalanceMinor: number;
  @ApiProperty({ type: ResellerPeriodDto, description: 'Sums over the range' }) period: ResellerPeriodDto;
  @ApiProperty({ type: [ResellerStatementLineDto], description: 'Oldest first' }) lines: ResellerStatementLineDto[];
  @ApiProperty({ type: [ResellerCollectionDto], description: 'Collections in the range, oldest first (to reverse one)' }) collections: ResellerCollectionDto[];
}

export class ResellerStatementQueryDto {
  @OptionalDate('Default: 30 days before `to`')
  from?: string;

  @OptionalDate('Default: now')
  to?: string;
}

/** The statement as CSV: opening line, the lines, closing line; amounts as plain decimals. */
export function resellerStatementCsv(s: ResellerStatementDto): string {
  const money = (minor: number) => toDecimal(minor, s.currency);
  const rows = [
    'at,kind,day,cards,value,owed,paid,balance,method,reference,note',
    [s.from, 'opening', '', '', '', '', '', money(s.openingBalanceMinor), '', '', ''].join(','),
    ...s.lines.map((l) =>
      [
        l.at,
        l.kind,
        l.day ?? '',
        l.cards ?? '',
        money(l.valueMinor),
        money(l.owedMinor),
        money(l.paidMinor),
        money(l.balanceMinor),
        l.method ?? '',
        csvCell(l.reference ?? ''),
        csvCell(l.note ?? ''),
      ].join(','),
    ),
    [s.to, 'closing', '', '', '', money(s.period.owedMinor), money(s.period.paidMinor), money(s.closingBalanceMinor), '', '', ''].join(','),
  ];
  return rows.join('\r\n') + '\r\n';
}
