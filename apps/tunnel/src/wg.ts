import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { TunnelConfig } from './config';
import type { Dump } from './dump';
import { parseDump } from './dump';
import type { Logger } from './log';
import { isWireGuardKey } from './peers';

/** A `wg`/`ip` command that failed: what ran (arguments never carry keys), why, and its stderr. */
class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly stderr: string,
    reason: string,
  ) {
    super(`${command}: ${reason}${stderr ? `: ${stderr}` : ''}`);
    this.name = 'CommandError';
  }
}

interface RunOptions {
  timeoutMs: number;
  /** written to the command's stdin (e.g. the private key for `wg pubkey`) */
  input?: string;
}

/** Runs a program (never a shell) and resolves its stdout; rejects with a CommandError. */
function run(bin: string, args: string[], options: RunOptions): Promise<string> {
  const command = [bin, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = execFile(bin, args, { timeout: options.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const stderrText = stderr.trim().slice(0, 500);
      const { killed, code } = error as Error & { killed?: boolean; code?: unknown };
      if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return reject(new CommandError(command, null, '', 'printed more than 64 MiB'));
      if (killed) return reject(new CommandError(command, null, stderrText, `timed out after ${options.timeoutMs} ms`));
      if (typeof code === 'number') return reject(new CommandError(command, code, stderrText, `exited with code ${code}`));
      reject(new CommandError(command, null, stderrText, typeof code === 'string' ? `could not start (${code})` : error.message));
    });
    // a program that never starts (ENOENT) closes stdin under us: the callback above reports it
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');
  });
}

/**
 * The WireGuard interface through the `wg` and `ip` tools (and wireguard-go when the kernel has no
 * WireGuard). The interface is created once and never taken down: peers change through
 * `wg syncconf`, which applies only the difference.
 */
export class WireGuard {
  private child: ChildProcess | null = null;
  private stopping = false;

  constructor(
    private readonly config: TunnelConfig,
    private readonly log: Logger,
    /** called when the wireguard-go child dies on its own: the interface is gone */
    private readonly onChildDied: (error: Error) => void,
  ) {}

  private wg(args: string[], input?: string): Promise<string> {
    return run(this.config.wgBin, args, { timeoutMs: this.config.commandTimeoutMs, input });
  }

  private ip(args: string[]): Promise<string> {
    return run(this.config.ipBin, args, { timeoutMs: this.config.commandTimeoutMs });
  }

