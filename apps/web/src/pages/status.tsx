import { useState } from 'preact/hooks';
import {
  ApiError,
  candidateApi,
  forgetCandidateToken,
  newIdempotencyKey,
  saveFile,
  takeCandidateToken,
} from '../api';
import { MessageKey, formatDateTime, t, tOr } from '../i18n';
import { ErrorNote, Field, Loading, Message, Page, useLoad } from '../ui';
import { AccessLinkForm } from './access-link';

interface Interview {
  id: string;
  startsAt: string;
  endsAt: string;
  status: string;
  version: number;
  location: string | null;
  conflict?: boolean;
}

interface InterviewOption {
  startsAt: string;
  endsAt: string;
  interviewerId: string;
  sameInterviewer: boolean;
}

const browserZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** A time span in the fair's zone, and in the browser's own when that differs. */
function Span({ startsAt, endsAt, zone }: { startsAt: string; endsAt: string; zone: string }) {
  const mine = browserZone();
  return (
    <>
      {formatDateTime(startsAt, zone)} – {formatDateTime(endsAt, zone)} ({zone})
      {mine !== zone && (
        <span class="muted" data-testid="local-time">
          {' '}
          · {t('status.localTime', { time: `${formatDateTime(startsAt, mine)} (${mine})` })}
        </span>
      )}
    </>
  );
}

export interface CandidateView {
  registrationId: string;
  candidate: { name: string | null; email: string | null };
  event: {
    id: string;
    slug: string;
    title: string;
    city: string;
    venue: string | null;
    online: boolean;
    timezone: string;
    startsAt: string;
    endsAt: string;
  };
  status: string;
  lane: string | null;
  stage: string;
  businessUnit: { id: string; name: string } | null;
  waitlistPosition: number | null;
  checkInCode: string | null;
  interview: Interview | null;
  availability?: { startsAt: string; endsAt: string }[];
  nextStep: string;
}

/** An instant as a datetime-local input value, in the browser's zone (as the inputs are read). */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** What happens next, in the page's language (the same cases as the API's English `nextStep`). */
export function nextStepKey(v: CandidateView): MessageKey {
  const live = v.interview && ['scheduled', 'confirmed'].includes(v.interview.status) ? v.interview : null;
  if (v.status === 'withdrawn') return 'next.withdrawn';
  if (v.status === 'waitlisted') return 'next.waitlisted';
  if (v.lane === null) return 'next.evaluating';
  switch (v.stage) {
    case 'test_required':
    case 'test_passed':
      return v.stage === 'test_required' ? 'next.testRequired' : 'next.unrouted';
    case 'test_failed':
      return 'next.testFailed';
    case 'routed':
      return 'next.routed';
    case 'unrouted':
      return 'next.unrouted';
    case 'interview_scheduled':
      return live?.status === 'scheduled' ? 'next.interviewBooked' : 'next.interviewConfirmed';
    case 'advanced':
      return v.interview?.status === 'declined' ? 'next.declined' : 'next.advanced';
    case 'interviewed':
      return 'next.interviewed';
    case 'offer':
      return 'next.offer';
    case 'rejected':
      return 'next.rejected';
    case 'on_hold':
      return 'next.onHold';
    default:
      return 'next.default';
  }
}

const icsDate = (iso: string): string =>
  new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
const icsText = (s: string): string => s.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');

