import { useEffect, useRef, useState } from 'preact/hooks';
import {
  ApiError,
  DemoStatus,
  Me,
  demoStatus,
  isRecruiter,
  isReviewer,
  me,
  signedIn,
  staffApi,
} from '../api';
import { formatDateTime, formatDuration, specialtyLabel, t, tOr } from '../i18n';
import { Link, navigate } from '../router';
import { SignInFields, safeNext, useSignIn } from '../sign-in';
import { ErrorNote, Field, Loading, Message, Page, typing, useLoad, useNow } from '../ui';

/** Sends a signed-out visitor to the sign-in page, and back here afterwards. */
export function useStaff(): Me | null {
  const { data, error } = useLoad(
    () => (signedIn() ? me() : Promise.reject(new ApiError(401, {} as never))),
    [],
  );
  useEffect(() => {
    if (error instanceof ApiError && error.status === 401)
      navigate(`/signin?next=${encodeURIComponent(location.pathname)}`, { replace: true });
  }, [error]);
  return data ?? null;
}

/** One demo login per role, shown only when the server says the demo is loaded. */
function DemoLogins() {
  const { data } = useLoad<DemoStatus>(demoStatus, []);
  if (!data?.loaded || data.logins.length === 0) return null;
  const perRole = data.logins.filter((l, i) => data.logins.findIndex((o) => o.role === l.role) === i);
  return (
    <div class="hint" data-testid="demo-logins">
      <p>{t('signin.demo', { password: perRole[0].password })}</p>
      <ul>
        {perRole.map((l) => (
          <li key={l.email}>
            <code>{l.email}</code> ({tOr(`role.${l.role}`, l.role.replace(/_/g, ' '))})
          </li>
        ))}
      </ul>
    </div>
  );
}

export function SignInPage() {
  const form = useSignIn(
    (who) => navigate(safeNext() ?? (isReviewer(who) ? '/review' : '/dashboard')),
    (error) =>
      error instanceof ApiError && error.status === 401
        ? t('signin.invalid')
        : String((error as Error).message),
  );
  return (
    <Page title={t('signin.title')}>
      <p class="lead">{t('signin.intro')}</p>
      <form class="form narrow" onSubmit={form.submit}>
        <SignInFields form={form} emailLabel={t('signin.email')} passwordLabel={t('signin.password')} />
        <p class="msg" role="alert">
          {form.failure ?? ''}
        </p>
        <button type="submit" class="primary" disabled={form.busy}>
          {t('signin.submit')}
        </button>
      </form>
      <DemoLogins />
    </Page>
  );
}

interface StaffRegistration {
  id: string;
  eventId: string;
  candidate: { id: string; name: string | null; email: string | null; phone: string | null; erased: boolean };
  status: string;
  lane: string | null;
  stage: string;
  businessUnitId: string | null;
  waiver: {
    granted: boolean;
    rule: string | null;
    policyVersion: number | null;
    overriddenBy?: string;
  } | null;
  writtenTestScore: number | null;
  slaDueAt: string | null;
  slaBreached: boolean;
  city: string;
  specialties: string[];
  degree: string;
  yearsOfExperience: number;
  profile: {
    publications?: { title: string; venue: string; year: number }[];
    awards?: { name: string; rank?: number; year: number }[];
    githubUrl?: string;
    resumeUrl?: string;
    referralCode?: string;
    expectedMonthlySalaryCny?: number;
  };
  createdAt: string;
  businessUnit?: {
    id: string;
    name: string;
    code: string;
    scorecard: { criterion: string; description: string }[];
  } | null;
  otherBusinessUnits?: { id: string; name: string; code: string }[];
  timeline?: {
    at: string;
    by: { type: string; id: string | null };
    field: string;
    from: string | null;
    to: string | null;
    reason: string | null;
  }[];
}

const QUEUE_KEY = 'hirefair.queueOrder';

