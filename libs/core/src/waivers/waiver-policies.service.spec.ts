import {
  ServiceModule,
  serviceSpec,
  serviceEvent,
  serviceOrganization,
  serviceRegistration,
} from '@hirefair/testing';
import { StaffActor } from '../common/actor';
import { RegistrationsService } from '../registrations/registrations.service';
import { WaiverPoliciesService } from './waiver-policies.service';

const PHD = { name: 'phd', when: { field: 'degree', op: 'eq', value: 'phd' }, waive: true };
const SENIOR = { name: 'senior', when: { field: 'yearsOfExperience', op: 'gte', value: 8 }, waive: true };

/** Waiver policies on the real database, without HTTP: versions are added, never changed; simulations change nothing. */
describe('WaiverPoliciesService', () => {
  let s: ServiceModule;
  let policies: WaiverPoliciesService;
  let admin: StaffActor;

  const spec = serviceSpec();
  beforeAll(async () => {
    ({ s, admin } = spec);
    policies = s.get(WaiverPoliciesService);
  });

  const versions = async (eventId: string): Promise<number[]> =>
    (
      await s.db.query(`SELECT version FROM waiver_policies WHERE event_id = $1 ORDER BY version`, [eventId])
    ).map((r: { version: number }) => r.version);

  it('adds a version per save, serves the newest, and audits each', async () => {
    const event = await serviceEvent(s, admin);
    expect(await policies.get(admin, event.id)).toEqual({
      eventId: event.id,
      version: 0,
      rules: [],
      updatedAt: null,
      updatedBy: null,
    });
    const first = await policies.put(admin, event.id, { rules: [PHD] });
    expect(first).toMatchObject({ version: 1, rules: [PHD], updatedBy: admin.userId });
    const second = await policies.put(admin, event.id, { rules: [PHD, SENIOR] });
    expect(second).toMatchObject({ version: 2, rules: [PHD, SENIOR] });
    expect(await policies.get(admin, event.id)).toEqual(second);
    // The first version is still there, as it was: decisions made under it cite it.
    const [v1] = await s.db.query(`SELECT rules FROM waiver_policies WHERE event_id = $1 AND version = 1`, [
      event.id,
    ]);
    expect(v1.rules).toEqual([PHD]);
    const audited = await s.db.query(
      `SELECT details FROM audit_log WHERE object_id = $1 AND action = 'waiver_policy.updated' ORDER BY at`,
      [event.id],
    );
    expect(audited.map((a: { details: { version: number } }) => a.details.version)).toEqual([1, 2]);
  });

  it('refuses an invalid policy and another organization’s event, storing nothing', async () => {
    const event = await serviceEvent(s, admin);
    await expect(
      policies.put(admin, event.id, {
        rules: [{ name: 'x', when: { field: 'shoeSize', op: 'eq', value: 1 } }],
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(policies.put(admin, event.id, { rules: [] })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const { admin: stranger } = await serviceOrganization(s);
    await expect(policies.put(stranger, event.id, { rules: [PHD] })).rejects.toMatchObject({
      code: 'EVENT_NOT_FOUND',
    });
    expect(await versions(event.id)).toEqual([]);
  });

  it('never stores two policies under one version number when saves race', async () => {
    const event = await serviceEvent(s, admin);
    const results = await Promise.allSettled(
      [PHD, SENIOR, PHD, SENIOR].map((rule) => policies.put(admin, event.id, { rules: [rule] })),
    );
    const saved = results.filter((r) => r.status === 'fulfilled');
    for (const r of results)
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'WAIVER_POLICY_CONFLICT' });
    // However the race went, the stored versions are 1..n, one row each, and the newest is served.
    const stored = await versions(event.id);
    expect(stored).toEqual(stored.map((_, i) => i + 1));
    expect(stored).toHaveLength(saved.length);
    expect((await policies.get(admin, event.id)).version).toBe(stored.length);
  });

  it('simulates a proposed policy on the current registrations, leaving them as they are', async () => {
    const event = await serviceEvent(s, admin);
    const phd = await serviceRegistration(s, event.slug, { degree: 'phd' });
    await serviceRegistration(s, event.slug, { degree: 'master', yearsOfExperience: 10 });
    await serviceRegistration(s, event.slug, { degree: 'bachelor', yearsOfExperience: 1 });
    const leaving = await serviceRegistration(s, event.slug, { degree: 'phd' });
    await s.get(RegistrationsService).withdrawAndErase(leaving.candidate);
    // Evaluated earlier under another policy: standard today.
    await s.db.query(`UPDATE registrations SET lane = 'standard' WHERE id = $1`, [phd.registrationId]);

    const result = await policies.simulate(admin, event.id, { rules: [PHD, SENIOR] });
    expect(result).toEqual({
      rules: [
        { name: 'phd', wouldWaive: 1 },
        { name: 'senior', wouldWaive: 1 },
      ],
      totals: { fast_track: 2, standard: 1 },
      changes: { toFastTrack: 1, toStandard: 0 },
      evaluated: 3,
    });
    const [lane] = await s.db.query(`SELECT lane FROM registrations WHERE id = $1`, [phd.registrationId]);
    expect(lane.lane).toBe('standard');
    expect(await versions(event.id)).toEqual([]);
  });
});
