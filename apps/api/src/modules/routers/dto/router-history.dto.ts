import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ROUTER_STATUSES } from '../entities/router.entity';

// Router history (docs/monitoring.md): the chart data of the router page and the on-demand live figures.

export const HISTORY_RANGES = ['6h', '24h', '48h', '7d', '30d', '90d'] as const;
export type HistoryRange = (typeof HISTORY_RANGES)[number];
export const HISTORY_RESOLUTIONS = ['minute', 'hour'] as const;

export class RouterHistoryQueryDto {
  @ApiPropertyOptional({ enum: HISTORY_RANGES, enumName: 'RouterHistoryRange', default: '24h', description: 'Up to 48h in minutes; 7d, 30d and 90d in hours' })
  @IsIn(HISTORY_RANGES, { message: `range must be one of ${HISTORY_RANGES.join(', ')}` })
  @IsOptional()
  range?: HistoryRange;
}

export class RouterHealthPointDto {
  @ApiProperty({ type: String, format: 'date-time', description: 'Start of the minute or hour' }) at: Date;
  @ApiProperty({ type: Number, nullable: true, description: 'CPU load % (hour: average)' }) cpuLoad: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Hour: highest minute; minute: null' }) cpuLoadMax: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Used memory % (hour: average)' }) memoryUsedPercent: number | null;
  @ApiProperty({ type: Number, nullable: true }) memoryUsedPercentMax: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Active hotspot sessions (hour: average)' }) activeSessions: number | null;
  @ApiProperty({ type: Number, nullable: true }) activeSessionsMax: number | null;
}

export class RouterTrafficPointDto {
  @ApiProperty({ type: String, format: 'date-time' }) at: Date;
  @ApiProperty({ description: 'Received, bits per second (hour: average)' }) rxBps: number;
  @ApiProperty({ description: 'Sent, bits per second (hour: average)' }) txBps: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Hour: highest minute; minute: null' }) rxBpsMax: number | null;
  @ApiProperty({ type: Number, nullable: true }) txBpsMax: number | null;
}

export class RouterInterfaceHistoryDto {
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Received bits over the range (for ordering: the busiest interface first)' }) totalRxBits: number;
  @ApiProperty() totalTxBits: number;
  @ApiProperty({ type: [RouterTrafficPointDto], description: 'Only the minutes (hours) the interface carried traffic; a missing point is no traffic or no reading' })
  points: RouterTrafficPointDto[];
}

export class RouterHistoryDto {
  @ApiProperty({ enum: HISTORY_RANGES, enumName: 'RouterHistoryRange' }) range: HistoryRange;
  @ApiProperty({ enum: HISTORY_RESOLUTIONS, enumName: 'RouterHistoryResolution' }) resolution: 'minute' | 'hour';
  @ApiProperty({ description: 'Seconds per point (60 or 3600)' }) stepSeconds: number;
  @ApiProperty({ type: String, format: 'date-time' }) from: Date;
  @ApiProperty({ type: String, format: 'date-time' }) to: Date;
  @ApiProperty({ type: [RouterHealthPointDto], description: 'Only the minutes (hours) the router was read; gaps are missing points' })
  health: RouterHealthPointDto[];
  @ApiProperty({ type: [RouterInterfaceHistoryDto], description: 'Interfaces that carried traffic in the range, busiest first' })
  interfaces: RouterInterfaceHistoryDto[];
}

export class LiveInterfaceRateDto {
  @ApiProperty() name: string;
  @ApiProperty() rxBps: number;
  @ApiProperty() txBps: number;
}

export class RouterLiveFiguresDto {
  @ApiProperty({ type: String, format: 'date-time' }) at: Date;
  @ApiProperty({ enum: ROUTER_STATUSES, enumName: 'RouterStatus' }) status: string;
  @ApiProperty({ type: String, nullable: true, description: 'Why the router could not be read' }) error: string | null;
  @ApiProperty({ type: Number, nullable: true }) cpuLoad: number | null;
  @ApiProperty({ type: Number, nullable: true }) memoryUsedPercent: number | null;
  @ApiProperty({ type: Number, nullable: true }) activeSessions: number | null;
  @ApiProperty({ type: Number, nullable: true }) uptimeSeconds: number | null;
  @ApiProperty({ type: [LiveInterfaceRateDto], description: 'Traffic since the last monitoring reading (at most 15 minutes), busiest first; empty without one' })
  interfaces: LiveInterfaceRateDto[];
}
