import type { SimRouter } from '../src';
import { legacyLoginResponse, RouterOsSimulator } from '../src';
import { RawClient } from './raw-client';

const attrs = (s: string[]): Record<string, string> => Object.fromEntries(s.filter((w) => w.startsWith('=')).map((w) => [w.slice(1, w.indexOf('=', 1)), w.slice(w.indexOf('=', 1) + 1)]));

describe('simulated router: API session over TCP', () => {
  const sim = new RouterOsSimulator();
  let r718: SimRouter;
  let r717: SimRouter;
  const clients: RawClient[] = [];
  const open = async (r: SimRouter, login = true): Promise<RawClient> => {
    const c = await RawClient.open(r.port);
    clients.push(c);
    if (login) await c.login();
    return c;
  };

  beforeAll(async () => {
    r718 = await sim.addRouter({ name: 'a', version: '7.18', password: 'pw' });
    r717 = await sim.addRouter({ name: 'b', version: '7.17', password: 'pw' });
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await sim.stop();
  });

  it('answers the docs/routeros.md §1.11 login with exactly `!done .tag=1`', async () => {
    const c = await open(r718, false);
    c.send('/login', '=name=admin', '=password=pw', '.tag=1');
    await c.next();
    expect(Buffer.concat(c.raw).toString('hex')).toBe('0521646f6e65062e7461673d3100');
  });

  it('rejects a bad login with the exact trap, then !done', async () => {
    const c = await open(r718, false);
    c.send('/login', '=name=admin', '=password=wrong', '.tag=9');
    expect(await c.until('9')).toEqual([
      ['!trap', '.tag=9', '=message=invalid user name or password (6)'],
      ['!done', '.tag=9'],
    ]);
  });

  it('refuses commands before login', async () => {
    const c = await open(r718, false);
    c.send('/system/identity/print', '.tag=3');
    expect((await c.until('3'))[0]).toEqual(['!trap', '.tag=3', '=message=not logged in']);
  });

  it('puts .tag right after the reply word, answers add with =ret=, and !empty only on 7.18', async () => {
    const c = await open(r718);
    c.send('/ip/hotspot/user/add', '=name=u1', '=password=p1', '.tag=2');
    const [done] = await c.until('2');
    expect(done[0]).toBe('!done');
    expect(done[1]).toBe('.tag=2');
    expect(done[2]).toMatch(/^=ret=\*[0-9A-F]+$/);
    c.send('/ip/hotspot/user/print', '?name=nobody', '.tag=3');
    expect(await c.until('3')).toEqual([
      ['!empty', '.tag=3'],
      ['!done', '.tag=3'],
    ]);
    const old = await open(r717);
    old.send('/ip/hotspot/user/print', '?name=nobody', '.tag=3');
    expect(await old.until('3')).toEqual([['!done', '.tag=3']]);
  });

  it('untagged commands get untagged replies', async () => {
    const c = await open(r717);
    c.send('/system/identity/print');
    expect(await c.next()).toEqual(['!re', '=name=b']);
    expect(await c.next()).toEqual(['!done']);
  });

  it('sends the duplicate-user trap and the unknown-path double trap', async () => {
    const c = await open(r718);
    c.send('/ip/hotspot/user/add', '=name=dup', '.tag=1');
    c.send('/ip/hotspot/user/add', '=name=dup', '.tag=2');
    await c.until('1');
    expect(await c.until('2')).toEqual([
      ['!trap', '.tag=2', '=message=failure: already have user with this name for this server'],
      ['!done', '.tag=2'],
    ]);
    c.send('/ip/adress/print', '.tag=4');
    expect(await c.until('4')).toEqual([
      ['!trap', '.tag=4', '=category=0', '=message=no such command or directory (adress)'],
      ['!trap', '.tag=4', '=message=no such command prefix'],
      ['!done', '.tag=4'],
    ]);
    c.send('/ip/hotspot/user/print where', '.tag=5');
    expect((await c.until('5'))[0]).toEqual(['!trap', '.tag=5', '=message=no such command']);
    c.send('/ip/hotspot/user/set', '=.id=*FFF', '=comment=x', '.tag=6');
    expect((await c.until('6'))[0]).toEqual(['!trap', '.tag=6', '=message=no such item']);
  });

  it('ignores queries on remove and removes nothing without ids (docs/routeros.md §1.7)', async () => {
    const c = await open(r717);
    c.send('/ip/hotspot/user/add', '=name=stay', '.tag=1');
    await c.until('1');
    const before = r717.state.hotspot.users.size;
    c.send('/ip/hotspot/user/remove', '?name=stay', '.tag=2');
    expect(await c.until('2')).toEqual([['!done', '.tag=2']]);
    expect(r717.state.hotspot.users.size).toBe(before);
  });

  it('applies .proplist, queries with ?# operations and count-only', async () => {
    const c = await open(r718);
    for (const [name, profile] of [
      ['q1', 'default'],
      ['q2', 'default'],
      ['q3', 'default'],
    ]) {
      c.send('/ip/hotspot/user/add', `=name=${name}`, `=profile=${profile}`, `=comment=${name === 'q2' ? 'vip' : ''}`, `.tag=${name}`);
      await c.until(name);
    }
    c.send('/ip/hotspot/user/print', '?name=q1', '?name=q3', '?#|', '=.proplist=name', '.tag=7');
    expect((await c.until('7')).map((s) => s.slice(2))).toEqual([['=name=q1'], ['=name=q3'], []]);
    c.send('/ip/hotspot/user/print', '?>comment=', '=.proplist=.id,name', '.tag=8');
    const rows = (await c.until('8')).filter((s) => s[0] === '!re').map(attrs);
    expect(rows.map((r) => r.name)).toEqual(['q2']);
    c.send('/ip/hotspot/user/print', '?dynamic=true', '=count-only=', '.tag=9');
    expect(await c.until('9')).toEqual([['!done', '.tag=9', '=ret=1']]);
  });

  it('hides passwords from users without the sensitive policy and enforces write', async () => {
    r718.state.addApiUser('ro', 'ro', ['read', 'api']);
    const c = await RawClient.open(r718.port);
    clients.push(c);
    await c.login('ro', 'ro');
    c.send('/ip/hotspot/user/print', '?name=u1', '.tag=1');
    const [row] = await c.until('1');
    expect(attrs(row).name).toBe('u1');
    expect(attrs(row).password).toBeUndefined();
    c.send('/ip/hotspot/user/add', '=name=nope', '.tag=2');
    expect((await c.until('2'))[0]).toEqual(['!trap', '.tag=2', '=message=not enough permissions (9)']);
  });

  it('cancels a running command: interrupted trap, then !done of /cancel, then !done of the command', async () => {
    const c = await open(r718);
    await r718.setFaults({ neverAnswer: true, commandPrefix: '/ip/hotspot/active', times: 1 });
    c.send('/ip/hotspot/active/print', '.tag=20');
    c.send('/cancel', '=tag=20', '.tag=21');
    expect(await c.until('20')).toEqual([
      ['!trap', '.tag=20', '=category=2', '=message=interrupted'],
      ['!done', '.tag=21'],
      ['!done', '.tag=20'],
    ]);
  });

  it('answers /quit with !fatal + reason and closes', async () => {
    const c = await open(r717);
    c.send('/quit', '.tag=1');
    expect(await c.next()).toEqual(['!fatal', 'session terminated on request']);
    await c.waitClosed();
  });

  it('answers the keepalive `#` without breaking the session', async () => {
    const c = await open(r717);
    c.send('#', '.tag=k');
    expect((await c.until('k')).pop()).toEqual(['!done', '.tag=k']);
    c.send('/system/identity/print', '.tag=i');
    expect((await c.until('i'))[0]).toEqual(['!re', '.tag=i', '=name=b']);
  });

  it('can put .tag last', async () => {
    const r = await sim.addRouter({ name: 'tag-last', password: 'pw', tagPosition: 'last' });
    const c = await open(r);
    c.send('/system/identity/print', '.tag=x');
    expect(await c.next()).toEqual(['!re', '=name=tag-last', '.tag=x']);
  });
});

