import { dictionaries, type Lang } from './i18n';

/**
 * What the router's `error` parameter means for the customer (docs/portal.md "Login refusals").
 *
 * RouterOS puts the text of its errors.txt entry, with the user name filled in, into the
 * login page's `$(error)`; the setup kit's login.html passes it to the portal. The patterns below
 * match RouterOS's own wording, case-insensitively and whatever user name or address sits inside
 * the text, so a router with a translated or edited errors.txt still falls back to `unknown`
 * (a generic message) rather than showing its raw text inside the Swahili page.
 */
export const LOGIN_ERROR_KINDS = [
  'wrong_code',
  'mac_not_yours',
  'other_device',
  'session_limit',
  'time_used',
  'data_used',
  'disabled',
  'too_many_tries',
  'authorizing',
  'radius_timeout',
  'page_expired',
  'hotspot_full',
  'shutting_down',
  'already_online',
  'not_online',
  'not_on_hotspot',
  'router_problem',
  'unknown',
] as const;
export type LoginErrorKind = (typeof LOGIN_ERROR_KINDS)[number];

/** Ordered: the first match wins (e.g. "invalid username (…): this MAC address is not yours" before "invalid username or password"). */
const PATTERNS: Array<[RegExp, LoginErrorKind]> = [
  // wrong-mac-username: "invalid username ($(username)): this MAC address is not yours"
  [/this mac address is not yours/i, 'mac_not_yours'],
  // invalid-mac: "user $(username) is not allowed to log in from this MAC address" (older simulators: "invalid mac address")
  [/is not allowed to log ?in from this mac address|^\s*invalid mac address\s*$/i, 'other_device'],
  // user-session-limit: "no more sessions are allowed for user $(username)"
  [/no more sessions are allowed for user/i, 'session_limit'],
  // uptime-limit / traffic-limit: "user $(username) has reached uptime limit" / "… traffic limit"
  [/has reached uptime limit/i, 'time_used'],
  [/has reached traffic limit/i, 'data_used'],
  // RADIUS Reply-Message or an owner's edited errors.txt for a disabled account
  [/\b(user|account|voucher)\b.*\bis (disabled|blocked)\b|\b(disabled|blocked) (user|account|voucher)\b/i, 'disabled'],
  [/too many (login )?(attempts|tries|logins)|rate.?limit(ed)?\b/i, 'too_many_tries'],
  // auth-in-progress: "already authorizing, retry later"
  [/already authori[sz]ing/i, 'authorizing'],
  // radius-timeout: "RADIUS server is not responding"
  [/radius server is not responding/i, 'radius_timeout'],
  // chap-missing: "web browser did not send challenge response (try again, enable JavaScript)"
  [/did not send challenge response/i, 'page_expired'],
  // ippool-empty, license-session-limit
  [/no more free addresses from pool|session limit reached/i, 'hotspot_full'],
  [/hotspot service is shutting down/i, 'shutting_down'],
  [/^\s*already logged in\s*$/i, 'already_online'],
  // not-logged-in: "you are not logged in (ip $(ip))"
  [/\bnot logged in\b/i, 'not_online'],
  [/^\s*no such host\s*$/i, 'not_on_hotspot'],
  // internal-error / config-error: "internal error (…)", "configuration error (…)"
  [/^\s*(internal|configuration) error\b/i, 'router_problem'],
  // invalid-username: "invalid username or password" (also RADIUS rejects without a message)
  [/invalid username or password|invalid (user ?name|password)\b/i, 'wrong_code'],
];

/** The kind of a router's login error text; '' (no error) is null. */
export function loginErrorKind(raw: string | null | undefined): LoginErrorKind | null {
  const text = (raw ?? '').trim();
  if (!text) return null;
  for (const [re, kind] of PATTERNS) if (re.test(text)) return kind;
  return 'unknown';
}

/** Kinds where logging in again at once can succeed (the router was busy, the page stale). */
export const RETRYABLE_LOGIN_ERRORS: ReadonlySet<LoginErrorKind> = new Set(['authorizing', 'page_expired', 'radius_timeout']);

/** Kinds caused by the code itself: worth asking the platform whether the code is (still) good here. */
export const CODE_LOGIN_ERRORS: ReadonlySet<LoginErrorKind> = new Set(['wrong_code', 'time_used', 'data_used', 'disabled', 'unknown']);

/**
 * What the portal shows for the router's `error` text in a language: only our own message for
 * its kind, never the text itself. `error` comes from the link, so anyone can write it: showing
 * it would let a crafted link put any words on the hotspot's page (docs/portal.md).
 */
export function loginErrorMessage(raw: string, lang: Lang): { kind: LoginErrorKind; text: string } {
  const kind = loginErrorKind(raw) ?? 'unknown';
  return { kind, text: dictionaries[lang].login[kind] };
}
