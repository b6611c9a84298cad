import { codeForTrap, RouterOsError, toRouterOsError } from './errors';
import { formatBoolean, formatByteCount, formatDuration, formatRateLimit, isSafeRouterText, parseBoolean, parseByteCount, parseDuration, parseRateLimit, tryParseDuration } from './formats';

describe('durations', () => {
  it.each([
    ['0s', 0],
    ['59s', 59],
    ['1h30m', 5400],
    ['1w2d3h4m5s', 788645],
    ['90m', 5400],
    ['1d', 86400],
    ['01:22:53', 4973],
    ['2:00:00', 7200],
    ['1d02:03:04', 93784],
    ['3600', 3600],
    ['500ms', 0.5],
    ['0.1d', 8640],
    ['none', 0],
  ])('parses %s as %d s', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it('rejects non-durations', () => {
    expect(tryParseDuration('soon')).toBeNull();
    expect(tryParseDuration('1h foo')).toBeNull();
    expect(() => parseDuration('1x')).toThrow(RangeError);
  });

  it('formats compact and clock styles and round-trips', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(788645)).toBe('1w2d3h4m5s');
    expect(formatDuration(3600)).toBe('1h');
    expect(formatDuration(93784, 'clock')).toBe('26:03:04');
    for (const s of [1, 59, 61, 3599, 86401, 1209600]) expect(parseDuration(formatDuration(s))).toBe(s);
  });
});

describe('bytes, booleans, text', () => {
  it('parses and formats byte counts', () => {
    expect(parseByteCount('1073741824')).toBe(1073741824);
    expect(parseByteCount('1G')).toBe(1073741824);
    expect(parseByteCount('512k')).toBe(524288);
    expect(parseByteCount('1.5GiB')).toBe(1610612736);
    expect(formatByteCount(1000000000)).toBe('1000000000');
    expect(() => parseByteCount('lots')).toThrow(RangeError);
    expect(() => formatByteCount(-1)).toThrow(RangeError);
  });

  it('parses RouterOS booleans', () => {
    expect([parseBoolean('true'), parseBoolean('yes'), parseBoolean('false'), parseBoolean('no')]).toEqual([true, true, false, false]);
    expect(() => parseBoolean('maybe')).toThrow(RangeError);
    expect(formatBoolean(true)).toBe('yes');
  });

  it('only accepts printable ASCII for names and passwords', () => {
    expect(isSafeRouterText('0712345678')).toBe(true);
    expect(isSafeRouterText('café')).toBe(false);
  });
});

describe('rate limits', () => {
  it('parses rx/tx', () => {
    expect(parseRateLimit('512k/2M')).toEqual({ rate: { rx: 512000, tx: 2000000 } });
    expect(parseRateLimit('2M')).toEqual({ rate: { rx: 2000000, tx: 2000000 } });
  });

  it('parses burst, threshold, time, priority and min rate', () => {
    expect(parseRateLimit('512k/2M 1M/4M 384k/1500k 8/8 8 64k/128k')).toEqual({
      rate: { rx: 512000, tx: 2000000 },
      burstRate: { rx: 1000000, tx: 4000000 },
      burstThreshold: { rx: 384000, tx: 1500000 },
      burstTime: { rx: 8, tx: 8 },
      priority: 8,
      minRate: { rx: 64000, tx: 128000 },
    });
    expect(() => parseRateLimit('fast')).toThrow(RangeError);
  });

  it('formats back to the RouterOS string', () => {
    expect(formatRateLimit(parseRateLimit('512k/2M 1M/4M 384k/1500k 8/8 8'))).toBe('512k/2M 1M/4M 384k/1500k 8/8 8');
    expect(formatRateLimit({ rate: { rx: 2000000, tx: 5000000 } })).toBe('2M/5M');
    expect(() => formatRateLimit({ rate: { rx: 1, tx: 1 }, priority: 1 })).toThrow(RangeError);
  });
});

describe('error mapping', () => {
  it.each([
    ['failure: already have user with this name for this server', 'DUPLICATE'],
    ['no such item', 'NOT_FOUND'],
    ['no such item (4)', 'NOT_FOUND'],
    ['input does not match any value of profile', 'NOT_FOUND'],
    ['not enough permissions (9)', 'PERMISSION'],
    ['invalid user name or password (6)', 'AUTH'],
    ['no such command or directory (adress)', 'UNKNOWN_COMMAND'],
    ['no such command prefix', 'UNKNOWN_COMMAND'],
    ['no such command', 'UNKNOWN_COMMAND'],
    ['ambiguous value of profile, more than one possible value matches input', 'TRAP'],
  ])('%s → %s', (message, code) => {
    expect(codeForTrap(message)).toBe(code);
    expect(toRouterOsError(new Error(message)).code).toBe(code);
  });

  it('maps node-routeros exceptions', () => {
    const ros = (errno: string | number, message = ''): Error => Object.assign(new Error(message), { name: 'RosException', errno });
    expect(toRouterOsError(ros('CANTLOGIN')).code).toBe('AUTH');
    expect(toRouterOsError(ros('SOCKTMOUT', 'Timed out after 10 seconds')).code).toBe('TIMEOUT');
    expect(toRouterOsError(ros(-111)).code).toBe('CONNECTION');
    const e = new RouterOsError('TIMEOUT', 'x');
    expect(toRouterOsError(e)).toBe(e);
    expect(e.transient).toBe(true);
  });
});
