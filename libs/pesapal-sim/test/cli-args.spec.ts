import { parseCliArgs } from '../src/cli-args';

describe('pesapal-sim command line', () => {
  it('without options leaves the simulator defaults in place', () => {
    expect(parseCliArgs([])).toEqual({ help: false, verbose: false, host: '127.0.0.1', port: 8091, ipn: {} });
  });

  it('reads every option, in both --name value and --name=value forms', () => {
    expect(
      parseCliArgs([
        '--host',
        '0.0.0.0',
        '--port=8099',
        '--public-url',
        'http://192.168.88.2:8091',
        '--merchant',
        'key:sec:ret',
        '--merchant=key2:secret2',
        '--token-ttl=60',
        '--ipn-delay',
        '100',
        '--ipn-duplicates',
        '2',
        '--ipn-attempts',
        '0',
        '--ipn-backoff',
        '500',
        '--mpesa-pending',
        '20000',
        '--verbose',
      ]),
    ).toEqual({
      help: false,
      verbose: true,
      host: '0.0.0.0',
      port: 8099,
      publicUrl: 'http://192.168.88.2:8091',
      merchants: [
        { consumerKey: 'key', consumerSecret: 'sec:ret' },
        { consumerKey: 'key2', consumerSecret: 'secret2' },
      ],
      tokenTtlMs: 60_000,
      ipn: { delayMs: 100, duplicates: 2, maxAttempts: 1, retryBackoffMs: 500 },
      mobileMoneyPendingMs: 20_000,
    });
  });

  it('--help and -h ask for the usage', () => {
    expect(parseCliArgs(['--help']).help).toBe(true);
    expect(parseCliArgs(['-h']).help).toBe(true);
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['stray'], /Unexpected argument 'stray'/],
    [['--port'], /'--port <value>' argument missing/],
    [['--port', 'abc'], /--port needs a whole number from 0 to 65535, got 'abc'/],
    [['--port', '65536'], /--port needs a whole number from 0 to 65535/],
    [['--token-ttl', '1.5'], /--token-ttl needs a whole number/],
    [['--ipn-delay='], /--ipn-delay needs a whole number/],
    [['--merchant', 'nokey'], /--merchant needs KEY:SECRET, got 'nokey'/],
    [['--merchant', ':secret'], /--merchant needs KEY:SECRET/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
