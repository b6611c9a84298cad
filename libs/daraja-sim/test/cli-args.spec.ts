import { parseCliArgs } from '../src/cli-args';
import { DEMO_APP } from '../src/demo';

describe('daraja-sim command line', () => {
  it('without options runs the demo app with the documented defaults', () => {
    expect(parseCliArgs([])).toEqual({
      help: false,
      verbose: false,
      host: '127.0.0.1',
      port: 8090,
      apps: [DEMO_APP],
      phone: { defaultAction: 'manual', decisionDelayMs: 3000 },
      callbacks: {},
      query: {},
    });
  });

  it('reads every option, in both --name value and --name=value forms', () => {
    const o = parseCliArgs([
      '--host=0.0.0.0',
      '--port',
      '8095',
      '--app',
      'k:s:600100:pk:till:600200:production',
      '--app=k2:s2:600300:pk2',
      '--default-action',
      'approve',
      '--decision-delay=0',
      '--manual-timeout',
      '1500',
      '--pin',
      'any',
      '--callback-delay',
      '250',
      '--copies=2.7',
      '--drop',
      '0.25',
      '--pending-style',
      '4999',
      '--token-ttl',
      '60',
      '--verbose',
    ]);
    expect(o).toEqual({
      help: false,
      verbose: true,
      host: '0.0.0.0',
      port: 8095,
      apps: [
        { consumerKey: 'k', consumerSecret: 's', shortcode: '600100', passkey: 'pk', accountType: 'till', tillNumber: '600200', mode: 'production' },
        { consumerKey: 'k2', consumerSecret: 's2', shortcode: '600300', passkey: 'pk2' },
      ],
      phone: { defaultAction: 'approve', decisionDelayMs: 0, manualTimeoutMs: 1500, pin: null },
      callbacks: { delayMs: 250, copies: 2, drop: 0.25 },
      query: { pendingStyle: '4999' },
      tokenTtlMs: 60_000,
    });
    expect(parseCliArgs(['--pin', '4321']).phone).toMatchObject({ pin: '4321' });
    expect(parseCliArgs(['--copies', '0']).callbacks).toEqual({ copies: 1 });
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
    [['--port', '8090.5'], /--port needs a whole number/],
    [['--port', '70000'], /--port needs a whole number from 0 to 65535/],
    [['--port='], /--port needs a whole number/],
    [['--decision-delay', '-5'], /--decision-delay/],
    [['--drop', '1e3'], /--drop needs a number/],
    [['--default-action', 'dance'], /--default-action must be one of approve, manual/],
    [['--pending-style', 'modern'], /--pending-style must be classic or 4999/],
    [['--app', 'k:s:600100'], /--app needs key:secret:shortcode:passkey/],
    [['--app', 'k:s:600100:pk:sandbox'], /unknown --app flag sandbox/],
    [['--verbose=yes'], /does not take an argument/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
