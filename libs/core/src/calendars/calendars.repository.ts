import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DataSourceRepository } from '../common/data-source.repository';
import type { TimeWindow } from '../interviews/scheduling/scheduling.types';

export interface CalendarRow {
  userId: string;
  organizationId: string;
  feedUrl: string | null;
  busy: TimeWindow[];
  fetchedAt: Date | null;
  error: string | null;
}

interface Raw {
  user_id: string;
  organization_id: string;
  feed_url: string | null;
  busy: { s: string; e: string }[];
  fetched_at: Date | null;
  last_error: string | null;
}

const toRow = (r: Raw): CalendarRow => ({
  userId: r.user_id,
  organizationId: r.organization_id,
  feedUrl: r.feed_url,
  busy: r.busy.map((b) => ({ startsAt: new Date(b.s), endsAt: new Date(b.e) })),
  fetchedAt: r.fetched_at,
  error: r.last_error,
});

/** Interviewers' calendars (parameterized SQL through the manager). */
@Injectable()
export class CalendarsRepository extends DataSourceRepository {
  /** A user of the organization, or null (another organization's user is not found). */
  async user(organizationId: string, userId: string): Promise<{ id: string; roles: string[] } | null> {
    const rows: { id: string; roles: string[] }[] = await this.dataSource.query(
      `SELECT id, roles FROM users WHERE id = $1 AND organization_id = $2`,
      [userId, organizationId],
    );
    return rows[0] ?? null;
  }

  async allowsPrivateTargets(organizationId: string): Promise<boolean> {
    const rows: { allow: boolean }[] = await this.dataSource.query(
      `SELECT allow_private_targets AS allow FROM webhook_settings WHERE organization_id = $1`,
      [organizationId],
    );
    return rows[0]?.allow ?? false;
  }

  async find(userId: string, manager: EntityManager = this.dataSource.manager): Promise<CalendarRow | null> {
    const rows: Raw[] = await manager.query(`SELECT * FROM interviewer_calendars WHERE user_id = $1`, [
      userId,
    ]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** The calendar row locked for a change (null when the user has none yet). */
  async lock(manager: EntityManager, userId: string): Promise<CalendarRow | null> {
    const rows: Raw[] = await manager.query(
      `SELECT * FROM interviewer_calendars WHERE user_id = $1 FOR UPDATE`,
      [userId],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async save(manager: EntityManager, row: CalendarRow): Promise<void> {
    await manager.query(
      `INSERT INTO interviewer_calendars (user_id, organization_id, feed_url, busy, fetched_at, last_error, updated_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, now())
       ON CONFLICT (user_id) DO UPDATE SET feed_url = EXCLUDED.feed_url, busy = EXCLUDED.busy,
         fetched_at = EXCLUDED.fetched_at, last_error = EXCLUDED.last_error, updated_at = now()`,
      [
        row.userId,
        row.organizationId,
        row.feedUrl,
        JSON.stringify(row.busy.map((b) => ({ s: b.startsAt.toISOString(), e: b.endsAt.toISOString() }))),
        row.fetchedAt,
        row.error,
      ],
    );
  }

  /** A failed fetch: the last good busy times stay. */
  async recordError(userId: string, feedUrl: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE interviewer_calendars SET last_error = $3, updated_at = now() WHERE user_id = $1 AND feed_url = $2`,
      [userId, feedUrl, error],
    );
  }

  /** Every feed to refresh, with its organization's private-target policy. */
  async feeds(): Promise<{ userId: string; feedUrl: string; allowPrivate: boolean }[]> {
    const rows: { user_id: string; feed_url: string; allow: boolean | null }[] = await this.dataSource.query(
      `SELECT c.user_id, c.feed_url, s.allow_private_targets AS allow
         FROM interviewer_calendars c LEFT JOIN webhook_settings s ON s.organization_id = c.organization_id
        WHERE c.feed_url IS NOT NULL ORDER BY c.user_id`,
    );
    return rows.map((r) => ({ userId: r.user_id, feedUrl: r.feed_url, allowPrivate: r.allow ?? false }));
  }

  /** The events the interviewer offers windows at, whose bookings the busy times may change. */
  async eventsOf(manager: EntityManager, userId: string): Promise<string[]> {
    const rows: { event_id: string }[] = await manager.query(
      `SELECT DISTINCT a.event_id FROM interviewer_availability a JOIN events e ON e.id = a.event_id
        WHERE a.interviewer_id = $1 AND upper(a.during) > now() ORDER BY a.event_id`,
      [userId],
    );
    return rows.map((r) => r.event_id);
  }
}
