import { createHash } from 'crypto';

/**
 * The hotspot servlet's page language (docs/routeros.md §4.2): `$(name)` variables, an
 * escaped form `$(name-esc)` of each (URL-encoded), and `$(if …)…$(elif …)…$(else)…$(endif)`
 * blocks (`$(if var)` is true when the value is non-empty; `$(if var == value)` compares).
 */
export type TemplateVars = Record<string, string | undefined>;

const TOKEN = /\$\(([^)]*)\)/g;

function lookup(vars: TemplateVars, name: string): string {
  if (name.endsWith('-esc')) {
    const base = name.slice(0, -4);
    if (!(name in vars)) return encodeURIComponent(vars[base] ?? '');
  }
  return vars[name] ?? '';
}

function test(vars: TemplateVars, expr: string): boolean {
  const m = /^\s*([\w-]+)\s*(==|!=)\s*"?([^"]*)"?\s*$/.exec(expr);
  if (m) {
    const equal = lookup(vars, m[1]) === m[3];
    return m[2] === '==' ? equal : !equal;
  }
  return lookup(vars, expr.trim()) !== '';
}

/** Expands a hotspot page. Unknown variables expand to the empty string, as on the router. */
export function expandTemplate(source: string, vars: TemplateVars): string {
  let out = '';
  // stack of { active: branch being emitted, taken: some branch already emitted, parent: parent active }
  const stack: Array<{ active: boolean; taken: boolean; parent: boolean }> = [];
  const emitting = () => (stack.length ? stack[stack.length - 1].active : true);
  let last = 0;
  for (const match of source.matchAll(TOKEN)) {
    const index = match.index ?? 0;
    if (emitting()) out += source.slice(last, index);
    last = index + match[0].length;
    const body = match[1].trim();
    const [word, ...restWords] = body.split(/\s+/);
    const rest = restWords.join(' ');
    if (word === 'if') {
      const parent = emitting();
      const ok = parent && test(vars, rest);
      stack.push({ active: ok, taken: ok, parent });
    } else if (word === 'elif' && stack.length) {
      const top = stack[stack.length - 1];
      const ok = top.parent && !top.taken && test(vars, rest);
      top.active = ok;
      top.taken ||= ok;
    } else if (word === 'else' && stack.length) {
      const top = stack[stack.length - 1];
      top.active = top.parent && !top.taken;
      top.taken = true;
    } else if (word === 'endif' && stack.length) {
      stack.pop();
    } else if (emitting()) {
      out += lookup(vars, body);
    }
  }
  if (emitting()) out += source.slice(last);
  return out;
}

/** Bytes as the router prints chap-id / chap-challenge: octal escapes for a JS string literal. */
export function octalEscape(bytes: Buffer): string {
  return [...bytes].map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('');
}

/** The CHAP response a browser posts as `password`: md5(chap-id + password + chap-challenge), hex. */
export function chapResponse(chapId: Buffer, password: string, challenge: Buffer): string {
  return createHash('md5')
    .update(Buffer.concat([chapId, Buffer.from(password, 'latin1'), challenge]))
    .digest('hex');
}
