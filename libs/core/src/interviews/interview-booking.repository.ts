import { Injectable } from '@nestjs/common';
import { DeepPartial, EntityManager, In } from 'typeorm';
import { SCHEDULING_RUN_JOB_PREFIX } from '@hirefair/queue';
import { DataSourceRepository } from '../common/data-source.repository';
import { rowsOf } from '../common/sql-results';
import { HiringEvent } from '../events/event.entity';
import { Registration } from '../registrations/registration.entity';
import { RegistrationStatus, Stage } from '../registrations/registration-state';
import { ACTIVE_INTERVIEW_STATUSES, Interview, InterviewStatus } from './interview.entity';
import { SchedulingRunStatus, UnscheduledRegistration } from './scheduling-run.entity';

/** The registration fields a booking batch reads under its lock. */
export type LockedRegistration = Pick<
  Registration,
  'id' | 'organizationId' | 'businessUnitId' | 'stage' | 'lane'
>;

/** The SQL of bookings, cancellations and scheduling runs (parameterized, through a manager). */
@Injectable()
export class InterviewBookingRepository extends DataSourceRepository {
  /** The event a booking is made for, whole. */
  findEvent(eventId: string, manager: EntityManager = this.manager): Promise<HiringEvent | null> {
    return manager.getRepository(HiringEvent).findOneBy({ id: eventId });
  }

  /** Only what decides whether an event takes bookings. */
  findEventStatus(eventId: string): Promise<Pick<HiringEvent, 'id' | 'status'> | null> {
    return this.manager
      .getRepository(HiringEvent)
      .findOne({ where: { id: eventId }, select: { id: true, status: true } });
  }

  findRegistration(registrationId: string): Promise<Registration | null> {
    return this.manager.getRepository(Registration).findOneBy({ id: registrationId });
  }

  getRegistration(registrationId: string): Promise<Registration> {
    return this.manager.getRepository(Registration).findOneByOrFail({ id: registrationId });
  }

  findInterview(interviewId: string, manager: EntityManager = this.manager): Promise<Interview | null> {
    return manager.getRepository(Interview).findOneBy({ id: interviewId });
  }

  findInterviews(manager: EntityManager, interviewIds: string[]): Promise<Interview[]> {
    return manager.getRepository(Interview).findBy({ id: In(interviewIds) });
  }

  /** A new interview entity (not saved: `insertScheduled` or `insertInterview` writes it). */
  createInterview(fields: DeepPartial<Interview>): Interview {
    return this.manager.getRepository(Interview).create(fields);
  }

  async insertInterview(manager: EntityManager, interview: Interview): Promise<void> {
    await manager.getRepository(Interview).insert(interview);
  }

  /** A registration, row-locked (a reschedule's first lock). */
  lockRegistration(manager: EntityManager, registrationId: string): Promise<Registration | null> {
    return manager
      .getRepository(Registration)
      .findOne({ where: { id: registrationId }, lock: { mode: 'pessimistic_write' } });
  }

  /** An interview, row-locked (a reschedule's second lock, after its registration's). */
  lockInterview(manager: EntityManager, interviewId: string): Promise<Interview | null> {
    return manager
      .getRepository(Interview)
      .findOne({ where: { id: interviewId }, lock: { mode: 'pessimistic_write' } });
  }

  /** The old version of a rescheduled interview: cancelled, pointing at the one that replaces it. */
  async markReplaced(
    manager: EntityManager,
    interviewId: string,
    change: { statusReason: string; replacedById: string; endedAt: Date },
  ): Promise<void> {
    await manager
      .getRepository(Interview)
      .update({ id: interviewId }, { status: InterviewStatus.Cancelled, ...change });
  }

