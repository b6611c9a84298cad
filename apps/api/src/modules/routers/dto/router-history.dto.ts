import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ROUTER_STATUSES } from '../entities/router.entity';

// Router history (docs/monitoring.md): the chart data of the router page and the on-demand live figures.

export const HISTORY_RANGES = ['6h', '24h', '48h', '7d', '30d', '90d'] as const;
export type HistoryRange = (typeof HISTORY_RANGES)[number];
const HISTORY_RESOLUTIONS = ['minute', 'hour'] as const;

export class RouterHistoryQueryDto {
  @ApiPropertyOptional({ enum: HISTORY_RANGES, enumName: 'RouterHistoryRange', default: '24h', description: 'Up to 48h in minutes; 7d, 30d and 90d in hours' })
  @IsIn(HISTORY_RANGES, { message: `range must be one of ${HISTORY_RANGES.join(', ')}` })
  @IsOptional()
  range?: HistoryRange;
}

const TIMES = 'Start of each minute (hour), epoch seconds, oldest first; a missing minute is a gap (the router was not read)';
const HOURLY_MAX = 'Hour resolution: the highest minute of each hour; minute resolution: null';

/** Parallel arrays, one entry per point: compact enough for 2,880 minutes in one answer. */
export class RouterHealthSeriesDto {
  @ApiProperty({ type: [Number], description: TIMES }) at: number[];
  @ApiProperty({ type: 'array', items: { type: 'number', nullable: true }, description: 'CPU load % (hour: average)' }) cpuLoad: Array<number | null>;
  @ApiProperty({ type: 'array', items: { type: 'number', nullable: true }, nullable: true, description: HOURLY_MAX }) cpuLoadMax: Array<number | null> | null;
  @ApiProperty({ type: 'array', items: { type: 'number', nullable: true }, description: 'Used memory % (hour: average)' }) memoryUsedPercent: Array<number | null>;
  @ApiProperty({ type: 'array', items: { type: 'number', nullable: true }, nullable: true, description: HOURLY_MAX }) memoryUsedPercentMax: Array<number | null> | null;
  @ApiProperty({ type: 'array', items: { type: 'number', nullable: true }, description: 'Active hotspot sessions (hour: average)' }) activeSessions: Array<number | null>;
  @ApiProperty({ type: 'array', items: { type: 'number', nullable: true }, nullable: true, description: HOURLY_MAX }) activeSessionsMax: Array<number | null> | null;
}

export class RouterInterfaceHistoryDto {
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Bits received over the range (the busiest interface comes first)' }) totalRxBits: number;
  @ApiProperty() totalTxBits: number;
  @ApiProperty({ type: [Number], description: `${TIMES}; only the minutes (hours) the interface carried traffic` }) at: number[];
  @ApiProperty({ type: [Number], description: 'Received, bits per second (hour: average)' }) rxBps: number[];
  @ApiProperty({ type: [Number], description: 'Sent, bits per second (hour: average)' }) txBps: number[];
  @ApiProperty({ type: [Number], nullable: true, description: HOURLY_MAX }) rxBpsMax: number[] | null;
  @ApiProperty({ type: [Number], nullable: true, description: HOURLY_MAX }) txBpsMax: number[] | null;
}

export class RouterHistoryDto {
  @ApiProperty({ enum: HISTORY_RANGES, enumName: 'RouterHistoryRange' }) range: HistoryRange;
  @ApiProperty({ enum: HISTORY_RESOLUTIONS, enumName: 'RouterHistoryResolution' }) resolution: 'minute' | 'hour';
  @ApiProperty({ description: 'Seconds per point (60 or 3600)' }) stepSeconds: number;
  @ApiProperty({ type: String, format: 'date-time' }) from: Date;
  @ApiProperty({ type: String, format: 'date-time' }) to: Date;
  @ApiProperty({ type: RouterHealthSeriesDto }) health: RouterHealthSeriesDto;
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
