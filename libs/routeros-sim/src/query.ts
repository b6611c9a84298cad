import type { Row } from './state/table';

/**
 * Print query evaluation (docs/routeros.md §1.7): each `?` word pushes a boolean, `?#` words manipulate the
 * stack; an item matches iff no `false` remains. The stack starts with "infinite trues",
 * which we model as an implicit `true` below the bottom.
 */
export function matchesQuery(row: Row, queries: readonly string[]): boolean {
  const stack: boolean[] = [];
  const at = (index: number): boolean => {
    const i = stack.length - 1 - index;
    return i >= 0 ? stack[i] : true;
  };
  const pop = (): boolean => (stack.length ? (stack.pop() as boolean) : true);
  for (const word of queries) {
    const q = word.slice(1);
    if (q.startsWith('#')) {
      applyOps(q.slice(1), stack, at, pop);
      continue;
    }
    stack.push(evaluate(row, q));
  }
  return !stack.includes(false);
}

function evaluate(row: Row, q: string): boolean {
  const op = q[0];
  if (op === '-') return !(q.slice(1) in row);
  if (op === '<' || op === '>') {
    const [name, value] = splitAssign(q.slice(1));
    if (!(name in row)) return false;
    const cmp = compare(row[name], value ?? '');
    return op === '<' ? cmp < 0 : cmp > 0;
  }
  const body = op === '=' ? q.slice(1) : q;
  const [name, value] = splitAssign(body);
  if (value === undefined) return name in row;
  return row[name] === value;
}

function splitAssign(s: string): [string, string | undefined] {
  const eq = s.indexOf('=');
  return eq < 0 ? [s, undefined] : [s.slice(0, eq), s.slice(eq + 1)];
}

function compare(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (a !== '' && b !== '' && !Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

function applyOps(ops: string, stack: boolean[], at: (i: number) => boolean, pop: () => boolean): void {
  let i = 0;
  let prevWasIndex = false;
  while (i < ops.length) {
    const ch = ops[i];
    if (/\d/.test(ch)) {
      let j = i;
      while (j < ops.length && /\d/.test(ops[j])) j++;
      const value = at(Number(ops.slice(i, j)));
      if (j >= ops.length) {
        stack.splice(0, stack.length, value);
      } else {
        stack.push(value);
      }
      i = j;
      prevWasIndex = true;
      continue;
    }
    if (ch === '!') stack.push(!pop());
    else if (ch === '&') {
      const a = pop();
      const b = pop();
      stack.push(a && b);
    } else if (ch === '|') {
      const a = pop();
      const b = pop();
      stack.push(a || b);
    } else if (ch === '.') {
      if (!prevWasIndex) stack.push(at(0));
    }
    prevWasIndex = false;
    i++;
  }
}
