import { ServiceModule, serviceEvent, serviceSpec, waitFor } from '@hirefair/testing';
import { StaffActor } from '../common/actor';
import { EventTransition } from '../events/event-state';
import { EventsService } from '../events/events.service';
import { RegistrationBatchService, RegistrationInput } from '../registrations/registration-batch.service';
import { ImportsService } from './imports.service';

const HEADER = [
  'name',
  'email',
  'city',
  'specialties',
  'degree',
  'yearsOfExperience',
  'consentPrivacyPolicyVersion',
  'consentShareWithBusinessUnits',
];
const line = (email: string) => `Imported Person,${email},Beijing,nlp,master,4,2025-01,true`;
const file = (emails: string[]) => Buffer.from([HEADER.join(','), ...emails.map(line)].join('\n') + '\n');

/** CSV imports on the real database, without HTTP or workers: the job's run is called directly. */
describe('ImportsService', () => {
  let s: ServiceModule;
  let imports: ImportsService;
  let admin: StaffActor;

  const spec = serviceSpec();
  beforeAll(() => {
    ({ s, admin } = spec);
    imports = s.get(ImportsService);
  });

  const registrationsOf = async (eventId: string, email: string): Promise<number> =>
    (
      await s.db.query(
        `SELECT count(*)::int AS n FROM registrations r JOIN candidates c ON c.id = r.candidate_id
          WHERE r.event_id = $1 AND c.email = $2`,
        [eventId, email],
      )
    )[0].n;

  it('answers the same file for the same event with the first import, and refuses a cancelled event', async () => {
    const event = await serviceEvent(s, admin);
    const csv = file([`same-${Date.now()}@example.com`]);
    const first = await imports.create(admin, event.id, csv);
    expect(first).toMatchObject({ created: true, view: { status: 'queued', eventId: event.id } });
    const again = await imports.create(admin, event.id, Buffer.from(csv));
    expect(again).toEqual({ created: false, view: expect.objectContaining({ id: first.view.id }) });
    await expect(imports.create(admin, event.id, 'not a buffer')).rejects.toMatchObject({
      code: 'IMPORT_NOT_CSV',
    });

    const cancelled = await serviceEvent(s, admin);
    await s.get(EventsService).transition(admin, cancelled.id, EventTransition.Cancel);
    await expect(imports.create(admin, cancelled.id, csv)).rejects.toMatchObject({
      code: 'EVENT_NOT_IMPORTABLE',
    });
  });

  it('takes a batch again row by row when someone registers one of its emails meanwhile', async () => {
    const event = await serviceEvent(s, admin, { capacity: 100 });
    const stamp = Date.now();
    const emails = [0, 1, 2, 3].map((i) => `row${i}-${stamp}@example.com`);
    const racer = emails[2];
    const { view } = await imports.create(admin, event.id, file(emails));

    // An online registration of one of the file's emails, still uncommitted when the import's batch runs:
    // the import checked the email was free, its batch waits for this one, then meets its row.
    const holder = s.db.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      const input = {
        name: 'Online First',
        email: racer,
        city: 'Shanghai',
        specialties: ['nlp'],
        degree: 'phd',
        yearsOfExperience: 2,
        consent: { privacyPolicyVersion: '2025-01', shareWithBusinessUnits: true },
      } satisfies RegistrationInput;
      const [online] = await s
        .get(RegistrationBatchService)
        .registerMany(holder.manager, { slug: event.slug }, [input]);
      expect(online.outcome).toBe('registered');
      const run = imports.run(view.id);
      // (The registration statement; pg_stat_activity keeps only the start of its text.)
      await waitFor(
        async () =>
          (
            await s.db.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'WITH ev AS MATERIALIZED%'`,
            )
          )[0].n > 0,
        { what: 'the import batch waiting for the online registration' },
      );
      await holder.commitTransaction();
      expect(await run).toBe('completed');
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }

    const done = await imports.get(admin, view.id);
    expect(done).toMatchObject({
      status: 'completed',
      totalRows: 4,
      processedRows: 4,
      accepted: 3,
      duplicates: 1,
    });
    expect(done.issues).toEqual([
      {
        line: 4,
        kind: 'duplicate',
        reasons: [{ field: 'email', messages: ['email is already registered for this event'] }],
      },
    ]);
    // Each email holds one registration; the racer's is the online one.
    for (const email of emails) expect(await registrationsOf(event.id, email)).toBe(1);
    const [racerRow] = await s.db.query(
      `SELECT c.name FROM registrations r JOIN candidates c ON c.id = r.candidate_id
        WHERE r.event_id = $1 AND c.email = $2`,
      [event.id, racer],
    );
    expect(racerRow.name).toBe('Online First');
    const [seats] = await s.db.query(`SELECT registered FROM event_seats WHERE event_id = $1`, [event.id]);
    expect(seats.registered).toBe(4);
  });
});
