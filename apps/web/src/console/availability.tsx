import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { DateTime } from 'luxon';
import { ApiError, Me, isRecruiter } from '../api';
import { api, ok } from '../api/client';
import { lang } from '../i18n';
import { Link } from '../router';
import { useLoad } from '../ui';
import { FairFrame, loadFair, loadUnits } from './fair-frame';
import { ct } from './i18n';
import type { Fair, Page, Slot, StaffUser } from './types';
import { ConsolePage, Empty, Failure, Skeleton } from './ui';

const STEP_MIN = 30;
const FIRST_HOUR = 7;
const LAST_HOUR = 21;
const ROWS = ((LAST_HOUR - FIRST_HOUR) * 60) / STEP_MIN;

/** Slots as the set of half-hour cells they cover (start instants in ms). */
function cellsOf(slots: Slot[]): Set<number> {
  const cells = new Set<number>();
  const step = STEP_MIN * 60_000;
  for (const s of slots) {
    const end = Date.parse(s.endsAt);
    for (let t = Math.floor(Date.parse(s.startsAt) / step) * step; t < end; t += step) cells.add(t);
  }
  return cells;
}

/** Consecutive cells merged back into windows. */
function slotsOf(cells: Set<number>, zone: string): Slot[] {
  const step = STEP_MIN * 60_000;
  const sorted = [...cells].sort((a, b) => a - b);
  const out: Slot[] = [];
  let start: number | null = null;
  let prev = 0;
  const iso = (ms: number) =>
    DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }) as string;
  for (const t of sorted) {
    if (start === null) start = t;
    else if (t !== prev + step) {
      out.push({ startsAt: iso(start), endsAt: iso(prev + step) });
      start = t;
    }
    prev = t;
  }
  if (start !== null) out.push({ startsAt: iso(start), endsAt: iso(prev + step) });
  return out;
}

