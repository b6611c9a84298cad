import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** No Docker engine runs here, so the compose file and Dockerfile are checked statically. */
describe('deployment files', () => {
  // `<<: *app`: the replicas share one definition (YAML merge keys)
  const compose = parse(read('docker-compose.yml'), { merge: true });

  it('docker-compose.yml runs PostgreSQL, migrations, the tunnel, two app replicas in its network namespace, Caddy and the backup job', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app-1', 'app-2', 'backup', 'caddy', 'db', 'migrate', 'tunnel']);
    expect(compose.services.tunnel.cap_add).toEqual(['NET_ADMIN']);
    expect(compose.services.tunnel.build.target).toBe('tunnel');
    expect(compose.volumes).toHaveProperty('tunnelkey');
    expect(compose.services.db.image).toMatch(/^postgres:\d+/);
    expect(compose.services.migrate.depends_on.db.condition).toBe('service_healthy');
    // the replicas differ only in their port: each is reached by Caddy as tunnel:<PORT>
    const ports = ['app-1', 'app-2'].map((name) => compose.services[name].environment.PORT);
    expect(new Set(ports).size).toBe(2);
    expect(compose.services.caddy.environment.WAVU_UPSTREAMS.split(/\s+/).sort()).toEqual(ports.map((port: string) => `tunnel:${port}`).sort());
    for (const name of ['app-1', 'app-2']) {
      const app = compose.services[name];
      expect(app.network_mode).toBe('service:tunnel');
      expect(app.depends_on.migrate.condition).toBe('service_completed_successfully');
      expect(app.environment).toMatchObject({ NODE_ENV: 'production', DEMO_MODE: 'false' });
      expect(app.healthcheck.test.join(' ')).toContain(`127.0.0.1:${app.environment.PORT}/health/ready`);
    }
    for (const name of ['app-1', 'app-2', 'migrate', 'tunnel']) expect(compose.services[name].environment.DATABASE_URL).toMatch(/^postgres:\/\/.+@db:5432\/wavu$/);
    expect(compose.volumes).toHaveProperty('pgdata');
    // the backup service runs the very scripts test/e2e/database-backup.e2e-spec.ts runs
    expect(compose.services.backup.entrypoint.join(' ')).toContain('/opt/wavu/backup/schedule.sh');
    expect(compose.services.backup.volumes).toContain('./deploy/backup:/opt/wavu/backup:ro');
    expect(read('deploy/backup/schedule.sh')).toContain('backup.sh');
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

  it('only Caddy (HTTP, HTTPS) and the WireGuard UDP port face the internet; the app and the database publish nothing', () => {
    const published = Object.entries(compose.services as Record<string, { ports?: string[] }>).flatMap(([name, service]) => (service.ports ?? []).map((port) => `${name} ${port}`));
    expect(published.sort()).toEqual(['caddy 443:443', 'caddy 443:443/udp', 'caddy 80:80', 'tunnel 51820:51820/udp']);
  });

  it('refuses to start without a database password: no placeholder default anywhere', () => {
    const raw = read('docker-compose.yml');
    expect(raw).not.toMatch(/change-me/);
    const uses = [...raw.matchAll(/\$\{POSTGRES_PASSWORD([^}]*)\}/g)].map((m) => m[1]);
    expect(uses.length).toBeGreaterThanOrEqual(5); // the db itself, the backup job and every DATABASE_URL
    for (const use of uses) expect(use).toMatch(/^:\?.+/); // ${VAR:?message}: compose stops when unset or empty
    expect(compose.services.db.environment.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
  });
});
