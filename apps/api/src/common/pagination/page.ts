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
