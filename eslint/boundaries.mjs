// The architecture's import boundaries as one ESLint rule (docs/architecture.md, "Layout" and rule 15;
// CONTRIBUTING.md says them in two lines each). Each import is resolved to a path in the repository
// (relative specifiers, the `@wavu/*` packages and the web app's `@/` alias), then checked:
//
//   1. an API module (apps/api/src/modules/<m>/) reaches another module only through its public entry
//      apps/api/src/modules/<n>/index.ts (import '../<n>'); common/, config/ and database/ are shared;
//   2. libs/** never import from apps/**;
//   3. the API never loads a simulator (@wavu/*-sim) or the sandbox: type-only imports are fine, and
//      apps/api/src/main.ts may load the sandbox lazily with `await import()` in its demo branch;
//   4. web features (apps/web/src/features/<f>/) never import each other.
//
// Tests (*.spec.ts, *.int-spec.ts, test/**) are left out of this rule in eslint.config.mjs: they may
// import deep.
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** `@wavu/<name>` → the folder its source lives in (mirrors tsconfig.json#paths). */
const packages = {
  '@wavu/routeros': 'libs/routeros/src',
  '@wavu/routeros-sim': 'libs/routeros-sim/src',
  '@wavu/daraja': 'libs/daraja/src',
  '@wavu/daraja-sim': 'libs/daraja-sim/src',
  '@wavu/pesapal': 'libs/pesapal/src',
  '@wavu/pesapal-sim': 'libs/pesapal-sim/src',
  '@wavu/africastalking': 'libs/africastalking/src',
  '@wavu/sms-sim': 'libs/sms-sim/src',
  '@wavu/sandbox': 'apps/sandbox/src',
};

/** The import's target as a repository-relative path with forward slashes, or undefined for npm packages. */
function resolve(fromFile, specifier) {
  let absolute;
  if (specifier.startsWith('.')) absolute = path.resolve(path.dirname(fromFile), specifier);
  else if (specifier.startsWith('@/') && fromFile.startsWith(path.join(root, 'apps/web/'))) absolute = path.join(root, 'apps/web/src', specifier.slice(2));
  else {
    const name = Object.keys(packages).find((p) => specifier === p || specifier.startsWith(`${p}/`));
    if (!name) return undefined;
    absolute = path.join(root, packages[name], specifier.slice(name.length));
  }
  return path.relative(root, absolute).split(path.sep).join('/');
}

const apiModule = /^apps\/api\/src\/modules\/([^/]+)(?:\/(.*))?$/;
const webFeature = /^apps\/web\/src\/features\/([^/]+)(?:\/|$)/;
const simulator = /^(libs\/[^/]+-sim|apps\/sandbox)(\/|$)/;

/** Whether an import or export declaration brings in types only (`import type`, or every specifier `type`). */
function typeOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specifiers = node.specifiers ?? [];
  return specifiers.length > 0 && specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type');
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: "Keeps imports inside the architecture's boundaries (docs/architecture.md)" },
    schema: [],
    messages: {
      moduleInternal: "Module '{{from}}' imports '{{target}}', an internal file of module '{{to}}': import it from '../{{to}}' (its index.ts) instead.",
      libImportsApp: "A library must not import from apps/ ('{{target}}').",
      apiLoadsSimulator: "The API must not load a simulator or the sandbox ('{{specifier}}'): use `import type`, or load it lazily in main.ts's demo branch.",
      featureImportsFeature: "Feature '{{from}}' imports feature '{{to}}' ('{{specifier}}'): move the shared piece to components/ or lib/, or pass it via the route in app/.",
    },
  },
  create(context) {
    const file = context.filename;
    const self = path.relative(root, file).split(path.sep).join('/');
    const selfModule = apiModule.exec(self)?.[1];
    const selfFeature = webFeature.exec(self)?.[1];
    const inLib = self.startsWith('libs/');
    const inApi = self.startsWith('apps/api/');

    function check(node, source, { types, lazy }) {
      if (!source || typeof source.value !== 'string') return;
      const specifier = source.value;
      const target = resolve(file, specifier);
      if (!target) return;
      if (inLib && target.startsWith('apps/')) context.report({ node: source, messageId: 'libImportsApp', data: { target } });
      if (inApi && simulator.test(target) && !types && !(lazy && self === 'apps/api/src/main.ts')) context.report({ node: source, messageId: 'apiLoadsSimulator', data: { specifier } });
      if (selfModule) {
        const match = apiModule.exec(target);
        // the public entry is the folder itself or its index file
        if (match && match[1] !== selfModule && match[2] !== undefined && match[2] !== 'index' && match[2] !== 'index.ts') {
          context.report({ node: source, messageId: 'moduleInternal', data: { from: selfModule, to: match[1], target } });
        }
      }
      if (selfFeature) {
        const other = webFeature.exec(target)?.[1];
        if (other && other !== selfFeature) context.report({ node: source, messageId: 'featureImportsFeature', data: { from: selfFeature, to: other, specifier } });
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source, { types: typeOnly(node), lazy: false }),
      ExportNamedDeclaration: (node) => check(node, node.source, { types: typeOnly(node), lazy: false }),
      ExportAllDeclaration: (node) => check(node, node.source, { types: node.exportKind === 'type', lazy: false }),
      ImportExpression: (node) => check(node, node.source, { types: false, lazy: true }),
      // `import('x').T` in a type position
      TSImportType: (node) => check(node, node.argument?.literal ?? node.argument, { types: true, lazy: false }),
    };
  },
};

export default { meta: { name: 'wavu-boundaries' }, rules: { boundaries: rule } };
