import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** No Docker engine runs here, so the compose file and Dockerfile are checked statically. */
describe('deployment files', () => {
  const compose = parse(read('docker-compose.yml'));

  it('docker-compose.yml runs PostgreSQL, then migrations, then the app', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'db', 'migrate']);
    expect(compose.services.db.image).toMatch(/^postgres:\d+/);
    expect(compose.services.migrate.depends_on.db.condition).toBe('service_healthy');
    expect(compose.services.app.depends_on.migrate.condition).toBe('service_completed_successfully');
    for (const name of ['app', 'migrate']) expect(compose.services[name].environment.DATABASE_URL).toMatch(/^postgres:\/\/.+@db:5432\/wavu$/);
    expect(compose.services.app.ports).toContain('3000:3000');
    expect(compose.volumes).toHaveProperty('pgdata');
  });

  it('the commands of the compose file and Dockerfile point at compiled entry points that exist in source', () => {
    const entries = [compose.services.migrate.command[1], JSON.parse(/^CMD (.+)$/m.exec(read('Dockerfile'))![1])[1]];
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
  });
});
