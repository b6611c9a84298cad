import { createTwoFilesPatch, diffArrays } from 'diff';

/**
 * Reading RouterOS text exports (docs/backups.md, "History and diff"): the lines that carry
 * configuration, sensitive values masked for showing, a unified diff, and the lines changed by
 * someone other than the platform.
 */

/** Property names whose values are secrets: password=, secret=, any …key=, passphrase=, psk=. */
const SENSITIVE_VALUE = /(^|\s)([\w-]*(?:password|secret|key|passphrase|psk)[\w-]*)=("(?:[^"\\]|\\.)*"|\S*)/gi;

const MASK = '********';

/** The configuration lines of an export: continuations (`\` at the end of a line) joined, the header comment block left out. */
export function configLines(text: string): string[] {
  const raw = text.replace(/\r\n?/g, '\n').split('\n');
  const lines: string[] = [];
  let pending = '';
  for (const line of raw) {
    if (line.endsWith('\\')) {
      pending += pending ? line.slice(0, -1).trimStart() : line.slice(0, -1);
      continue;
    }
    lines.push(pending ? pending + line.trimStart() : line);
    pending = '';
  }
  if (pending) lines.push(pending);
  // the header (`# <date> by RouterOS <version>`, software id, model, serial) changes at every export
  let start = 0;
  while (start < lines.length && (lines[start].startsWith('#') || lines[start].trim() === '')) start++;
  return lines.slice(start).filter((l) => l.trim() !== '');
}

/** The line with every sensitive value replaced by a mask. */
export function maskSensitive(line: string): string {
  return line.replace(SENSITIVE_VALUE, (_all, lead: string, name: string) => `${lead}${name}=${MASK}`);
}

/** A unified diff between two exports, ignoring their headers, with sensitive values masked (a changed secret still shows as a changed line). */
export function exportDiff(before: { label: string; text: string } | null, after: { label: string; text: string }): string {
  const old = before ? configLines(before.text) : [];
  const patch = createTwoFilesPatch(before?.label ?? '(none)', after.label, joinLines(old), joinLines(configLines(after.text)), undefined, undefined, { context: 3 });
  return patch
    .split('\n')
    .map((line) => (/^[-+ ]/.test(line) && !/^(---|\+\+\+) /.test(line) ? line[0] + maskSensitive(line.slice(1)) : line))
    .join('\n');
}

const joinLines = (lines: string[]) => (lines.length ? `${lines.join('\n')}\n` : '');

/** A property's value on an export line (`name=x` or `name="a b"`), unquoted; null when absent. */
export function propertyOf(line: string, property: string): string | null {
  const m = new RegExp(`(?:^|\\s)${property}=("(?:[^"\\\\]|\\\\.)*"|\\S*)`).exec(line);
  if (!m) return null;
  const v = m[1];
  return v.startsWith('"') ? v.slice(1, -1).replace(/\\(.)/g, '$1') : v;
}

/** What the platform itself manages on a router: hotspot users and profiles it named or commented. */
export interface PlatformManaged {
  users: ReadonlySet<string>;
  profiles: ReadonlySet<string>;
  /** the comment every user the platform adds carries (`wavu:`…) */
  comment: RegExp;
}

/** The configuration lines nobody but the router's owner (or someone on it) is expected to change. */
export function unmanagedLines(text: string, managed: PlatformManaged): string[] {
  let menu = '';
  const out: string[] = [];
  for (const line of configLines(text)) {
    if (line.startsWith('/')) {
      menu = line.trim();
      out.push(line);
      continue;
    }
    const names = menu === '/ip hotspot user' ? managed.users : menu === '/ip hotspot user profile' ? managed.profiles : null;
    if (names) {
      const name = propertyOf(line, 'name');
      const comment = propertyOf(line, 'comment');
      if ((name !== null && names.has(name)) || (comment !== null && managed.comment.test(comment))) continue;
    }
    out.push(line);
  }
  // a menu line left with nothing under it is no change either
  return out.filter((line, i) => !line.startsWith('/') || (i + 1 < out.length && !out[i + 1].startsWith('/')));
}

/** How many configuration lines were added or removed between two exports outside what the platform manages. */
export function outsideChanges(before: string, after: string, managed: PlatformManaged): number {
  return diffArrays(unmanagedLines(before, managed), unmanagedLines(after, managed))
    .filter((part) => part.added || part.removed)
    .reduce((n, part) => n + part.count, 0);
}
