import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ValidationError } from './domain-error';

export interface PageQuery {
  limit?: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

interface CursorPosition {
  at: string;
  id: string;
}

function decodeCursor(cursor: string): CursorPosition {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorPosition;
    if (
      typeof parsed.at === 'string' &&
      typeof parsed.id === 'string' &&
      !Number.isNaN(Date.parse(parsed.at))
    ) {
      return parsed;
    }
  } catch {
    // fall through to the validation error
  }
  throw ValidationError.single('cursor', 'cursor is not a cursor this API returned');
}

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify({ at: at.toISOString(), id })).toString('base64url');
}

/**
 * Keyset pagination over (timeColumn, id): stable under concurrent inserts, and as fast on the
 * last page as on the first. `direction` 'DESC' lists newest first.
 */
export async function paginate<T extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<T>,
  page: PageQuery,
  timeField: keyof T & string = 'createdAt' as keyof T & string,
  direction: 'ASC' | 'DESC' = 'ASC',
): Promise<Page<T>> {
  const limit = Math.min(Math.max(page.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const a = qb.alias;
  if (page.cursor) {
    const pos = decodeCursor(page.cursor);
    const cmp = direction === 'ASC' ? '>' : '<';
    qb.andWhere(`(${a}.${timeField}, ${a}.id) ${cmp} (:cursorAt, :cursorId)`, {
      cursorAt: pos.at,
      cursorId: pos.id,
    });
  }
  const rows = await qb
    .orderBy(`${a}.${timeField}`, direction)
    .addOrderBy(`${a}.id`, direction)
    .take(limit + 1)
    .getMany();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor(last[timeField] as Date, last.id) : null;
  return { items, nextCursor };
}
