import { LOGIN_ERRORS } from '@wavu/routeros-sim';
import { planFacts } from '../../apps/web/src/portal/format';
import { dictionaries } from '../../apps/web/src/portal/i18n';
import { LOGIN_ERROR_KINDS, loginErrorKind, loginErrorMessage, type LoginErrorKind } from '../../apps/web/src/portal/login-errors';

/** English words of RouterOS's login errors that must never appear inside a Swahili message. */
const ROUTEROS_ENGLISH = /\b(invalid|username|password|sessions?|allowed|reached|uptime|traffic|limit|authori[sz]ing|retry|responding|challenge|browser|logged|pool|shutting|error|router said)\b/i;

/**
 * RouterOS 7's default errors.txt, each as the router fills it in for a user (the user names
 * are chosen to look like other errors' words, to prove the name inside the text is tolerated).
 */
const ROUTEROS_TEXTS: Array<[string, LoginErrorKind]> = [
  ['invalid username or password', 'wrong_code'],
  ['invalid username (AA:BB:CC:DD:EE:FF): this MAC address is not yours', 'mac_not_yours'],
  ['user K7M4QX2P is not allowed to log in from this MAC address', 'other_device'],
  ['no more sessions are allowed for user K7M4QX2P', 'session_limit'],
  ['no more sessions are allowed for user UPTIME-LIMIT', 'session_limit'],
  ['user K7M4QX2P has reached uptime limit', 'time_used'],
  ['user INVALID has reached traffic limit', 'data_used'],
  ['web browser did not send challenge response (try again, enable JavaScript)', 'page_expired'],
  ['RADIUS server is not responding', 'radius_timeout'],
  ['already authorizing, retry later', 'authorizing'],
  ['cannot assign ip address - no more free addresses from pool', 'hotspot_full'],
  ['session limit reached (license)', 'hotspot_full'],
  ['hotspot service is shutting down', 'shutting_down'],
  ['you are not logged in (ip 10.5.50.7)', 'not_online'],
  ['internal error (out of memory)', 'router_problem'],
  ['configuration error (no such profile)', 'router_problem'],
  // RADIUS Reply-Messages and owners' edited errors.txt lines
  ['Your account is disabled', 'disabled'],
  ['user K7M4QX2P is disabled', 'disabled'],
  ['Too many login attempts, try later', 'too_many_tries'],
  ['login rate limited', 'too_many_tries'],
  ['Mtumiaji huyu hajulikani', 'unknown'],
  ['something nobody has seen before', 'unknown'],
];

