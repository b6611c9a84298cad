import { matchesQuery } from '../query';
import type { Row } from '../state/table';
import type { CommandReply, CommandRequest } from './types';

/** Applies queries, `.proplist` and `count-only` to rows produced by a menu. */
export function printRows(rows: Row[], req: CommandRequest): CommandReply {
  const matched = rows.filter((r) => matchesQuery(r, req.queries));
  if (req.attrs.has('count-only')) return { rows: [], ret: String(matched.length) };
  const proplist = req.attrs.get('.proplist');
  if (proplist === undefined) return { rows: matched.map((r) => ({ ...r })), isPrint: true };
  const names = proplist
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    rows: matched.map((r) => {
      const out: Row = {};
      for (const n of names) if (n in r) out[n] = r[n];
      return out;
    }),
    isPrint: true,
  };
}