  /** The private key from its file; created with `wg genkey` (mode 0600, folder 0700) when missing. */
  async loadPrivateKey(): Promise<string> {
    const file = this.config.privateKeyFile;
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const key = (await this.wg(['genkey'])).trim();
      if (!isWireGuardKey(key)) throw new Error(`${this.config.wgBin} genkey printed something that is not a WireGuard key`);
      await fs.writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
      this.log.info('private-key.generated', { file });
      return key;
    }
    const key = text.trim();
    if (!isWireGuardKey(key)) throw new Error(`${file} does not hold a WireGuard private key (44-character base64)`);
    const { mode } = await fs.stat(file);
    if (mode & 0o077) this.log.warn('private-key.readable-by-others', { file, mode: (mode & 0o777).toString(8) });
    return key;
  }

  async publicKeyOf(privateKey: string): Promise<string> {
    const key = (await this.wg(['pubkey'], `${privateKey}\n`)).trim();
    if (!isWireGuardKey(key)) throw new Error(`${this.config.wgBin} pubkey printed something that is not a WireGuard key`);
    return key;
  }

  async interfaceExists(): Promise<boolean> {
    try {
      await this.ip(['link', 'show', 'dev', this.config.interfaceName]);
      return true;
    } catch (error) {
      if (error instanceof CommandError && error.exitCode !== null && /does not exist|cannot find device/i.test(error.stderr)) return false;
      throw error;
    }
  }

  /**
   * Makes the interface exist and carry the hub's key, port and address. An existing interface is
   * kept as it is (peers and sessions included); otherwise kernel WireGuard is tried, then
   * wireguard-go as a child of this process.
   */
  async bringUp(): Promise<void> {
    const name = this.config.interfaceName;
    const how = (await this.interfaceExists()) ? 'existing' : await this.create();
    this.log.info('interface.ready', { interface: name, how });
    await this.wg(['set', name, 'private-key', this.config.privateKeyFile, 'listen-port', String(this.config.listenPort)]);
    await this.ip(['address', 'replace', `${this.config.hubAddress}/${this.config.prefix.length}`, 'dev', name]);
    await this.ip(['link', 'set', 'dev', name, 'up']);
  }

  private async create(): Promise<'kernel' | 'userspace'> {
    const name = this.config.interfaceName;
    if (this.config.userspace !== 'always') {
      try {
        await this.ip(['link', 'add', 'dev', name, 'type', 'wireguard']);
        return 'kernel';
      } catch (error) {
        if (this.config.userspace === 'never') throw new Error(`kernel WireGuard is unavailable and TUNNEL_USERSPACE=never: ${(error as Error).message}`);
        this.log.warn('interface.kernel-unavailable', { interface: name, error: error as Error });
      }
    }
    await this.startUserspace();
    return 'userspace';
  }

  /** Spawns `wireguard-go -f <if>` and waits until the interface exists. */
  private async startUserspace(): Promise<void> {
    const name = this.config.interfaceName;
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD: '1' };
    if (process.env.LOG_LEVEL) env.LOG_LEVEL = process.env.LOG_LEVEL;
    const child = spawn(this.config.wireguardGoBin, ['-f', name], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const output: string[] = [];
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        // on kernels from 5.6 on, wireguard-go first prints a banner drawn in a box
        const text = line.replace(/^[\s\u2500-\u257f]+|[\s\u2500-\u257f]+$/g, '').slice(0, 300);
        if (!text) return;
        output.push(text);
        if (output.length > 20) output.shift();
        this.log.info('wireguard-go.output', { line: text });
      });
    }
    const state: { ready: boolean; exit: string | null } = { ready: false, exit: null };
    child.on('error', (error) => {
      state.exit ??= `could not start: ${error.message}`;
      if (child.pid === undefined) this.child = null; // never ran: no exit event follows
    });
    child.on('exit', (code, signal) => {
      state.exit ??= `exited with code ${code} (signal ${signal})`;
      this.child = null;
      if (!this.stopping && state.ready) this.onChildDied(new Error(`wireguard-go ${state.exit}: the interface ${name} is gone`));
    });
    this.log.info('wireguard-go.started', { interface: name, pid: child.pid });

    const deadline = Date.now() + this.config.interfaceReadyTimeoutMs;
    const failed = () => new Error(`${this.config.wireguardGoBin} ${state.exit}${output.length ? `: ${output.slice(-3).join(' | ')}` : ''}`);
    while (!(await this.interfaceExists())) {
      if (state.exit) throw failed();
      if (Date.now() > deadline) {
        await this.stopUserspace();
        throw new Error(`${this.config.wireguardGoBin} did not create ${name} within ${this.config.interfaceReadyTimeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (state.exit) throw failed();
    state.ready = true;
  }

  /** Kills the wireguard-go child, if this process started one (a kernel interface is left alone). */
  async stopUserspace(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exit = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exit;
    clearTimeout(timer);
    this.log.info('wireguard-go.stopped', { pid: child.pid });
  }

  /** Applies a full configuration with `wg syncconf` from a private temporary file. */
  async syncconf(configText: string): Promise<void> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wavu-tunnel-'));
    try {
      const file = path.join(dir, `${this.config.interfaceName}.conf`);
      await fs.writeFile(file, configText, { mode: 0o600, flag: 'wx' });
      await this.wg(['syncconf', this.config.interfaceName, file]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  async dump(): Promise<Dump> {
    return parseDump(await this.wg(['show', this.config.interfaceName, 'dump']));
  }
}