describe('legacy MD5 login (docs/routeros.md §1.9)', () => {
  it('matches the documented test vectors', () => {
    expect(legacyLoginResponse('', '856780b7411eefd3abadee2058c149a3')).toBe('005062f7a5ef124d34675bf3e81f56c556');
    expect(legacyLoginResponse('', '93b438ec9b80057c06dd9fe67d56aa9a')).toBe('00e134102a9d330dd7b1849fedfea3cb57');
    expect(legacyLoginResponse('passTest', 'abc123')).toBe('0021277bff9ac7caf06aa608e46616d47f');
  });

  it('runs the challenge round on a legacy router', async () => {
    const sim = new RouterOsSimulator();
    const r = await sim.addRouter({ login: 'legacy', password: 'pw', version: '6.49' });
    const c = await RawClient.open(r.port);
    try {
      c.send('/login', '.tag=1');
      const [challenge] = await c.until('1');
      const ret = attrs(challenge).ret;
      expect(ret).toMatch(/^[0-9a-f]{32}$/);
      c.send('/login', '=name=admin', `=response=${legacyLoginResponse('pw', ret)}`, '.tag=2');
      expect(await c.until('2')).toEqual([['!done', '.tag=2']]);
    } finally {
      c.close();
      await sim.stop();
    }
  });
});
