import { ApiProperty } from '@nestjs/swagger';
import { ROUTER_STATUSES } from '../entities/router.entity';
import { SessionDto } from './router-live.dto';

/** One router's part of "who is online": its live sessions, or why they could not be read. */
export class OnlineRouterDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROUTER_STATUSES, enumName: 'RouterStatus' }) status: string;
  @ApiProperty({ type: [SessionDto], description: 'Empty when the router could not be read (see error)' }) sessions: SessionDto[];
  @ApiProperty({ type: String, nullable: true, example: 'ROUTER_UNREACHABLE', description: 'Error code when the router could not be read' }) errorCode: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'What went wrong reading this router' }) error: string | null;
}

export class WhoIsOnlineDto {
  @ApiProperty({ description: 'Sessions read from the routers that answered' }) total: number;
  @ApiProperty({ type: [OnlineRouterDto] }) routers: OnlineRouterDto[];
}
