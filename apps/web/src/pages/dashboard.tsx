import { useEffect, useRef, useState } from 'preact/hooks';
import { isRecruiter, staffApi } from '../api';
import { errorText, formatDate, t, tOr } from '../i18n';
import { Link, navigate } from '../router';
import { ErrorNote, Field, Loading, Page, useLoad } from '../ui';
import { useStaff } from './staff';

interface LaneFigures {
  totals?: Record<string, number>;
  byStage?: Record<string, number>;
  medianHoursToDecision?: number | null;
  medianHoursToInterview?: number | null;
}

/** The contract's Report shape. */
interface Report {
  eventId: string;
  totals: {
    registrations: number;
    registered: number;
    waitlisted: number;
    withdrawn: number;
    checkedIn: number;
  };
  byStage: Record<string, number>;
  funnel: { stage: string; reached: number }[];
  byLane: { fast_track: LaneFigures; standard: LaneFigures };
  bySpecialty: { specialty: string; count: number }[];
  byCity: { city: string; count: number }[];
  byBusinessUnit: { businessUnitId: string; name: string; count: number; slaBreaches: number }[];
}

interface StaffEvent {
  id: string;
  title: string;
  city: string;
  startsAt: string;
  timezone: string;
  status: string;
}

type Chart = 'funnel' | 'lanes' | 'cities' | 'salary';
const CHART_TITLE: Record<Chart, 'dash.funnel' | 'dash.lanes' | 'dash.cities' | 'dash.salary'> = {
  funnel: 'dash.funnel',
  lanes: 'dash.lanes',
  cities: 'dash.cities',
  salary: 'dash.salary',
};

/** Parses the SVG, drops anything active (scripts, event handlers, foreign objects, links), keeps the drawing. */
function cleanSvg(text: string): SVGSVGElement | null {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const svg = doc.documentElement;
  if (svg.nodeName !== 'svg' || doc.querySelector('parsererror')) return null;
  svg.querySelectorAll('script, foreignObject, a, iframe').forEach((el) => el.remove());
  for (const el of [svg, ...Array.from(svg.querySelectorAll('*'))]) {
    for (const attr of Array.from(el.attributes)) {
      if (/^on/i.test(attr.name) || /href$/i.test(attr.name)) el.removeAttribute(attr.name);
    }
  }
  svg.setAttribute('role', 'img');
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  return document.importNode(svg, true) as unknown as SVGSVGElement;
}

/** Fetched with the bearer token (an <img> could not send it) and inlined. */
function SvgChart({ eventId, chart }: { eventId: string; chart: Chart }) {
  const box = useRef<HTMLDivElement>(null);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    let live = true;
    setMissing(false);
    staffApi<string>(`events/${eventId}/report.svg?chart=${chart}`, {
      as: 'text',
      headers: { accept: 'image/svg+xml' },
    })
      .then((text) => {
        const svg = live ? cleanSvg(text) : null;
        if (!live || !box.current) return;
        if (!svg) return setMissing(true);
        if (!svg.querySelector('title')) svg.setAttribute('aria-label', t(CHART_TITLE[chart]));
        box.current.replaceChildren(svg);
      })
      .catch(() => live && setMissing(true));
    return () => {
      live = false;
    };
  }, [eventId, chart]);
  return (
    <figure class="chart">
      <figcaption>{t(CHART_TITLE[chart])}</figcaption>
      <div ref={box} data-chart={chart} />
      {missing && <p class="muted">{t('dash.noChart')}</p>}
    </figure>
  );
}

const hours = (h: number | null | undefined): string =>
  h === null || h === undefined ? t('common.none') : h.toFixed(1);

