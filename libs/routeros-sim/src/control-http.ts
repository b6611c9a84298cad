import type { IncomingMessage, Server, ServerResponse } from 'http';
import { createServer } from 'http';
import type { AddressInfo, Socket } from 'net';
import type { FaultSettings } from './faults';
import { isRouterOsVersion } from './profiles';
import type { SimRouter } from './server';
import type { RouterOsSimulator } from './simulator';

/**
 * Small JSON control endpoint for simulated routers (for the sandbox, manual testing and
 * tests in other processes):
 *
 *   GET    /health
 *   GET    /routers                                   list routers
 *   POST   /routers            {name?,port?,version?,user?,password?,login?,apiSsl?,sslPort?,blank?,serialNumber?}
 *   POST   /routers/:name/certificate/rotate             a new api-ssl certificate (reset or replaced router)
 *   DELETE /routers/:name
 *   GET    /routers/:name/faults
 *   PATCH  /routers/:name/faults   {latencyMs?, neverAnswer?, hostile?, rebootSeconds?, ...}   merge (hostile: see HOSTILE_REPLIES)
 *   DELETE /routers/:name/faults                       clear
 *   POST   /routers/:name/clock/advance  {ms} | {seconds}
 *   GET    /routers/:name/hotspot/users | /hotspot/active | /log
 *   POST   /routers/:name/hotspot/users  {name,password,profile?,...}  (drift)
 *   DELETE /routers/:name/hotspot/users/:user
 *   POST   /routers/:name/hotspot/devices {mac, ip}
 *   POST   /routers/:name/hotspot/login  {user,password,ip?,mac?,rateIn?,rateOut?}
 *   POST   /routers/:name/hotspot/logout {id? | user?, cause?}
 *   POST   /routers/:name/hotspot/traffic {sessionId, bytesIn, bytesOut}
 *   POST   /routers/:name/hotspot/http   {files?: {name: content}, dnsName?}  start the hotspot HTTP side / set its files
 *   GET    /routers/:name/hotspot/http                                     {url, hostname, files}
 *   PUT    /routers/:name/hotspot/files  {files: {name: content}}          e.g. the setup kit's login.html
 *   POST   /routers/:name/hotspot/http/devices {mac?, ip?}                 a device with its own proxy port
 *   GET    /routers/:name/files                          [{'.id', name, type, size, 'creation-time'}]
 *   GET    /routers/:name/files/:file                    {name, type, size, 'creation-time', contentBase64}
 *   PUT    /routers/:name/files/:file  {contentBase64} | {content}   create or replace a file
 *   DELETE /routers/:name/files/:file
 *   POST   /routers/:name/reboot  {seconds?, wipe?}      down for `seconds` (default faults.rebootSeconds), back with uptime 0
 */
export interface ControlServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;

function routerInfo(r: SimRouter): Json {
  const hotspot = r.hotspotHttp;
  return {
    name: r.name,
    host: r.address.host,
    port: r.port,
    sslPort: r.sslAddress?.port ?? null,
    certificateFingerprint: r.certificateFingerprint,
    version: r.version,
    listening: r.listening,
    connections: r.connectionCount,
    faults: r.faults.get(),
    hotspotUrl: hotspot ? hotspot.url : null,
    rebooting: r.rebooting,
  };
}

function stringMap(v: unknown, field: string): Record<string, string> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new HttpError(400, `${field} must be an object of file name → content`);
  const entries = Object.entries(v as Json);
  for (const [name, content] of entries) {
    if (typeof content !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) throw new HttpError(400, `${field}.${name} must be a file name with string content`);
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

async function readBody(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1024 * 1024) throw new HttpError(413, 'body too large');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Json;
  } catch {
    /* fallthrough */
  }
  throw new HttpError(400, 'body must be a JSON object');
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const numOr = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);