function Sla({ dueAt, breached, now }: { dueAt: string | null; breached: boolean; now: number }) {
  if (!dueAt) return <span class="muted">{t('common.none')}</span>;
  const left = new Date(dueAt).getTime() - now;
  const late = breached || left < 0;
  return (
    <span class={late ? 'sla late' : 'sla'}>
      {late && <span class="badge breached">{t('queue.breached')}</span>}{' '}
      <time dateTime={dueAt} title={formatDateTime(dueAt)}>
        {left >= 0
          ? t('queue.dueIn', { time: formatDuration(left) })
          : t('queue.overdue', { time: formatDuration(left) })}
      </time>
    </span>
  );
}

/** Every page of the caller's queue: a unit's backlog can outgrow one page. */
async function wholeQueue(): Promise<{ items: StaffRegistration[] }> {
  const items: StaffRegistration[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: StaffRegistration[]; nextCursor: string | null } = await staffApi(
      `review-queue?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return { items };
}

export function QueuePage() {
  const who = useStaff();
  const now = useNow();
  const { data, error, loading, reload } = useLoad(
    () => (who ? wholeQueue() : Promise.resolve(undefined)),
    [who?.user.id],
  );
  const [selected, setSelected] = useState(0);
  const [query, setQuery] = useState('');
  const [lane, setLane] = useState('');
  const [lateOnly, setLateOnly] = useState(false);
  const rows = useRef<(HTMLAnchorElement | null)[]>([]);
  const all = data?.items ?? [];
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const items = all.filter(
    (r) =>
      (!lane || r.lane === lane) &&
      (!lateOnly || r.slaBreached) &&
      words.every((w) =>
        [r.candidate.name, r.candidate.email, r.city, ...r.specialties, ...r.specialties.map(specialtyLabel)]
          .filter(Boolean)
          .some((v) => String(v).toLowerCase().includes(w)),
      ),
  );
  useEffect(() => {
    sessionStorage.setItem(QUEUE_KEY, JSON.stringify(items.map((r) => r.id)));
    setSelected(0);
  }, [data, query, lane, lateOnly]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e) || items.length === 0) return;
      if (e.key === 'j' || e.key === 'k') {
        e.preventDefault();
        const next = Math.min(Math.max(selected + (e.key === 'j' ? 1 : -1), 0), items.length - 1);
        setSelected(next);
        rows.current[next]?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, selected]);
  if (!who) return <Loading />;
  if (!isReviewer(who) && !isRecruiter(who)) return <ErrorNote error={t('dash.forbidden')} />;
  return (
    <Page title={t('queue.title')}>
      <p class="lead">{t('queue.intro')}</p>
      {loading && <Loading />}
      {error ? <ErrorNote error={error} onRetry={reload} /> : null}
      {data && all.length === 0 && <p>{t('queue.empty')}</p>}
      {all.length > 0 && (
        <div class="queue-tools" role="search">
          <div class="field">
            <label for="queue-q">{t('queue.search')}</label>
            <input
              id="queue-q"
              type="search"
              value={query}
              onInput={(e) => setQuery(e.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for="queue-lane">{t('queue.filterLane')}</label>
            <select id="queue-lane" value={lane} onChange={(e) => setLane(e.currentTarget.value)}>
              <option value="">{t('queue.filterAll')}</option>
              <option value="fast_track">{t('lane.fast_track')}</option>
              <option value="standard">{t('lane.standard')}</option>
            </select>
          </div>
          <label class="check">
            <input
              type="checkbox"
              checked={lateOnly}
              onChange={(e) => setLateOnly(e.currentTarget.checked)}
            />{' '}
            {t('queue.filterBreached')}
          </label>
          <p class="queue-count" role="status" data-testid="queue-count">
            {t('queue.count', { shown: items.length, total: all.length })}
          </p>
        </div>
      )}
      {all.length > 0 && items.length === 0 && <p>{t('queue.noMatch')}</p>}
      {items.length > 0 && (
        <ol class="queue" aria-label={t('queue.title')}>
          {items.map((r, i) => (
            <li
              key={r.id}
              class={`${i === selected ? 'selected' : ''} ${r.slaBreached ? 'breached' : ''}`}
              data-id={r.id}
            >
              <Link
                href={`/review/${r.id}`}
                ref={(el: HTMLAnchorElement | null) => {
                  rows.current[i] = el;
                }}
                onFocus={() => setSelected(i)}
                aria-current={i === selected ? 'true' : undefined}
              >
                <span class="who">{r.candidate.name ?? t('common.none')}</span>
                <span class={`badge ${r.lane ?? ''}`}>{tOr(`lane.${r.lane}`, String(r.lane))}</span>
                <span class="muted">
                  {r.specialties.map(specialtyLabel).join(' · ')} · {r.city} ·{' '}
                  {tOr(`form.degree.${r.degree}`, r.degree)}
                </span>
                <Sla dueAt={r.slaDueAt} breached={r.slaBreached} now={now} />
              </Link>
            </li>
          ))}
        </ol>
      )}
    </Page>
  );
}

const DECISIONS = ['advance', 'reject', 'hold', 'reroute'] as const;
type Decision = (typeof DECISIONS)[number];

export function ReviewPage({ id }: { id: string }) {
  const who = useStaff();
  const now = useNow();
  const {
    data: r,
    error,
    loading,
    reload,
  } = useLoad(
    () =>
      who
        ? staffApi<StaffRegistration>(`registrations/${encodeURIComponent(id)}`)
        : Promise.resolve(undefined),
    [who?.user.id, id],
  );
  const order: string[] = JSON.parse(sessionStorage.getItem(QUEUE_KEY) ?? '[]');
  const at = order.indexOf(id);
  const neighbour = (step: number): string | undefined => (at >= 0 ? order[at + step] : undefined);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e)) return;
      const target = e.key === 'j' ? neighbour(1) : e.key === 'k' ? neighbour(-1) : undefined;
      if (target) {
        e.preventDefault();
        navigate(`/review/${target}`);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [id, at]);
  if (!who || (loading && !r)) return <Loading />;
  if (error || !r) return <ErrorNote error={error} onRetry={reload} />;
  const p = r.profile ?? {};
  const units = [...(r.businessUnit ? [r.businessUnit] : []), ...(r.otherBusinessUnits ?? [])];
  const unitName = (value: string | null) => units.find((u) => u.id === value)?.name ?? value;
  // Stages and lanes by the names every other page uses; units by name.
  const timelineValue = (field: string, value: string | null) =>
    value !== null && (field === 'stage' || field === 'lane')
      ? tOr(`${field}.${value}`, value)
      : unitName(value);
  return (
    <Page title={r.candidate.name ?? t('review.title')}>
      <p class="crumbs">
        <Link href="/review">← {t('review.backToQueue')}</Link>
      </p>
      <p>
        <span class={`badge ${r.lane ?? ''}`}>{tOr(`lane.${r.lane}`, String(r.lane))}</span>{' '}
        <span class="badge" data-testid="stage">
          {tOr(`stage.${r.stage}`, r.stage)}
        </span>{' '}
        {r.businessUnit && <span class="muted">{r.businessUnit.name}</span>}
      </p>
      <div class="columns">
        <div>
          <section class="panel" aria-labelledby="r-profile">
            <h2 id="r-profile">{t('review.profile')}</h2>
            <dl class="facts">
              <dt>{t('review.email')}</dt>
              <dd>{r.candidate.email ?? t('common.none')}</dd>
              <dt>{t('review.phone')}</dt>
              <dd>{r.candidate.phone ?? t('common.none')}</dd>
              <dt>{t('review.city')}</dt>
              <dd>{r.city}</dd>
              <dt>{t('review.degree')}</dt>
              <dd>{tOr(`form.degree.${r.degree}`, r.degree)}</dd>
              <dt>{t('review.years')}</dt>
              <dd>{r.yearsOfExperience}</dd>
              <dt>{t('review.specialties')}</dt>
              <dd>{r.specialties.map(specialtyLabel).join(' · ')}</dd>
              {(p.githubUrl || p.resumeUrl) && (
                <>
                  <dt>{t('review.links')}</dt>
                  <dd>
                    {[p.githubUrl, p.resumeUrl].filter(Boolean).map((url) => (
                      <a href={url} rel="noopener noreferrer" target="_blank" class="url" key={url}>
                        {url}
                      </a>
                    ))}
                  </dd>
                </>
              )}
              {p.expectedMonthlySalaryCny !== undefined && (
                <>
                  <dt>{t('review.salary')}</dt>
                  <dd>{p.expectedMonthlySalaryCny.toLocaleString()}</dd>
                </>
              )}
              {p.referralCode && (
                <>
                  <dt>{t('review.referral')}</dt>
                  <dd>{p.referralCode}</dd>
                </>
              )}
            </dl>
            <h3>{t('review.publications')}</h3>
            {p.publications?.length ? (
              <ul>
                {p.publications.map((x, i) => (
                  <li key={i}>
                    {x.title} — <strong>{x.venue}</strong> {x.year}
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">{t('review.noneListed')}</p>
            )}
            <h3>{t('review.awards')}</h3>
            {p.awards?.length ? (
              <ul>
                {p.awards.map((x, i) => (
                  <li key={i}>
                    {x.name}
                    {x.rank ? ` (${t('review.rank', { rank: x.rank })})` : ''} {x.year}
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">{t('review.noneListed')}</p>
            )}
            <h3>{t('review.waiver')}</h3>
            <p data-testid="waiver">
              {r.waiver?.granted
                ? t('review.waiver.rule', {
                    rule: r.waiver.rule ?? '',
                    version: r.waiver.policyVersion ?? '',
                  })
                : t('review.waiver.none')}
              {r.waiver?.overriddenBy ? ` ${t('review.waiver.override')}` : ''}
            </p>
            {r.writtenTestScore !== null && <p>{t('review.testScore', { score: r.writtenTestScore })}</p>}
            <h3>{t('review.sla')}</h3>
            <p>
              <Sla dueAt={r.slaDueAt} breached={r.slaBreached} now={now} />
            </p>
          </section>
        </div>
        <div>
          <DecisionForm key={r.id} registration={r} onDone={reload} next={neighbour(1)} />
          <section class="panel" aria-labelledby="r-timeline">
            <h2 id="r-timeline">{t('review.timeline')}</h2>
            <ol class="timeline">
              {(r.timeline ?? []).map((x, i) => (
                <li key={i}>
                  <time dateTime={x.at}>{formatDateTime(x.at)}</time> <strong>{x.field}</strong>:{' '}
                  {timelineValue(x.field, x.from) ?? '∅'} → {timelineValue(x.field, x.to) ?? '∅'}
                  {x.reason ? <span class="muted"> — {x.reason}</span> : null}
                </li>
              ))}
            </ol>
          </section>
        </div>
      </div>
    </Page>
  );
}

function DecisionForm({
  registration: r,
  onDone,
  next,
}: {
  registration: StaffRegistration;
  onDone: () => void;
  next?: string;
}) {
  const [decision, setDecision] = useState<Decision | ''>('');
  const [scores, setScores] = useState<Record<string, number>>({});
  const [notes, setNotes] = useState('');
  const [unit, setUnit] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submitRef = useRef<HTMLButtonElement>(null);
  const open = ['routed', 'on_hold'].includes(r.stage);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e) || !open) return;
      const picked = e.key === 'a' ? 'advance' : e.key === 'r' ? 'reject' : null;
      if (!picked) return;
      e.preventDefault();
      setDecision(picked);
      // Enter on the focused button sends it: one more key, so a stray key press never decides alone.
      requestAnimationFrame(() => submitRef.current?.focus());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  const scorecard = r.businessUnit?.scorecard ?? [];
  const submit = async (e: Event) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!decision) found.decision = t('review.noDecision');
    if (decision === 'reroute' && !unit) found.businessUnitId = t('review.noUnit');
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setFailure(null);
    try {
      const result = await staffApi<{ registration?: { stage: string }; stage?: string }>(
        `registrations/${r.id}/decision`,
        {
          method: 'POST',
          body: {
            decision,
            notes: notes.trim() || undefined,
            scores: Object.keys(scores).length ? scores : undefined,
            businessUnitId: decision === 'reroute' ? unit : undefined,
          },
        },
      );
      // A rerouted registration belongs to another unit now: this reviewer can no longer open it.
      if (decision === 'reroute') return navigate(next ? `/review/${next}` : '/review');
      setDone(result.registration?.stage ?? result.stage ?? decision);
      onDone();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'VALIDATION_FAILED')
        setErrors(Object.fromEntries((error.body.details ?? []).map((d) => [d.field, d.messages.join(' ')])));
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  if (!open)
    return (
      <section class="panel" aria-labelledby="r-decide">
        <h2 id="r-decide">{t('review.decide')}</h2>
        <p class="notice ok" role="status">
          {done
            ? t('review.sent', { stage: tOr(`stage.${done}`, done) })
            : t('review.closed', { stage: tOr(`stage.${r.stage}`, r.stage) })}
        </p>
        <p class="actions">
          {next && (
            <Link class="button primary" href={`/review/${next}`}>
              {t('review.nextInQueue')}
            </Link>
          )}
          <Link class="button" href="/review">
            {t('review.backToQueue')}
          </Link>
        </p>
      </section>
    );
  return (
    <section class="panel" aria-labelledby="r-decide">
      <h2 id="r-decide">{t('review.decide')}</h2>
      <p class="hint">{t('review.keys')}</p>
      <form onSubmit={submit} noValidate>
        <fieldset class="choices" aria-describedby="f-decision-msg">
          <legend>{t('review.decision')}</legend>
          {DECISIONS.map((d) => (
            <label class="check" key={d}>
              <input
                type="radio"
                name="decision"
                value={d}
                checked={decision === d}
                onChange={() => setDecision(d)}
              />{' '}
              {t(`review.decision.${d}`)}
            </label>
          ))}
          <Message field="decision" error={errors.decision} />
        </fieldset>
        {scorecard.length > 0 && (
          <fieldset>
            <legend>{t('review.scorecard', { unit: r.businessUnit?.name ?? '' })}</legend>
            {scorecard.map((c) => (
              <fieldset class="score" key={c.criterion} aria-describedby={`f-scores-${c.criterion}-msg`}>
                <legend>
                  <strong>{c.criterion}</strong> <span class="muted">{c.description}</span>
                </legend>
                {[1, 2, 3, 4].map((n) => (
                  <label class="pill" key={n}>
                    <input
                      type="radio"
                      name={`score-${c.criterion}`}
                      value={n}
                      checked={scores[c.criterion] === n}
                      onChange={() => setScores({ ...scores, [c.criterion]: n })}
                      aria-label={`${c.criterion} ${n}`}
                    />
                    <span aria-hidden="true">{n}</span>
                  </label>
                ))}
                <Message field={`scores.${c.criterion}`} error={errors[`scores.${c.criterion}`]} />
              </fieldset>
            ))}
          </fieldset>
        )}
        {decision === 'reroute' && (
          <Field field="businessUnitId" label={t('review.rerouteTo')} error={errors.businessUnitId}>
            {(p) => (
              <select {...p} value={unit} onChange={(e) => setUnit(e.currentTarget.value)}>
                <option value="">{t('review.chooseUnit')}</option>
                {(r.otherBusinessUnits ?? []).map((u) => (
                  <option value={u.id} key={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field field="notes" label={t('review.notes')} error={errors.notes}>
          {(p) => (
            <textarea
              {...p}
              rows={4}
              maxLength={5000}
              value={notes}
              onInput={(e) => setNotes(e.currentTarget.value)}
            />
          )}
        </Field>
        {failure ? <ErrorNote error={failure} /> : null}
        <button type="submit" class="primary" ref={submitRef} disabled={busy}>
          {t('review.submit')}
        </button>
      </form>
    </section>
  );
}
