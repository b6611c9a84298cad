import { md5Hex } from './md5';

/** What the router's login.html passed in the portal URL (see the routers setup kit). */
export interface HotspotParams {
  mac: string;
  ip: string;
  linkLoginOnly: string;
  linkOrig: string;
  error: string;
  /** octal-escaped byte strings as the router prints them, when the login page passed them (http-chap) */
  chapId: string;
  chapChallenge: string;
}

const httpUrl = (v: string | null): string => {
  if (!v) return '';
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : '';
  } catch {
    return '';
  }
};

export function readHotspotParams(search: string): HotspotParams {
  const q = new URLSearchParams(search);
  return {
    mac: q.get('mac') ?? '',
    ip: q.get('ip') ?? '',
    linkLoginOnly: httpUrl(q.get('link-login-only')),
    linkOrig: httpUrl(q.get('link-orig')),
    error: (q.get('error') ?? '').slice(0, 200),
    chapId: q.get('chap-id') ?? '',
    chapChallenge: q.get('chap-challenge') ?? '',
  };
}

/** `\371\015…` → bytes. */
function octalBytes(s: string): Uint8Array | null {
  if (!/^(\\[0-7]{3})+$/.test(s)) return null;
  return Uint8Array.from(s.slice(1).split('\\'), (o) => parseInt(o, 8));
}

/**
 * The URL that logs the device in (docs/routeros.md §4.4 option 1): a top-level GET to
 * link-login-only with username/password and dst = the page first asked for. With the CHAP
 * values from the router the password travels as md5(chap-id + password + chap-challenge);
 * without them as plain text (http-pap, which the setup kit enables).
 */
export function loginUrl(p: HotspotParams, username: string, password: string): string | null {
  if (!p.linkLoginOnly) return null;
  const id = octalBytes(p.chapId);
  const challenge = octalBytes(p.chapChallenge);
  let secret = password;
  if (id && challenge) {
    const pw = Uint8Array.from(password, (c) => c.charCodeAt(0) & 0xff);
    const all = new Uint8Array(id.length + pw.length + challenge.length);
    all.set(id);
    all.set(pw, id.length);
    all.set(challenge, id.length + pw.length);
    secret = md5Hex(all);
  }
  const u = new URL(p.linkLoginOnly);
  u.searchParams.set('username', username);
  u.searchParams.set('password', secret);
  if (p.linkOrig) u.searchParams.set('dst', p.linkOrig);
  return u.href;
}

/** Kenyan mobile numbers as people type them → 2547XXXXXXXX / 2541XXXXXXXX, else null. */
export function normalisePhone(input: string): string | null {
  const m = /^(?:\+?254|0)?([17]\d{8})$/.exec(input.replace(/[\s\-().]/g, ''));
  return m ? `254${m[1]}` : null;
}
