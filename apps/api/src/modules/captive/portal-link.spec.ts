import { loginHostProblem, portalLinkProblem } from './portal-link';

const ROUTER = '3f0b6c1e-8a4d-4e21-9c55-0d6a1b2c3d4e';
const HOSTS = ['wifi.mama-njeri.test', '203.0.113.7'];

describe('portal links', () => {
  it("accepts the router's own login URL: its DNS name or its address, any scheme of http(s), any port, any case", () => {
    for (const link of ['http://wifi.mama-njeri.test/login', 'https://WIFI.mama-njeri.test/login', 'http://203.0.113.7:8080/login']) {
      expect([link, loginHostProblem({ 'link-login-only': link }, HOSTS)]).toEqual([link, null]);
    }
    expect(loginHostProblem({}, HOSTS)).toBeNull();
  });

  it('refuses a login URL on any other host, including look-alikes and user-info tricks', () => {
    for (const link of [
      'http://evil.example/login',
      'http://wifi.mama-njeri.test.evil.example/login',
      'http://wifi.mama-njeri.test@evil.example/login',
      'http://evil.example/login?host=wifi.mama-njeri.test',
      'http://203.0.113.8/login',
      'http://wifi.hotspot.lan/login',
    ]) {
      expect([link, loginHostProblem({ 'link-login-only': link }, HOSTS)]).toEqual([link, 'foreign_login']);
    }
  });

  it('refuses a link-orig that is not an http(s) URL', () => {
    const base = { mac: '02:11:22:33:44:55' };
    expect(portalLinkProblem(ROUTER, { ...base, 'link-orig': 'http://example.com/' })).toBeNull();
    for (const orig of ['javascript:alert(1)', 'data:text/html,hi', 'file:///etc/passwd', 'not a url']) {
      expect([orig, portalLinkProblem(ROUTER, { ...base, 'link-orig': orig })]).toEqual([orig, 'garbled_parameters']);
    }
  });
});
