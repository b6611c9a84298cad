import type { IncomingMessage } from 'http';
import { get as httpGet } from 'http';
import { get as httpsGet } from 'https';
import { BackupError, openBackup, saveBackup } from '../state/backup';
import type { RouterState } from '../state/router-state';
import { parseBoolean } from '../values';
import { exportConfig, importScript } from './config-script';
import { crudMenu } from './crud';
import type { CommandContext, CommandReply, CommandRequest, MenuDefinition } from './types';
import { TRAP, TrapError } from './types';

/**
 * Files, text export/import, binary backups, `/tool/fetch` and the one `/execute` script the
 * platform sends (docs/routeros.md §9). Policies marked [unverified] there are our reading of the
 * RouterOS manual.
 */

/** `/tool/fetch` limits (the simulator's own). */
const FETCH_TIMEOUT_MS = 30_000;
const FETCH_MAX_BYTES = 16 * 1024 * 1024;
/** `/file/read` chunk-size upper bound (RouterOS manual). */
const FILE_READ_MAX_CHUNK = 32_768;

const isV6 = (s: RouterState): boolean => s.profile.version === '6.49';

function only(req: CommandRequest, allowed: string[]): void {
  for (const key of req.attrs.keys()) if (!allowed.includes(key) && !key.startsWith('.')) throw new TrapError(TRAP.unknownParameter(key));
}

/** A flag argument: present without a value (`=show-sensitive=`) or `yes`. */
function flag(req: CommandRequest, name: string): boolean {
  const v = req.attrs.get(name);
  return v !== undefined && (v === '' || parseBoolean(v) === true);
}

function readChunk(state: RouterState, file: string, offsetText: string | undefined, chunkText: string | undefined): Buffer {
  const bytes = state.files.read(file);
  if (!bytes) throw new TrapError(TRAP.noSuchItem);
  const offset = Number(offsetText ?? '0');
  const chunk = Number(chunkText ?? String(FILE_READ_MAX_CHUNK));
  if (!Number.isInteger(offset) || offset < 0) throw new TrapError(TRAP.invalidValue('offset', offsetText ?? ''), 1);
  if (!Number.isInteger(chunk) || chunk < 1 || chunk > FILE_READ_MAX_CHUNK) throw new TrapError(TRAP.invalidValue('chunk-size', chunkText ?? ''), 1);
  return bytes.subarray(offset, offset + chunk);
}

/** `/file`: print, remove (by name or `.id`), read (7.13+). */
const files: MenuDefinition = (() => {
  const menu = crudMenu({
    path: '/file',
    table: (s) => s.files.table,
    fields: {},
    readOnly: true,
    removable: true,
    nameField: 'name',
    onRemove: (row, s) => {
      s.files.remove(row['.id']);
    },
  });
  menu.commands.remove.policy = ['write', 'ftp'];
  menu.commands.read = {
    policy: ['read', 'ftp'],
    handler: (req, ctx) => {
      if (isV6(ctx.state)) throw new TrapError(TRAP.noSuchCommand);
      only(req, ['file', 'offset', 'chunk-size', 'as-value']);
      const file = req.attrs.get('file');
      if (!file) throw new TrapError(TRAP.missingValue('file'), 1);
      // raw bytes in a word: only safe for text (the API declares no encoding, docs/routeros.md §1.12)
      return { rows: [{ data: readChunk(ctx.state, file, req.attrs.get('offset'), req.attrs.get('chunk-size')).toString('latin1') }] };
    },
  };
  return menu;
})();

/** `/export file=<n>`: writes `<n>.rsc`. */
const exportMenu: MenuDefinition = {
  path: '',
  commands: {
    export: {
      policy: 'read',
      handler: (req, ctx) => {
        const v6 = isV6(ctx.state);
        only(req, ['file', v6 ? 'hide-sensitive' : 'show-sensitive', 'compact', 'verbose', 'terse']);
        const file = req.attrs.get('file');
        if (!file) throw new TrapError('failure: /export without file= is not supported by the simulator');
        // v7 hides sensitive values unless asked (and allowed); v6 shows them unless told not to
        const canSee = ctx.user.policies.has('sensitive');
        if (!v6 && flag(req, 'show-sensitive') && !canSee) throw new TrapError(TRAP.notEnoughPermissions);
        const showSensitive = v6 ? canSee && !flag(req, 'hide-sensitive') : flag(req, 'show-sensitive');
        const name = file.endsWith('.rsc') ? file : `${file}.rsc`;
        ctx.state.files.writeSettling(name, Buffer.from(exportConfig(ctx.state, requireMenus(ctx), { showSensitive }), 'latin1'), 'script');
        return { rows: [] };
      },
    },
    import: {
      policy: ['read', 'write', 'ftp'],
      handler: (req, ctx) => {
        only(req, ['file-name', 'verbose']);
        const name = req.attrs.get('file-name');
        if (!name) throw new TrapError(TRAP.missingValue('file-name'), 1);
        const bytes = ctx.state.files.read(name);
        if (!bytes) throw new TrapError('failure: no such file');
        importScript(bytes.toString('latin1'), ctx, requireMenus(ctx));
        return { rows: [] };
      },
    },
    execute: {
      policy: ['read', 'write', 'test', 'ftp'],
      handler: (req, ctx) => execute(req, ctx),
    },
  },
};

function requireMenus(ctx: CommandContext): NonNullable<CommandContext['menus']> {
  if (!ctx.menus) throw new Error('command context without menus');
  return ctx.menus;
}

