import { Inject, Injectable, MessageEvent } from '@nestjs/common';
import { interval, map, merge, Observable, of } from 'rxjs';
import { Principal } from '../../common/auth/principal';
import { CommonErrorCode, CommonException } from '../../common/errors/app-exception';
import { LiveUpdatesBus } from '../../common/live-updates/live-updates-bus';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { UsersService } from '../auth';
import { StreamTicketDto } from './dto/stream.dto';
import { StreamTickets } from './stream-tickets';

const TICKET_TTL_SECONDS = 60;
const PING_MS = 25_000;

/** Tickets and tenant-scoped streams over LiveUpdatesBus. */
@Injectable()
export class LiveUpdatesService {
  private readonly tickets: StreamTickets;

  constructor(
    private readonly live: LiveUpdatesBus,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.tickets = new StreamTickets(config.auth.jwtSecret);
  }

  issueTicket(principal: Principal): StreamTicketDto {
    if (!principal.userId) throw new CommonException(CommonErrorCode.FORBIDDEN, 'Sign in as a user to open the live stream');
    return { ticket: this.tickets.issue({ u: principal.userId, p: principal.providerId, r: principal.role }, TICKET_TTL_SECONDS), expiresIn: TICKET_TTL_SECONDS };
  }

  /** Checks the ticket and that the user is still active, then streams the tenant's events. */
  async open(ticket: string): Promise<Observable<MessageEvent>> {
    const claims = this.tickets.verify(ticket);
    const user = claims ? await this.users.findById(claims.u) : null;
    if (!claims || !user?.isActive || user.providerId !== claims.p) throw new CommonException(CommonErrorCode.UNAUTHENTICATED, 'The stream ticket is missing, expired or invalid');
    const audience = user.role === 'super_admin' ? { allProviders: true as const } : { providerId: user.providerId! };
    const events = this.live.stream(audience).pipe(map((e): MessageEvent => ({ type: e.type, data: { ...e.data, providerId: e.providerId } })));
    const pings = interval(PING_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: {} })));
    return merge(of<MessageEvent>({ type: 'ready', data: { role: user.role } }), events, pings);
  }
}
