import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** No Docker engine runs here, so the compose file and Dockerfile are checked statically. */
describe('deployment files', () => {
  const compose = parse(read('docker-compose.yml'));

  it('docker-compose.yml runs PostgreSQL, then migrations, then the tunnel process and the app in its network namespace', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'db', 'migrate', 'tunnel']);
    expect(compose.services.tunnel.cap_add).toEqual(['NET_ADMIN']);
    expect(compose.services.tunnel.ports).toEqual(expect.arrayContaining(['51820:51820/udp', '127.0.0.1:3000:3000']));
    expect(compose.services.tunnel.build.target).toBe('tunnel');
    expect(compose.services.app.network_mode).toBe('service:tunnel');
    expect(compose.volumes).toHaveProperty('tunnelkey');
    expect(compose.services.db.image).toMatch(/^postgres:\d+/);
    expect(compose.services.migrate.depends_on.db.condition).toBe('service_healthy');
    expect(compose.services.app.depends_on.migrate.condition).toBe('service_completed_successfully');
    for (const name of ['app', 'migrate', 'tunnel']) expect(compose.services[name].environment.DATABASE_URL).toMatch(/^postgres:\/\/.+@db:5432\/wavu$/);
    expect(compose.volumes).toHaveProperty('pgdata');
  });

  it('the commands of the compose file and Dockerfile point at compiled entry points that exist in source', () => {
    const commands = [...read('Dockerfile').matchAll(/^CMD (.+)$/gm)].map((m) => JSON.parse(m[1])[1] as string);
    expect(commands).toHaveLength(2); // the tunnel and the app
    const entries = [compose.services.migrate.command[1], ...commands];
    for (const entry of entries) {
      const source = entry.replace(/^dist\//, '').replace(/\.js$/, '.ts');
      expect(fs.existsSync(path.join(ROOT, source))).toBe(true);
    }
  });

  it('the Dockerfile copies every workspace package.json before npm ci', () => {
    const dockerfile = read('Dockerfile');
    const workspaces = ['apps', 'libs'].flatMap((dir) =>
      fs
        .readdirSync(path.join(ROOT, dir))
        .filter((d) => fs.existsSync(path.join(ROOT, dir, d, 'package.json')))
        .map((d) => `${dir}/${d}/package.json`),
    );
    for (const file of workspaces) expect(dockerfile).toContain(`COPY ${file}`);
  });

  it('.env.example names the secrets production needs, with no values', () => {
    const example = read('.env.example');
    expect(example).toMatch(/^JWT_SECRET=$/m);
    expect(example).toMatch(/^SECRET_BOX_KEYS=$/m);
    expect(example).toMatch(/^POSTGRES_PASSWORD=$/m);
  });

  it('publishes the app on 127.0.0.1 only (a reverse proxy faces the internet); only the WireGuard UDP port is public', () => {
    const published = Object.entries(compose.services as Record<string, { ports?: string[] }>).flatMap(([name, service]) => (service.ports ?? []).map((port) => ({ name, port })));
    expect(published.length).toBeGreaterThan(0);
    for (const { name, port } of published) {
      if (port.endsWith('/udp')) expect([name, port]).toEqual(['tunnel', '51820:51820/udp']);
      else expect([name, port]).toEqual([name, expect.stringMatching(/^127\.0\.0\.1:\d+:\d+$/)]);
    }
    expect(compose.services.db.ports).toBeUndefined();
  });

  it('refuses to start without a database password: no placeholder default anywhere', () => {
    const raw = read('docker-compose.yml');
    expect(raw).not.toMatch(/change-me/);
    const uses = [...raw.matchAll(/\$\{POSTGRES_PASSWORD([^}]*)\}/g)].map((m) => m[1]);
    expect(uses.length).toBe(4); // the db itself and the three DATABASE_URLs
    for (const use of uses) expect(use).toMatch(/^:\?.+/); // ${VAR:?message}: compose stops when unset or empty
    expect(compose.services.db.environment.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
  });
});
