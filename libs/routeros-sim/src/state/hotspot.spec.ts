import { SimClock } from '../clock';
import { getProfile } from '../profiles';
import { matchesQuery } from '../query';
import { RouterState } from './router-state';

function router(): RouterState {
  return new RouterState({ profile: getProfile('7.18'), clock: new SimClock() });
}

describe('hotspot semantics on the simulated clock (docs/routeros.md §3)', () => {
  it('has the dynamic default-trial user and a default profile', () => {
    const s = router();
    expect(s.hotspot.findUser('default-trial')).toMatchObject({ dynamic: 'true' });
    expect(s.hotspot.userProfiles.find('name', 'default')).toBeDefined();
  });

  it('accrues session uptime and bytes, and updates user counters only at logout', () => {
    const s = router();
    s.hotspot.addUser({ name: 'u1', password: 'p' });
    const res = s.hotspot.login({ user: 'u1', password: 'p', ip: '10.5.50.2', rateIn: 1000, rateOut: 4000 });
    expect(res.ok).toBe(true);
    const id = res.ok ? res.sessionId : '';
    expect(id).toBe('*0A053202');
    s.clock.advance(60_000);
    expect(s.hotspot.activeView(s.hotspot.active.get(id)!)).toMatchObject({ uptime: '1m', 'bytes-in': '60000', 'bytes-out': '240000' });
    expect(s.hotspot.findUser('u1')).toMatchObject({ uptime: '0s', 'bytes-in': '0' });
    expect(s.hotspot.logout(id)).toBe(1);
    expect(s.hotspot.findUser('u1')).toMatchObject({ uptime: '1m', 'bytes-in': '60000', 'bytes-out': '240000' });
    expect(s.interfaces.find('name', 'bridge-hotspot')).toMatchObject({ 'rx-byte': '60000', 'tx-byte': '240000' });
    expect(s.log.entries().map((e) => e.message)).toContain('u1 (10.5.50.2): logged out: user request');
  });

  it('ends the session when limit-uptime is reached and refuses the next login', () => {
    const s = router();
    s.hotspot.addUser({ name: 'u2', password: 'p', 'limit-uptime': '1h' });
    s.hotspot.login({ user: 'u2', password: 'p', ip: '10.5.50.3' });
    s.clock.advance(59 * 60_000);
    expect(s.hotspot.active.size).toBe(1);
    s.clock.advance(2 * 60_000);
    expect(s.hotspot.active.size).toBe(0);
    expect(s.hotspot.findUser('u2')?.uptime).toBe('1h');
    expect(s.hotspot.login({ user: 'u2', password: 'p', ip: '10.5.50.3' })).toEqual({ ok: false, error: 'user u2 has reached uptime limit' });
  });

  it('enforces limit-bytes-total, shared-users, passwords and session-timeout', () => {
    const s = router();
    s.hotspot.userProfiles.add({ name: 'two', 'shared-users': '2', 'session-timeout': '10m' });
    s.hotspot.addUser({ name: 'u3', password: 'p', profile: 'two', 'limit-bytes-total': '1000000' });
    expect(s.hotspot.login({ user: 'u3', password: 'bad', ip: '10.5.50.4' })).toEqual({ ok: false, error: 'invalid username or password' });
    const a = s.hotspot.login({ user: 'u3', password: 'p', ip: '10.5.50.4' });
    const b = s.hotspot.login({ user: 'u3', password: 'p', ip: '10.5.50.5' });
    expect(a.ok && b.ok).toBe(true);
    expect(s.hotspot.login({ user: 'u3', password: 'p', ip: '10.5.50.6' })).toEqual({ ok: false, error: 'no more sessions are allowed for user u3' });
    if (a.ok) s.hotspot.addTraffic(a.sessionId, 600_000, 500_000);
    expect(s.hotspot.active.size).toBe(1);
    expect(s.hotspot.login({ user: 'u3', password: 'p', ip: '10.5.50.7' })).toEqual({ ok: false, error: 'user u3 has reached traffic limit' });
    // the other session has no bytes left either (limits are per user, not per session)
    s.clock.advance(1000);
    expect(s.hotspot.active.size).toBe(0);
    s.hotspot.addUser({ name: 'u4', password: 'p', profile: 'two' });
    s.hotspot.login({ user: 'u4', password: 'p', ip: '10.5.50.8' });
    s.clock.advance(9 * 60_000);
    expect(s.hotspot.active.size).toBe(1);
    s.clock.advance(60_000);
    expect(s.hotspot.active.size).toBe(0);
    expect(s.log.entries().some((e) => e.message.endsWith('logged out: session timeout'))).toBe(true);
  });
});

describe('print queries (docs/routeros.md §1.7)', () => {
  const row = { '.id': '*1', name: 'ether1', type: 'ether', comment: 'wan', mtu: '1500' };
  it.each([
    [['?type=ether'], true],
    [['?type=vlan'], false],
    [['?type=vlan', '?type=ether', '?#|'], true],
    [['?type=vlan', '?type=bridge', '?#|'], false],
    [['?type=ether', '?#!'], false],
    [['?name'], true],
    [['?-name'], false],
    [['?-disabled'], true],
    [['?>comment='], true],
    [['?<mtu=1600'], true],
    [['?>mtu=1600'], false],
    [['?type=ether', '?name=ether2', '?#&'], false],
    [['?type=vlan', '?name=ether1', '?#0'], true],
  ])('%j → %s', (queries, expected) => {
    expect(matchesQuery(row, queries)).toBe(expected);
  });
});
