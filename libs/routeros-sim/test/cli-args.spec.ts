import { parseCliArgs } from '../src/cli-args';

describe('routeros-sim command line', () => {
  it('without options runs one 7.18 router on 8728 with admin/admin', () => {
    expect(parseCliArgs([])).toEqual({
      help: false,
      verbose: false,
      host: '127.0.0.1',
      port: 8728,
      count: 1,
      user: 'admin',
      password: 'admin',
      version: '7.18',
      login: undefined,
      identity: undefined,
      latency: 0,
      controlPort: undefined,
    });
  });

  it('reads every option, in both --name value and --name=value forms', () => {
    expect(
      parseCliArgs([
        '--host=0.0.0.0',
        '--port',
        '18728',
        '--count',
        '3',
        '--user',
        'api',
        '--password=s3cret=x',
        '--version',
        '6.49',
        '--login',
        'legacy',
        '--identity',
        'hq',
        '--latency=40',
        '--control-port',
        '8790',
        '--verbose',
      ]),
    ).toEqual({
      help: false,
      verbose: true,
      host: '0.0.0.0',
      port: 18728,
      count: 3,
      user: 'api',
      password: 's3cret=x',
      version: '6.49',
      login: 'legacy',
      identity: 'hq',
      latency: 40,
      controlPort: 8790,
    });
    expect(parseCliArgs(['--count', '0']).count).toBe(1);
  });

  it('--help and -h ask for the usage', () => {
    expect(parseCliArgs(['--help']).help).toBe(true);
    expect(parseCliArgs(['-h']).help).toBe(true);
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['stray'], /Unexpected argument 'stray'/],
    [['--user'], /'--user <value>' argument missing/],
    [['--port', 'abc'], /--port needs a whole number from 0 to 65535, got 'abc'/],
    [['--port', '99999'], /--port needs a whole number from 0 to 65535/],
    [['--latency', '-1'], /--latency/],
    [['--control-port', '1.5'], /--control-port needs a whole number/],
    [['--version', '7.1'], /unknown --version 7.1 \(6.49, 7.17 or 7.18\)/],
    [['--login', 'ssh'], /--login must be plain or legacy/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
