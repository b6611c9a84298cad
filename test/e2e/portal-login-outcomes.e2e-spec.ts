import type { HotspotHttp, SimRouter } from '@wavu/routeros-sim';
import { LOGIN_ERRORS } from '@wavu/routeros-sim';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RateLimiter } from '../../apps/api/src/common/http/rate-limit';
import { RoutersService } from '../../apps/api/src/modules/routers/routers.service';
import { hotspotFiles } from '../../apps/api/src/modules/routers/setup-kit/hotspot-html';
import { VoucherBatchesService } from '../../apps/api/src/modules/vouchers/voucher-batches.service';
import { readHotspotParams } from '../../apps/web/src/portal/hotspot';
import { loginErrorMessage } from '../../apps/web/src/portal/login-errors';
import type { ProviderFixture } from '../factories';
import { createProvider, createSuperAdmin, databaseFingerprint } from '../factories';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const DNS = 'wifi.hotspot.lan';
const ORIGINAL = 'http://news.example.test/today';
/** English words of RouterOS's refusals: none may reach a Swahili message. */
const ROUTEROS_ENGLISH = /\b(invalid|username|password|sessions?|allowed|reached|uptime|traffic|limit|authori[sz]ing|retry|responding|challenge|browser|logged|pool|shutting|error|said)\b/i;

type ErrorKey = keyof typeof LOGIN_ERRORS;

/**
 * What a customer sees when the router refuses a login (docs/portal.md): every refusal the
 * simulated router gives, driven for real over its hotspot HTTP side with the setup kit's
 * login.html, read back from the portal link the router sends the device to and mapped by the
 * portal's own function; the platform check that puts a missing code on the router so the login
 * then succeeds; and bad portal links answered with a page, not JSON.
 */
