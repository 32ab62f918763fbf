import { useState } from 'preact/hooks';
import { ApiError, Me } from '../api';
import { api, ok } from '../api/client';
import { lang, specialtyLabel } from '../i18n';
import { Link, navigate } from '../router';
import { Field, useLoad } from '../ui';
import { isOrgAdmin } from './roles';
import { loadUnits } from './fair-frame';
import { ct } from './i18n';
import type { Criterion, Unit } from './types';
import { ConsolePage, Empty, Failure, Skeleton } from './ui';

export function UnitsPage({ who }: { who: Me }) {
  const { data, error, loading, reload } = useLoad(loadUnits, []);
  const admin = isOrgAdmin(who);
  return (
    <ConsolePage
      title={ct('units.title')}
      actions={
        admin && (
          <Link class="button primary" href="/console/units/new">
            {ct('units.new')}
          </Link>
        )
      }
    >
      <p class="lead">{ct('units.intro')}</p>
      {error ? <Failure error={error} onRetry={reload} /> : null}
      {loading && !data && <Skeleton />}
      {data && data.length === 0 && (
        <Empty title={ct('units.empty')}>
          {admin && (
            <Link class="button primary" href="/console/units/new">
              {ct('units.new')}
            </Link>
          )}
        </Empty>
      )}
      {data && data.length > 0 && (
        <ul class="cards">
          {data.map((u) => (
            <li class="card" key={u.id}>
              <h2>
                <Link href={`/console/units/${u.id}`}>{u.name}</Link>{' '}
                <span class="muted small">{u.code}</span>
              </h2>
              <p class="tags">
                {u.specialties.map((s) => (
                  <span class="tag" key={s}>
                    {specialtyLabel(s)}
                  </span>
                ))}
              </p>
              <p class="muted small">
                {ct('units.summary', {
                  sla: u.reviewSlaHours,
                  capacity: u.dailyInterviewCapacity,
                  criteria: u.scorecard.length,
                })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </ConsolePage>
  );
}

interface UnitDraft {
  name: string;
  code: string;
  specialties: string;
  reviewSlaHours: string;
  dailyInterviewCapacity: string;
  maxOpenReviews: string;
  scorecard: Criterion[];
}

const draftOf = (u: Unit | null): UnitDraft => ({
  name: u?.name ?? '',
  code: u?.code ?? '',
  specialties: u?.specialties.join(', ') ?? '',
  reviewSlaHours: String(u?.reviewSlaHours ?? 48),
  dailyInterviewCapacity: String(u?.dailyInterviewCapacity ?? 20),
  maxOpenReviews: u?.maxOpenReviews == null ? '' : String(u.maxOpenReviews),
  scorecard: u?.scorecard ?? [{ criterion: '', description: '' }],
});

function UnitForm({
  unit,
  readOnly,
  onSaved,
}: {
  unit: Unit | null;
  readOnly: boolean;
  onSaved: (u: Unit) => void;
}) {
  const [d, setD] = useState(() => draftOf(unit));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof UnitDraft>(key: K, value: UnitDraft[K]) =>
    setD((p) => ({ ...p, [key]: value }));
  const setCriterion = (i: number, patch: Partial<Criterion>) =>
    set(
      'scorecard',
      d.scorecard.map((c, j) => (j === i ? { ...c, ...patch } : c)),
    );
  const submit = async (e: Event) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!d.name.trim()) local.name = ct('check.required');
    if (!d.code.trim()) local.code = ct('check.required');
    for (const k of ['reviewSlaHours', 'dailyInterviewCapacity'] as const)
      if (!/^\d+$/.test(d[k])) local[k] = ct('check.wholeNumber');
    if (d.maxOpenReviews && !/^\d+$/.test(d.maxOpenReviews)) local.maxOpenReviews = ct('check.wholeNumber');
    setProblems(local);
    setFailure(null);
    if (Object.keys(local).length) return;
    const body = {
      name: d.name.trim(),
      code: d.code.trim(),
      specialties: d.specialties
        .split(/[,，]/)
        .map((s) => s.trim().toLowerCase().replace(/\s+/g, '_'))
        .filter(Boolean),
      reviewSlaHours: Number(d.reviewSlaHours),
      dailyInterviewCapacity: Number(d.dailyInterviewCapacity),
      maxOpenReviews: d.maxOpenReviews === '' ? null : Number(d.maxOpenReviews),
      scorecard: d.scorecard
        .filter((c) => c.criterion.trim())
        .map((c) => ({ criterion: c.criterion.trim(), description: c.description.trim() })),
    };
    setBusy(true);
    try {
      const saved = unit
        ? await ok<Unit>(
            api.PATCH('/api/v1/business-units/{id}', { params: { path: { id: unit.id } }, body }),
          )
        : await ok<Unit>(api.POST('/api/v1/business-units', { body }));
      onSaved(saved);
    } catch (error) {
      const details = error instanceof ApiError ? (error.body.details ?? []) : [];
      setProblems(
        Object.fromEntries(
          details.map((x) => [
            x.field.split('.')[0],
            lang() === 'en' ? x.messages.join('; ') : ct('check.invalid'),
          ]),
        ),
      );
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  const input = (key: Exclude<keyof UnitDraft, 'scorecard'>, label: string, hint?: string) => (
    <Field field={`unit-${key}`} label={label} error={problems[key]} hint={hint}>
      {(p) => (
        <input {...p} disabled={readOnly} value={d[key]} onInput={(e) => set(key, e.currentTarget.value)} />
      )}
    </Field>
  );
  return (
    <form class="form wide" onSubmit={submit} noValidate>
      <div class="grid">
        {input('name', ct('unit.name'))}
        {input('code', ct('unit.code'))}
        {input('reviewSlaHours', ct('unit.sla'), ct('unit.slaHint'))}
        {input('dailyInterviewCapacity', ct('unit.capacity'))}
        {input('maxOpenReviews', ct('unit.maxOpen'), ct('unit.maxOpenHint'))}
      </div>
      {input('specialties', ct('unit.specialties'), ct('fair.specialtiesHint'))}
      <fieldset>
        <legend>{ct('unit.scorecard')}</legend>
        <p class="hint">{ct('unit.scorecardHint')}</p>
        {problems.scorecard && <p class="msg">{problems.scorecard}</p>}
        {d.scorecard.map((c, i) => (
          <div class="row" key={i}>
            <Field field={`unit-criterion-${i}`} label={ct('unit.criterion', { n: i + 1 })}>
              {(p) => (
                <input
                  {...p}
                  disabled={readOnly}
                  value={c.criterion}
                  onInput={(e) => setCriterion(i, { criterion: e.currentTarget.value })}
                />
              )}
            </Field>
            <Field field={`unit-description-${i}`} label={ct('unit.description')}>
              {(p) => (
                <input
                  {...p}
                  disabled={readOnly}
                  value={c.description}
                  onInput={(e) => setCriterion(i, { description: e.currentTarget.value })}
                />
              )}
            </Field>
            {!readOnly && (
              <button
                type="button"
                class="link remove"
                aria-label={ct('unit.removeCriterion', { n: i + 1 })}
                onClick={() =>
                  set(
                    'scorecard',
                    d.scorecard.filter((_, j) => j !== i),
                  )
                }
              >
                {ct('common.remove')}
              </button>
            )}
          </div>
        ))}
        {!readOnly && (
          <button
            type="button"
            onClick={() => set('scorecard', [...d.scorecard, { criterion: '', description: '' }])}
          >
            + {ct('unit.addCriterion')}
          </button>
        )}
      </fieldset>
      {failure ? <Failure error={failure} /> : null}
      {!readOnly && (
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {unit ? ct('common.save') : ct('units.create')}
          </button>
          <Link class="button" href="/console/units">
            {ct('common.cancel')}
          </Link>
        </div>
      )}
    </form>
  );
}

export function UnitNewPage() {
  return (
    <ConsolePage title={ct('units.new')} crumbs={[{ href: '/console/units', label: ct('nav.units') }]}>
      <UnitForm unit={null} readOnly={false} onSaved={() => navigate('/console/units')} />
    </ConsolePage>
  );
}

export function UnitEditPage({ id, who }: { id: string; who: Me }) {
  const { data, error, reload } = useLoad(
    () => ok<Unit>(api.GET('/api/v1/business-units/{id}', { params: { path: { id } } })),
    [id],
  );
  const [saved, setSaved] = useState(false);
  return (
    <ConsolePage
      title={data?.name ?? ct('units.title')}
      crumbs={[{ href: '/console/units', label: ct('nav.units') }]}
    >
      {error ? <Failure error={error} onRetry={reload} /> : null}
      {!data && !error && <Skeleton rows={5} />}
      {saved && (
        <div class="notice ok" role="status">
          <p>{ct('common.saved')}</p>
        </div>
      )}
      {data && (
        <UnitForm
          key={data.id}
          unit={data}
          readOnly={!isOrgAdmin(who)}
          onSaved={() => {
            setSaved(true);
            reload();
          }}
        />
      )}
    </ConsolePage>
  );
}
