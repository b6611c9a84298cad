import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

export class StreamTicketDto {
  @ApiProperty({ description: 'Opaque, signed, valid for 60 seconds; pass it as ?ticket= to GET /api/v1/events/stream' })
  ticket: string;

  @ApiProperty({ example: 60 })
  expiresIn: number;
}

export class StreamQueryDto {
  @ApiProperty({ description: 'From POST /api/v1/events/ticket (EventSource cannot send an Authorization header)', maxLength: 600 })
  @IsString()
  @MaxLength(600)
  @Matches(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, { message: 'ticket is not valid' })
  ticket: string;
}
