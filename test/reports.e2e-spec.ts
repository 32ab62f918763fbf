import { DOMParser } from '@xmldom/xmldom';
import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  TestApp,
  TestOrganization,
  bearer,
  createEvent,
  createOrganization,
  createTestApp,
  setPipeline,
  registrationBody,
  registrationsPath,
  waitFor,
} from '@hirefair/testing';

const HOUR = 3600_000;
const ZONE = 'Asia/Shanghai';

type Reg = {
  id: string;
  stage: string;
  lane: string | null;
  status: string;
  interview: { id: string } | null;
};

/**
 * A hand-counted fair of 13 registrations (A…M), every state, both lanes, seven cities, four
 * specialties, two units. Every number below is counted from this table:
 *
 *    status      lane        stage                unit city       specialties        salary  notes
 * A  registered  fast_track  offer                NLP  Beijing    nlp                30000   decided 2 h, interview 30 h
 * B  registered  fast_track  rejected             NLP  Shanghai   nlp                20000   decided 4 h
 * C  registered  fast_track  routed               CV   Beijing    computer_vision    26000   SLA breached
 * D  registered  standard    interview_scheduled  NLP  Shenzhen   nlp                22000   test passed, decided 48 h, interview 100 h
 * E  registered  standard    test_failed          -    beijing    computer_vision    -
 * F  registered  standard    test_required        -    Hangzhou   nlp                18000
 * G  registered  standard    on_hold              NLP  Beijing    nlp, cv            25000   test passed
 * H  registered  fast_track  advanced             CV   Wuhan      computer_vision    28000   decided 9 h, checked in
 * I  withdrawn   standard    routed               NLP  Beijing    nlp                (erased) test passed
 * J  registered  fast_track  routed               NLP  Beijing    nlp                32000   checked in
 * K  registered  fast_track  unrouted             -    Guangzhou  robotics           40000
 * L  waitlisted  fast_track  intake               -    Beijing    nlp                35000
 * M  waitlisted  standard    intake               -    Chengdu    deep_learning      21000
 */
