import { expandTemplate } from '@wavu/routeros-sim';
import { hotspotFiles, routerPageText } from './hotspot-html';

const ROUTER_ID = '3f0c2a1e-5b6d-4c7e-8f90-a1b2c3d4e5f6';
const PORTAL = 'https://portal.wavu.test';

/** What a logged-in device's browser gets from the router: the page with the router's variables filled in. */
const SESSION = {
  username: 'K7M4QX2P',
  uptime: '12m4s',
  'session-time-left': '47m56s',
  'bytes-in-nice': '1.2 MiB',
  'bytes-out-nice': '48.5 MiB',
  'link-logout': 'http://wifi.hotspot.lan/logout',
  'link-login': 'http://wifi.hotspot.lan/login?dst=',
  'link-login-only': 'http://wifi.hotspot.lan/login',
  mac: '02:AA:00:00:00:01',
  ip: '10.5.50.101',
  'refresh-timeout': '1m',
  'refresh-timeout-secs': '60',
};

const text = (html: string) =>
  html
    .replace(/<style>.*?<\/style>/s, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/\s+/g, ' ');

describe('router pages (status, logout, error)', () => {
  const files = hotspotFiles(PORTAL, ROUTER_ID, { name: 'Mama Njeri WiFi', accentColor: '#7a1fa2' });

  it('status.html shows time left, use and the code in English and Swahili, with log out and buy more links', () => {
    const page = expandTemplate(files['status.html'], SESSION);
    const shown = text(page);
    for (const words of [
      'You are online',
      'Umeunganishwa kwenye intaneti',
      'Time left',
      'Muda uliobaki',
      '47m56s',
      'Connected for',
      'Muda uliounganishwa',
      '12m4s',
      'Downloaded',
      'Umepakua',
      '48.5 MiB',
      'Uploaded',
      'Umepakia',
      '1.2 MiB',
      'Your code',
      'Nambari yako',
      'K7M4QX2P',
      'Log out',
      'Ondoka',
      'Buy more time',
      'Nunua muda zaidi',
    ]) {
      expect([words, shown.includes(words)]).toEqual([words, true]);
    }
    expect(page).toContain('<a class="button" href="http://wifi.hotspot.lan/logout">');
    expect(page).toContain(`href="${PORTAL}/portal/${ROUTER_ID}?mac=02%3AAA%3A00%3A00%3A00%3A01&ip=10.5.50.101&link-login-only=http%3A%2F%2Fwifi.hotspot.lan%2Flogin"`);
    expect(page).toContain('<meta http-equiv="refresh" content="60">');
    expect(page).not.toContain('$(');
  });

  it('status.html leaves out "time left" for a code without a time limit', () => {
    const page = expandTemplate(files['status.html'], { ...SESSION, 'session-time-left': '' });
    expect(text(page)).not.toContain('Time left');
    expect(text(page)).not.toContain('Muda uliobaki');
    expect(text(page)).toContain('Connected for');
  });

  it('logout.html says so in both languages, with the code, and links to connect again and to the portal', () => {
    const page = expandTemplate(files['logout.html'], SESSION);
    const shown = text(page);
    for (const words of ['You are logged out', 'Umetoka kwenye intaneti', 'K7M4QX2P', '12m4s', 'Connect again', 'Unganisha tena', 'Buy a package', 'Nunua kifurushi'])
      expect([words, shown.includes(words)]).toEqual([words, true]);
    expect(page).toContain('href="http://wifi.hotspot.lan/login?dst="');
  });

  it('carries the provider name and accent colour on every router page', () => {
    for (const name of ['status.html', 'logout.html', 'error.html']) {
      const page = expandTemplate(files[name], SESSION);
      expect([name, page.includes('<header>Mama Njeri WiFi</header>')]).toEqual([name, true]);
      expect([name, page.includes('header{background:#7A1FA2;')]).toEqual([name, true]);
      expect([name, /<title>Mama Njeri WiFi · /.test(page)]).toEqual([name, true]);
    }
  });

  it('escapes the provider name for HTML and for the router: no markup, no $(…) expanded', () => {
    const hostile = hotspotFiles(PORTAL, ROUTER_ID, { name: `<script>alert(1)</script> "Cafe" $(username)'s`, accentColor: 'red;}body{display:none' });
    const page = expandTemplate(hostile['status.html'], SESSION);
    expect(page).not.toContain('<script>');
    expect(page).toContain('<header>&#60;script&#62;alert(1)&#60;/script&#62; &#34;Cafe&#34; &#36;(username)&#39;s</header>');
    // the browser shows the name exactly as the owner typed it, not the code
    expect(text(page.slice(page.indexOf('<header>'), page.indexOf('</header>'))).trim()).toBe(`<script>alert(1)</script> "Cafe" $(username)'s`);
    // a colour that is not #RRGGBB falls back to the default
    expect(page).toContain('header{background:#0B6E4F;');
    expect(page).not.toContain('display:none');
    expect(routerPageText('$(a) & <b>')).toBe('&#36;(a) &#38; &#60;b&#62;');
  });

  it('without branding, says "WiFi" in the default colour', () => {
    const page = hotspotFiles(PORTAL, ROUTER_ID)['status.html'];
    expect(page).toContain('<header>WiFi</header>');
    expect(page).toContain('header{background:#0B6E4F;');
  });

  it('error.html explains in both languages, passes the router error back to the portal and shows it only as a detail', () => {
    const page = expandTemplate(hotspotFiles(PORTAL, ROUTER_ID)['error.html'], { ...SESSION, error: 'internal error (no memory)' });
    expect(text(page)).toContain('Something went wrong');
    expect(text(page)).toContain('Hitilafu imetokea');
    expect(page).toContain('&error=internal%20error%20(no%20memory)"');
    expect(page).toContain('<p class="detail">Router said: internal error (no memory)</p>');
  });
});
