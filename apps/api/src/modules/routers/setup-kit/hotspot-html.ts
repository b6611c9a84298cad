import { loginHtml, portalUrl } from './rsc';

/** What the router's own pages show of the provider (docs/portal.md "Router pages"). */
export interface HotspotBranding {
  name: string;
  accentColor: string | null;
}

const DEFAULT_ACCENT = '#0B6E4F';

/**
 * Text for a page the router serves. HTML-escaped, and `$` too: RouterOS expands `$(…)` anywhere
 * in the file, so a provider called "Cafe $(username)" must reach the page as written.
 */
export function routerPageText(s: string): string {
  return s.replace(/[&<>"'$]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** English, then Swahili under it (the router serves static pages: no language switch without script). */
const both = (en: string, sw: string) => `<span class="en">${en}</span><span class="sw" lang="sw">${sw}</span>`;

/**
 * The hotspot HTML files for the router's html-directory. `$(name)` is expanded by the router
 * (docs/routeros.md §4.2); the `-esc` forms are URL-encoded. login.html only sends the
 * device to the portal; status.html (after login), logout.html and error.html are shown by the
 * router itself, so they carry the provider's name and colour and say everything in English
 * and Swahili.
 */
export function hotspotFiles(publicUrl: string, routerId: string, branding: HotspotBranding = { name: 'WiFi', accentColor: null }): Record<string, string> {
  const portal = `${portalUrl(publicUrl, routerId)}?mac=$(mac-esc)&ip=$(ip-esc)&link-login-only=$(link-login-only-esc)`;
  const name = routerPageText(branding.name.trim() || 'WiFi');
  const accent = /^#[0-9a-f]{6}$/i.test(branding.accentColor ?? '') ? branding.accentColor!.toUpperCase() : DEFAULT_ACCENT;
  const page = (title: string, body: string, head = '') =>
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${head}<title>${name} · ${title}</title>` +
    `<style>body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f6f8;color:#1f2933}` +
    `header{background:${accent};color:#fff;padding:.9rem 1rem;font-weight:700;font-size:1.15rem}main{max-width:28rem;margin:0 auto;padding:1rem}` +
    `h1{font-size:1.3rem;margin:.5rem 0 1rem}.sw{display:block;color:#5f6b76;font-size:.85em;font-weight:400}h1 .sw{font-size:.8em}` +
    `dl{background:#fff;border-radius:12px;padding:.25rem 1rem;box-shadow:0 1px 3px #0002;margin:0 0 1rem}dl div{display:flex;justify-content:space-between;gap:1rem;padding:.6rem 0;border-bottom:1px solid #eef0f2}dl div:last-child{border-bottom:0}` +
    `dt{margin:0}dd{margin:0;font-weight:700;text-align:right;white-space:nowrap}` +
    `a{color:${accent}}.button{display:block;text-align:center;background:${accent};color:#fff;text-decoration:none;border-radius:8px;padding:.8rem 1rem;font-weight:600;margin:0 0 .75rem}.button .sw{color:#fff;opacity:.9}` +
    `.more{display:block;text-align:center;padding:.5rem}.detail{color:#5f6b76;font-size:.8rem}p{line-height:1.45}</style></head>\n` +
    `<body><header>${name}</header><main>${body}</main></body></html>\n`;
  return {
    'login.html': loginHtml(publicUrl, routerId) + '\n',
    'status.html': page(
      'Connected',
      `<h1>${both('You are online', 'Umeunganishwa kwenye intaneti')}</h1><dl>` +
        `$(if session-time-left)<div><dt>${both('Time left', 'Muda uliobaki')}</dt><dd>$(session-time-left)</dd></div>$(endif)` +
        `<div><dt>${both('Connected for', 'Muda uliounganishwa')}</dt><dd>$(uptime)</dd></div>` +
        `<div><dt>${both('Downloaded', 'Umepakua')}</dt><dd>$(bytes-out-nice)</dd></div>` +
        `<div><dt>${both('Uploaded', 'Umepakia')}</dt><dd>$(bytes-in-nice)</dd></div>` +
        `<div><dt>${both('Your code', 'Nambari yako')}</dt><dd>$(username)</dd></div></dl>` +
        `<a class="button" href="$(link-logout)">${both('Log out', 'Ondoka')}</a>` +
        `<a class="more" href="${portal}">${both('Buy more time', 'Nunua muda zaidi')}</a>`,
      // the router's own refresh interval keeps the time left current
      '$(if refresh-timeout)<meta http-equiv="refresh" content="$(refresh-timeout-secs)">$(endif)',
    ),
    'logout.html': page(
      'Logged out',
      `<h1>${both('You are logged out', 'Umetoka kwenye intaneti')}</h1><dl>` +
        `<div><dt>${both('Your code', 'Nambari yako')}</dt><dd>$(username)</dd></div>` +
        `<div><dt>${both('Connected for', 'Muda uliounganishwa')}</dt><dd>$(uptime)</dd></div></dl>` +
        `<a class="button" href="$(link-login)">${both('Connect again', 'Unganisha tena')}</a>` +
        `<a class="more" href="${portal}">${both('Buy a package', 'Nunua kifurushi')}</a>`,
    ),
    'error.html': page(
      'Error',
      `<h1>${both('Something went wrong', 'Hitilafu imetokea')}</h1>` +
        `<p>${both('The hotspot could not finish this. Go back to the WiFi page and try again.', 'Hotspot haikuweza kukamilisha hili. Rudi kwenye ukurasa wa WiFi ujaribu tena.')}</p>` +
        `<a class="button" href="${portal}&error=$(error-esc)">${both('Back to the WiFi page', 'Rudi kwenye ukurasa wa WiFi')}</a>` +
        `$(if error)<p class="detail">Router said: $(error)</p>$(endif)`,
    ),
  };
}