  /** Marks a queued (or re-run) scheduling run running; false when it is over already. */
  async claimRun(runId: string): Promise<boolean> {
    const claimed = rowsOf<{ id: string }>(
      await this.dataSource.query(
        `UPDATE scheduling_runs SET status = 'running', started_at = coalesce(started_at, now())
          WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
        [runId],
      ),
    );
    return claimed.length > 0;
  }

  async runStatus(runId: string): Promise<SchedulingRunStatus | null> {
    const [row]: { status: SchedulingRunStatus }[] = await this.dataSource.query(
      `SELECT status FROM scheduling_runs WHERE id = $1`,
      [runId],
    );
    return row?.status ?? null;
  }

  async runEventId(runId: string): Promise<string> {
    const [row]: { event_id: string }[] = await this.dataSource.query(
      `SELECT event_id FROM scheduling_runs WHERE id = $1`,
      [runId],
    );
    if (!row) throw new Error(`Scheduling run ${runId} not found`);
    return row.event_id;
  }

  /** Starts the run's progress: `considered` candidates, none booked yet (batches add theirs). */
  async startProgress(runId: string, considered: number): Promise<void> {
    await this.dataSource.query(`UPDATE scheduling_runs SET progress = $2 WHERE id = $1`, [
      runId,
      JSON.stringify({ considered, booked: 0 }),
    ]);
  }

  /** Marks a running run completed; false when it is over already (a concurrent attempt completed it). */
  async completeRun(
    manager: EntityManager,
    runId: string,
    considered: number,
    scheduled: number,
    unscheduled: UnscheduledRegistration[],
  ): Promise<boolean> {
    const completed = rowsOf<{ id: string }>(
      await manager.query(
        `UPDATE scheduling_runs SET status = $2, scheduled = $3, progress = $4, unscheduled = $5, finished_at = now()
          WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
        [
          runId,
          SchedulingRunStatus.Completed,
          scheduled,
          JSON.stringify({ considered, booked: scheduled }),
          JSON.stringify(unscheduled),
        ],
      ),
    );
    return completed.length > 0;
  }

