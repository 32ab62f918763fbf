import { ServiceModule, serviceSpec, serviceEvent, serviceRegistration } from '@hirefair/testing';
import { StaffActor } from '../common/actor';
import { RegistrationMailTemplate } from '../notifications/mail-template-names';
import { RegistrationStatus, TimelineField } from './registration-state';
import { RegistrationsService } from './registrations.service';

/** Withdrawal and erasure on the real database, without HTTP: what is kept, what is erased, who gets the seat. */
describe('RegistrationsService: withdrawal and erasure', () => {
  let s: ServiceModule;
  let registrations: RegistrationsService;
  let admin: StaffActor;

  const spec = serviceSpec();
  beforeAll(async () => {
    ({ s, admin } = spec);
    registrations = s.get(RegistrationsService);
  });

  const row = async (id: string) =>
    (
      await s.db.query(
        `SELECT status, stage, city, degree, specialties, profile, consent, token_hashes, check_in_code,
                erased_at, withdrawn_at FROM registrations WHERE id = $1`,
        [id],
      )
    )[0];
  const timeline = (
    id: string,
  ): Promise<{ actor_type: string; field: string; to_value: string; reason: string }[]> =>
    s.db.query(
      `SELECT actor_type, field, to_value, reason FROM registration_timeline WHERE registration_id = $1 ORDER BY id`,
      [id],
    );
  const candidateRow = async (registrationId: string) =>
    (
      await s.db.query(
        `SELECT c.name, c.email, c.phone, c.erased_at FROM candidates c
           JOIN registrations r ON r.candidate_id = c.id WHERE r.id = $1`,
        [registrationId],
      )
    )[0];

  it('erases the withdrawing candidate, keeps the counts, and gives the seat to the first waitlisted by arrival', async () => {
    const event = await serviceEvent(s, admin, { capacity: 1 });
    const seated = await serviceRegistration(s, event.slug, {
      name: 'Seated Person',
      phone: '+86 138 0000 0000',
      githubUrl: 'https://github.com/seated',
      specialties: ['nlp', 'robotics'],
      degree: 'phd',
    });
    const first = await serviceRegistration(s, event.slug);
    const second = await serviceRegistration(s, event.slug);
    expect([seated.status, first.status, second.status]).toEqual([
      RegistrationStatus.Registered,
      RegistrationStatus.Waitlisted,
      RegistrationStatus.Waitlisted,
    ]);

    const answer = await registrations.withdrawAndErase(seated.candidate);
    expect(answer).toEqual({
      registrationId: seated.registrationId,
      status: RegistrationStatus.Withdrawn,
      erased: true,
    });

    // Erased: profile, tokens, check-in code, the candidate's identity, the mails' bodies.
    const erased = await row(seated.registrationId);
    expect(erased).toMatchObject({
      status: 'withdrawn',
      profile: {},
      token_hashes: [],
      check_in_code: null,
      // Kept for the counts and reports: coarse attributes.
      city: 'Beijing',
      degree: 'phd',
      specialties: ['nlp', 'robotics'],
    });
    expect(erased.erased_at).toBeInstanceOf(Date);
    expect(erased.withdrawn_at).toBeInstanceOf(Date);
    expect(erased.consent).toMatchObject({ privacyPolicyVersion: '2025-01', erasedAt: expect.any(String) });
    const candidate = await candidateRow(seated.registrationId);
    expect(candidate).toMatchObject({ name: 'erased', phone: null });
    expect(candidate.email).toMatch(/^erased-.+@erased\.invalid$/);
    expect(candidate.erased_at).toBeInstanceOf(Date);
    const mails: { to_address: string; subject: string; status: string; last_error: string | null }[] =
      await s.db.query(
        `SELECT to_address, subject, status, last_error FROM mail_messages WHERE subject_id = $1`,
        [seated.registrationId],
      );
    expect(mails.length).toBeGreaterThan(0);
    for (const mail of mails) {
      expect(mail).toMatchObject({ to_address: 'erased', subject: 'erased' });
      // Nothing queued is sent after the erasure (no worker ran, so the confirmation was still queued).
      expect(mail.status).not.toBe('queued');
    }
    expect(mails).toContainEqual(
      expect.objectContaining({ status: 'failed', last_error: 'erased before delivery' }),
    );
    expect(await registrations.authenticate(seated.candidateToken)).toBeNull();
    expect((await timeline(seated.registrationId)).map((t) => [t.actor_type, t.field, t.to_value])).toEqual([
      ['candidate', TimelineField.Status, 'registered'],
      ['candidate', TimelineField.Status, 'withdrawn'],
      ['candidate', TimelineField.Erasure, 'erased'],
    ]);

    // The seat went to the first who waited, told by mail and owed to intake; the second still waits.
    expect((await row(first.registrationId)).status).toBe('registered');
    expect((await row(second.registrationId)).status).toBe('waitlisted');
    expect(await timeline(first.registrationId)).toContainEqual({
      actor_type: 'system',
      field: TimelineField.Status,
      to_value: 'registered',
      reason: 'a seat was freed by a withdrawal',
    });
    const [promotedMail] = await s.db.query(
      `SELECT count(*)::int AS n FROM mail_messages WHERE subject_id = $1 AND template = $2`,
      [first.registrationId, RegistrationMailTemplate.Promoted],
    );
    expect(promotedMail.n).toBe(1);
    const [intake] = await s.db.query(`SELECT count(*)::int AS n FROM outbox WHERE job_id LIKE $1`, [
      `intake-${first.registrationId}-promoted-%`,
    ]);
    expect(intake.n).toBe(1);
    const [seats] = await s.db.query(`SELECT registered, capacity FROM event_seats WHERE event_id = $1`, [
      event.id,
    ]);
    expect(seats).toEqual({ registered: 1, capacity: 1 });

    // Gone for the candidate: a second erase finds nothing.
    await expect(registrations.withdrawAndErase(seated.candidate)).rejects.toMatchObject({
      code: 'REGISTRATION_NOT_FOUND',
    });
  });

  it('keeps the candidate row while another of their registrations still needs it', async () => {
    const [one, two] = [await serviceEvent(s, admin), await serviceEvent(s, admin)];
    const email = `twice-${Date.now()}@example.com`;
    const a = await serviceRegistration(s, one.slug, { email, name: 'Twice Registered' });
    const b = await serviceRegistration(s, two.slug, { email, name: 'Twice Registered' });
    expect(a.candidate.candidateId).toBe(b.candidate.candidateId);

    await registrations.withdrawAndErase(a.candidate);
    expect((await row(a.registrationId)).erased_at).toBeInstanceOf(Date);
    expect(await candidateRow(b.registrationId)).toMatchObject({
      name: 'Twice Registered',
      email,
      erased_at: null,
    });
    expect(await row(b.registrationId)).toMatchObject({ status: 'registered', erased_at: null });

    await registrations.withdrawAndErase(b.candidate);
    expect((await candidateRow(b.registrationId)).name).toBe('erased');
  });

  it('erases on the system’s behalf without withdrawing: the seat and the status stay', async () => {
    const event = await serviceEvent(s, admin, { capacity: 1 });
    const seated = await serviceRegistration(s, event.slug);
    const waiting = await serviceRegistration(s, event.slug);
    const reason = 'personal data erased: retention period of 30 days after the event completed';

    const done = await s.db.transaction((manager) =>
      registrations.eraseAsSystem(manager, seated.registrationId, reason),
    );
    expect(done).toBe(true);
    expect(await row(seated.registrationId)).toMatchObject({ status: 'registered', withdrawn_at: null });
    expect((await row(seated.registrationId)).erased_at).toBeInstanceOf(Date);
    expect((await row(waiting.registrationId)).status).toBe('waitlisted');
    expect((await timeline(seated.registrationId)).at(-1)).toEqual({
      actor_type: 'system',
      field: TimelineField.Erasure,
      to_value: 'erased',
      reason,
    });
    // Twice is once.
    expect(
      await s.db.transaction((manager) =>
        registrations.eraseAsSystem(manager, seated.registrationId, reason),
      ),
    ).toBe(false);
  });

  it('shows a waitlisted candidate their place in the queue and no check-in code', async () => {
    const event = await serviceEvent(s, admin, { capacity: 1 });
    await serviceRegistration(s, event.slug);
    await serviceRegistration(s, event.slug);
    const third = await serviceRegistration(s, event.slug);
    const view = await registrations.candidateView(third.candidate);
    expect(view).toMatchObject({
      status: RegistrationStatus.Waitlisted,
      waitlistPosition: 2,
      checkInCode: null,
      businessUnit: null,
      availability: [],
      event: { id: event.id, slug: event.slug },
    });
  });
});
