// The WireGuard management-tunnel process: `npm run tunnel` (needs CAP_NET_ADMIN; docs/tunnel.md).
import type { TunnelConfig } from './config';
import { ConfigError, parseConfig } from './config';
import { jsonLogger } from './log';
import { TunnelService } from './tunnel-service';

async function main(): Promise<void> {
  const log = jsonLogger();
  // everything this process writes (the generated key, syncconf's temporary file) is private
  process.umask(0o077);
  let config: TunnelConfig;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log.error('config.invalid', { problems: error.problems });
    process.exit(2);
  }

  let exiting = false;
  const exit = (code: number) => {
    if (exiting) return;
    exiting = true;
    void service
      .stop()
      .catch((error: Error) => log.error('stop.failed', { error }))
      .finally(() => process.exit(code));
  };
  const service = new TunnelService(config, { logger: log, onFatal: () => exit(1) });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      log.info('signal', { signal });
      if (exiting) process.exit(1); // a second signal: do not wait
      exit(0);
    });
  }
  process.on('unhandledRejection', (error) => {
    log.error('unhandled-rejection', { error: error instanceof Error ? error : String(error) });
    exit(1);
  });

  try {
    await service.start();
  } catch (error) {
    log.error('start.failed', { error: error as Error });
    process.exit(1);
  }
}

void main();