async function route(sim: RouterOsSimulator, method: string, parts: string[], body: () => Promise<Json>): Promise<unknown> {
  if (parts[0] === 'health') return { ok: true };
  if (parts[0] !== 'routers') throw new HttpError(404, 'not found');
  if (parts.length === 1) {
    if (method === 'GET') return sim.list().map(routerInfo);
    if (method === 'POST') {
      const b = await body();
      const version = str(b.version);
      if (version !== undefined && !isRouterOsVersion(version)) throw new HttpError(400, `unknown version ${version}`);
      const login = str(b.login);
      const r = await sim.addRouter({
        name: str(b.name),
        port: numOr(b.port, 0),
        version: version,
        user: str(b.user),
        password: str(b.password),
        login: login === 'legacy' ? 'legacy' : login === 'plain' ? 'plain' : undefined,
        apiSsl: b.apiSsl === true || typeof b.sslPort === 'number' ? { port: numOr(b.sslPort, 0) } : undefined,
        blank: b.blank === true,
        serialNumber: str(b.serialNumber),
      });
      return routerInfo(r);
    }
  }
  const router = sim.find(decodeURIComponent(parts[1]));
  if (!router) throw new HttpError(404, `no router ${parts[1]}`);
  const sub = parts.slice(2).join('/');
  const hs = router.state.hotspot;
  switch (`${method} ${sub}`) {
    case 'GET ':
      return routerInfo(router);
    case 'DELETE ':
      await sim.removeRouter(router.name);
      return { removed: router.name };
    case 'GET faults':
      return router.faults.get();
    case 'PATCH faults':
    case 'PUT faults': {
      const partial = (await body()) as Partial<FaultSettings>;
      try {
        return await router.setFaults(partial);
      } catch (err) {
        if (err instanceof RangeError) throw new HttpError(400, err.message);
        throw err;
      }
    }
    case 'DELETE faults':
      return router.clearFaults();
    case 'POST certificate/rotate':
      if (!router.sslAddress) throw new HttpError(409, `router ${router.name} does not serve api-ssl`);
      return { certificateFingerprint: await router.rotateCertificate() };
    case 'POST clock/advance': {
      const b = await body();
      const ms = typeof b.seconds === 'number' ? b.seconds * 1000 : numOr(b.ms, 0);
      router.clock.advance(ms);
      return { now: new Date(router.clock.now()).toISOString() };
    }
    case 'GET hotspot/users':
      return hs.listUsers();
    case 'POST hotspot/users': {
      const b = await body();
      const fields = Object.fromEntries(Object.entries(b).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
      if (!fields.name) throw new HttpError(400, 'name is required');
      return { id: hs.addUser(fields) };
    }
    case 'GET hotspot/active':
      return hs.active.all().map((r) => hs.activeView(r));
    case 'GET log':
      return router.state.log.entries();
    case 'POST hotspot/devices': {
      const b = await body();
      const mac = str(b.mac);
      const ip = str(b.ip);
      if (!mac || !ip) throw new HttpError(400, 'mac and ip are required');
      return { id: hs.connectDevice(mac, ip) };
    }
    case 'POST hotspot/login': {
      const b = await body();
      const user = str(b.user);
      if (!user) throw new HttpError(400, 'user is required');
      return hs.login({ user, password: str(b.password) ?? '', ip: str(b.ip), mac: str(b.mac), rateIn: numOr(b.rateIn, 0), rateOut: numOr(b.rateOut, 0) });
    }
    case 'POST hotspot/logout': {
      const b = await body();
      const target = str(b.id) ?? str(b.user);
      if (!target) throw new HttpError(400, 'id or user is required');
      return { ended: hs.logout(target, str(b.cause) ?? 'user request') };
    }
    case 'POST hotspot/http': {
      const b = await body();
      const http = await router.startHotspotHttp({ dnsName: str(b.dnsName), files: b.files === undefined ? undefined : stringMap(b.files, 'files') });
      return { url: http.url, hostname: http.hostname, files: http.listFiles() };
    }
    case 'GET hotspot/http': {
      const http = router.hotspotHttp;
      if (!http) throw new HttpError(404, 'the hotspot HTTP side is not started');
      return { url: http.url, hostname: http.hostname, files: http.listFiles() };
    }
    case 'PUT hotspot/files': {
      const b = await body();
      const http = await router.startHotspotHttp();
      http.setFiles(stringMap(b.files, 'files'));
      return { files: http.listFiles() };
    }
    case 'POST hotspot/http/devices': {
      const b = await body();
      const http = await router.startHotspotHttp();
      return http.openDevice({ mac: str(b.mac), ip: str(b.ip) });
    }
    case 'GET files':
      return router.state.files.list();
    case 'POST reboot': {
      const b = await body();
      const seconds = b.seconds === undefined ? undefined : numOr(b.seconds, -1);
      if (seconds !== undefined && !(seconds >= 0 && seconds <= 3600)) throw new HttpError(400, 'seconds must be a number from 0 to 3600');
      await router.reboot({ seconds, wipe: b.wipe === true });
      return routerInfo(router);
    }
    case 'POST hotspot/traffic': {
      const b = await body();
      const id = str(b.sessionId);
      if (!id) throw new HttpError(400, 'sessionId is required');
      hs.addTraffic(id, numOr(b.bytesIn, 0), numOr(b.bytesOut, 0));
      return hs.activeView(hs.active.get(id) ?? { '.id': id });
    }
  }
  if (parts[2] === 'files' && parts.length > 3) return fileRoute(router, method, parts.slice(3).map(decodeURIComponent).join('/'), body);
  if (method === 'DELETE' && parts[2] === 'hotspot' && parts[3] === 'users' && parts[4]) {
    return { removed: hs.removeUserByName(decodeURIComponent(parts[4])) };
  }
  throw new HttpError(404, 'not found');
}

async function fileRoute(router: SimRouter, method: string, name: string, body: () => Promise<Json>): Promise<unknown> {
  const files = router.state.files;
  if (method === 'GET') {
    const row = files.find(name);
    const bytes = files.read(name);
    if (!row || !bytes) throw new HttpError(404, `no file ${name}`);
    return { ...row, contentBase64: bytes.toString('base64') };
  }
  if (method === 'PUT') {
    const b = await body();
    const base64 = str(b.contentBase64);
    const text = str(b.content);
    if (base64 === undefined && text === undefined) throw new HttpError(400, 'contentBase64 or content is required');
    return files.write(name, base64 !== undefined ? Buffer.from(base64, 'base64') : Buffer.from(text as string, 'utf8'));
  }
  if (method === 'DELETE') return { removed: files.remove(name) };
  throw new HttpError(404, 'not found');
}

export function startControlServer(sim: RouterOsSimulator, port = 0, host = '127.0.0.1'): Promise<ControlServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean);
    route(sim, req.method ?? 'GET', parts, () => readBody(req))
      .then((result) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(result));
      })
      .catch((err: Error) => {
        const status = err instanceof HttpError ? err.status : 500;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: err.message }));
      });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const bound = (server.address() as AddressInfo).port;
      resolve({
        port: bound,
        url: `http://${host}:${bound}`,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