describe('event report, charts and market benchmarks', () => {
  let t: TestApp;
  let db: DataSource;
  let org: TestOrganization;
  let other: TestOrganization;
  let recruiter: string;
  let nlp: { id: string; name?: unknown };
  let cv: { id: string; name?: unknown };
  let nlpReviewer: string;
  let cvReviewer: string;
  let interviewer: { id: string; token: string };
  let event: { id: string; slug: string };
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const day = DateTime.now()
    .setZone(ZONE)
    .plus({ days: 3 })
    .set({ hour: 9, minute: 0, second: 0, millisecond: 0 });

  const staffGet = async (id: string): Promise<Reg> =>
    (await t.http.get(`/api/v1/registrations/${id}`).set(bearer(recruiter)).expect(200)).body;
  const waitUntil = (id: string, check: (r: Reg) => boolean, what: string) =>
    waitFor(
      async () => {
        const r = await staffGet(id);
        return check(r) ? r : undefined;
      },
      { what: `${what} (${id})`, timeoutMs: 30_000 },
    );
  const register = async (key: string, overrides: Record<string, unknown>) => {
    const res = await t.http
      .post(registrationsPath(event.slug))
      .send(registrationBody(overrides))
      .expect(201);
    ids[key] = res.body.registrationId;
    tokens[key] = res.body.candidateToken;
    return ids[key];
  };
  const decide = (key: string, token: string, decision: string) =>
    t.http
      .post(`/api/v1/registrations/${ids[key]}/decision`)
      .set(bearer(token))
      .send({ decision })
      .expect(200);
  const writtenTest = (key: string, score: number) =>
    t.http
      .post(`/api/v1/registrations/${ids[key]}/written-test`)
      .set(bearer(recruiter))
      .send({ score })
      .expect(200);
  const report = async () =>
    (await t.http.get(`/api/v1/events/${event.id}/report`).set(bearer(recruiter)).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT: '100000' });
    db = t.app.get(DataSource);
    org = await createOrganization(t.http);
    other = await createOrganization(t.http);
    recruiter = (await org.user(['recruiter'])).token;
    nlp = await org.unit({ name: 'NLP 自然语言', specialties: ['nlp'] });
    cv = await org.unit({ name: 'Vision <CV> & Co', specialties: ['computer_vision'] });
    nlpReviewer = (await org.user(['bu_reviewer'], { businessUnitIds: [nlp.id] })).token;
    cvReviewer = (await org.user(['bu_reviewer'], { businessUnitIds: [cv.id] })).token;
    interviewer = await org.user(['interviewer'], { businessUnitIds: [nlp.id], specialties: ['nlp'] });
    event = await createEvent(t.http, org, {
      title: 'AI 人才招聘会 <2026> & "friends"',
      capacity: 10,
      timezone: ZONE,
      businessUnitIds: [nlp.id, cv.id],
    });
    await setPipeline(
      t.http,
      recruiter,
      event.id,
      { rules: [{ name: 'phd', when: { field: 'degree', op: 'eq', value: 'phd' }, waive: true }] },
      {
        strategy: 'least_loaded',
        rules: [
          { specialty: 'nlp', businessUnitId: nlp.id, weight: 1 },
          { specialty: 'computer_vision', businessUnitId: cv.id, weight: 1 },
        ],
      },
    );
    await t.http
      .put(`/api/v1/events/${event.id}/availability`)
      .set(bearer(interviewer.token))
      .send({ slots: [{ startsAt: day.toISO(), endsAt: day.plus({ hours: 4 }).toISO() }] })
      .expect(200);

    const fast = (specialties: string[], city: string, salary?: number) => ({
      degree: 'phd',
      specialties,
      city,
      ...(salary === undefined ? {} : { expectedMonthlySalaryCny: salary }),
    });
    const std = (specialties: string[], city: string, salary?: number) => ({
      ...fast(specialties, city, salary),
      degree: 'master',
    });
    await register('A', fast(['nlp'], 'Beijing', 30000));
    await register('B', fast(['nlp'], 'Shanghai', 20000));
    await register('C', fast(['computer_vision'], 'Beijing', 26000));
    await register('D', std(['nlp'], 'Shenzhen', 22000));
    await register('E', std(['computer_vision'], 'beijing'));
    await register('F', std(['nlp'], 'Hangzhou', 18000));
    await register('G', std(['nlp', 'computer_vision'], 'Beijing', 25000));
    await register('H', fast(['computer_vision'], 'Wuhan', 28000));
    await register('I', std(['nlp'], 'Beijing', 50000));

    for (const key of ['A', 'B', 'C', 'H']) await waitUntil(ids[key], (r) => r.stage === 'routed', 'routed');
    for (const key of ['D', 'E', 'F', 'G', 'I'])
      await waitUntil(ids[key], (r) => r.stage === 'test_required', 'test required');
    await writtenTest('D', 80);
    await writtenTest('E', 40);
    await writtenTest('G', 70);
    await writtenTest('I', 90);
    for (const key of ['D', 'G', 'I']) await waitUntil(ids[key], (r) => r.stage === 'routed', 'routed');

    await decide('A', nlpReviewer, 'advance');
    await waitUntil(ids.A, (r) => r.stage === 'interview_scheduled', 'A booked');
    await decide('D', nlpReviewer, 'advance');
    await waitUntil(ids.D, (r) => r.stage === 'interview_scheduled', 'D booked');
    await decide('B', nlpReviewer, 'reject');
    await decide('G', nlpReviewer, 'hold');
    await decide('H', cvReviewer, 'advance');

    const interviewA = (await staffGet(ids.A)).interview as { id: string };
    await t.http
      .post(`/api/v1/interviews/${interviewA.id}/feedback`)
      .set(bearer(interviewer.token))
      .send({ recommendation: 'strong_yes', scores: { research: 4 }, notes: 'Excellent' })
      .expect(201);
    await waitUntil(ids.A, (r) => r.stage === 'interviewed', 'A interviewed');
    await t.http
      .post(`/api/v1/registrations/${ids.A}/outcome`)
      .set(bearer(recruiter))
      .send({ outcome: 'offer', notes: 'Great fit' })
      .expect(200);

    // I withdraws (and is erased) before the rest register: J and K take the last seats, L and M wait.
    await t.http.delete('/api/v1/candidate/registration').set(bearer(tokens.I)).expect(200);
    await register('J', fast(['nlp'], 'Beijing', 32000));
    await register('K', fast(['robotics'], 'Guangzhou', 40000));
    await register('L', fast(['nlp'], 'Beijing', 35000));
    await register('M', std(['deep_learning'], 'Chengdu', 21000));
    await waitUntil(ids.J, (r) => r.stage === 'routed', 'J routed');
    await waitUntil(ids.K, (r) => r.stage === 'unrouted', 'K unrouted');
    await waitUntil(ids.L, (r) => r.lane === 'fast_track' && r.status === 'waitlisted', 'L evaluated');
    await waitUntil(ids.M, (r) => r.lane === 'standard' && r.status === 'waitlisted', 'M evaluated');
    for (const key of ['H', 'J'])
      await t.http
        .post(`/api/v1/events/${event.id}/check-ins`)
        .set(bearer(recruiter))
        .send({ registrationId: ids[key] })
        .expect(200);
    // H's booking finds no computer-vision interviewer; wait until that job has settled.
    await waitUntil(ids.H, (r) => r.stage === 'advanced', 'H advanced');
    // Every advance owes the event a booking pass, which may move a booked interview (D's) to
    // another slot: the passes owed (outbox) or running (their request row) must be done before
    // the interview times are set below.
    await waitFor(
      async () => {
        const [{ count }] = await db.query(
          `SELECT (SELECT count(*) FROM outbox WHERE relayed_at IS NULL AND job_id LIKE $2)
                + (SELECT count(*) FROM booking_pass_requests WHERE event_id = $1) AS count`,
          [event.id, `booking-pass-${event.id}-%`],
        );
        return Number(count) === 0;
      },
      { timeoutMs: 60_000, intervalMs: 100, what: 'the booking passes to drain' },
    );

    // The SLA job would fire after 48 h: mark C's review as breached the way it does.
    await db.query(`UPDATE registrations SET sla_breached_at = now() WHERE id = $1`, [ids.C]);
    // Hand-countable times: registration → first decision and → interview, in whole hours.
    const setHours = async (key: string, toDecision: number, toInterview?: number) => {
      const [{ first_decision_at: decided }] = await db.query(
        `SELECT first_decision_at FROM registration_stage_summary WHERE registration_id = $1`,
        [ids[key]],
      );
      const createdAt = new Date(new Date(decided).getTime() - toDecision * HOUR);
      await db.query(`UPDATE registrations SET created_at = $2 WHERE id = $1`, [ids[key], createdAt]);
      if (toInterview !== undefined)
        await db.query(
          `UPDATE interviews SET starts_at = $2, ends_at = $2::timestamptz + interval '45 minutes'
            WHERE registration_id = $1 AND status IN ('scheduled', 'confirmed', 'completed')`,
          [ids[key], new Date(createdAt.getTime() + toInterview * HOUR)],
        );
    };
    await setHours('A', 2, 30);
    await setHours('B', 4);
    await setHours('D', 48, 100);
    await setHours('H', 9);
  }, 180_000);
  afterAll(() => t.close());

  // Every stage of the state model, in pipeline order; reached = entered at some time.
  const funnel = (reached: number[]) =>
    [
      'intake',
      'test_required',
      'test_passed',
      'test_failed',
      'routed',
      'unrouted',
      'advanced',
      'rejected',
      'on_hold',
      'interview_scheduled',
      'interviewed',
      'offer',
    ].map((stage, i) => ({
      stage,
      reached: reached[i],
      conversion: i === 0 ? null : reached[0] > 0 ? Math.round((reached[i] / reached[0]) * 1e4) / 1e4 : null,
    }));
  const stages = (counts: Record<string, number>) => ({
    intake: 0,
    routed: 0,
    unrouted: 0,
    test_required: 0,
    test_passed: 0,
    test_failed: 0,
    advanced: 0,
    rejected: 0,
    on_hold: 0,
    interview_scheduled: 0,
    interviewed: 0,
    offer: 0,
    ...counts,
  });

  it('counts every state, lane, stage and funnel step of the fair', async () => {
    const r = await report();
    expect(r.eventId).toBe(event.id);
    expect(r.totals).toEqual({
      registrations: 13,
      registered: 10,
      waitlisted: 2,
      withdrawn: 1,
      checkedIn: 2,
      checkInRate: 0.2,
      slaBreaches: 1,
      awaitingLane: 0,
    });
    expect(r.byStage).toEqual(
      stages({
        intake: 2,
        routed: 3,
        unrouted: 1,
        test_required: 1,
        test_failed: 1,
        advanced: 1,
        rejected: 1,
        on_hold: 1,
        interview_scheduled: 1,
        offer: 1,
      }),
    );
    expect(r.funnel).toEqual(funnel([13, 5, 3, 1, 8, 1, 3, 1, 1, 2, 1, 1]));
    expect(r.writtenTest).toEqual({ required: 5, passed: 3, failed: 1, passRate: 0.6 });
    // decisions 2, 4, 9, 48 h; interviews 30, 100 h (percentile_cont interpolates)
    expect(r.timing).toEqual({
      decisions: 4,
      medianHoursToDecision: 6.5,
      p90HoursToDecision: 36.3,
      interviews: 2,
      medianHoursToInterview: 65,
      p90HoursToInterview: 93,
    });
  });

  it('splits the fast track from the standard lane', async () => {
    const { fast_track: fast, standard } = (await report()).byLane;
    expect(fast).toEqual({
      totals: {
        registrations: 7,
        registered: 6,
        waitlisted: 1,
        withdrawn: 0,
        checkedIn: 2,
        checkInRate: 0.3333,
        slaBreaches: 1,
      },
      byStage: stages({ offer: 1, rejected: 1, routed: 2, advanced: 1, unrouted: 1, intake: 1 }),
      funnel: funnel([7, 0, 0, 0, 5, 1, 2, 1, 0, 1, 1, 1]),
      writtenTest: { required: 0, passed: 0, failed: 0, passRate: null },
      decisions: 3,
      medianHoursToDecision: 4,
      p90HoursToDecision: 8,
      interviews: 1,
      medianHoursToInterview: 30,
      p90HoursToInterview: 30,
    });
    expect(standard).toEqual({
      totals: {
        registrations: 6,
        registered: 4,
        waitlisted: 1,
        withdrawn: 1,
        checkedIn: 0,
        checkInRate: 0,
        slaBreaches: 0,
      },
      byStage: stages({
        interview_scheduled: 1,
        test_failed: 1,
        test_required: 1,
        on_hold: 1,
        routed: 1,
        intake: 1,
      }),
      funnel: funnel([6, 5, 3, 1, 3, 0, 1, 0, 1, 1, 0, 0]),
      writtenTest: { required: 5, passed: 3, failed: 1, passRate: 0.6 },
      decisions: 1,
      medianHoursToDecision: 48,
      p90HoursToDecision: 48,
      interviews: 1,
      medianHoursToInterview: 100,
      p90HoursToInterview: 100,
    });
  });

  it('breaks the fair down by specialty, city and unit', async () => {
    const r = await report();
    expect(
      r.bySpecialty.map((s: { specialty: string; count: number; share: number }) => [
        s.specialty,
        s.count,
        s.share,
      ]),
    ).toEqual([
      ['nlp', 8, 0.6154],
      ['computer_vision', 4, 0.3077],
      ['deep_learning', 1, 0.0769],
      ['robotics', 1, 0.0769],
    ]);
    const nlpRow = r.bySpecialty[0];
    // nlp salaries 18000, 20000, 22000, 25000, 30000, 32000, 35000 (I's was erased with the withdrawal)
    expect(nlpRow.salary).toEqual({ count: 7, p25: 21000, median: 25000, p75: 31000 });
    expect(nlpRow.funnel).toEqual(funnel([8, 4, 3, 0, 6, 0, 2, 1, 1, 2, 1, 1]));
    expect(nlpRow).toMatchObject({ decisions: 3, medianHoursToDecision: 4, interviews: 2 });
    expect(r.bySpecialty[1].salary).toEqual({ count: 3, p25: 25500, median: 26000, p75: 27000 });
    expect(r.bySpecialty[1].funnel).toEqual(funnel([4, 2, 1, 1, 3, 0, 1, 0, 1, 0, 0, 0]));

    expect(r.byCity.map((c: { city: string; count: number }) => [c.city, c.count])).toEqual([
      ['Beijing', 7],
      ['Chengdu', 1],
      ['Guangzhou', 1],
      ['Hangzhou', 1],
      ['Shanghai', 1],
      ['Shenzhen', 1],
      ['Wuhan', 1],
    ]);
    expect(r.byCity[0]).toMatchObject({
      share: 0.5385,
      checkedIn: 1,
      funnel: funnel([7, 3, 2, 1, 5, 0, 1, 0, 1, 1, 1, 1]),
    });
    expect(r.byCity[6]).toMatchObject({
      city: 'Wuhan',
      checkedIn: 1,
      funnel: funnel([1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0]),
    });

    expect(r.byBusinessUnit).toHaveLength(2);
    expect(r.byBusinessUnit[0]).toEqual({
      businessUnitId: nlp.id,
      name: 'NLP 自然语言',
      count: 6,
      slaBreaches: 0,
      byStage: stages({ offer: 1, rejected: 1, interview_scheduled: 1, on_hold: 1, routed: 2 }),
      funnel: funnel([6, 3, 3, 0, 6, 0, 2, 1, 1, 2, 1, 1]),
      decisions: 3,
      medianHoursToDecision: 4,
      p90HoursToDecision: 39.2,
      interviews: 2,
      medianHoursToInterview: 65,
      p90HoursToInterview: 93,
    });
    expect(r.byBusinessUnit[1]).toMatchObject({
      businessUnitId: cv.id,
      name: 'Vision <CV> & Co',
      count: 2,
      slaBreaches: 1,
      funnel: funnel([2, 0, 0, 0, 2, 0, 1, 0, 0, 0, 0, 0]),
      decisions: 1,
      medianHoursToDecision: 9,
    });
  });

  it('compares salaries and the specialty and city mix with the default market figures', async () => {
    const { market } = await report();
    expect(market.defaults).toBe(true);
    expect(market.sources).toEqual([expect.stringContaining('Zhilian Zhaopin')]);
    expect(market.itOverallMonthlySalaryCny).toBe(11000);
    const salary = (s: string) => market.salary.find((x: { specialty: string }) => x.specialty === s);
    expect(salary('nlp')).toMatchObject({
      candidates: { count: 7, median: 25000 },
      referenceMonthlySalaryCny: 24007,
      medianVsReferencePct: 4.1,
    });
    expect(salary('deep_learning')).toMatchObject({
      candidates: { count: 1, median: 21000 },
      referenceMonthlySalaryCny: 26279,
      medianVsReferencePct: -20.1,
    });
    expect(salary('robotics')).toMatchObject({ referenceMonthlySalaryCny: null, medianVsReferencePct: null });
    const mix = (s: string) => market.specialtyMix.find((x: { specialty: string }) => x.specialty === s);
    expect(mix('nlp')).toMatchObject({ count: 8, share: 0.6154, demandGrowthPct: 111 });
    expect(mix('robotics')).toMatchObject({ count: 1, demandGrowthPct: 76 });
    expect(mix('autonomous_driving')).toMatchObject({ count: 0, share: 0, demandGrowthPct: 50 });
    const city = (c: string) => market.cityMix.find((x: { city: string }) => x.city === c);
    expect(city('Beijing')).toMatchObject({
      count: 7,
      share: 0.5385,
      marketShareOfJobsPct: 20,
      marketRank: 1,
    });
    expect(city('Shenzhen')).toMatchObject({ count: 1, marketRank: 2, marketShareOfJobsPct: null });
    expect(city('Wuhan')).toMatchObject({ count: 1, marketRank: null });
  });

  it('serves the same report as a tidy CSV', async () => {
    const res = await t.http
      .get(`/api/v1/events/${event.id}/report`)
      .set(bearer(recruiter))
      .set('Accept', 'text/csv')
      .expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="report-${event.id}.csv"`);
    const rows: Record<string, string>[] = parse(res.text, { columns: true, bom: true });
    expect(Object.keys(rows[0])).toEqual(['section', 'key', 'metric', 'value']);
    const value = (section: string, key: string, metric: string) =>
      rows.find((r) => r.section === section && r.key === key && r.metric === metric)?.value;
    expect(value('event', event.id, 'title')).toBe('AI 人才招聘会 <2026> & "friends"');
    expect(value('totals', '', 'registrations')).toBe('13');
    expect(value('byStage', '', 'on_hold')).toBe('1');
    expect(value('funnel', '', 'funnel.routed.reached')).toBe('8');
    expect(value('funnel', '', 'funnel.routed.conversion')).toBe('0.6154');
    expect(value('byLane', 'fast_track', 'medianHoursToDecision')).toBe('4');
    expect(value('byLane', 'standard', 'writtenTest.passRate')).toBe('0.6');
    expect(value('bySpecialty', 'nlp', 'salary.median')).toBe('25000');
    expect(value('byCity', 'Beijing', 'count')).toBe('7');
    expect(value('byBusinessUnit', cv.id, 'slaBreaches')).toBe('1');
    expect(value('market.salary', 'deep_learning', 'medianVsReferencePct')).toBe('-20.1');
  });

  it('draws every chart as well-formed SVG, with the text escaped', async () => {
    for (const chart of ['funnel', 'lanes', 'cities', 'salary']) {
      const res = await t.http
        .get(`/api/v1/events/${event.id}/report.svg`)
        .query({ chart })
        .set(bearer(recruiter))
        .buffer(true)
        .parse((response, done) => {
          let data = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (data += chunk));
          response.on('end', () => done(null, data));
        })
        .expect(200);
      expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
      const svg = res.body as string;
      const errors: string[] = [];
      const doc = new DOMParser({
        onError: (level, message) => errors.push(`${level}: ${message}`),
      }).parseFromString(svg, 'image/svg+xml');
      expect(errors).toEqual([]);
      const root = doc.documentElement;
      expect(root?.nodeName).toBe('svg');
      expect(root?.getAttribute('viewBox')).toMatch(/^0 0 800 \d+$/);
      const title = doc.getElementsByTagName('title')[0]?.textContent ?? '';
      expect(title).toContain('AI 人才招聘会 <2026> & "friends"');
      expect(doc.getElementsByTagName('desc')[0]?.textContent).toBeTruthy();
    }
  });

  it('refuses an unknown chart, and another organization’s event', async () => {
    const bad = await t.http
      .get(`/api/v1/events/${event.id}/report.svg`)
      .query({ chart: 'pie' })
      .set(bearer(recruiter))
      .expect(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'chart' }] });
    await t.http.get(`/api/v1/events/${event.id}/report`).set(bearer(other.adminToken)).expect(404);
    await t.http
      .get(`/api/v1/events/${event.id}/report.svg?chart=funnel`)
      .set(bearer(other.adminToken))
      .expect(404);
    const missing = await t.http
      .get(`/api/v1/events/${randomUUID()}/report`)
      .set(bearer(recruiter))
      .expect(404);
    expect(missing.body.code).toBe('EVENT_NOT_FOUND');
    // The event itself still answers at its own route.
    await t.http.get(`/api/v1/events/${event.id}`).set(bearer(recruiter)).expect(200);
  });

  it('market benchmarks: defaults, replace, a bad table refused whole, per organization', async () => {
    const defaults = await t.http.get('/api/v1/market-benchmarks').set(bearer(recruiter)).expect(200);
    expect(defaults.body).toMatchObject({ defaults: true, updatedAt: null });
    expect(defaults.body.rows).toContainEqual({
      specialty: 'nlp',
      city: null,
      avgMonthlySalaryCny: 24007,
      demandGrowthPct: 111,
      shareOfJobsPct: null,
      cityRank: null,
      source: expect.stringContaining('Peking University'),
    });
    expect(defaults.body.rows).toHaveLength(10);

    const table = [
      {
        specialty: 'nlp',
        city: null,
        avgMonthlySalaryCny: 30000,
        demandGrowthPct: 90,
        source: 'Own survey 2026',
      },
      {
        specialty: 'nlp',
        city: 'Beijing',
        avgMonthlySalaryCny: 25000.5,
        demandGrowthPct: null,
        shareOfJobsPct: null,
        cityRank: null,
        source: 'Own survey 2026',
      },
      { specialty: 'ai_overall', city: 'Wuhan', shareOfJobsPct: 3.5, cityRank: 9, source: 'Own survey 2026' },
    ];
    const put = await t.http
      .put('/api/v1/market-benchmarks')
      .set(bearer(recruiter))
      .send({ rows: table })
      .expect(200);
    expect(put.body.defaults).toBe(false);
    expect(put.body.rows).toHaveLength(3);
    expect(put.body.rows[1]).toEqual({ ...table[1] });

    const bad = await t.http
      .put('/api/v1/market-benchmarks')
      .set(bearer(org.adminToken))
      .send({
        rows: [
          { specialty: 'nlp', city: null, avgMonthlySalaryCny: -1, source: 'x' },
          { specialty: 'cv', city: 'Beijing', source: 'x' },
          { specialty: 'nlp', city: 'BEIJING', avgMonthlySalaryCny: 1, source: 'x' },
          { specialty: 'nlp', city: 'beijing', avgMonthlySalaryCny: 1, source: 'x', extra: 1 },
          { specialty: 'dl', shareOfJobsPct: 120, source: '' },
        ],
      })
      .expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const fields = bad.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        '/rows/0/avgMonthlySalaryCny',
        '/rows/1',
        '/rows/3',
        '/rows/3/extra',
        '/rows/4/shareOfJobsPct',
        '/rows/4/source',
      ]),
    );
    await t.http.put('/api/v1/market-benchmarks').set(bearer(recruiter)).send([1]).expect(400);
    const after = await t.http.get('/api/v1/market-benchmarks').set(bearer(recruiter)).expect(200);
    expect(after.body.rows).toEqual(put.body.rows);

    // The report follows the organization's table: the Beijing row beats the national one for a Beijing fair.
    const { market } = await report();
    expect(market.defaults).toBe(false);
    expect(market.salary.find((s: { specialty: string }) => s.specialty === 'nlp')).toMatchObject({
      referenceMonthlySalaryCny: 25000.5,
    });
    expect(
      market.specialtyMix.find((s: { specialty: string }) => s.specialty === 'nlp').demandGrowthPct,
    ).toBe(null);
    expect(market.cityMix.find((c: { city: string }) => c.city === 'Wuhan')).toMatchObject({
      marketShareOfJobsPct: 3.5,
      marketRank: 9,
    });
    expect(market.itOverallMonthlySalaryCny).toBe(null);

    // Another organization still sees the defaults, and its own replacement leaves ours alone.
    const theirs = await t.http.get('/api/v1/market-benchmarks').set(bearer(other.adminToken)).expect(200);
    expect(theirs.body.defaults).toBe(true);
    await t.http
      .put('/api/v1/market-benchmarks')
      .set(bearer(other.adminToken))
      .send({ rows: [{ specialty: 'nlp', avgMonthlySalaryCny: 1, source: 'theirs' }] })
      .expect(200);
    const ours = await t.http.get('/api/v1/market-benchmarks').set(bearer(recruiter)).expect(200);
    expect(ours.body.rows).toEqual(put.body.rows);

    // An empty table restores the defaults.
    const reset = await t.http
      .put('/api/v1/market-benchmarks')
      .set(bearer(recruiter))
      .send({ rows: [] })
      .expect(200);
    expect(reset.body).toMatchObject({ defaults: true });
    expect(reset.body.rows).toHaveLength(10);
  });
});
