import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { TimeWindow } from './scheduling/scheduling.types';

/** Interviewers' and candidates' windows (parameterized SQL through the caller's manager). */
@Injectable()
export class AvailabilityRepository {
  async replaceInterviewerWindows(
    manager: EntityManager,
    event: { id: string; organizationId: string },
    interviewerId: string,
    windows: TimeWindow[],
  ): Promise<void> {
    await manager.query(`DELETE FROM interviewer_availability WHERE event_id = $1 AND interviewer_id = $2`, [
      event.id,
      interviewerId,
    ]);
    if (windows.length === 0) return;
    await manager.query(
      `INSERT INTO interviewer_availability (organization_id, event_id, interviewer_id, during)
       SELECT $1, $2, $3, tstzrange(s, e, '[)') FROM unnest($4::timestamptz[], $5::timestamptz[]) AS w(s, e)`,
      [event.organizationId, event.id, interviewerId, ...columns(windows)],
    );
  }

  async interviewerWindows(
    manager: EntityManager,
    eventId: string,
    interviewerId: string,
  ): Promise<TimeWindow[]> {
    const rows: { s: Date; e: Date }[] = await manager.query(
      `SELECT lower(during) AS s, upper(during) AS e FROM interviewer_availability
        WHERE event_id = $1 AND interviewer_id = $2 ORDER BY lower(during)`,
      [eventId, interviewerId],
    );
    return rows.map((r) => ({ startsAt: new Date(r.s), endsAt: new Date(r.e) }));
  }

  async replaceCandidateWindows(
    manager: EntityManager,
    registration: { id: string; organizationId: string },
    windows: TimeWindow[],
  ): Promise<void> {
    await manager.query(`DELETE FROM candidate_availability WHERE registration_id = $1`, [registration.id]);
    if (windows.length === 0) return;
    await manager.query(
      `INSERT INTO candidate_availability (organization_id, registration_id, during)
       SELECT $1, $2, tstzrange(s, e, '[)') FROM unnest($3::timestamptz[], $4::timestamptz[]) AS w(s, e)`,
      [registration.organizationId, registration.id, ...columns(windows)],
    );
  }
}

const columns = (windows: TimeWindow[]) => [
  windows.map((w) => w.startsAt.toISOString()),
  windows.map((w) => w.endsAt.toISOString()),
];
