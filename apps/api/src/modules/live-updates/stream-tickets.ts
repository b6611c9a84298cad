import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Role } from '../../common/auth/principal';

export interface TicketClaims {
  /** user id */
  u: string;
  /** provider id (null for the super admin) */
  p: string | null;
  r: Role;
  /** the user's session version when issued (a password change since refuses the ticket) */
  v?: number;
  /** expiry, unix seconds: the stream it opens closes then too */
  exp: number;
}

/**
 * Short-lived stream tickets: `base64url(claims).base64url(HMAC-SHA256)`. Stateless, so a
 * ticket minted by one instance opens a stream on another. The key is derived from the JWT
 * secret with a distinct label, so a ticket is never an access token and vice versa.
 */
export class StreamTickets {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('wavu:event-stream-ticket:v1').digest();
  }

  issue(claims: Omit<TicketClaims, 'exp'>, ttlSeconds: number, now = Date.now()): string {
    const body = Buffer.from(JSON.stringify({ ...claims, exp: Math.floor(now / 1000) + ttlSeconds })).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  verify(ticket: string, now = Date.now()): TicketClaims | null {
    const [body, signature] = ticket.split('.');
    if (!body || !signature) return null;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TicketClaims;
      if (typeof claims.u !== 'string' || typeof claims.exp !== 'number' || claims.exp * 1000 < now) return null;
      return claims;
    } catch {
      return null;
    }
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
