/**
 * Checks the portal link the router's login.html builds (`/portal/{routerId}?mac=…&ip=…&
 * link-login-only=…&link-orig=…&error=…&chap-id=…&chap-challenge=…`, see the setup kit). The
 * page needs a router id and the device's MAC (every page of the setup kit passes it); what is
 * present must be well formed, `link-orig` an http(s) URL. `error` (the router's text) is free:
 * the portal never shows it, only its own words for the RouterOS texts it knows.
 * `foreign_login`: `link-login-only` names a host that is not the router (loginHostProblem).
 */
export type PortalLinkProblem = 'router_id' | 'missing_parameters' | 'garbled_parameters' | 'foreign_login';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAC = /^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$/;
const IPV4 = /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)$/;
const OCTAL_BYTES = /^(\\[0-7]{3})+$/;

const isHttpUrl = (v: string): boolean => {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
};

const CHECKS: Record<string, (v: string) => boolean> = {
  mac: (v) => MAC.test(v),
  ip: (v) => IPV4.test(v),
  'link-login-only': isHttpUrl,
  'link-orig': isHttpUrl,
  'chap-id': (v) => OCTAL_BYTES.test(v),
  'chap-challenge': (v) => OCTAL_BYTES.test(v),
};

export function portalLinkProblem(routerId: string, query: Record<string, unknown>): PortalLinkProblem | null {
  if (!UUID.test(routerId)) return 'router_id';
  for (const value of Object.values(query)) {
    // a parameter given twice, or as a nested object (`mac[x]=`), is not something a router sends
    if (typeof value !== 'string' || value.length > 4096) return 'garbled_parameters';
  }
  const mac = query.mac as string | undefined;
  if (!mac) return 'missing_parameters';
  for (const [name, valid] of Object.entries(CHECKS)) {
    const value = query[name] as string | undefined;
    if (value && !valid(value)) return 'garbled_parameters';
  }
  return null;
}

/**
 * The portal sends the device's code to `link-login-only`, so it must be the router itself:
 * a link whose login URL names another host (a crafted link on our real domain) would hand
 * the customer's voucher to that host. `loginHosts` come from RoutersService.findForPortal.
 */
export function loginHostProblem(query: Record<string, unknown>, loginHosts: string[]): PortalLinkProblem | null {
  const link = query['link-login-only'];
  if (typeof link !== 'string' || !link) return null;
  return loginHosts.includes(new URL(link).hostname.toLowerCase()) ? null : 'foreign_login';
}

/** The page a customer sees for a broken link: both languages, no script, no external files. */
export function badPortalLinkPage(): string {
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">' +
    '<title>WiFi login link not complete</title>' +
    '<style>body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;background:#f4f6f8;margin:0}main{max-width:30rem;margin:0 auto;padding:1.5rem 1rem}' +
    'section{background:#fff;border-radius:12px;padding:1rem 1.25rem;box-shadow:0 1px 3px #0002;margin:0 0 1rem}h1{font-size:1.2rem;color:#0b6e4f;margin:.25rem 0 .75rem}p{margin:.5rem 0;line-height:1.45}</style></head>\n' +
    '<body><main>' +
    '<section lang="en"><h1>This WiFi login link is not complete</h1>' +
    '<p>Reconnect to the WiFi and open any page: the hotspot will bring you back to its login page.</p>' +
    '<p>Already paid? On that page, “Recover my purchase” finds your code from the M-Pesa message.</p></section>' +
    '<section lang="sw"><h1>Kiungo hiki cha kuingia kwenye WiFi hakijakamilika</h1>' +
    '<p>Unganisha tena kwenye WiFi kisha ufungue ukurasa wowote: hotspot itakurudisha kwenye ukurasa wake wa kuingia.</p>' +
    '<p>Umeshalipa? Kwenye ukurasa huo, “Rejesha ununuzi wangu” hupata nambari yako kwa ujumbe wa M-Pesa.</p></section>' +
    '</main></body></html>\n'
  );
}