describe('portal: RouterOS login refusals → customer messages', () => {
  it.each(ROUTEROS_TEXTS)('"%s" → %s', (raw, kind) => {
    expect(loginErrorKind(raw)).toBe(kind);
    // any capitalisation, surrounding spaces
    expect(loginErrorKind(`  ${raw.toUpperCase()} `)).toBe(kind);
    expect(loginErrorKind(raw.toLowerCase())).toBe(kind);
  });

  it('maps every refusal text the simulated router can give (its LOGIN_ERRORS) to a specific message, never the generic one', () => {
    const texts = Object.values(LOGIN_ERRORS).map((e) => (typeof e === 'function' ? e('K7M4QX2P') : e));
    expect(texts.length).toBeGreaterThanOrEqual(16);
    for (const raw of texts) expect([raw, loginErrorKind(raw)]).not.toEqual([raw, 'unknown']);
  });

  it('no error is no refusal', () => {
    expect(loginErrorKind('')).toBeNull();
    expect(loginErrorKind('   ')).toBeNull();
    expect(loginErrorKind(null)).toBeNull();
  });

  it('every kind has a message in English and Swahili; the Swahili has no RouterOS English in it', () => {
    for (const kind of LOGIN_ERROR_KINDS) {
      const en = dictionaries.en.login[kind];
      const sw = dictionaries.sw.login[kind];
      expect([kind, typeof en, typeof sw]).toEqual([kind, 'string', 'string']);
      expect(en.length).toBeGreaterThan(20);
      expect(sw).not.toBe(en);
      expect([kind, sw.match(ROUTEROS_ENGLISH)?.[0] ?? null]).toEqual([kind, null]);
    }
  });

  it("shows only our own words, never the router's text (it comes from the link: anyone can write it)", () => {
    const raw = 'no more sessions are allowed for user K7M4QX2P';
    expect(loginErrorMessage(raw, 'en')).toEqual({ kind: 'session_limit', text: dictionaries.en.login.session_limit });
    const sw = loginErrorMessage(raw, 'sw');
    expect(sw).toEqual({ kind: 'session_limit', text: dictionaries.sw.login.session_limit });
    expect(sw.text).not.toContain('K7M4QX2P');
    for (const lang of ['en', 'sw'] as const) {
      const forged = loginErrorMessage('Your voucher expired. Pay again at http://evil.example or call 0700 000 001', lang);
      expect(forged).toEqual({ kind: 'unknown', text: dictionaries[lang].login.unknown });
      expect(forged.text).not.toMatch(/evil|0700/);
    }
  });

  it('the Swahili dictionary has no message left in English', () => {
    const flat = (o: object, prefix = ''): Array<[string, string]> =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v] as [string, string]] : flat(v as object, `${prefix}${k}.`)));
    const en = new Map(flat(dictionaries.en));
    // the same text is fine only where it is not a sentence (amount templates, empty strings)
    const same = flat(dictionaries.sw).filter(([k, v]) => v !== '' && en.get(k) === v && /[a-z]{3,} [a-z]{3,}/i.test(v));
    expect(same).toEqual([]);
  });
});

describe('portal: plan descriptions, Swahili word order', () => {
  const plan = (p: Partial<Parameters<typeof planFacts>[0]>) => ({ uptimeLimitSeconds: null, validitySeconds: null, dataLimitBytes: null, downloadRate: null, ...p });

  it('puts the number after the unit in Swahili and before it in English', () => {
    const twoHours = plan({ uptimeLimitSeconds: 7200, downloadRate: '5M' });
    expect(planFacts(twoHours, dictionaries.en)).toBe('2 hours · up to 5 Mbps');
    expect(planFacts(twoHours, dictionaries.sw)).toBe('saa 2 · hadi Mbps 5');
    expect(planFacts(plan({ uptimeLimitSeconds: 1800 }), dictionaries.sw)).toBe('dakika 30');
    expect(planFacts(plan({ uptimeLimitSeconds: 1800 }), dictionaries.en)).toBe('30 min');
    expect(planFacts(plan({ dataLimitBytes: 500 * 1024 ** 2, validitySeconds: 86400 }), dictionaries.sw)).toBe('data MB 500 · halali kwa siku 1');
    expect(planFacts(plan({ dataLimitBytes: 500 * 1024 ** 2, validitySeconds: 86400 }), dictionaries.en)).toBe('500 MB data · valid for 1 day');
    expect(planFacts(plan({ dataLimitBytes: 1.5 * 1024 ** 3, validitySeconds: 7 * 86400, downloadRate: '512k' }), dictionaries.sw)).toBe('data GB 1.5 · halali kwa wiki 1 · hadi kbps 512');
    expect(planFacts(plan({ validitySeconds: 3 * 86400 }), dictionaries.sw)).toBe('Bila kikomo · halali kwa siku 3');
    expect(planFacts(plan({ validitySeconds: 3 * 86400 }), dictionaries.en)).toBe('Unlimited · valid for 3 days');
  });

  it('leaves a rate it does not understand as the router wrote it', () => {
    expect(planFacts(plan({ uptimeLimitSeconds: 3600, downloadRate: '2M/4M' }), dictionaries.sw)).toBe('saa 1 · hadi 2M/4M');
  });
});