  /** Marks a run failed; false when it is over already. */
  async failRun(manager: EntityManager, runId: string, error: string): Promise<boolean> {
    const failed = rowsOf<{ id: string }>(
      await manager.query(
        `UPDATE scheduling_runs SET status = $2, error = $3, finished_at = now()
          WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
        [runId, SchedulingRunStatus.Failed, error],
      ),
    );
    return failed.length > 0;
  }

  async countRunInterviews(runId: string): Promise<number> {
    const [{ count }]: { count: string }[] = await this.dataSource.query(
      `SELECT count(*) FROM interviews WHERE scheduling_run_id = $1`,
      [runId],
    );
    return Number(count);
  }

  /** The interviews a run booked that still hold their first version (those owed an invitation), by id. */
  async runInvitees(manager: EntityManager, runId: string): Promise<{ id: string; version: number }[]> {
    return manager.query(
      `SELECT id, version FROM interviews
        WHERE scheduling_run_id = $1 AND version = 0 AND status = ANY($2) ORDER BY id`,
      [runId, ACTIVE_INTERVIEW_STATUSES],
    );
  }

  /**
   * Locks (in id order, so concurrent batches cannot deadlock on them) those of the registrations
   * still registered, advanced and routed to a unit.
   */
  async lockAdvanced(manager: EntityManager, registrationIds: string[]): Promise<LockedRegistration[]> {
    const rows: {
      id: string;
      organization_id: string;
      business_unit_id: string;
      stage: Stage;
      lane: Registration['lane'];
    }[] = await manager.query(
      `SELECT id, organization_id, business_unit_id, stage, lane FROM registrations
        WHERE id = ANY($1::uuid[]) AND status = $2 AND stage = $3 AND business_unit_id IS NOT NULL
        ORDER BY id FOR UPDATE`,
      [registrationIds, RegistrationStatus.Registered, Stage.Advanced],
    );
    return rows.map((r) => ({
      id: r.id,
      organizationId: r.organization_id,
      businessUnitId: r.business_unit_id,
      stage: r.stage,
      lane: r.lane,
    }));
  }

  /** Those of the registrations that hold an active interview. */
  async withActiveInterview(manager: EntityManager, registrationIds: string[]): Promise<Set<string>> {
    if (registrationIds.length === 0) return new Set();
    const rows: { registration_id: string }[] = await manager.query(
      `SELECT registration_id FROM interviews WHERE registration_id = ANY($1) AND status = ANY($2)`,
      [registrationIds, ACTIVE_INTERVIEW_STATUSES],
    );
    return new Set(rows.map((r) => r.registration_id));
  }

  /**
   * Inserts new scheduled interviews in one statement; one an exclusion constraint refuses (a
   * concurrent booking holds an overlapping slot) is skipped. Returns those inserted.
   */
  async insertScheduled(
    manager: EntityManager,
    eventId: string,
    runId: string | null,
    interviews: Interview[],
  ): Promise<Map<string, { created_at: Date; updated_at: Date }>> {
    const column = <K extends keyof Interview>(key: K) => interviews.map((i) => i[key]);
    const inserted: { id: string; created_at: Date; updated_at: Date }[] = await manager.query(
      `INSERT INTO interviews (id, organization_id, event_id, registration_id, interviewer_id, business_unit_id,
                               starts_at, ends_at, status, ical_uid, version, location, scheduling_run_id)
       SELECT t.id, t.organization_id, $1, t.registration_id, t.interviewer_id, t.business_unit_id,
              t.starts_at, t.ends_at, $2, t.ical_uid, 0, t.location, $3
         FROM unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::uuid[], $8::uuid[], $9::timestamptz[],
                     $10::timestamptz[], $11::text[], $12::text[])
           AS t(id, organization_id, registration_id, interviewer_id, business_unit_id, starts_at, ends_at,
                ical_uid, location)
       ON CONFLICT DO NOTHING
       RETURNING id, created_at, updated_at`,
      [
        eventId,
        InterviewStatus.Scheduled,
        runId,
        column('id'),
        column('organizationId'),
        column('registrationId'),
        column('interviewerId'),
        column('businessUnitId'),
        column('startsAt'),
        column('endsAt'),
        column('icalUid'),
        column('location'),
      ],
    );
    return new Map(inserted.map((row) => [row.id, row]));
  }

  /** Active interviews of a registration, or of an event, locked (in id order). */
  lockActive(
    manager: EntityManager,
    where: { registrationId: string } | { eventId: string },
  ): Promise<Interview[]> {
    return manager.getRepository(Interview).find({
      where: { ...where, status: In(ACTIVE_INTERVIEW_STATUSES) },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Those of the registrations whose stage is interview_scheduled, locked (in id order). */
  lockInterviewScheduled(manager: EntityManager, registrationIds: string[]): Promise<Registration[]> {
    return manager.getRepository(Registration).find({
      where: { id: In(registrationIds), stage: Stage.InterviewScheduled },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async setStage(manager: EntityManager, registrationIds: string[], stage: Stage): Promise<void> {
    await manager.getRepository(Registration).update({ id: In(registrationIds) }, { stage });
  }

  async cancel(manager: EntityManager, interviewIds: string[], reason: string, endedAt: Date): Promise<void> {
    await manager.query(
      `UPDATE interviews SET status = $2, version = version + 1, status_reason = $3, ended_at = $4, updated_at = now()
        WHERE id = ANY($1::uuid[])`,
      [interviewIds, InterviewStatus.Cancelled, reason, endedAt.toISOString()],
    );
  }

  /** Withdrawn registrations still holding an active interview (at most 100). */
  async withdrawnWithActiveInterview(): Promise<string[]> {
    const rows: { registration_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT i.registration_id FROM interviews i JOIN registrations r ON r.id = i.registration_id
        WHERE r.status = 'withdrawn' AND i.status = ANY($1) LIMIT 100`,
      [ACTIVE_INTERVIEW_STATUSES],
    );
    return rows.map((r) => r.registration_id);
  }

  /** Runs queued or running for over two minutes whose job is not waiting in the outbox (at most 100). */
  async staleRuns(manager: EntityManager = this.manager): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM scheduling_runs WHERE status IN ('queued', 'running') AND created_at < now() - interval '2 minutes'
        AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.relayed_at IS NULL AND o.job_id = $1 || scheduling_runs.id::text)
        LIMIT 100`,
      [SCHEDULING_RUN_JOB_PREFIX],
    );
    return rows.map((r) => r.id);
  }
}
