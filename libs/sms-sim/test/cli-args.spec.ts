import { parseCliArgs } from '../src/cli-args';
import { DEMO_SMS_APP } from '../src/demo';

describe('sms-sim command line', () => {
  it('without options runs the demo app on port 8092', () => {
    expect(parseCliArgs([])).toEqual({ help: false, verbose: false, host: '127.0.0.1', port: 8092, apps: [DEMO_SMS_APP], settings: {} });
  });

  it('reads apps with flags and a callback URL, and the settings', () => {
    const o = parseCliArgs([
      '--port=0',
      '--app',
      'demo-shop:key-1:production:sender=DEMOSHOP:sender=WAVU:balance=500:callback=http://127.0.0.1:3000/api/hooks/sms/delivery',
      '--app=sandbox:key-2',
      '--delivery-delay',
      '0',
      '--latency=50',
      '--rate-limit',
      '10',
      '--callback-retries',
      '1',
      '--verbose',
    ]);
    expect(o).toEqual({
      help: false,
      verbose: true,
      host: '127.0.0.1',
      port: 0,
      apps: [
        { username: 'demo-shop', apiKey: 'key-1', environment: 'production', senderIds: ['DEMOSHOP', 'WAVU'], balanceMinor: 500, deliveryReportUrl: 'http://127.0.0.1:3000/api/hooks/sms/delivery' },
        { username: 'sandbox', apiKey: 'key-2', senderIds: [] },
      ],
      settings: { deliveryDelayMs: 0, latencyMs: 50, rateLimitPerSecond: 10, callbackRetries: 1 },
    });
  });

  it.each([[['--port', '70000']], [['--latency', '-1']], [['--app', 'only-username']], [['--app', 'u:k:weird']], [['--nope']]])('refuses %j', (argv) => {
    expect(() => parseCliArgs(argv)).toThrow();
  });
});