/** A one-event calendar file of the interview, built in the browser from the interview shown. */
export function interviewIcs(v: CandidateView, interview: Interview): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//hirefair//web//EN',
    'BEGIN:VEVENT',
    `UID:${interview.id}@hirefair`,
    `SEQUENCE:${interview.version}`,
    `DTSTAMP:${icsDate(new Date().toISOString())}`,
    `DTSTART:${icsDate(interview.startsAt)}`,
    `DTEND:${icsDate(interview.endsAt)}`,
    `SUMMARY:${icsText(`${v.event.title}${v.businessUnit ? ` · ${v.businessUnit.name}` : ''}`)}`,
    `LOCATION:${icsText(interview.location ?? v.event.venue ?? v.event.city)}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

export function StatusPage() {
  const [token] = useState(() => takeCandidateToken());
  const [erased, setErased] = useState(false);
  const { data, error, loading, reload } = useLoad(
    () => (token ? candidateApi<CandidateView>(token, 'candidate/registration') : Promise.resolve(undefined)),
    [token],
  );
  if (erased)
    return (
      <Page title={t('status.title')}>
        <p class="notice ok" role="status">
          {t('status.erased')}
        </p>
      </Page>
    );
  if (!token)
    return (
      <Page title={t('status.title')}>
        <p class="notice">{t('status.noToken')}</p>
        <AccessLinkForm />
      </Page>
    );
  if (loading && !data) return <Loading />;
  if (error instanceof ApiError && error.status === 401)
    return (
      <Page title={t('status.title')}>
        <p class="notice error">{t('status.invalid')}</p>
        <AccessLinkForm />
      </Page>
    );
  if (error || !data) return <ErrorNote error={error} onRetry={reload} />;
  const v = data;
  return (
    <Page title={t('status.title')}>
      <section aria-labelledby="s-overview" class="panel">
        <h2 id="s-overview">{v.event.title}</h2>
        <dl class="facts">
          <dt>{t('status.status')}</dt>
          <dd data-testid="status">
            <span class={`badge ${v.status}`}>{tOr(`status.${v.status}`, v.status)}</span>
          </dd>
          <dt>{t('status.lane')}</dt>
          <dd>
            <span class={`badge ${v.lane ?? ''}`}>{tOr(`lane.${v.lane}`, String(v.lane))}</span>
          </dd>
          <dt>{t('status.stage')}</dt>
          <dd data-testid="stage">{tOr(`stage.${v.stage}`, v.stage)}</dd>
          <dt>{t('status.unit')}</dt>
          <dd>{v.businessUnit?.name ?? t('common.none')}</dd>
          {v.waitlistPosition !== null && (
            <>
              <dt>{t('status.waitlist')}</dt>
              <dd>{v.waitlistPosition}</dd>
            </>
          )}
          {v.checkInCode && (
            <>
              <dt>{t('status.checkIn')}</dt>
              <dd>
                <code class="code">{v.checkInCode}</code>
              </dd>
            </>
          )}
        </dl>
        <h3>{t('status.next')}</h3>
        <p data-testid="next-step">{t(nextStepKey(v), { unit: v.businessUnit?.name ?? '' })}</p>
      </section>
      {v.status !== 'withdrawn' && (
        <>
          <InterviewPanel view={v} token={token} reload={reload} />
          <AvailabilityPanel token={token} timezone={v.event.timezone} saved={v.availability ?? []} />
          <DataPanel token={token} onErased={() => setErased(true)} />
        </>
      )}
    </Page>
  );
}

function InterviewPanel({
  view: v,
  token,
  reload,
}: {
  view: CandidateView;
  token: string;
  reload: () => void;
}) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<MessageKey | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const i = v.interview;
  const act = async (action: 'confirm' | 'decline' | 'reschedule', done: MessageKey) => {
    setBusy(true);
    setFailure(null);
    try {
      await candidateApi(token, `candidate/interview/${action}`, {
        method: 'POST',
        body: action === 'confirm' ? undefined : reason.trim() ? { reason: reason.trim() } : {},
        headers: { 'Idempotency-Key': newIdempotencyKey() },
      });
      setNote(done);
      reload();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  const [options, setOptions] = useState<InterviewOption[] | null>(null);
  const showOptions = async () => {
    setBusy(true);
    setFailure(null);
    try {
      setOptions(
        (await candidateApi<{ items: InterviewOption[] }>(token, 'candidate/interview/options')).items,
      );
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  const take = async (option: InterviewOption) => {
    setBusy(true);
    setFailure(null);
    try {
      await candidateApi(token, 'candidate/interview/reschedule', {
        method: 'POST',
        body: { startsAt: option.startsAt, ...(reason.trim() ? { reason: reason.trim() } : {}) },
        headers: { 'Idempotency-Key': newIdempotencyKey() },
      });
      setOptions(null);
      setNote('status.moved');
      reload();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'SLOT_TAKEN') {
        setNote('status.options.taken');
        setOptions(
          (await candidateApi<{ items: InterviewOption[] }>(token, 'candidate/interview/options')).items,
        );
      } else setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  const live = i && ['scheduled', 'confirmed'].includes(i.status);
  return (
    <section aria-labelledby="s-interview" class="panel">
      <h2 id="s-interview">{t('status.interview')}</h2>
      {!i ? (
        <p class="muted">{t('status.interview.none')}</p>
      ) : (
        <>
          <dl class="facts">
            <dt>{t('status.interview.when')}</dt>
            <dd data-testid="interview-when">
              <Span startsAt={i.startsAt} endsAt={i.endsAt} zone={v.event.timezone} />
            </dd>
            <dt>{t('status.interview.where')}</dt>
            <dd>{i.location ?? v.event.venue ?? v.event.city}</dd>
            <dt>{t('status.interview.state')}</dt>
            <dd data-testid="interview-status">{tOr(`interview.${i.status}`, i.status)}</dd>
          </dl>
          {live && i.conflict && (
            <p class="notice error" data-testid="interview-conflict">
              {t('status.interview.conflict')}
            </p>
          )}
          {live && (
            <>
              <p>
                <button
                  type="button"
                  onClick={() =>
                    saveFile(new Blob([interviewIcs(v, i)], { type: 'text/calendar' }), 'interview.ics')
                  }
                >
                  {t('status.ics')}
                </button>
              </p>
              <Field field="interview-reason" label={t('status.reason')}>
                {(p) => (
                  <input
                    {...p}
                    value={reason}
                    maxLength={500}
                    onInput={(e) => setReason(e.currentTarget.value)}
                  />
                )}
              </Field>
              <p class="actions">
                {i.status === 'scheduled' && (
                  <button
                    type="button"
                    class="primary"
                    disabled={busy}
                    onClick={() => act('confirm', 'status.confirmed')}
                  >
                    {t('status.confirm')}
                  </button>
                )}
                <button type="button" disabled={busy} onClick={() => void showOptions()}>
                  {t('status.options.show')}
                </button>
                <button type="button" disabled={busy} onClick={() => act('reschedule', 'status.rescheduled')}>
                  {t('status.reschedule')}
                </button>
                <button
                  type="button"
                  class="danger"
                  disabled={busy}
                  onClick={() => act('decline', 'status.declined')}
                >
                  {t('status.decline')}
                </button>
              </p>
            </>
          )}
        </>
      )}
      {live && options && (
        <div data-testid="interview-options">
          <h3>{t('status.options.title')}</h3>
          {options.length === 0 ? (
            <p class="muted">{t('status.options.none')}</p>
          ) : (
            <ul class="options">
              {options.map((o) => (
                <li key={`${o.interviewerId}-${o.startsAt}`}>
                  <Span startsAt={o.startsAt} endsAt={o.endsAt} zone={v.event.timezone} />
                  {o.sameInterviewer && <span class="badge"> {t('status.options.same')}</span>}{' '}
                  <button type="button" disabled={busy} onClick={() => void take(o)}>
                    {t('status.options.take')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <p class="msg" role="status">
        {note ? t(note) : ''}
      </p>
      {failure ? <ErrorNote error={failure} /> : null}
    </section>
  );
}

interface TimeWindow {
  from: string;
  to: string;
}

function AvailabilityPanel({
  token,
  timezone,
  saved: stored,
}: {
  token: string;
  timezone: string;
  saved: { startsAt: string; endsAt: string }[];
}) {
  const [windows, setWindows] = useState<TimeWindow[]>(() =>
    stored.map((w) => ({ from: toLocalInput(w.startsAt), to: toLocalInput(w.endsAt) })),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const update = (i: number, patch: Partial<TimeWindow>) => {
    setSaved(false);
    setWindows(windows.map((w, j) => (j === i ? { ...w, ...patch } : w)));
  };
  const save = async (e: Event) => {
    e.preventDefault();
    setFailure(null);
    const found: Record<string, string> = {};
    windows.forEach((w, i) => {
      if (!w.from) found[`slots.${i}.startsAt`] = t('v.required');
      if (!w.to) found[`slots.${i}.endsAt`] = t('v.required');
      else if (w.from && new Date(w.to) <= new Date(w.from))
        found[`slots.${i}.endsAt`] = t('status.availability.order');
    });
    setErrors(found);
    if (Object.keys(found).length) return;
    try {
      await candidateApi(token, 'candidate/availability', {
        method: 'PUT',
        body: {
          slots: windows.map((w) => ({
            startsAt: new Date(w.from).toISOString(),
            endsAt: new Date(w.to).toISOString(),
          })),
        },
      });
      setSaved(true);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'VALIDATION_FAILED')
        setErrors(Object.fromEntries((error.body.details ?? []).map((d) => [d.field, d.messages.join(' ')])));
      else setFailure(error);
    }
  };
  return (
    <section aria-labelledby="s-availability" class="panel">
      <h2 id="s-availability">{t('status.availability')}</h2>
      <form onSubmit={save} noValidate>
        <p class="hint">
          {t('status.availability.hint')}{' '}
          {t('status.availability.zones', {
            mine: Intl.DateTimeFormat().resolvedOptions().timeZone,
            fair: timezone,
          })}
        </p>
        {windows.map((w, i) => (
          <fieldset class="group" key={i}>
            <legend>{t('status.availability.window', { n: i + 1 })}</legend>
            <div class="grid">
              <Field
                field={`slots.${i}.startsAt`}
                label={t('status.availability.from')}
                error={errors[`slots.${i}.startsAt`]}
              >
                {(p) => (
                  <input
                    {...p}
                    type="datetime-local"
                    value={w.from}
                    onInput={(e) => update(i, { from: e.currentTarget.value })}
                  />
                )}
              </Field>
              <Field
                field={`slots.${i}.endsAt`}
                label={t('status.availability.to')}
                error={errors[`slots.${i}.endsAt`]}
              >
                {(p) => (
                  <input
                    {...p}
                    type="datetime-local"
                    value={w.to}
                    onInput={(e) => update(i, { to: e.currentTarget.value })}
                  />
                )}
              </Field>
            </div>
            <button type="button" class="link" onClick={() => setWindows(windows.filter((_, j) => j !== i))}>
              {t('form.remove')} ({t('status.availability.window', { n: i + 1 })})
            </button>
          </fieldset>
        ))}
        <Message field="slots" error={errors.slots} />
        <p class="actions">
          <button type="button" onClick={() => setWindows([...windows, { from: '', to: '' }])}>
            + {t('status.availability.add')}
          </button>
          <button type="submit" class="primary">
            {t('status.availability.save')}
          </button>
        </p>
        <p class="msg" role="status">
          {saved ? t('status.availability.saved') : ''}
        </p>
        {failure ? <ErrorNote error={failure} /> : null}
      </form>
    </section>
  );
}

function DataPanel({ token, onErased }: { token: string; onErased: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const download = async () => {
    setFailure(null);
    try {
      const data = await candidateApi<unknown>(token, 'candidate/data-export');
      saveFile(
        new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }),
        'hirefair-my-data.json',
      );
    } catch (error) {
      setFailure(error);
    }
  };
  const erase = async () => {
    setFailure(null);
    try {
      await candidateApi(token, 'candidate/registration', { method: 'DELETE' });
      forgetCandidateToken();
      onErased();
    } catch (error) {
      setFailure(error);
    }
  };
  return (
    <section aria-labelledby="s-data" class="panel">
      <h2 id="s-data">{t('status.data')}</h2>
      <p class="actions">
        <button type="button" onClick={download}>
          {t('status.export')}
        </button>
        {!confirming && (
          <button type="button" class="danger" onClick={() => setConfirming(true)}>
            {t('status.erase')}
          </button>
        )}
      </p>
      {confirming && (
        <div class="notice error" role="alertdialog" aria-labelledby="erase-q">
          <p id="erase-q">{t('status.erase.confirm')}</p>
          <p class="actions">
            <button type="button" class="danger" onClick={erase}>
              {t('status.erase.yes')}
            </button>
            <button type="button" onClick={() => setConfirming(false)} autoFocus>
              {t('status.erase.no')}
            </button>
          </p>
        </div>
      )}
      {failure ? <ErrorNote error={failure} /> : null}
    </section>
  );
}
