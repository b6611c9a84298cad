import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsText } from '../../../common/validation/decorators';
import { IsPresentIfGiven } from '../../../common/validation/present-if-given';

// "Hotspot users on the router" (docs/routers.md): the router's own hotspot users, read live,
// classified against the provider's vouchers, and what can be done with the ones Wavu does not manage.

const HOTSPOT_USER_KINDS = ['managed', 'unknown', 'disabled'] as const;
export type HotspotUserKind = (typeof HOTSPOT_USER_KINDS)[number];

export class RouterHotspotUserDto {
  @ApiProperty({ description: 'The login name on the router (at most 128 characters are kept)' }) name: string;
  @ApiProperty({
    enum: HOTSPOT_USER_KINDS,
    enumName: 'HotspotUserKind',
    description: "managed: a Wavu voucher's user (comment `wavu:…` or a voucher code); unknown: added on the router by someone else; disabled: not managed and disabled on the router",
  })
  kind: HotspotUserKind;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The voucher it belongs to, when Wavu knows it' }) voucherId: string | null;
  @ApiProperty() profile: string;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty() disabled: boolean;
  @ApiProperty({ description: 'Has a hotspot session right now' }) active: boolean;
  @ApiProperty() uptimeSeconds: number;
  @ApiProperty() bytesIn: number;
  @ApiProperty() bytesOut: number;
  @ApiProperty({ type: Number, nullable: true }) limitUptimeSeconds: number | null;
  @ApiProperty({ type: Number, nullable: true }) limitBytesTotal: number | null;
}

export class RouterHotspotUsersDto {
  @ApiProperty({ type: [RouterHotspotUserDto], description: 'At most `limit` users, in the router’s order' }) items: RouterHotspotUserDto[];
  @ApiProperty({ description: 'How many hotspot users the router holds in all' }) total: number;
  @ApiProperty({ description: 'Most users read from one router; a router holding more is shown in part' }) limit: number;
  @ApiProperty({ description: 'Per kind, among the users read' }) managed: number;
  @ApiProperty() unknown: number;
  @ApiProperty() disabled: number;
}

export class RouterHotspotUserParamDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  id: string;

  @ApiProperty({ example: 'guest-room-4', description: 'The login name on the router' })
  @IsString()
  @MaxLength(128)
  @Matches(/^\P{Cc}+$/u, { message: 'name must be a login name without control characters' })
  name: string;
}

export class AdoptHotspotUserDto {
  @ApiProperty({ format: 'uuid', description: 'A plan offered on this router: the user gets its profile and limits' })
  @IsUUID('all')
  planId: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 1000000, description: 'Whole units recorded on the voucher (0 unless given); no payment is recorded' })
  @IsInt()
  @Min(0)
  @Max(1000000)
  @IsPresentIfGiven()
  price?: number;
}

export class ComplimentaryVoucherDto {
  @ApiProperty({ format: 'uuid', description: 'A plan offered on this router' })
  @IsUUID('all')
  planId: string;

  @ApiProperty({ maxLength: 200, example: 'Apology for the outage on Monday', description: 'Why it is given (kept in the audit log)' })
  @IsText(3, 200)
  reason: string;
}

export class HotspotUserKindQueryDto {
  @ApiPropertyOptional({ enum: HOTSPOT_USER_KINDS, enumName: 'HotspotUserKind', description: 'Only users of this kind' })
  @IsIn(HOTSPOT_USER_KINDS)
  @IsPresentIfGiven()
  kind?: HotspotUserKind;
}
