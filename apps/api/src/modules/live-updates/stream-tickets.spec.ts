import { StreamTickets } from './stream-tickets';

describe('StreamTickets', () => {
  const tickets = new StreamTickets('a-secret-of-at-least-32-characters!!');
  const claims = { u: 'user-1', p: 'provider-1', r: 'provider_owner' as const };

  it('verifies its own tickets until they expire', () => {
    const now = Date.UTC(2026, 0, 1);
    const ticket = tickets.issue(claims, 60, now);
    expect(tickets.verify(ticket, now + 59_000)).toMatchObject(claims);
    expect(tickets.verify(ticket, now + 61_000)).toBeNull();
  });

  it('refuses tampered claims, foreign signatures and junk', () => {
    const ticket = tickets.issue(claims, 60);
    const [, signature] = ticket.split('.');
    const forged = `${Buffer.from(JSON.stringify({ ...claims, p: 'provider-2', exp: 9e9 })).toString('base64url')}.${signature}`;
    expect(tickets.verify(forged)).toBeNull();
    expect(new StreamTickets('another-secret-of-32-characters-xx').verify(ticket)).toBeNull();
    expect(tickets.verify('abc.def')).toBeNull();
    expect(tickets.verify('no-dot')).toBeNull();
  });
});
