import { Controller, HttpCode, MessageEvent, Post, Query, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Observable } from 'rxjs';
import { CurrentPrincipal, OpenTo, Public, UserOnly } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { StreamQueryDto, StreamTicketDto } from './dto/stream.dto';
import { LiveUpdatesService } from './live-updates.service';

@ApiTags('live updates')
@Controller('events')
export class LiveUpdatesController {
  constructor(private readonly events: LiveUpdatesService) {}

  @Post('ticket')
  @OpenTo('suspended') // a read channel (POST only to hand out a ticket)
  @HttpCode(200)
  @UserOnly()
  @ApiBearerAuth()
  @ApiOperation({ operationId: 'Events_ticket', summary: 'A 60-second ticket to open the live event stream (EventSource cannot send headers)' })
  @ApiOkResponse({ type: StreamTicketDto })
  ticket(@CurrentPrincipal() principal: Principal): StreamTicketDto {
    return this.events.issueTicket(principal);
  }

  @Public()
  @Sse('stream')
  @ApiOperation({
    operationId: 'Events_stream', // kept from the module's first name so generated clients do not break
    summary: 'Server-sent events for the caller\'s tenant: router.status, router.sessions, payment.settled (plus "ready" and a ping every 25 s)',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'UNAUTHENTICATED (missing, expired or forged ticket; deactivated user)' })
  stream(@Query() query: StreamQueryDto): Promise<Observable<MessageEvent>> {
    return this.events.open(query.ticket);
  }
}
