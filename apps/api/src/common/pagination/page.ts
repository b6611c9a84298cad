import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Brackets, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { CommonErrorCode, CommonException } from '../errors/app-exception';

/** `?limit=&cursor=` on every list endpoint. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  @IsOptional()
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page (nextCursor)' })
  @IsString()
  @MaxLength(200)
  @IsOptional()
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

interface CursorPosition {
  /** ISO time of the sort column */
  t: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorPosition>;
    if (typeof value.t === 'string' && !Number.isNaN(Date.parse(value.t)) && typeof value.id === 'string' && UUID.test(value.id)) {
      return { t: value.t, id: value.id };
    }
  } catch {
    // fall through
  }
  throw new CommonException(CommonErrorCode.INVALID_CURSOR, 'Invalid cursor', [{ field: 'cursor', messages: ['cursor is not valid'] }]);
}

/**
 * Keyset pagination on (`timeColumn`, id), newest first unless `direction` is ASC: stable under
 * inserts and cost independent of the page number. Fetches one extra row to know whether a
 * next page exists.
 */
export async function paginate<E extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<E>,
  page: PageQueryDto,
  timeProperty: keyof E & string,
  direction: 'ASC' | 'DESC' = 'DESC',
): Promise<Page<E>> {
  const limit = page.limit ?? 20;
  const alias = qb.alias;
  const op = direction === 'DESC' ? '<' : '>';
  if (page.cursor) {
    const { t, id } = decodeCursor(page.cursor);
    qb.andWhere(
      new Brackets((w) =>
        w.where(`${alias}.${timeProperty} ${op} :cursorTime`, { cursorTime: t }).orWhere(`(${alias}.${timeProperty} = :cursorTime AND ${alias}.id ${op} :cursorId)`, { cursorId: id }),
      ),
    );
  }
  const rows = await qb
    .orderBy(`${alias}.${timeProperty}`, direction)
    .addOrderBy(`${alias}.id`, direction)
    .take(limit + 1)
    .getMany();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor({ t: (last[timeProperty] as Date).toISOString(), id: last.id }) : null;
  return { items, nextCursor };
}

export function mapPage<E, D>(page: Page<E>, map: (entity: E) => D): Page<D> {
  return { items: page.items.map(map), nextCursor: page.nextCursor };
}

/** One sort key of a keyset page: an SQL expression and how to read (and check) its value. */
interface SortKey<E> {
  /** SQL over the query's alias, e.g. `lower(r.name)`; never user input */
  expression: string;
  /** the row's value as the cursor stores it */
  value: (row: E) => string;
  /** whether a cursor's value fits the expression (a hostile cursor must not reach SQL as a bad cast) */
  valid: (value: string) => boolean;
}

export interface KeysetSort<E> {
  /** names the sort in the cursor, so a cursor from another sort is refused */
  name: string;
  direction: 'ASC' | 'DESC';
  keys: SortKey<E>[];
}

/** A page that also says how many rows match ("1–50 of 1,240") and can step back. */
export interface CountedPage<T> extends Page<T> {
  /** the page before this one; null on the first page */
  prevCursor: string | null;
  total: number;
}

interface KeyCursor {
  s: string;
  v: string[];
  id: string;
  /** 1: the page BEFORE this position (a prevCursor) */
  b?: 1;
}

function invalidCursor(): CommonException {
  return new CommonException(CommonErrorCode.INVALID_CURSOR, 'Invalid cursor', [{ field: 'cursor', messages: ['cursor is not valid for this list and sort; start again without it'] }]);
}

function decodeKeyCursor<E>(cursor: string, sort: KeysetSort<E>): KeyCursor {
  let value: Partial<KeyCursor>;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<KeyCursor>;
  } catch {
    throw invalidCursor();
  }
  const values = value.v;
  if (
    value.s !== sort.name ||
    typeof value.id !== 'string' ||
    !UUID.test(value.id) ||
    (value.b !== undefined && value.b !== 1) ||
    !Array.isArray(values) ||
    values.length !== sort.keys.length ||
    !values.every((v, i) => typeof v === 'string' && v.length <= 300 && sort.keys[i].valid(v))
  ) {
    throw invalidCursor();
  }
  return { s: value.s, v: values, id: value.id, ...(value.b ? { b: 1 as const } : {}) };
}

function encodeKeyCursor<E extends { id: string }>(sort: KeysetSort<E>, row: E, before: boolean): string {
  const cursor: KeyCursor = { s: sort.name, v: sort.keys.map((k) => k.value(row)), id: row.id, ...(before ? { b: 1 as const } : {}) };
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/**
 * Keyset pagination on any sort keys plus id as the tie-break, all in one direction, with the
 * total of matching rows and a cursor for the page before. The position is a row comparison
 * `(k1, k2, id) > (…)`, which an index on (…, k1, k2, id) serves; a page before is read in the
 * opposite order and turned round. The cursor carries the sort's name so it is refused under
 * another sort. Filters must be on `qb` before the call.
 */
export async function paginateSorted<E extends ObjectLiteral & { id: string }>(qb: SelectQueryBuilder<E>, page: PageQueryDto, sort: KeysetSort<E>): Promise<CountedPage<E>> {
  const limit = page.limit ?? 20;
  const alias = qb.alias;
  const total = await qb.clone().getCount();
  const cursor = page.cursor ? decodeKeyCursor(page.cursor, sort) : null;
  const before = cursor?.b === 1;
  const direction = before ? (sort.direction === 'ASC' ? 'DESC' : 'ASC') : sort.direction;
  if (cursor) {
    const params: Record<string, string> = { keysetId: cursor.id };
    cursor.v.forEach((value, i) => (params[`keyset${i}`] = value));
    const left = [...sort.keys.map((k) => k.expression), `${alias}.id`].join(', ');
    const right = [...sort.keys.map((_, i) => `:keyset${i}`), ':keysetId'].join(', ');
    qb.andWhere(`(${left}) ${direction === 'DESC' ? '<' : '>'} (${right})`, params);
  }
  sort.keys.forEach((k, i) => (i === 0 ? qb.orderBy(k.expression, direction) : qb.addOrderBy(k.expression, direction)));
  const rows = await qb
    .addOrderBy(`${alias}.id`, direction)
    .take(limit + 1)
    .getMany();
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  if (before) items.reverse();
  const first = items[0];
  const last = items[items.length - 1];
  // forward: more rows after, and rows before whenever we started from a cursor; backward: the reverse
  const hasNext = before ? items.length > 0 : more;
  const hasPrev = before ? more : cursor !== null;
  return {
    items,
    nextCursor: hasNext && last ? encodeKeyCursor(sort, last, false) : null,
    prevCursor: hasPrev && first ? encodeKeyCursor(sort, first, true) : null,
    total,
  };
}