function WeekGrid({ fair, interviewerId, self }: { fair: Fair; interviewerId: string; self: boolean }) {
  const zone = fair.timezone;
  const [weekStart, setWeekStart] = useState(() => DateTime.fromISO(fair.startsAt, { zone }).startOf('day'));
  const [cells, setCells] = useState<Set<number> | null>(null);
  const [missing, setMissing] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [paint, setPaint] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  useEffect(() => {
    setCells(null);
    setMissing(false);
    setLoadError(null);
    ok<{ slots: Slot[] }>(
      api.GET('/api/v1/events/{id}/availability', {
        params: { path: { id: fair.id }, query: self ? {} : { interviewerId } },
      }),
    ).then(
      (r) => setCells(cellsOf(r.slots)),
      (e: unknown) => {
        // Before the server can read windows back, the grid starts empty and saving replaces them.
        if (e instanceof ApiError && e.status === 404 && e.code !== 'EVENT_NOT_FOUND') {
          setMissing(true);
          setCells(new Set());
        } else setLoadError(e);
      },
    );
  }, [fair.id, interviewerId]);
  useEffect(() => {
    const stop = () => setPaint(null);
    window.addEventListener('pointerup', stop);
    return () => window.removeEventListener('pointerup', stop);
  }, []);
  if (loadError) return <Failure error={loadError} />;
  if (!cells) return <Skeleton rows={6} />;
  const days = Array.from({ length: 7 }, (_, i) => weekStart.plus({ days: i }));
  const locale = lang() === 'zh' ? 'zh-CN' : 'en-GB';
  const set = (t: number, on: boolean) => {
    const next = new Set(cells);
    if (on) next.add(t);
    else next.delete(t);
    setCells(next);
    setSaved(false);
  };
  const save = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await ok(
        api.PUT('/api/v1/events/{id}/availability', {
          params: { path: { id: fair.id } },
          body: { slots: slotsOf(cells, zone), ...(self ? {} : { interviewerId }) },
        }),
      );
      setSaved(true);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  const total = (cells.size * STEP_MIN) / 60;
  return (
    <div>
      {missing && (
        <p class="notice" role="status">
          {ct('avail.cannotLoad')}
        </p>
      )}
      <div class="toolbar">
        <button type="button" class="small" onClick={() => setWeekStart(weekStart.minus({ weeks: 1 }))}>
          ← {ct('avail.prev')}
        </button>
        <strong>
          {weekStart.setLocale(locale).toLocaleString(DateTime.DATE_MED)} –{' '}
          {weekStart.plus({ days: 6 }).setLocale(locale).toLocaleString(DateTime.DATE_MED)}
        </strong>
        <button type="button" class="small" onClick={() => setWeekStart(weekStart.plus({ weeks: 1 }))}>
          {ct('avail.next')} →
        </button>
        <span class="muted small">{ct('avail.zone', { zone })}</span>
      </div>
      <div class="week-wrap">
        <table class="week" aria-label={ct('avail.grid')} onPointerLeave={() => setPaint(null)}>
          <thead>
            <tr>
              <th scope="col">
                <span class="sr-only">{ct('avail.time')}</span>
              </th>
              {days.map((d) => (
                <th scope="col" key={d.toISODate()}>
                  <span class="dow">{d.setLocale(locale).toFormat('ccc')}</span>
                  <span class="dom">{d.setLocale(locale).toFormat('d MMM')}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: ROWS }, (_, row) => {
              const minutes = FIRST_HOUR * 60 + row * STEP_MIN;
              const label = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
              return (
                <tr key={row} class={minutes % 60 === 0 ? 'hour' : ''}>
                  <th scope="row">{minutes % 60 === 0 ? label : ''}</th>
                  {days.map((d) => {
                    const t = d.plus({ minutes }).toMillis();
                    const on = cells.has(t);
                    return (
                      <td key={t}>
                        <button
                          type="button"
                          class="cell"
                          aria-pressed={on}
                          aria-label={`${d.setLocale(locale).toFormat('ccc d MMM')} ${label}`}
                          onPointerDown={(e) => {
                            e.preventDefault();
                            setPaint(!on);
                            set(t, !on);
                          }}
                          onPointerEnter={() => paint !== null && on !== paint && set(t, paint)}
                          onKeyDown={(e) => {
                            if (e.key === 'Enter' || e.key === ' ') {
                              e.preventDefault();
                              set(t, !on);
                            }
                          }}
                        />
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div class="actions">
        <button type="button" class="primary" onClick={() => void save()} disabled={busy}>
          {ct('avail.save')}
        </button>
        <button
          type="button"
          onClick={() => {
            setCells(new Set());
            setSaved(false);
          }}
        >
          {ct('avail.clear')}
        </button>
        <span class="muted">{ct('avail.total', { hours: total })}</span>
      </div>
      {saved && (
        <p class="notice ok" role="status">
          {ct('avail.saved')}
        </p>
      )}
      {failure ? <Failure error={failure} /> : null}
    </div>
  );
}

/** The interviewers of the fair's units (recruiters read unit members; org admins could list all users). */
async function loadInterviewers(fair: Fair): Promise<StaffUser[]> {
  const units = await loadUnits();
  const ids = fair.businessUnitIds.length ? fair.businessUnitIds : units.map((u) => u.id);
  const pages = await Promise.all(
    ids.map((id) =>
      ok<Page<StaffUser>>(
        api.GET('/api/v1/business-units/{id}/members', { params: { path: { id }, query: { limit: 200 } } }),
      ),
    ),
  );
  const byId = new Map<string, StaffUser>();
  for (const p of pages) for (const u of p.items) if (u.roles.includes('interviewer')) byId.set(u.id, u);
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function RecruiterView({ fair }: { fair: Fair }) {
  const { data, error, reload } = useLoad(() => loadInterviewers(fair), [fair.id]);
  const [chosen, setChosen] = useState<string | null>(null);
  if (error) return <Failure error={error} onRetry={reload} />;
  if (!data) return <Skeleton rows={4} />;
  if (data.length === 0)
    return (
      <Empty title={ct('avail.noInterviewers')}>
        <Link href="/console/staff">{ct('avail.addInterviewer')}</Link>
      </Empty>
    );
  const current = chosen ?? data[0].id;
  return (
    <>
      <label class="inline-field">
        {ct('avail.interviewer')}{' '}
        <select value={current} onChange={(e) => setChosen(e.currentTarget.value)}>
          {data.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name} · {u.specialties.join(', ') || '—'}
            </option>
          ))}
        </select>
      </label>
      <WeekGrid key={current} fair={fair} interviewerId={current} self={false} />
    </>
  );
}

export function AvailabilityPage({ eventId, who }: { eventId: string; who: Me }) {
  const intro = <p class="lead">{ct('avail.intro')}</p>;
  if (isRecruiter(who))
    return (
      <FairFrame id={eventId} tab="availability" title={() => ct('avail.title')}>
        {(fair) => (
          <>
            {intro}
            <RecruiterView fair={fair} />
          </>
        )}
      </FairFrame>
    );
  return <OwnAvailability eventId={eventId} who={who} intro={intro} />;
}

/** Interviewers may not read events as staff: their fair's zone and dates come from its public listing. */
async function fairForInterviewer(eventId: string): Promise<Fair> {
  try {
    return await loadFair(eventId);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 403) throw error;
    const list = await ok<Page<Fair>>(
      api.GET('/api/v1/public/events', { params: { query: { limit: 200 } } }),
    );
    const fair = list.items.find((f) => f.id === eventId);
    if (!fair)
      throw new ApiError(404, { statusCode: 404, code: 'EVENT_NOT_FOUND', message: 'Event not found' });
    return fair;
  }
}

function OwnAvailability({ eventId, who, intro }: { eventId: string; who: Me; intro: JSX.Element }) {
  const { data, error } = useLoad(() => fairForInterviewer(eventId), [eventId]);
  return (
    <ConsolePage title={ct('avail.mine')}>
      {intro}
      {error ? <Failure error={error} /> : null}
      {data ? <WeekGrid fair={data} interviewerId={who.user.id} self /> : !error && <Skeleton rows={6} />}
    </ConsolePage>
  );
}
