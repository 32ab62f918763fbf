import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DataSourceRepository } from '../common/data-source.repository';
import { rowsOf } from '../common/sql-results';

/** Every statement on `password_reset_requests`. */
@Injectable()
export class PasswordResetRequestsRepository extends DataSourceRepository {
  async insert(manager: EntityManager, email: string): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO password_reset_requests (email) VALUES ($1) RETURNING id`,
      [email],
    );
    return (row as { id: string }).id;
  }

  /**
   * Deletes the request and answers what it held, in the caller's transaction: the handling and the
   * delete commit together, and a second run of the job (a retry, a re-enqueue) finds nothing.
   */
  async take(manager: EntityManager, id: string): Promise<{ email: string; createdAt: Date } | null> {
    const [row] = rowsOf<{ email: string; created_at: Date }>(
      await manager.query(`DELETE FROM password_reset_requests WHERE id = $1 RETURNING email, created_at`, [
        id,
      ]),
    );
    return row ? { email: row.email, createdAt: new Date(row.created_at) } : null;
  }

  /** Requests waiting longer than `olderThanMs` (their job lost with Redis, or still retrying). */
  async waiting(olderThanMs: number): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM password_reset_requests WHERE created_at < now() - ($1 || ' milliseconds')::interval
        ORDER BY created_at LIMIT 1000`,
      [String(olderThanMs)],
    );
    return rows.map((r) => r.id);
  }

  /** Forgets requests older than `olderThanMs`; answers how many. */
  async purge(olderThanMs: number): Promise<number> {
    const [, count] = (await this.dataSource.query(
      `DELETE FROM password_reset_requests WHERE created_at < now() - ($1 || ' milliseconds')::interval`,
      [String(olderThanMs)],
    )) as [unknown, number];
    return count;
  }
}