export function DashboardPage({ eventId }: { eventId?: string }) {
  const who = useStaff();
  const events = useLoad(
    () =>
      who && isRecruiter(who)
        ? staffApi<{ items: StaffEvent[] }>('events?limit=200')
        : Promise.resolve(undefined),
    [who?.user.id],
  );
  const chosen = eventId ?? events.data?.items[0]?.id;
  const report = useLoad(
    () =>
      chosen && who && isRecruiter(who)
        ? staffApi<Report>(`events/${chosen}/report`)
        : Promise.resolve(undefined),
    [chosen, who?.user.id],
  );
  if (!who) return <Loading />;
  if (!isRecruiter(who))
    return (
      <Page title={t('dash.title')}>
        <p class="notice">{t('dash.forbidden')}</p>
        <p>
          <Link href="/review">{t('nav.review')}</Link>
        </p>
      </Page>
    );
  const r = report.data;
  return (
    <Page title={t('dash.title')}>
      <p class="lead">{t('dash.intro')}</p>
      {events.error ? <ErrorNote error={events.error} onRetry={events.reload} /> : null}
      {events.data && (
        <Field field="dash-event" label={t('dash.chooseEvent')}>
          {(p) => (
            <select {...p} value={chosen} onChange={(e) => navigate(`/dashboard/${e.currentTarget.value}`)}>
              {events.data?.items.map((e) => (
                <option value={e.id} key={e.id}>
                  {e.title} · {e.city} · {formatDate(e.startsAt, e.timezone)} ({e.status})
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {report.loading && chosen && <Loading />}
      {report.error ? (
        <p class="notice error" role="alert">
          {t('dash.noReport', { message: errorText(report.error) })}
        </p>
      ) : null}
      {r && chosen && (
        <>
          <section class="panel" aria-labelledby="d-totals">
            <h2 id="d-totals">{t('dash.totals')}</h2>
            <ul class="figures">
              {(['registrations', 'registered', 'waitlisted', 'withdrawn', 'checkedIn'] as const).map((k) => (
                <li key={k}>
                  <strong>{r.totals[k]}</strong> <span>{t(`dash.${k}`)}</span>
                </li>
              ))}
            </ul>
          </section>
          <section class="panel" aria-labelledby="d-funnel">
            <h2 id="d-funnel">{t('dash.funnel')}</h2>
            <div class="with-chart">
              <table>
                <caption class="sr-only">{t('dash.funnel')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('dash.stage')}</th>
                    <th scope="col">{t('dash.reached')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.funnel.map((f) => (
                    <tr key={f.stage}>
                      <th scope="row">{tOr(`stage.${f.stage}`, f.stage)}</th>
                      <td>{f.reached}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <SvgChart eventId={chosen} chart="funnel" />
            </div>
          </section>
          <section class="panel" aria-labelledby="d-lanes">
            <h2 id="d-lanes">{t('dash.lanes')}</h2>
            <div class="with-chart">
              <table>
                <caption class="sr-only">{t('dash.lanes')}</caption>
                <thead>
                  <tr>
                    <th scope="col" />
                    <th scope="col">{t('lane.fast_track')}</th>
                    <th scope="col">{t('lane.standard')}</th>
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <th scope="row">{t('dash.registrations')}</th>
                    <td>{r.byLane.fast_track?.totals?.registrations ?? t('common.none')}</td>
                    <td>{r.byLane.standard?.totals?.registrations ?? t('common.none')}</td>
                  </tr>
                  <tr>
                    <th scope="row">{t('dash.medianDecision')}</th>
                    <td>{hours(r.byLane.fast_track?.medianHoursToDecision)}</td>
                    <td>{hours(r.byLane.standard?.medianHoursToDecision)}</td>
                  </tr>
                  <tr>
                    <th scope="row">{t('dash.medianInterview')}</th>
                    <td>{hours(r.byLane.fast_track?.medianHoursToInterview)}</td>
                    <td>{hours(r.byLane.standard?.medianHoursToInterview)}</td>
                  </tr>
                </tbody>
              </table>
              <SvgChart eventId={chosen} chart="lanes" />
            </div>
          </section>
          <section class="panel" aria-labelledby="d-units">
            <h2 id="d-units">{t('dash.units')}</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('dash.unit')}</th>
                  <th scope="col">{t('dash.count')}</th>
                  <th scope="col">{t('dash.breaches')}</th>
                </tr>
              </thead>
              <tbody>
                {r.byBusinessUnit.map((u) => (
                  <tr key={u.businessUnitId} class={u.slaBreaches > 0 ? 'breached' : ''}>
                    <th scope="row">{u.name}</th>
                    <td>{u.count}</td>
                    <td>
                      {u.slaBreaches > 0 ? (
                        <span class="badge breached">{u.slaBreaches}</span>
                      ) : (
                        u.slaBreaches
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <div class="charts">
            <SvgChart eventId={chosen} chart="cities" />
            <SvgChart eventId={chosen} chart="salary" />
          </div>
        </>
      )}
      <section class="panel" aria-labelledby="d-links">
        <h2 id="d-links">{t('dash.links')}</h2>
        <ul>
          <li>
            <a href="/docs">{t('dash.docs')}</a>
          </li>
          <li>
            <a href="/admin/queues">{t('dash.queues')}</a>
          </li>
        </ul>
      </section>
    </Page>
  );
}