describe('portal login outcomes (e2e, simulated router over HTTP)', () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  let sandbox: Sandbox;
  let sim: SimRouter;
  let hotspot: HotspotHttp;
  let baseUrl: string;
  let dist: string;
  let p: ProviderFixture;
  let other: ProviderFixture;
  let routerId: string;
  let planId: string;
  let codes: string[] = [];
  let otherCode: string;
  let deviceSeq = 0;
  const api = () => t.http();
  const limiter = () => t.app.get(RateLimiter);

  const codesOf = async (batchId: string): Promise<string[]> =>
    (await t.dataSource.query(`SELECT code FROM vouchers WHERE batch_id = $1 ORDER BY batch_seq`, [batchId])).map((r: { code: string }) => r.code);
  const batch = async (owner: ProviderFixture, body: object): Promise<string[]> => {
    const id = (await api().post('/api/v1/voucher-batches').set(owner.owner.auth).send(body).expect(202)).body.id;
    await t.app.get(VoucherBatchesService).settled(id);
    await t.app.get(RoutersService).settled();
    return codesOf(id);
  };
  const takeCode = () => {
    const code = codes.shift();
    if (!code) throw new Error('out of codes');
    return code;
  };
  const simUser = (name: string) => {
    const row = sim.state.hotspot.users.find('name', name);
    if (!row) throw new Error(`${name} is not on the simulated router`);
    return row;
  };

  /** A hotspot client: its own MAC and IP on the simulated router. */
  async function device(): Promise<{ mac: string; ip: string }> {
    deviceSeq++;
    const d = await hotspot.openDevice({ mac: `02:BB:00:00:00:${String(deviceSeq).padStart(2, '0')}`, ip: `10.5.50.${150 + deviceSeq}` });
    return { mac: d.mac, ip: d.ip };
  }

  /**
   * The device asks the router's servlet for a page (as the portal's login link does). A
   * success is the router's redirect to `dst`; a refusal is the setup kit's login.html, whose
   * refresh URL is the portal link with the router's `error`: what the portal then reads.
   */
  async function atRouter(mac: string, path: string): Promise<{ loggedIn: boolean; error: string; portal: URL | null }> {
    const res = await fetch(`${hotspot.url}${path}`, { headers: { cookie: `sim-device=${mac}` }, redirect: 'manual' });
    const body = await res.text();
    if (res.status === 302) return { loggedIn: true, error: '', portal: null };
    const m = /http-equiv="refresh" content="0; url=([^"]+)"/.exec(body);
    if (!m) throw new Error(`not the setup kit's login page (${res.status}): ${body.slice(0, 200)}`);
    const portal = new URL(m[1]);
    expect(portal.pathname).toBe(`/portal/${routerId}`);
    return { loggedIn: false, error: readHotspotParams(portal.search).error, portal };
  }
  const login = (mac: string, username: string, password = username) =>
    atRouter(mac, `/login?username=${encodeURIComponent(username)}&password=${encodeURIComponent(password)}&dst=${encodeURIComponent(ORIGINAL)}`);

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'wavu-portal-'));
    writeFileSync(join(dist, 'portal.html'), '<!doctype html><title>WiFi</title><div id="portal"></div>');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    [t, sandbox] = await Promise.all([startTestApp({ WEB_DIST_DIR: dist, PUBLIC_URL: baseUrl }), startSandbox({ routers: 1 })]);
    await t.app.listen(port, '127.0.0.1');
    sim = sandbox.routers[0];
    const admin = await createSuperAdmin(t);
    p = await createProvider(t, admin);
    other = await createProvider(t, admin);
    routerId = (
      await api()
        .post('/api/v1/routers')
        .set(p.owner.auth)
        .send({ name: 'Kibera stage', host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'admin', password: '', hotspotDnsName: DNS })
        .expect(201)
    ).body.id;
    planId = (await api().post('/api/v1/plans').set(p.owner.auth).send({ name: '1 hour', price: 20, kind: 'time', uptimeLimitSeconds: 3600 }).expect(201)).body.id;
    await api().put('/api/v1/provider/branding').set(p.owner.auth).send({ brandName: 'Mama Njeri WiFi', accentColor: '#7A1FA2' }).expect(200);
    codes = await batch(p, { planId, quantity: 12 });
    expect(codes.filter((c) => sim.state.hotspot.users.find('name', c))).toHaveLength(12);
    const otherPlan = (await api().post('/api/v1/plans').set(other.owner.auth).send({ name: '1 hour', price: 20, kind: 'time', uptimeLimitSeconds: 3600 }).expect(201)).body.id;
    [otherCode] = await batch(other, { planId: otherPlan, quantity: 1, pushToRouter: false });
    hotspot = await sim.startHotspotHttp({ dnsName: DNS, files: hotspotFiles(baseUrl, routerId, { name: 'Mama Njeri WiFi', accentColor: '#7A1FA2' }) });
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });
  beforeEach(() => limiter().reset());

  /**
   * Every refusal the simulator can give (typed: a new LOGIN_ERRORS entry fails to compile until
   * it has a scenario here), each driven for real; returns [what the router said, what its
   * errors.txt entry reads for this user].
   */
  const scenarios: Record<ErrorKey, () => Promise<[string, string]>> = {
    invalidUser: async () => [(await login((await device()).mac, 'NOSUCHCODE')).error, LOGIN_ERRORS.invalidUser],
    invalidMac: async () => {
      const code = takeCode();
      sim.state.hotspot.users.update(simUser(code)['.id'], { 'mac-address': '02:00:00:00:99:99' });
      return [(await login((await device()).mac, code)).error, LOGIN_ERRORS.invalidMac(code)];
    },
    wrongMacUsername: async () => [(await login((await device()).mac, 'AA:BB:CC:DD:EE:01', 'x')).error, LOGIN_ERRORS.wrongMacUsername('AA:BB:CC:DD:EE:01')],
    uptimeLimit: async () => {
      const code = takeCode();
      sim.state.hotspot.users.update(simUser(code)['.id'], { uptime: '1h' });
      return [(await login((await device()).mac, code)).error, LOGIN_ERRORS.uptimeLimit(code)];
    },
    trafficLimit: async () => {
      const code = takeCode();
      sim.state.hotspot.users.update(simUser(code)['.id'], { 'limit-bytes-total': '1000000', 'bytes-out': '1200000' });
      return [(await login((await device()).mac, code)).error, LOGIN_ERRORS.trafficLimit(code)];
    },
    sessionLimit: async () => {
      const code = takeCode();
      expect((await login((await device()).mac, code)).loggedIn).toBe(true);
      return [(await login((await device()).mac, code)).error, LOGIN_ERRORS.sessionLimit(code)];
    },
    alreadyLoggedIn: async () => {
      const d = await device();
      expect((await login(d.mac, takeCode())).loggedIn).toBe(true);
      return [(await login(d.mac, takeCode())).error, LOGIN_ERRORS.alreadyLoggedIn];
    },
    chapMissing: async () => {
      // a router that takes CHAP only, and a browser that sent no challenge response
      const profile = sim.state.hotspot.serverProfiles.find('name', 'hsprof1')!;
      const [id, loginBy] = [profile['.id'], profile['login-by']];
      sim.state.hotspot.serverProfiles.update(id, { 'login-by': 'cookie,http-chap' });
      try {
        return [(await login((await device()).mac, takeCode(), '')).error, LOGIN_ERRORS.chapMissing];
      } finally {
        sim.state.hotspot.serverProfiles.update(id, { 'login-by': loginBy });
      }
    },
    notLoggedIn: async () => {
      const d = await device();
      return [(await atRouter(d.mac, '/logout')).error, LOGIN_ERRORS.notLoggedIn(d.ip)];
    },
    noHost: async () => {
      const d = await device();
      sim.state.hotspot.hosts.remove(sim.state.hotspot.hosts.find('address', d.ip)!['.id']);
      return [(await login(d.mac, takeCode())).error, LOGIN_ERRORS.noHost];
    },
    // what a router whose RADIUS server is down, that is busy, full or stopping answers
    radiusTimeout: () => refusedBy(LOGIN_ERRORS.radiusTimeout),
    authInProgress: () => refusedBy(LOGIN_ERRORS.authInProgress),
    ippoolEmpty: () => refusedBy(LOGIN_ERRORS.ippoolEmpty),
    shuttingDown: () => refusedBy(LOGIN_ERRORS.shuttingDown),
    licenseSessionLimit: () => refusedBy(LOGIN_ERRORS.licenseSessionLimit('level 3 licence')),
    internalError: () => refusedBy(LOGIN_ERRORS.internalError('out of memory')),
  };
  async function refusedBy(text: string): Promise<[string, string]> {
    sim.state.hotspot.loginRefusal = text;
    try {
      return [(await login((await device()).mac, codes[0])).error, text];
    } finally {
      sim.state.hotspot.loginRefusal = null;
    }
  }

  /** What the customer reads for each refusal: [kind, English, Swahili]. */
  const expected: Record<ErrorKey, [string, string, string]> = {
    invalidUser: ['wrong_code', 'The code or password is not right. Check it and type it again.', 'Nambari au nenosiri si sahihi. Iangalie kisha uiandike tena.'],
    invalidMac: [
      'other_device',
      'This code is locked to the phone or laptop it was first used on. Use it there, or buy a new package for this device.',
      'Nambari hii imefungwa kwa simu au kompyuta ilipotumika mara ya kwanza. Itumie huko, au nunua kifurushi kipya kwa kifaa hiki.',
    ],
    wrongMacUsername: [
      'mac_not_yours',
      'A code that looks like a device address only works on that device. Type your voucher code instead.',
      'Nambari inayofanana na anwani ya kifaa hufanya kazi kwenye kifaa hicho tu. Andika nambari ya vocha yako badala yake.',
    ],
    uptimeLimit: ['time_used', 'The time on this code is used up. Buy a new package to keep browsing.', 'Muda wa nambari hii umekwisha. Nunua kifurushi kipya ili uendelee kutumia intaneti.'],
    trafficLimit: ['data_used', 'The data on this code is used up. Buy a new package to keep browsing.', 'Data ya nambari hii imekwisha. Nunua kifurushi kipya ili uendelee kutumia intaneti.'],
    sessionLimit: [
      'session_limit',
      'This code is already connected on as many devices as its package allows. Log out on the other device, or wait a few minutes after it leaves the WiFi, then try again.',
      'Nambari hii tayari imeunganishwa kwenye vifaa vingi kadri kifurushi kinavyoruhusu. Ondoka kwenye kifaa kingine, au subiri dakika chache baada ya kuondoka kwenye WiFi, kisha jaribu tena.',
    ],
    alreadyLoggedIn: ['already_online', 'This device is already connected. Open any page to browse.', 'Kifaa hiki tayari kimeunganishwa. Fungua ukurasa wowote uendelee.'],
    chapMissing: ['page_expired', 'The login page had expired. Tap Try again.', 'Ukurasa wa kuingia ulikuwa umepitwa na wakati. Bonyeza Jaribu tena.'],
    notLoggedIn: ['not_online', 'This device is not connected yet. Choose a package or enter your voucher code.', 'Kifaa hiki bado hakijaunganishwa. Chagua kifurushi au weka nambari ya vocha yako.'],
    noHost: [
      'not_on_hotspot',
      'Your device is not on this hotspot’s WiFi. Reconnect to the WiFi and open any page.',
      'Kifaa chako hakiko kwenye WiFi ya hotspot hii. Unganisha tena kwenye WiFi kisha ufungue ukurasa wowote.',
    ],
    radiusTimeout: [
      'radius_timeout',
      'The hotspot could not check your code just now. Wait a minute and try again. If it keeps happening, tell the hotspot owner.',
      'Hotspot haikuweza kukagua nambari yako sasa hivi. Subiri dakika moja ujaribu tena. Tatizo likiendelea, mwambie mwenye hotspot.',
    ],
    authInProgress: [
      'authorizing',
      'The hotspot is still checking your last try. Wait a few seconds, then tap Try again.',
      'Hotspot bado inakagua jaribio lako la mwisho. Subiri sekunde chache, kisha bonyeza Jaribu tena.',
    ],
    ippoolEmpty: ['hotspot_full', 'The hotspot is full right now. Try again in a few minutes.', 'Hotspot imejaa kwa sasa. Jaribu tena baada ya dakika chache.'],
    licenseSessionLimit: ['hotspot_full', 'The hotspot is full right now. Try again in a few minutes.', 'Hotspot imejaa kwa sasa. Jaribu tena baada ya dakika chache.'],
    shuttingDown: ['shutting_down', 'The hotspot is restarting. Wait a minute, then try again.', 'Hotspot inawashwa upya. Subiri dakika moja, kisha jaribu tena.'],
    internalError: [
      'router_problem',
      'The hotspot had a problem logging you in. Try again; if it keeps happening, tell the hotspot owner.',
      'Hotspot imepata tatizo kukuunganisha. Jaribu tena; tatizo likiendelea, mwambie mwenye hotspot.',
    ],
  };

  it.each(Object.keys(LOGIN_ERRORS) as ErrorKey[])('router refusal %s: the portal says what happened in English and Swahili, never the raw text in Swahili', async (key) => {
    const [raw, errorsTxt] = await scenarios[key]();
    expect(raw).toBe(errorsTxt);
    const [kind, enText, swText] = expected[key];
    const en = loginErrorMessage(raw, 'en');
    const sw = loginErrorMessage(raw, 'sw');
    expect(en).toEqual({ kind, text: enText });
    expect(sw).toEqual({ kind, text: swText });
    expect(sw.text).not.toContain(raw);
    expect(sw.text.match(ROUTEROS_ENGLISH)?.[0] ?? null).toBeNull();
  });

  it('a good code missing on the router: the platform puts it back at once and the login then succeeds', async () => {
    const code = takeCode();
    const d = await device();
    sim.state.hotspot.removeUserByName(code);
    const refused = await login(d.mac, code);
    expect(loginErrorMessage(refused.error, 'en').kind).toBe('wrong_code');
    const check = await api().post(`/api/v1/captive/routers/${routerId}/login-check`).send({ code: code.toLowerCase() }).expect(200);
    expect(check.body).toEqual({ outcome: 'restored', loginNow: true, planName: '1 hour', expiresAt: expect.any(String) });
    expect(simUser(code)).toMatchObject({ name: code, password: code });
    expect(await login(d.mac, code)).toEqual({ loggedIn: true, error: '', portal: null });
    expect(sim.state.hotspot.active.find('user', code)).toMatchObject({ address: d.ip, 'mac-address': d.mac });
    // the router had confirmed it before: that is drift, recorded and the router checked
    await t.app.get(RoutersService).settled();
    const events = (await api().get(`/api/v1/routers/${routerId}/events`).set(p.owner.auth).expect(200)).body.items as Array<{ type: string; message: string }>;
    expect(events.find((e) => e.type === 'drift')?.message).toContain(code);
    // a code on the router as wanted: "on_router", nothing changed on the router
    expect((await api().post(`/api/v1/captive/routers/${routerId}/login-check`).send({ code }).expect(200)).body).toMatchObject({ outcome: 'on_router', loginNow: true });
  });

  it('a code paid a moment ago that the outbox has not pushed yet is put on the router without calling it drift', async () => {
    await sim.setFaults({ refuseConnections: true });
    let fresh: string[];
    try {
      fresh = await batch(p, { planId, quantity: 1 });
    } finally {
      await sim.setFaults({ refuseConnections: false });
    }
    const code = fresh[0];
    expect(sim.state.hotspot.users.find('name', code)).toBeUndefined();
    const driftBefore = (await t.dataSource.query(`SELECT count(*)::int AS n FROM router_events WHERE router_id = $1 AND type = 'drift'`, [routerId]))[0].n;
    await t.app.get(RateLimiter).reset();
    // the router login guard backs off after refused connections: the check may need a moment
    let outcome = '';
    for (let i = 0; i < 40 && outcome !== 'restored'; i++) {
      outcome = (await api().post(`/api/v1/captive/routers/${routerId}/login-check`).send({ code }).expect(200)).body.outcome;
      if (outcome !== 'restored') await new Promise((r) => setTimeout(r, 250));
    }
    expect(outcome).toBe('restored');
    expect((await login((await device()).mac, code)).loggedIn).toBe(true);
    await t.app.get(RoutersService).settled();
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM router_events WHERE router_id = $1 AND type = 'drift'`, [routerId]))[0].n).toBe(driftBefore);
  });

  it("says at once when a code cannot log in here: unknown, another provider's (same answer), expired, disabled, not set up on this router", async () => {
    const check = (code: string) => api().post(`/api/v1/captive/routers/${routerId}/login-check`).send({ code }).expect(200);
    const unknown = (await check('ZZZZ9999')).body;
    expect(unknown).toEqual({ outcome: 'not_found', loginNow: false, planName: null, expiresAt: null });
    expect((await check(otherCode)).body).toEqual(unknown);

    const expiredCode = takeCode();
    await t.dataSource.query(`UPDATE vouchers SET expires_at = now() - interval '1 minute' WHERE code = $1`, [expiredCode]);
    expect((await check(expiredCode)).body).toMatchObject({ outcome: 'expired', loginNow: false });

    const disabledCode = takeCode();
    const [{ id }] = await t.dataSource.query(`SELECT id FROM vouchers WHERE code = $1`, [disabledCode]);
    await api().post(`/api/v1/vouchers/${id}/disable`).set(p.owner.auth).expect(200);
    expect((await check(disabledCode)).body).toMatchObject({ outcome: 'disabled', loginNow: false });

    const [notPushed] = await batch(p, { planId, quantity: 1, pushToRouter: false });
    expect((await check(notPushed)).body).toMatchObject({ outcome: 'not_on_router', loginNow: false, planName: '1 hour' });
    expect(sim.state.hotspot.users.find('name', notPushed)).toBeUndefined();
  });

  it('answers bad input with a coded 4xx and changes nothing; shares the voucher-check rate limit', async () => {
    // a real code the platform has not put on this router: checking it changes nothing and is no wrong code
    const [notPushed] = await batch(p, { planId, quantity: 1, pushToRouter: false });
    const before = await databaseFingerprint(t, ['audit_log']);
    const bad: Array<[string, unknown, number, string]> = [
      [routerId, { code: '' }, 400, 'VALIDATION_FAILED'],
      [routerId, { code: 'a b' }, 400, 'VALIDATION_FAILED'],
      [routerId, { code: "A' OR '1'='1" }, 400, 'VALIDATION_FAILED'],
      [routerId, { code: 'X'.repeat(33) }, 400, 'VALIDATION_FAILED'],
      [routerId, { code: ['ABCD1234'] }, 400, 'VALIDATION_FAILED'],
      [routerId, {}, 400, 'VALIDATION_FAILED'],
      [routerId, { code: 'ABCD1234', routerId }, 400, 'VALIDATION_FAILED'],
      ['not-a-uuid', { code: 'ABCD1234' }, 400, 'VALIDATION_FAILED'],
      ['00000000-0000-4000-8000-000000000000', { code: 'ABCD1234' }, 404, 'CAPTIVE_ROUTER_NOT_FOUND'],
    ];
    for (const [router, body, status, code] of bad) {
      await limiter().reset();
      const res = await api()
        .post(`/api/v1/captive/routers/${router}/login-check`)
        .send(body as object)
        .expect(status);
      expect([JSON.stringify(body), res.body.code]).toEqual([JSON.stringify(body), code]);
    }
    await limiter().reset();
    // the budget is per device (router + MAC): a whole hotspot shares one public address
    const device = '02:00:00:00:01:01';
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await api().post(`/api/v1/captive/routers/${routerId}/login-check`).send({ code: notPushed, mac: device })).status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    // the same budget as "I have a voucher"; another device of the same hotspot goes on
    expect((await api().post('/api/v1/captive/vouchers/check').send({ routerId, code: notPushed, mac: device })).status).toBe(429);
    expect((await api().post('/api/v1/captive/vouchers/check').send({ routerId, code: notPushed, mac: '02:00:00:00:01:02' })).status).toBe(200);
    expect(await databaseFingerprint(t, ['audit_log'])).toEqual(before);
  });

  it('a bad portal link gets a page in English and Swahili with status 4xx, never JSON; a good one gets the portal', async () => {
    const good = `mac=02%3A11%3A22%3A33%3A44%3A55&ip=10.5.50.7&link-login-only=http%3A%2F%2F${DNS}%2Flogin&link-orig=${encodeURIComponent(ORIGINAL)}&error=`;
    const links = [
      '/portal/not-a-router',
      `/portal/${routerId}'%20OR%201=1`,
      `/portal/${routerId}`, // no parameters at all
      `/portal/${routerId}?ip=10.5.50.7&link-login-only=http%3A%2F%2F${DNS}%2Flogin`, // no mac
      `/portal/${routerId}?mac=banana&ip=10.5.50.7`,
      `/portal/${routerId}?mac=02%3A11%3A22%3A33%3A44%3A55&ip=10.5.50.999`,
      `/portal/${routerId}?mac=02%3A11%3A22%3A33%3A44%3A55&link-login-only=javascript%3Aalert(1)`,
      `/portal/${routerId}?mac=02%3A11%3A22%3A33%3A44%3A55&mac=02%3A11%3A22%3A33%3A44%3A56`,
      `/portal/${routerId}?mac[x]=1`,
      `/portal/${routerId}?mac=02%3A11%3A22%3A33%3A44%3A55&chap-id=%3Cscript%3E`,
      `/portal/${routerId}?mac=02%3A11%3A22%3A33%3A44%3A55&link-orig=javascript%3Aalert(1)`,
      // a login URL on another host: the code would go there (portal-abuse.e2e-spec has more)
      `/portal/${routerId}?mac=02%3A11%3A22%3A33%3A44%3A55&link-login-only=http%3A%2F%2Fevil.example%2Flogin`,
    ];
    for (const link of links) {
      const res = await api().get(link);
      expect([link, res.status]).toEqual([link, 400]);
      expect([link, res.headers['content-type']]).toEqual([link, 'text/html; charset=utf-8']);
      expect(res.text).toContain('This WiFi login link is not complete');
      expect(res.text).toContain('Reconnect to the WiFi and open any page');
      expect(res.text).toContain('Kiungo hiki cha kuingia kwenye WiFi hakijakamilika');
      expect(res.text).toContain('Unganisha tena kwenye WiFi kisha ufungue ukurasa wowote');
      expect(res.text).not.toMatch(/"statusCode"|"code":/);
    }
    const ok = await api().get(`/portal/${routerId}?${good}`).expect(200);
    expect(ok.text).toContain('<div id="portal">');
    // the router's own link to the portal is a good link
    const refused = await login((await device()).mac, 'NOSUCHCODE');
    expect((await api().get(refused.portal!.pathname + refused.portal!.search)).status).toBe(200);
  });

  it('a code the router cannot be asked about (router down) is answered as such, not as a bad code', async () => {
    const code = codes[0];
    await sim.setFaults({ refuseConnections: true });
    try {
      expect((await api().post(`/api/v1/captive/routers/${routerId}/login-check`).send({ code }).expect(200)).body).toMatchObject({ outcome: 'router_unreachable', loginNow: false });
    } finally {
      await sim.setFaults({ refuseConnections: false });
    }
  });
});
