import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { api, ok } from '../api/client';
import type { components } from '../api/schema';
import { lang, specialtyLabel } from '../i18n';
import { Link, navigate } from '../router';
import { Field, useLoad } from '../ui';
import { FairFrame, loadUnits } from './fair-frame';
import { CKey, ct } from './i18n';
import type { EventStatus, Fair, Page, Unit } from './types';
import {
  Confirm,
  ConsolePage,
  Empty,
  Failure,
  Skeleton,
  StatusBadge,
  ZonedInput,
  formatInZone,
  fromZoneInput,
  toZoneInput,
  validZone,
} from './ui';

const ZONES: string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Singapore', 'Europe/London', 'America/New_York', 'UTC'];
  }
})();

export function FairsPage() {
  const [status, setStatus] = useState<EventStatus | ''>('');
  const { data, error, loading, reload } = useLoad(
    () =>
      ok<Page<Fair>>(
        api.GET('/api/v1/events', { params: { query: { limit: 200, status: status || undefined } } }),
      ),
    [status],
  );
  return (
    <ConsolePage
      title={ct('fairs.title')}
      actions={
        <Link class="button primary" href="/console/fairs/new">
          {ct('fairs.new')}
        </Link>
      }
    >
      <div class="filters">
        <label>
          {ct('filter.status')}{' '}
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value as EventStatus | '')}>
            <option value="">{ct('filter.all')}</option>
            {(['draft', 'published', 'closed', 'completed', 'cancelled'] as const).map((s) => (
              <option key={s} value={s}>
                {ct(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error ? <Failure error={error} onRetry={reload} /> : null}
      {loading && !data && <Skeleton />}
      {data && data.items.length === 0 && (
        <Empty title={status ? ct('fairs.emptyFiltered') : ct('fairs.empty')}>
          {!status && (
            <Link class="button primary" href="/console/fairs/new">
              {ct('fairs.new')}
            </Link>
          )}
        </Empty>
      )}
      {data && data.items.length > 0 && (
        <div class="table-wrap">
          <table class="list">
            <thead>
              <tr>
                <th>{ct('fair.title')}</th>
                <th>{ct('filter.status')}</th>
                <th>{ct('fair.when')}</th>
                <th class="hide-sm">{ct('fair.where')}</th>
                <th class="num hide-sm">{ct('fair.capacity')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((f) => (
                <tr key={f.id}>
                  <th scope="row">
                    <Link href={`/console/fairs/${f.id}`}>{f.title}</Link>
                    <span class="muted small block">{f.slug}</span>
                  </th>
                  <td>
                    <StatusBadge status={f.status} />
                  </td>
                  <td>{formatInZone(f.startsAt, f.timezone)}</td>
                  <td class="hide-sm">{f.online ? ct('fair.online') : f.city}</td>
                  <td class="num hide-sm">{f.capacity}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </ConsolePage>
  );
}

// ----------------------------------------------------------------------------- the form

interface Draft {
  title: string;
  slug: string;
  city: string;
  venue: string;
  online: boolean;
  timezone: string;
  locale: string;
  startsAt: string;
  endsAt: string;
  registrationOpensAt: string;
  registrationClosesAt: string;
  capacity: string;
  specialties: string;
  businessUnitIds: string[];
  writtenTestPassScore: string;
  interviewMinutes: string;
  bufferMinutes: string;
  autoSchedule: boolean;
}

const TIMES = ['startsAt', 'endsAt', 'registrationOpensAt', 'registrationClosesAt'] as const;

function draftOf(fair: Fair | null): Draft {
  const zone = fair?.timezone ?? 'Asia/Shanghai';
  return {
    title: fair?.title ?? '',
    slug: fair?.slug ?? '',
    city: fair?.city ?? '',
    venue: fair?.venue ?? '',
    online: fair?.online ?? false,
    timezone: zone,
    locale: fair?.locale ?? lang(),
    startsAt: toZoneInput(fair?.startsAt, zone),
    endsAt: toZoneInput(fair?.endsAt, zone),
    registrationOpensAt: toZoneInput(fair?.registrationOpensAt, zone),
    registrationClosesAt: toZoneInput(fair?.registrationClosesAt, zone),
    capacity: fair ? String(fair.capacity) : '100',
    specialties: fair?.specialties.join(', ') ?? '',
    businessUnitIds: fair?.businessUnitIds ?? [],
    writtenTestPassScore: fair?.writtenTestPassScore == null ? '' : String(fair.writtenTestPassScore),
    interviewMinutes: String(fair?.interviewMinutes ?? 45),
    bufferMinutes: String(fair?.bufferMinutes ?? 0),
    autoSchedule: fair?.autoSchedule ?? true,
  };
}

const slugify = (title: string): string =>
  title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);

const splitList = (text: string): string[] => [
  ...new Set(
    text
      .split(/[,，\n]/)
      .map((s) => s.trim().toLowerCase().replace(/\s+/g, '_'))
      .filter(Boolean),
  ),
];

/** Local checks that the server would make too, said in the page's language before a round trip. */
function checkDraft(d: Draft): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!d.title.trim()) problems.title = ct('check.required');
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(d.slug)) problems.slug = ct('check.slug');
  if (!d.city.trim()) problems.city = ct('check.required');
  if (!validZone(d.timezone)) problems.timezone = ct('check.zone');
  for (const key of TIMES) if (!fromZoneInput(d[key], d.timezone)) problems[key] = ct('check.required');
  const before = (a: string, b: string) =>
    (fromZoneInput(a, d.timezone) ?? '') < (fromZoneInput(b, d.timezone) ?? '');
  if (!problems.endsAt && !before(d.startsAt, d.endsAt)) problems.endsAt = ct('check.endAfterStart');
  if (!problems.registrationClosesAt && !before(d.registrationOpensAt, d.registrationClosesAt))
    problems.registrationClosesAt = ct('check.closeAfterOpen');
  if (!/^\d+$/.test(d.capacity)) problems.capacity = ct('check.wholeNumber');
  if (d.writtenTestPassScore && !(Number(d.writtenTestPassScore) >= 0))
    problems.writtenTestPassScore = ct('check.number');
  if (!/^\d+$/.test(d.interviewMinutes) || Number(d.interviewMinutes) < 5)
    problems.interviewMinutes = ct('check.minutes');
  if (!/^\d+$/.test(d.bufferMinutes)) problems.bufferMinutes = ct('check.wholeNumber');
  return problems;
}

type EventBody = components['schemas']['CreateEventDto'] & { autoSchedule?: boolean };

function bodyOf(d: Draft, original: Fair | null): EventBody {
  const at = (key: (typeof TIMES)[number]) => fromZoneInput(d[key], d.timezone) as string;
  const body: EventBody = {
    title: d.title.trim(),
    slug: d.slug,
    city: d.city.trim(),
    venue: d.venue.trim() || null,
    online: d.online,
    timezone: d.timezone,
    locale: d.locale,
    capacity: Number(d.capacity),
    specialties: splitList(d.specialties),
    businessUnitIds: d.businessUnitIds,
    writtenTestPassScore: d.writtenTestPassScore === '' ? null : Number(d.writtenTestPassScore),
    interviewMinutes: Number(d.interviewMinutes),
    bufferMinutes: Number(d.bufferMinutes),
    startsAt: at('startsAt'),
    endsAt: at('endsAt'),
    registrationOpensAt: at('registrationOpensAt'),
    registrationClosesAt: at('registrationClosesAt'),
  };
  // Sent only when changed: the contract's default is on.
  if (d.autoSchedule !== (original?.autoSchedule ?? true)) body.autoSchedule = d.autoSchedule;
  return body;
}

function FairForm({
  fair,
  units,
  onSaved,
}: {
  fair: Fair | null;
  units: Unit[];
  onSaved: (fair: Fair) => void;
}) {
  const [d, setD] = useState<Draft>(() => draftOf(fair));
  const [slugTouched, setSlugTouched] = useState(!!fair);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setD((prev) => ({ ...prev, [key]: value }));
  /** Times keep their wall-clock values when the zone changes: "09:00" stays 09:00 in the new zone. */
  const submit = async (e: Event) => {
    e.preventDefault();
    const local = checkDraft(d);
    setProblems(local);
    setFailure(null);
    if (Object.keys(local).length > 0) {
      document.getElementById(`f-fair-${Object.keys(local)[0]}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const body = bodyOf(d, fair);
      const saved = fair
        ? await ok<Fair>(api.PATCH('/api/v1/events/{id}', { params: { path: { id: fair.id } }, body }))
        : await ok<Fair>(api.POST('/api/v1/events', { body }));
      onSaved(saved);
    } catch (error) {
      const details = error instanceof ApiError ? (error.body.details ?? []) : [];
      if (details.length > 0) {
        setProblems(
          Object.fromEntries(
            details.map((x) => [x.field, lang() === 'en' ? x.messages.join('; ') : ct('check.invalid')]),
          ),
        );
      }
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  const text = (key: keyof Draft, label: string, props: Record<string, unknown> = {}, hint?: string) => (
    <Field field={`fair-${key}`} label={label} error={problems[key]} hint={hint}>
      {(p) => (
        <input
          {...p}
          {...props}
          value={d[key] as string}
          onInput={(e) => {
            const value = e.currentTarget.value;
            set(key, value as never);
            if (key === 'title' && !slugTouched) set('slug', slugify(value));
            if (key === 'slug') setSlugTouched(true);
          }}
        />
      )}
    </Field>
  );
  const time = (key: (typeof TIMES)[number], label: string) => (
    <Field field={`fair-${key}`} label={label} error={problems[key]}>
      {(p) => (
        <ZonedInput
          id={p.id}
          value={d[key]}
          zone={d.timezone}
          invalid={p['aria-invalid']}
          describedBy={p['aria-describedby']}
          onChange={(value) => set(key, value)}
        />
      )}
    </Field>
  );
  return (
    <form class="form wide" onSubmit={submit} noValidate>
      <fieldset>
        <legend>{ct('fair.section.about')}</legend>
        <div class="grid">
          {text('title', ct('fair.title'), { required: true, maxLength: 200 })}
          {text('slug', ct('fair.slug'), { required: true, maxLength: 80 }, ct('fair.slugHint'))}
          {text('city', ct('fair.city'), { required: true, maxLength: 100 })}
          {text('venue', ct('fair.venue'), { maxLength: 300 })}
        </div>
        <label class="check">
          <input
            type="checkbox"
            checked={d.online}
            onChange={(e) => set('online', e.currentTarget.checked)}
          />
          {ct('fair.onlineLabel')}
        </label>
        <Field field="fair-locale" label={ct('fair.locale')}>
          {(p) => (
            <select
              {...p}
              class="short"
              value={d.locale}
              onChange={(e) => set('locale', e.currentTarget.value)}
            >
              <option value="en">English</option>
              <option value="zh">中文</option>
            </select>
          )}
        </Field>
      </fieldset>
      <fieldset>
        <legend>{ct('fair.section.time')}</legend>
        <Field
          field="fair-timezone"
          label={ct('fair.timezone')}
          error={problems.timezone}
          hint={ct('fair.timezoneHint')}
        >
          {(p) => (
            <>
              <input
                {...p}
                list="zones"
                value={d.timezone}
                autoComplete="off"
                onInput={(e) => set('timezone', e.currentTarget.value)}
              />
              <datalist id="zones">
                {ZONES.map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <div class="grid two">
          {time('startsAt', ct('fair.startsAt'))}
          {time('endsAt', ct('fair.endsAt'))}
          {time('registrationOpensAt', ct('fair.registrationOpensAt'))}
          {time('registrationClosesAt', ct('fair.registrationClosesAt'))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{ct('fair.section.hiring')}</legend>
        <div class="grid">
          {text(
            'capacity',
            ct('fair.capacity'),
            { inputMode: 'numeric', required: true },
            ct('fair.capacityHint'),
          )}
          {text(
            'writtenTestPassScore',
            ct('fair.passScore'),
            { inputMode: 'decimal' },
            ct('fair.passScoreHint'),
          )}
          {text('interviewMinutes', ct('fair.interviewMinutes'), { inputMode: 'numeric' })}
          {text('bufferMinutes', ct('fair.bufferMinutes'), { inputMode: 'numeric' })}
        </div>
        {text('specialties', ct('fair.specialties'), {}, ct('fair.specialtiesHint'))}
        <fieldset class="choices" aria-describedby="f-fair-businessUnitIds-msg">
          <legend>{ct('fair.units')}</legend>
          {units.length === 0 && <p class="muted">{ct('fair.noUnits')}</p>}
          {units.map((u) => (
            <label class="check" key={u.id}>
              <input
                type="checkbox"
                checked={d.businessUnitIds.includes(u.id)}
                onChange={(e) =>
                  set(
                    'businessUnitIds',
                    e.currentTarget.checked
                      ? [...d.businessUnitIds, u.id]
                      : d.businessUnitIds.filter((x) => x !== u.id),
                  )
                }
              />
              {u.name} <span class="muted">({u.code})</span>
            </label>
          ))}
          <p class="msg" id="f-fair-businessUnitIds-msg">
            {problems.businessUnitIds ?? ''}
          </p>
        </fieldset>
        <label class="check">
          <input
            type="checkbox"
            checked={d.autoSchedule}
            onChange={(e) => set('autoSchedule', e.currentTarget.checked)}
          />
          {ct('fair.autoSchedule')}
        </label>
        <p class="msg">{problems.autoSchedule ?? ''}</p>
      </fieldset>
      {failure ? <Failure error={failure} /> : null}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {fair ? ct('fair.save') : ct('fair.create')}
        </button>
        <Link class="button" href={fair ? `/console/fairs/${fair.id}` : '/console/fairs'}>
          {ct('common.cancel')}
        </Link>
      </div>
    </form>
  );
}

export function FairNewPage() {
  const { data: units, error, reload } = useLoad(loadUnits, []);
  return (
    <ConsolePage title={ct('fairs.new')} crumbs={[{ href: '/console/fairs', label: ct('nav.fairs') }]}>
      {error ? <Failure error={error} onRetry={reload} /> : null}
      {!units && !error ? <Skeleton rows={6} /> : null}
      {units && <FairForm fair={null} units={units} onSaved={(f) => navigate(`/console/fairs/${f.id}`)} />}
    </ConsolePage>
  );
}

export function FairEditPage({ id }: { id: string }) {
  const { data: units, error } = useLoad(loadUnits, []);
  return (
    <FairFrame id={id} tab="edit">
      {(fair) =>
        error ? (
          <Failure error={error} />
        ) : units ? (
          <FairForm
            key={fair.id}
            fair={fair}
            units={units}
            onSaved={(f) => navigate(`/console/fairs/${f.id}`)}
          />
        ) : (
          <Skeleton rows={6} />
        )
      }
    </FairFrame>
  );
}

// ----------------------------------------------------------------------------- transitions

type Move = 'publish' | 'close' | 'complete' | 'cancel';

const MOVES: Record<EventStatus, Move[]> = {
  draft: ['publish', 'cancel'],
  published: ['close', 'cancel'],
  closed: ['complete', 'cancel'],
  completed: [],
  cancelled: [],
};

function Transition({ fair, move, onDone }: { fair: Fair; move: Move; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const path = `/api/v1/events/{id}/${move}` as const;
  return (
    <>
      <button
        type="button"
        class={move === 'cancel' ? 'danger' : move === 'publish' ? 'primary' : ''}
        onClick={() => setOpen(true)}
      >
        {ct(`move.${move}`)}
      </button>
      {open && (
        <Confirm
          title={ct(`move.${move}.title` as CKey, { title: fair.title })}
          confirmLabel={ct(`move.${move}.confirm` as CKey)}
          danger={move === 'cancel'}
          onClose={() => setOpen(false)}
          onConfirm={async () => {
            await ok(api.POST(path, { params: { path: { id: fair.id } } }));
            onDone();
          }}
        >
          <ul class="consequences">
            {ct(`move.${move}.what` as CKey)
              .split('\n')
              .map((line) => (
                <li key={line}>{line}</li>
              ))}
          </ul>
        </Confirm>
      )}
    </>
  );
}

export function FairOverviewPage({ id }: { id: string }) {
  const units = useLoad(loadUnits, []);
  return (
    <FairFrame
      id={id}
      tab="overview"
      actions={(fair, reload) =>
        MOVES[fair.status].map((m) => <Transition key={m} fair={fair} move={m} onDone={reload} />)
      }
    >
      {(fair) => (
        <div class="columns">
          <section>
            <h2>{ct('fair.section.time')}</h2>
            <dl class="facts">
              <dt>{ct('fair.timezone')}</dt>
              <dd>{fair.timezone}</dd>
              <dt>{ct('fair.startsAt')}</dt>
              <dd>{formatInZone(fair.startsAt, fair.timezone)}</dd>
              <dt>{ct('fair.endsAt')}</dt>
              <dd>{formatInZone(fair.endsAt, fair.timezone)}</dd>
              <dt>{ct('fair.registrationOpensAt')}</dt>
              <dd>{formatInZone(fair.registrationOpensAt, fair.timezone)}</dd>
              <dt>{ct('fair.registrationClosesAt')}</dt>
              <dd>{formatInZone(fair.registrationClosesAt, fair.timezone)}</dd>
            </dl>
          </section>
          <section>
            <h2>{ct('fair.section.hiring')}</h2>
            <dl class="facts">
              <dt>{ct('fair.slug')}</dt>
              <dd>
                {fair.status === 'published' || fair.status === 'closed' ? (
                  <a href={`/fairs/${encodeURIComponent(fair.slug)}`}>/fairs/{fair.slug}</a>
                ) : (
                  fair.slug
                )}
              </dd>
              <dt>{ct('fair.venue')}</dt>
              <dd>{fair.venue || '—'}</dd>
              <dt>{ct('fair.capacity')}</dt>
              <dd>{fair.capacity}</dd>
              <dt>{ct('fair.passScore')}</dt>
              <dd>{fair.writtenTestPassScore ?? '—'}</dd>
              <dt>{ct('fair.interviewMinutes')}</dt>
              <dd>
                {fair.interviewMinutes} + {fair.bufferMinutes}
              </dd>
              <dt>{ct('fair.specialties')}</dt>
              <dd class="tags">
                {fair.specialties.length === 0
                  ? '—'
                  : fair.specialties.map((s) => (
                      <span class="tag" key={s}>
                        {specialtyLabel(s)}
                      </span>
                    ))}
              </dd>
              <dt>{ct('fair.units')}</dt>
              <dd>
                {fair.businessUnitIds.length === 0
                  ? '—'
                  : fair.businessUnitIds
                      .map((u) => units.data?.find((x) => x.id === u)?.name ?? u.slice(0, 8))
                      .join(', ')}
              </dd>
            </dl>
          </section>
        </div>
      )}
    </FairFrame>
  );
}
