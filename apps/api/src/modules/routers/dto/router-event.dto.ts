import { ApiProperty } from '@nestjs/swagger';
import { ROUTER_EVENT_TYPES } from '../entities/router-event.entity';

export class RouterEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ROUTER_EVENT_TYPES, enumName: 'RouterEventType' }) type: string;
  @ApiProperty() message: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class RouterEventPageDto {
  @ApiProperty({ type: [RouterEventDto] }) items: RouterEventDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
