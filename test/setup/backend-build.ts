import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The backend's compiled JavaScript under dist/ (`npm run build:api`, what production runs) and
 * whether it is newer than every source file it is compiled from. Tests that start the API, a CLI
 * or a simulator as its own process run the built file when it is fresh (`npm test` builds it
 * first): a start through ts-node transpiles the whole app again, ≈ 8 s of CPU per process
 * against ≈ 1.5 s. A stale or missing build falls back to ts-node, so a test run right after an
 * edit still runs the code as edited.
 */
const ROOT = path.resolve(__dirname, '..', '..');
/** What `npm run build:api` compiles (tsconfig.build.json's include). */
const SOURCES = ['apps/api/src', 'apps/sandbox/src', 'apps/tunnel/src', 'libs', 'migrations'];
/** The build's marker: touched after every build, so an unchanged tsc output still reads as fresh. */
const MARKER = path.join(ROOT, 'dist/apps/api/src/main.js');

/** Newest modification time of the TypeScript the API build compiles (tests excluded). */
function newestSource(): number {
  let newest = Math.max(...['tsconfig.json', 'tsconfig.build.json'].map((f) => fs.statSync(path.join(ROOT, f)).mtimeMs));
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(full);
      } else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec)\.ts$/.test(entry.name)) {
        newest = Math.max(newest, fs.statSync(full).mtimeMs);
      }
    }
  };
  for (const dir of SOURCES) walk(path.join(ROOT, dir));
  return newest;
}

/** Whether dist/ holds a build of the current sources. */
export function backendBuildIsFresh(): boolean {
  return fs.existsSync(MARKER) && fs.statSync(MARKER).mtimeMs >= newestSource();
}

/** `npm run build:api` unless dist/ is fresh (the build is incremental anyway). */
export function ensureBackendBuilt(): void {
  if (backendBuildIsFresh()) return;
  const build = spawnSync('npm', ['run', 'build:api'], { cwd: ROOT, encoding: 'utf8', timeout: 480_000 });
  if (build.status !== 0) throw new Error(`npm run build:api failed:\n${build.stdout}\n${build.stderr}`);
  // tsc leaves an unchanged output file alone: mark the build fresh
  const now = new Date();
  fs.utimesSync(MARKER, now, now);
}

/**
 * Node arguments that run a backend entry point given by its source path (e.g.
 * `apps/api/src/main.ts`), relative to the repository root: its built file when the build is
 * fresh, else the source through ts-node (transpile only, with the path aliases).
 */
export function backendEntry(source: string): string[] {
  const built = path.join('dist', source.replace(/\.ts$/, '.js'));
  if (backendBuildIsFresh() && fs.existsSync(path.join(ROOT, built))) return [built];
  return ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', source];
}
