import {
  ServiceModule,
  serviceEvent,
  serviceRegistration,
  serviceSpec,
  serviceUnit,
  serviceUser,
} from '@hirefair/testing';
import { invitationsJobId } from '@hirefair/queue';
import { Role, StaffActor } from '../common/actor';
import { HiringEvent } from '../events/event.entity';
import { RegistrationMailTemplate } from '../notifications/mail-template-names';
import { RegistrationTimelineService } from '../registrations/registration-timeline.service';
import { Stage } from '../registrations/registration-state';
import { Registration } from '../registrations/registration.entity';
import { BookingPassRepository } from './booking-pass.repository';
import { InterviewBookingService } from './interview-booking.service';
import { Interview, InterviewStatus } from './interview.entity';
import type { Assignment } from './scheduling/scheduling.types';

const MINUTE = 60_000;

/**
 * The booking decisions on the real database, without HTTP or workers: the HTTP specs see only their
 * end (a booked candidate), not which registrations a batch skips, which lose their slot to a
 * concurrent booking, what a run's batch owes compared with a single booking, or a stale reschedule.
 */
describe('InterviewBookingService: new bookings and replacements', () => {
  let s: ServiceModule;
  let booking: InterviewBookingService;
  let admin: StaffActor;
  let event: HiringEvent;
  let unitId: string;
  let interviewerId: string;

  const spec = serviceSpec();
  beforeAll(async () => {
    ({ s, admin } = spec);
    booking = s.get(InterviewBookingService);
    const unit = await serviceUnit(s, admin);
    unitId = unit.id;
    interviewerId = (await serviceUser(s, admin, [Role.Interviewer], [unit.id])).userId;
    const created = await serviceEvent(s, admin, { businessUnitIds: [unit.id] });
    event = await s.db.getRepository(HiringEvent).findOneByOrFail({ id: created.id });
  });

  const load = (id: string) => s.db.getRepository(Registration).findOneByOrFail({ id });
  /** A registration routed to the unit, and advanced unless `advance` is false. */
  const registration = async (advance = true): Promise<string> => {
    const { registrationId } = await serviceRegistration(s, event.slug);
    const timeline = s.get(RegistrationTimelineService);
    await s.db.transaction(async (m) => {
      // The lane intake would have given: a registration without one stays owed intake, and the
      // reconciler of a later process on this database would try it.
      await m.query(`UPDATE registrations SET lane = 'standard' WHERE id = $1`, [registrationId]);
      const r = await timeline.moveStage(m, admin, await load(registrationId), Stage.Routed, null, {
        businessUnitId: unitId,
      });
      if (advance) await timeline.moveStage(m, admin, r, Stage.Advanced);
    });
    return registrationId;
  };
  /** 09:00 UTC three days from now: every slot of these tests lies in the future. */
  const day = new Date();
  day.setUTCHours(3 * 24 + 9, 0, 0, 0);
  /** 45 minutes with the interviewer, `hours` after `day`. */
  const assign = (candidateId: string, hours: number): Assignment => {
    const startsAt = new Date(day.getTime() + hours * 60 * MINUTE);
    return {
      candidateId,
      interviewerId,
      slot: { startsAt, endsAt: new Date(startsAt.getTime() + 45 * MINUTE), day: '' },
    };
  };
  const interviewsOf = (registrationId: string) =>
    s.db.query(
      `SELECT id, status, version, starts_at, location, scheduling_run_id FROM interviews WHERE registration_id = $1`,
      [registrationId],
    ) as Promise<
      {
        id: string;
        status: string;
        version: number;
        starts_at: Date;
        location: string;
        scheduling_run_id: string | null;
      }[]
    >;
  const invitations = async (interviewId: string): Promise<number> =>
    (
      await s.db.query(`SELECT count(*)::int AS n FROM outbox WHERE job_id = $1`, [
        invitationsJobId(interviewId),
      ])
    )[0].n;
  const lastStageRow = async (registrationId: string) =>
    (
      await s.db.query(
        `SELECT from_value, to_value, reason FROM registration_timeline
          WHERE registration_id = $1 AND field = 'stage' ORDER BY id DESC LIMIT 1`,
        [registrationId],
      )
    )[0];
  const pooled = async (registrationId: string): Promise<boolean> =>
    (await s.db.query(`SELECT 1 FROM interview_booking_pool WHERE registration_id = $1`, [registrationId]))
      .length > 0;

  it('books the advanced and unbooked, skips the others, loses a taken slot as conflict, and owes invitations only outside a run', async () => {
    const [first, second, third] = [await registration(), await registration(), await registration()];
    const notAdvanced = await registration(false);
    await s.get(BookingPassRepository).pool(s.db.manager, event.id, [first]);

    // A single booking: the advanced one is booked, out of the pool, with its invitations owed by a job.
    const single = await booking.bookNew([assign(first, 0), assign(notAdvanced, 2)], event, null);
    expect(single.get(notAdvanced)).toEqual({ ok: false, reason: 'not_bookable' });
    expect(single.get(first)).toMatchObject({ ok: true });
    const [booked] = await interviewsOf(first);
    expect(booked).toMatchObject({
      status: InterviewStatus.Scheduled,
      version: 0,
      location: 'Hall 1, Beijing',
      scheduling_run_id: null,
    });
    expect(new Date(booked.starts_at)).toEqual(assign(first, 0).slot.startsAt);
    expect((await load(first)).stage).toBe(Stage.InterviewScheduled);
    expect(await lastStageRow(first)).toEqual({
      from_value: Stage.Advanced,
      to_value: Stage.InterviewScheduled,
      reason: `interview ${assign(first, 0).slot.startsAt.toISOString()} with ${interviewerId}`,
    });
    expect(await pooled(first)).toBe(false);
    expect(await invitations(booked.id)).toBe(1);
    expect(await interviewsOf(notAdvanced)).toEqual([]);
    expect((await load(notAdvanced)).stage).toBe(Stage.Routed);

    // A run's batch: the booked one is skipped, the slot a booking holds is lost, the rest booked, no invitations.
    const [run] = await s.db.query(
      `INSERT INTO scheduling_runs (organization_id, event_id, status, progress)
       VALUES ($1, $2, 'running', '{"considered": 3, "booked": 0}') RETURNING id`,
      [event.organizationId, event.id],
    );
    const batch = await booking.bookNew(
      [assign(first, 4), assign(second, 0), assign(third, 1)],
      event,
      run.id as string,
    );
    expect(batch.get(first)).toEqual({ ok: false, reason: 'not_bookable' });
    expect(batch.get(second)).toEqual({ ok: false, reason: 'conflict' });
    expect(batch.get(third)).toMatchObject({ ok: true });
    expect(await interviewsOf(first)).toHaveLength(1);
    expect(await interviewsOf(second)).toEqual([]);
    expect((await load(second)).stage).toBe(Stage.Advanced);
    const [runBooked] = await interviewsOf(third);
    expect(runBooked).toMatchObject({ status: InterviewStatus.Scheduled, scheduling_run_id: run.id });
    expect((await load(third)).stage).toBe(Stage.InterviewScheduled);
    expect(await invitations(runBooked.id)).toBe(0);
    const [{ progress }] = await s.db.query(`SELECT progress FROM scheduling_runs WHERE id = $1`, [run.id]);
    expect(progress).toEqual({ considered: 3, booked: 1 });
  });

  it('reschedules only the version planned on: the new slot held, then the old one cancelled and pointing at it', async () => {
    const id = await registration();
    await booking.bookNew([assign(id, 6)], event, null);
    const old = await s.db.getRepository(Interview).findOneByOrFail({ registrationId: id });

    // Changed meanwhile (another version than the one planned on): nothing moves.
    expect(await booking.bookReplacement(assign(id, 7), event, { ...old, version: 1 }, 'spec')).toEqual({
      ok: false,
      reason: 'not_bookable',
    });
    expect(await interviewsOf(id)).toHaveLength(1);

    const moved = await booking.bookReplacement(assign(id, 7), event, old, 'spec');
    expect(moved).toMatchObject({ ok: true });
    const rows = await s.db.getRepository(Interview).find({ where: { registrationId: id } });
    const now = rows.find((i) => i.id !== old.id) as Interview;
    expect(now).toMatchObject({
      status: InterviewStatus.Scheduled,
      version: 1,
      icalUid: old.icalUid,
      replacesId: old.id,
      startsAt: assign(id, 7).slot.startsAt,
    });
    expect(rows.find((i) => i.id === old.id)).toMatchObject({
      status: InterviewStatus.Cancelled,
      statusReason: 'rescheduled: spec',
      replacedById: now.id,
    });
    // Both are told, in the replacing transaction: the candidate's mail and the interviewer's copy.
    const mails: { template: string }[] = await s.db.query(
      `SELECT template FROM mail_messages WHERE subject_id = $1 AND template LIKE $2 ORDER BY template`,
      [id, `${RegistrationMailTemplate.InterviewUpdated}%`],
    );
    expect(mails.map((m) => m.template)).toEqual([
      RegistrationMailTemplate.InterviewUpdated,
      `${RegistrationMailTemplate.InterviewUpdated}.interviewer`,
    ]);
  });
});
