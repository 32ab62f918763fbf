import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { saveFile } from '../api';
import { api, ok } from '../api/client';
import { specialtyLabel, tOr } from '../i18n';
import { Link } from '../router';
import { Field, useLoad } from '../ui';
import { FairFrame, loadFair, loadUnits } from './fair-frame';
import { CKey, ct } from './i18n';
import type { operations } from '../api/schema';
import type { Fair, Page, Registration, TimelineEntry, Unit } from './types';
import { ConsolePage, Empty, Failure, Skeleton, errorText, formatInZone } from './ui';

const STATUSES = ['registered', 'waitlisted', 'withdrawn'];
const LANES = ['fast_track', 'standard'];
const STAGES = [
  'intake',
  'routed',
  'unrouted',
  'test_required',
  'test_passed',
  'test_failed',
  'advanced',
  'rejected',
  'on_hold',
  'interview_scheduled',
  'interviewed',
  'offer',
];
const PAGE = 50;

const stageLabel = (s: string) => tOr(`stage.${s}`, s.replace(/_/g, ' '));
const laneLabel = (l: string | null) => tOr(`lane.${l}`, l ?? '—');

interface Filters {
  status: string;
  lane: string;
  stage: string;
  businessUnitId: string;
  specialty: string;
  city: string;
  q: string;
}
type ListQuery = NonNullable<operations['RegistrationsController_list']['parameters']['query']>;

/** The filters set, as the route's query (the selects offer only the values the document allows). */
const queryOf = (filters: Filters): ListQuery =>
  Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== '')) as ListQuery;

const NO_FILTERS: Filters = {
  status: '',
  lane: '',
  stage: '',
  businessUnitId: '',
  specialty: '',
  city: '',
  q: '',
};