/** The only script the simulator runs: the platform's base64 file read (docs/routeros.md §9). */
const FILE_READ_SCRIPT = /^:put \[:convert \(\[\/file\/read file="([^"\\$?]*)" offset=(\d+) chunk-size=(\d+) as-value\]->"data"\) to=base64\]$/;

function execute(req: CommandRequest, ctx: CommandContext): CommandReply {
  only(req, ['script', 'as-string', 'file']);
  const script = req.attrs.get('script');
  if (script === undefined) throw new TrapError(TRAP.missingValue('script'), 1);
  const m = FILE_READ_SCRIPT.exec(script);
  // RouterOS 6 has neither :convert nor /file/read; any other script is beyond the simulator
  if (isV6(ctx.state)) throw new TrapError('syntax error (line 1 column 8)');
  if (!m) throw new TrapError('failure: script not supported by the simulator (only the base64 /file/read script is)');
  if (!req.attrs.has('as-string')) throw new TrapError('failure: /execute without as-string is not supported by the simulator');
  return { rows: [], ret: readChunk(ctx.state, m[1], m[2], m[3]).toString('base64') };
}

/** `/system/backup/save` and `load`. */
const backup: MenuDefinition = {
  path: '/system/backup',
  commands: {
    save: {
      policy: ['write', 'sensitive', 'ftp'],
      handler: (req, ctx) => {
        const v6 = isV6(ctx.state);
        only(req, ['name', 'password', 'encryption', ...(v6 ? [] : ['dont-encrypt'])]);
        const d = ctx.state.clock.nowDate().toISOString();
        const base = req.attrs.get('name') || `${ctx.state.identity}-${d.slice(0, 10).replace(/-/g, '')}-${d.slice(11, 16).replace(':', '')}`;
        const name = base.endsWith('.backup') ? base : `${base}.backup`;
        const password = flag(req, 'dont-encrypt') ? null : req.attrs.get('password') || null;
        ctx.state.files.writeSettling(name, saveBackup(ctx.state, password), 'backup');
        return { rows: [] };
      },
    },
    load: {
      policy: ['write', 'sensitive', 'reboot', 'ftp'],
      handler: (req, ctx) => {
        only(req, ['name', 'password']);
        const name = req.attrs.get('name');
        if (!name) throw new TrapError(TRAP.missingValue('name'), 1);
        const bytes = ctx.state.files.read(name) ?? ctx.state.files.read(`${name}.backup`);
        if (!bytes) throw new TrapError('failure: no such file');
        let apply: () => void;
        try {
          apply = openBackup(ctx.state, bytes, req.attrs.get('password') || null);
        } catch (err) {
          if (err instanceof BackupError) throw new TrapError(err.message);
          throw err;
        }
        const state = ctx.state;
        return {
          rows: [],
          after: () => {
            apply();
            state.log.add('system,info', `configuration restored from backup by ${ctx.user.name}`);
            if (state.onRebootRequest) state.onRebootRequest();
            else state.reboot();
          },
        };
      },
    },
  },
};

/** `/tool/fetch`: a real HTTP(S) GET whose body becomes a file. */
const fetchMenu: MenuDefinition = {
  path: '/tool',
  commands: {
    fetch: {
      policy: ['read', 'write', 'test', 'ftp'],
      handler: (req, ctx) => fetchToFile(req, ctx.state),
    },
  },
};

async function fetchToFile(req: CommandRequest, state: RouterState): Promise<CommandReply> {
  only(req, ['url', 'dst-path', 'mode', 'check-certificate', 'output', 'keep-result']);
  const url = req.attrs.get('url');
  if (!url) throw new TrapError(TRAP.missingValue('url'), 1);
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new TrapError(TRAP.invalidValue('url', url), 1);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new TrapError('failure: only http and https fetches are supported by the simulator');
  const output = req.attrs.get('output') ?? 'file';
  if (output !== 'file') throw new TrapError(`failure: output=${output} is not supported by the simulator`);
  const dst = req.attrs.get('dst-path') || decodeURIComponent(target.pathname.split('/').pop() ?? '') || 'fetched';
  const checkCertificate = (req.attrs.get('check-certificate') ?? 'no') !== 'no';
  const started = Date.now();
  const body = await download(target, checkCertificate);
  state.files.write(dst, body);
  const kib = String(Math.ceil(body.length / 1024));
  return { rows: [{ status: 'finished', downloaded: kib, total: kib, duration: `${Math.max(1, Math.round((Date.now() - started) / 1000))}s` }] };
}

function download(url: URL, checkCertificate: boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const hostPort = `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
    const onResponse = (res: IncomingMessage): void => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        res.resume();
        reject(new TrapError(`failure: closing connection: <${status} ${res.statusMessage ?? ''}> ${hostPort} (4)`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > FETCH_MAX_BYTES) {
          request.destroy();
          reject(new TrapError('failure: file is too big for the simulator (16 MiB)'));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve(Buffer.concat(chunks)));
      res.on('error', (err) => reject(new TrapError(`failure: ${err.message}`)));
    };
    const request =
      url.protocol === 'https:' ? httpsGet(url, { rejectUnauthorized: checkCertificate, timeout: FETCH_TIMEOUT_MS }, onResponse) : httpGet(url, { timeout: FETCH_TIMEOUT_MS }, onResponse);
    request.on('timeout', () => request.destroy(new Error('connection timeout')));
    request.on('error', (err: NodeJS.ErrnoException) => reject(new TrapError(`failure: ${err.code === 'ECONNREFUSED' ? 'connection refused' : err.message}`)));
  });
}

export const backupMenus: MenuDefinition[] = [files, exportMenu, backup, fetchMenu];
