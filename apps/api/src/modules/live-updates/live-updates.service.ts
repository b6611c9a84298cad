import { Inject, Injectable, MessageEvent } from '@nestjs/common';
import { interval, map, merge, Observable, of, takeUntil, takeWhile, timer } from 'rxjs';
import { Principal } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { CommonErrorCode, CommonException } from '../../common/errors/app-exception';
import { LiveUpdatesBus } from '../../common/live-updates/live-updates-bus';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { UsersService } from '../auth';
import { StreamTicketDto } from './dto/stream.dto';
import { StreamTickets } from './stream-tickets';

const TICKET_TTL_SECONDS = 60;
const PING_MS = 25_000;

/**
 * Tickets and tenant-scoped streams over LiveUpdatesBus. A stream lives as long as its ticket:
 * it ends with an `expired` event when the ticket expires (the SPA opens the next one at once),
 * and at once when the user's sessions end (deactivated, password changed).
 */
@Injectable()
export class LiveUpdatesService {
  private readonly tickets: StreamTickets;

  constructor(
    private readonly live: LiveUpdatesBus,
    private readonly users: UsersService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.tickets = new StreamTickets(config.auth.jwtSecret);
  }

  issueTicket(principal: Principal): StreamTicketDto {
    if (!principal.userId) throw new CommonException(CommonErrorCode.FORBIDDEN, 'Sign in as a user to open the live stream');
    const claims = { u: principal.userId, p: principal.providerId, r: principal.role, v: principal.sessionVersion ?? 0 };
    return { ticket: this.tickets.issue(claims, TICKET_TTL_SECONDS, this.clock.now().getTime()), expiresIn: TICKET_TTL_SECONDS };
  }

  /**
   * Checks the ticket, that the user is still active and has not changed the password since,
   * then streams the tenant's events until the ticket expires or the user's sessions end.
   */
  async open(ticket: string): Promise<Observable<MessageEvent>> {
    const now = this.clock.now().getTime();
    const claims = this.tickets.verify(ticket, now);
    const user = claims ? await this.users.findById(claims.u) : null;
    if (!claims || !user?.isActive || user.providerId !== claims.p || (claims.v ?? 0) !== user.sessionVersion) {
      throw new CommonException(CommonErrorCode.UNAUTHENTICATED, 'The stream ticket is missing, expired or invalid');
    }
    const audience = user.role === 'super_admin' ? { allProviders: true as const } : { providerId: user.providerId! };
    const events = this.live.stream(audience).pipe(map((e): MessageEvent => ({ type: e.type, data: { ...e.data, providerId: e.providerId } })));
    const pings = interval(PING_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: {} })));
    const expired = timer(Math.max(0, claims.exp * 1000 - now)).pipe(map((): MessageEvent => ({ type: 'expired', data: {} })));
    // the `expired` event goes out, then the stream completes (Nest ends the response)
    return merge(of<MessageEvent>({ type: 'ready', data: { role: user.role } }), events, pings, expired).pipe(
      takeWhile((e) => e.type !== 'expired', true),
      takeUntil(this.live.sessionEnds(user.id)),
    );
  }
}