function Select({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: [string, string][];
  onChange: (v: string) => void;
}) {
  return (
    <label class="filter">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{ct('filter.all')}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
}

function List({ fair, units }: { fair: Fair; units: Unit[] }) {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [search, setSearch] = useState('');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [exporting, setExporting] = useState<unknown>(null);
  const cursor = cursors[cursors.length - 1];
  const { data, error, loading, reload } = useLoad(
    () =>
      ok<Page<Registration>>(
        api.GET('/api/v1/events/{id}/registrations', {
          params: {
            path: { id: fair.id },
            header: { accept: 'application/json' },
            query: { ...queryOf(filters), limit: PAGE, cursor: cursor ?? undefined },
          },
        }),
      ),
    [fair.id, JSON.stringify(filters), cursor],
  );
  const set = (key: keyof Filters, value: string) => {
    setFilters({ ...filters, [key]: value });
    setCursors([null]);
  };
  const exportCsv = async () => {
    setExporting(true);
    try {
      const blob = await ok<Blob>(
        api.GET('/api/v1/events/{id}/registrations', {
          params: { path: { id: fair.id }, header: { accept: 'text/csv' }, query: queryOf(filters) },
          parseAs: 'blob',
        }),
      );
      saveFile(blob, `registrations-${fair.slug}.csv`);
      setExporting(null);
    } catch (e) {
      setExporting(e);
    }
  };
  const unitName = (id: string | null) =>
    id ? (units.find((u) => u.id === id)?.name ?? id.slice(0, 8)) : '—';
  const filtered = Object.values(filters).some(Boolean);
  return (
    <>
      <form
        class="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          set('q', search.trim());
        }}
      >
        <label class="filter grow">
          <span>{ct('reg.search')}</span>
          <span class="search">
            <input
              type="search"
              value={search}
              placeholder={ct('reg.searchHint')}
              onInput={(e) => setSearch(e.currentTarget.value)}
            />
            <button type="submit">{ct('reg.searchGo')}</button>
          </span>
        </label>
        <Select
          label={ct('reg.status')}
          value={filters.status}
          onChange={(v) => set('status', v)}
          options={STATUSES.map((s) => [s, ct(`seat.${s}` as 'seat.registered')])}
        />
        <Select
          label={ct('reg.lane')}
          value={filters.lane}
          onChange={(v) => set('lane', v)}
          options={LANES.map((l) => [l, laneLabel(l)])}
        />
        <Select
          label={ct('reg.stage')}
          value={filters.stage}
          onChange={(v) => set('stage', v)}
          options={STAGES.map((s) => [s, stageLabel(s)])}
        />
        <Select
          label={ct('reg.unit')}
          value={filters.businessUnitId}
          onChange={(v) => set('businessUnitId', v)}
          options={units.map((u) => [u.id, u.name])}
        />
        <Select
          label={ct('reg.specialty')}
          value={filters.specialty}
          onChange={(v) => set('specialty', v)}
          options={fair.specialties.map((s) => [s, specialtyLabel(s)])}
        />
        <label class="filter">
          <span>{ct('reg.city')}</span>
          <input value={filters.city} onChange={(e) => set('city', e.currentTarget.value.trim())} />
        </label>
      </form>
      <div class="toolbar">
        <span class="muted">
          {data ? ct('reg.showing', { n: data.items.length, page: cursors.length }) : ''}
          {filtered && (
            <>
              {' · '}
              <button
                type="button"
                class="link"
                onClick={() => {
                  setFilters(NO_FILTERS);
                  setSearch('');
                  setCursors([null]);
                }}
              >
                {ct('reg.clear')}
              </button>
            </>
          )}
        </span>
        <button type="button" class="small" onClick={() => void exportCsv()} disabled={exporting === true}>
          ⤓ {ct('reg.export')}
        </button>
      </div>
      {exporting && exporting !== true ? <Failure error={exporting} /> : null}
      {error ? <Failure error={error} onRetry={reload} /> : null}
      {loading && !data && <Skeleton rows={6} />}
      {data && data.items.length === 0 && (
        <Empty title={filtered ? ct('reg.emptyFiltered') : ct('reg.empty')} />
      )}
      {data && data.items.length > 0 && (
        <div class={`table-wrap${loading ? ' stale' : ''}`}>
          <table class="list">
            <thead>
              <tr>
                <th>{ct('reg.candidate')}</th>
                <th class="hide-sm">{ct('reg.status')}</th>
                <th>{ct('reg.lane')}</th>
                <th>{ct('reg.stage')}</th>
                <th class="hide-sm">{ct('reg.unit')}</th>
                <th class="hide-sm">{ct('reg.registered')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link href={`/console/registrations/${r.id}`}>
                      {r.candidate.name ?? ct('reg.erased')}
                    </Link>
                    <span class="muted small block">
                      {[r.city, (r.specialties ?? []).map(specialtyLabel).join(', ')]
                        .filter(Boolean)
                        .join(' · ')}
                    </span>
                  </th>
                  <td class="hide-sm">
                    <span class={`badge ${r.status}`}>{ct(`seat.${r.status}` as 'seat.registered')}</span>
                  </td>
                  <td>
                    <span class={`badge ${r.lane ?? ''}`}>{laneLabel(r.lane)}</span>
                  </td>
                  <td>{stageLabel(r.stage)}</td>
                  <td class="hide-sm">{unitName(r.businessUnitId)}</td>
                  <td class="hide-sm">{formatInZone(r.createdAt, fair.timezone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="pager">
        <button
          type="button"
          disabled={cursors.length === 1}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          ← {ct('reg.prev')}
        </button>
        <button
          type="button"
          disabled={!data?.nextCursor}
          onClick={() => data?.nextCursor && setCursors([...cursors, data.nextCursor])}
        >
          {ct('reg.next')} →
        </button>
      </div>
    </>
  );
}

export function RegistrationsPage({ eventId }: { eventId: string }) {
  const units = useLoad(loadUnits, []);
  return (
    <FairFrame id={eventId} tab="registrations" title={() => ct('reg.title')}>
      {(fair) =>
        units.error ? (
          <Failure error={units.error} />
        ) : units.data ? (
          <List fair={fair} units={units.data} />
        ) : (
          <Skeleton />
        )
      }
    </FairFrame>
  );
}

// ----------------------------------------------------------------------------- one registration

function ActionForm({
  title,
  submitLabel,
  onSubmit,
  children,
}: {
  title: string;
  submitLabel: string;
  onSubmit: () => Promise<void>;
  children: ComponentChildren;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  return (
    <form
      class="panel action"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        setDone(false);
        try {
          await onSubmit();
          setDone(true);
        } catch (err) {
          setError(err);
        } finally {
          setBusy(false);
        }
      }}
    >
      <h3>{title}</h3>
      {children}
      {error ? <p class="msg">{errorText(error)}</p> : null}
      {done && (
        <p class="msg" role="status">
          {ct('common.saved')}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}

function Actions({
  reg,
  fair,
  units,
  reload,
}: {
  reg: Registration;
  fair: Fair;
  units: Unit[];
  reload: () => void;
}) {
  const [score, setScore] = useState(reg.writtenTestScore == null ? '' : String(reg.writtenTestScore));
  const [waiver, setWaiver] = useState<'granted' | 'denied'>(reg.waiver?.granted ? 'denied' : 'granted');
  const [waiverReason, setWaiverReason] = useState('');
  const [unit, setUnit] = useState(reg.businessUnitId ?? fair.businessUnitIds[0] ?? units[0]?.id ?? '');
  const [routeReason, setRouteReason] = useState('');
  const [outcome, setOutcome] = useState<'offer' | 'rejected'>('offer');
  const [notes, setNotes] = useState('');
  const id = reg.id;
  const after = async <T,>(p: Promise<T>) => {
    await p;
    reload();
  };
  return (
    <div class="action-grid">
      <ActionForm
        title={ct('reg.test')}
        submitLabel={ct('reg.testSave')}
        onSubmit={() =>
          after(
            ok(
              api.POST('/api/v1/registrations/{id}/written-test', {
                params: { path: { id } },
                body: { score: Number(score) },
              }),
            ),
          )
        }
      >
        <Field field="reg-score" label={ct('reg.score', { pass: fair.writtenTestPassScore ?? '—' })}>
          {(p) => (
            <input
              {...p}
              inputMode="decimal"
              required
              value={score}
              onInput={(e) => setScore(e.currentTarget.value)}
            />
          )}
        </Field>
      </ActionForm>
      <ActionForm
        title={ct('reg.waiver')}
        submitLabel={ct('reg.waiverSave')}
        onSubmit={() =>
          after(
            ok(
              api.POST('/api/v1/registrations/{id}/waiver', {
                params: { path: { id } },
                body: { decision: waiver, reason: waiverReason.trim() },
              }),
            ),
          )
        }
      >
        <label class="check">
          <input
            type="radio"
            name="waiver"
            checked={waiver === 'granted'}
            onChange={() => setWaiver('granted')}
          />{' '}
          {ct('reg.grant')}
        </label>
        <label class="check">
          <input
            type="radio"
            name="waiver"
            checked={waiver === 'denied'}
            onChange={() => setWaiver('denied')}
          />{' '}
          {ct('reg.deny')}
        </label>
        <Field field="reg-waiver-reason" label={ct('reg.reason')}>
          {(p) => (
            <input
              {...p}
              required
              value={waiverReason}
              onInput={(e) => setWaiverReason(e.currentTarget.value)}
            />
          )}
        </Field>
      </ActionForm>
      <ActionForm
        title={ct('reg.route')}
        submitLabel={ct('reg.routeSave')}
        onSubmit={() =>
          after(
            ok(
              api.POST('/api/v1/registrations/{id}/route', {
                params: { path: { id } },
                body: { businessUnitId: unit, reason: routeReason.trim() },
              }),
            ),
          )
        }
      >
        <Field field="reg-unit" label={ct('reg.unit')}>
          {(p) => (
            <select {...p} value={unit} onChange={(e) => setUnit(e.currentTarget.value)}>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field field="reg-route-reason" label={ct('reg.reason')}>
          {(p) => (
            <input
              {...p}
              required
              value={routeReason}
              onInput={(e) => setRouteReason(e.currentTarget.value)}
            />
          )}
        </Field>
      </ActionForm>
      <ActionForm
        title={ct('reg.outcome')}
        submitLabel={ct('reg.outcomeSave')}
        onSubmit={() =>
          after(
            ok(
              api.POST('/api/v1/registrations/{id}/outcome', {
                params: { path: { id } },
                body: { outcome: outcome as never, notes: notes.trim() },
              }),
            ),
          )
        }
      >
        <label class="check">
          <input
            type="radio"
            name="outcome"
            checked={outcome === 'offer'}
            onChange={() => setOutcome('offer')}
          />{' '}
          {stageLabel('offer')}
        </label>
        <label class="check">
          <input
            type="radio"
            name="outcome"
            checked={outcome === 'rejected'}
            onChange={() => setOutcome('rejected')}
          />{' '}
          {stageLabel('rejected')}
        </label>
        <Field field="reg-notes" label={ct('reg.notes')}>
          {(p) => <textarea {...p} rows={2} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />}
        </Field>
      </ActionForm>
    </div>
  );
}

interface FullRegistration extends Registration {
  timeline: TimelineEntry[];
}

function changeLabel(field: string | undefined, value: string | null, units: Unit[]): string {
  if (value === null) return '—';
  if (field === 'lane') return laneLabel(value);
  if (field === 'status') return ct(`seat.${value}` as 'seat.registered');
  if (field === 'businessUnitId') return units.find((u) => u.id === value)?.name ?? value.slice(0, 8);
  return stageLabel(value);
}

const FIELD_LABELS: Record<string, CKey> = {
  lane: 'reg.lane',
  status: 'reg.status',
  businessUnitId: 'reg.unit',
};
const fieldLabel = (field: string | undefined): string => ct(FIELD_LABELS[field ?? ''] ?? 'reg.stage');

export function RegistrationPage({ id }: { id: string }) {
  const { data, error, reload } = useLoad(async () => {
    const reg = await ok<FullRegistration>(
      api.GET('/api/v1/registrations/{id}', { params: { path: { id } } }),
    );
    const [fair, units] = await Promise.all([loadFair(reg.eventId), loadUnits()]);
    return { reg, fair, units };
  }, [id]);
  if (error) return <Failure error={error} onRetry={reload} />;
  if (!data) return <Skeleton rows={8} />;
  const { reg, fair, units } = data;
  const zone = fair.timezone;
  return (
    <ConsolePage
      title={reg.candidate.name ?? ct('reg.erased')}
      crumbs={[
        { href: '/console/fairs', label: ct('nav.fairs') },
        { href: `/console/fairs/${fair.id}/registrations`, label: fair.title },
      ]}
    >
      <p class="subhead">
        <span class={`badge ${reg.status}`}>{ct(`seat.${reg.status}` as 'seat.registered')}</span>{' '}
        <span class={`badge ${reg.lane ?? ''}`}>{laneLabel(reg.lane)}</span>{' '}
        <span class="badge">{stageLabel(reg.stage)}</span>
      </p>
      <div class="columns">
        <section>
          <h2>{ct('reg.facts')}</h2>
          <dl class="facts">
            <dt>{ct('field.email')}</dt>
            <dd>{reg.candidate.email ?? '—'}</dd>
            <dt>{ct('reg.city')}</dt>
            <dd>{reg.city ?? '—'}</dd>
            <dt>{ct('reg.specialty')}</dt>
            <dd>{(reg.specialties ?? []).map(specialtyLabel).join(', ') || '—'}</dd>
            <dt>{ct('field.degree')}</dt>
            <dd>{reg.degree ? ct(`degree.${reg.degree}` as 'degree.phd') : '—'}</dd>
            <dt>{ct('field.yearsOfExperience')}</dt>
            <dd>{reg.yearsOfExperience ?? '—'}</dd>
            <dt>{ct('reg.waiverState')}</dt>
            <dd>
              {reg.waiver
                ? `${reg.waiver.granted ? ct('reg.granted') : ct('reg.denied')}${reg.waiver.rule ? ` · ${reg.waiver.rule}` : ''}`
                : '—'}
            </dd>
            <dt>{ct('reg.testScore')}</dt>
            <dd>{reg.writtenTestScore ?? '—'}</dd>
            <dt>{ct('reg.unit')}</dt>
            <dd>
              {reg.businessUnitId ? (units.find((u) => u.id === reg.businessUnitId)?.name ?? '—') : '—'}
            </dd>
            <dt>{ct('reg.sla')}</dt>
            <dd>{formatInZone(reg.slaDueAt, zone)}</dd>
            <dt>{ct('reg.checkedIn')}</dt>
            <dd>{formatInZone(reg.checkedInAt, zone)}</dd>
            <dt>{ct('reg.interview')}</dt>
            <dd>
              {reg.interview
                ? `${formatInZone(reg.interview.startsAt, zone)} (${reg.interview.status})`
                : '—'}
            </dd>
          </dl>
        </section>
        <section>
          <h2>{ct('reg.timeline')}</h2>
          {reg.timeline.length === 0 ? (
            <p class="muted">—</p>
          ) : (
            <ol class="timeline">
              {reg.timeline.map((e, i) => (
                <li key={i}>
                  <time dateTime={e.at}>{formatInZone(e.at, zone)}</time>{' '}
                  <span class="muted">{fieldLabel(e.field)}:</span>{' '}
                  <strong>
                    {changeLabel(e.field, e.from, units)} → {changeLabel(e.field, e.to, units)}
                  </strong>
                  {e.reason && <span class="muted"> · {e.reason}</span>}
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
      <h2>{ct('reg.actions')}</h2>
      <Actions reg={reg} fair={fair} units={units} reload={reload} />
    </ConsolePage>
  );
}
