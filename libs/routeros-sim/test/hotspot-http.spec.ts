import { request } from 'http';
import type { SimRouter } from '../src';
import { chapResponse, expandTemplate, octalEscape, RouterOsSimulator } from '../src';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request through a device's proxy port (absolute-form URL, as a browser behind a proxy sends). */
function viaProxy(proxyUrl: string, url: string, options: { method?: string; form?: Record<string, string> } = {}): Promise<Answer> {
  const proxy = new URL(proxyUrl);
  const target = new URL(url);
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: proxy.hostname,
        port: proxy.port,
        method: options.method ?? (body ? 'POST' : 'GET'),
        path: target.href,
        headers: { host: target.host, ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Parses the octal-escaped JS string the router prints for chap-id / chap-challenge. */
const octalBytes = (s: string) =>
  Buffer.from(
    s
      .split('\\')
      .filter(Boolean)
      .map((o) => parseInt(o, 8)),
  );

describe('template language (docs/routeros.md §4.2)', () => {
  it('expands variables, -esc forms and conditionals', () => {
    const vars = { mac: '02:AA:BB:CC:DD:EE', 'link-orig': 'http://example.test/a?b=c&d=e', error: '', username: 'x' };
    expect(expandTemplate('m=$(mac-esc)&dst=$(link-orig-esc)', vars)).toBe('m=02%3AAA%3ABB%3ACC%3ADD%3AEE&dst=http%3A%2F%2Fexample.test%2Fa%3Fb%3Dc%26d%3De');
    expect(expandTemplate('$(if error)E:$(error)$(else)ok$(endif) $(unknown)|', vars)).toBe('ok |');
    expect(expandTemplate('$(if username == x)yes$(elif username == y)why$(else)no$(endif)', vars)).toBe('yes');
    expect(expandTemplate('$(if error)$(if mac)nested$(endif)$(else)$(if mac)inner$(endif)$(endif)', vars)).toBe('inner');
    expect(octalEscape(Buffer.from([0o371, 13, 0]))).toBe('\\371\\015\\000');
  });
});

describe('hotspot HTTP side of a simulated router', () => {
  let sim: RouterOsSimulator;
  let router: SimRouter;
  const portalLogin =
    '<html><head><meta http-equiv="refresh" content="0; url=http://portal.test/portal/r1?mac=$(mac-esc)&ip=$(ip-esc)&link-login-only=$(link-login-only-esc)&link-orig=$(link-orig-esc)&error=$(error-esc)"></head><body></body></html>';

  beforeAll(async () => {
    sim = new RouterOsSimulator();
    router = await sim.addRouter({ name: 'hs' });
    router.state.hotspot.addUser({ name: 'ABCD2345', password: 'pw-1', profile: 'default' });
    router.state.hotspot.addUser({ name: 'CHAP0001', password: 'secret', profile: 'default' });
  });
  afterAll(() => sim.stop());

  it('sends an unauthenticated device to the login page for any URL, with its details expanded', async () => {
    const http = await router.startHotspotHttp({ dnsName: 'wifi.hotspot.lan', files: { 'login.html': portalLogin } });
    const device = await http.openDevice({ mac: '02:11:22:33:44:55', ip: '10.5.50.77' });
    expect(router.state.hotspot.hosts.find('address', '10.5.50.77')).toMatchObject({ 'mac-address': '02:11:22:33:44:55', authorized: 'false' });
    const res = await viaProxy(device.proxyUrl, 'http://news.example.test/today?x=1');
    expect(res.status).toBe(200);
    const url = new URL(/url=([^"]+)"/.exec(res.body)![1].replace(/&amp;/g, '&'));
    expect(url.origin + url.pathname).toBe('http://portal.test/portal/r1');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      mac: '02:11:22:33:44:55',
      ip: '10.5.50.77',
      'link-login-only': 'http://wifi.hotspot.lan/login',
      'link-orig': 'http://news.example.test/today?x=1',
      error: '',
    });
  });

  it('logs in with PAP (GET to link-login-only), redirects to dst, then lets the device through', async () => {
    const http = router.hotspotHttp!;
    const device = await http.openDevice({ mac: '02:11:22:33:44:55' });
    const bad = await viaProxy(device.proxyUrl, 'http://wifi.hotspot.lan/login?username=ABCD2345&password=nope&dst=http%3A%2F%2Fnews.example.test%2F');
    expect(bad.status).toBe(200);
    expect(bad.body).toContain('error=invalid%20username%20or%20password');
    expect(router.state.hotspot.active.all()).toHaveLength(0);

    const ok = await viaProxy(device.proxyUrl, 'http://wifi.hotspot.lan/login?username=ABCD2345&password=pw-1&dst=http%3A%2F%2Fnews.example.test%2F');
    expect(ok.status).toBe(302);
    expect(ok.headers.location).toBe('http://news.example.test/');
    expect(router.state.hotspot.active.find('address', '10.5.50.77')).toMatchObject({ user: 'ABCD2345', 'mac-address': '02:11:22:33:44:55', 'login-by': 'http-pap' });
    const through = await viaProxy(device.proxyUrl, 'http://news.example.test/');
    expect(through.body).toContain('data-sim-internet');

    const status = await viaProxy(device.proxyUrl, 'http://wifi.hotspot.lan/status');
    expect(status.body).toContain('Welcome ABCD2345!');
    const out = await viaProxy(device.proxyUrl, 'http://wifi.hotspot.lan/logout');
    expect(out.body).toContain('You have just logged off');
    expect(router.state.hotspot.active.all()).toHaveLength(0);
  });

  it('logs in with CHAP: md5(chap-id + password + chap-challenge) from the login page, one attempt per challenge', async () => {
    const http = router.hotspotHttp!;
    http.setFiles({ 'login.html': 'id=$(chap-id)|ch=$(chap-challenge)|err=$(error)' });
    const device = await http.openDevice({ mac: '02:00:00:00:00:99', ip: '10.5.50.99' });
    const page = await viaProxy(device.proxyUrl, 'http://wifi.hotspot.lan/login');
    const [, id, challenge] = /^id=(.*)\|ch=(.*)\|err=/.exec(page.body)!;
    expect(octalBytes(challenge)).toHaveLength(16);
    const response = chapResponse(octalBytes(id), 'secret', octalBytes(challenge));
    const ok = await viaProxy(device.proxyUrl, 'http://wifi.hotspot.lan/login', { form: { username: 'CHAP0001', password: response, dst: '' } });
    expect(ok.status).toBe(302);
    expect(ok.headers.location).toBe('http://wifi.hotspot.lan/status');
    expect(router.state.hotspot.active.find('address', '10.5.50.99')).toMatchObject({ user: 'CHAP0001', 'login-by': 'http-chap' });
    router.state.hotspot.logout('CHAP0001');
    // the same response again: the challenge changed, and as PAP the hash is the wrong password
    const replay = await viaProxy(device.proxyUrl, 'http://wifi.hotspot.lan/login', { form: { username: 'CHAP0001', password: response } });
    expect(replay.body).toContain('err=invalid username or password');
    expect(router.state.hotspot.active.all()).toHaveLength(0);
  });

  it('serves the servlet directly on its own port with a device cookie, and answers 404 / 413 to junk', async () => {
    const http = router.hotspotHttp!;
    http.setFiles({ 'login.html': 'login for $(mac) at $(link-login-only)' });
    const first = await fetch(`${http.url}/login`);
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^sim-device=([0-9A-F]{2}:){5}[0-9A-F]{2}; Path=\/; HttpOnly$/);
    const mac = /sim-device=([^;]+)/.exec(cookie)![1];
    expect(await first.text()).toBe(`login for ${mac} at ${http.url}/login`);
    const res = await fetch(`${http.url}/login`, {
      method: 'POST',
      headers: { cookie: `sim-device=${mac}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=ABCD2345&password=pw-1',
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    expect(router.state.hotspot.active.find('mac-address', mac)).toMatchObject({ user: 'ABCD2345' });
    expect((await fetch(`${http.url}/nope.txt`)).status).toBe(404);
    expect((await fetch(`${http.url}/login`, { method: 'POST', body: 'x='.repeat(20_000) })).status).toBe(413);
  });
});
