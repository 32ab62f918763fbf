import { useState } from 'preact/hooks';
import { newIdempotencyKey } from '../api';
import { api, ok } from '../api/client';
import { Link } from '../router';
import { useLoad } from '../ui';
import { FairFrame } from './fair-frame';
import { CKey, ct } from './i18n';
import { unfinished, usePoll } from './poll';
import type { Fair, Page, SchedulingRun } from './types';
import { Confirm, Empty, Failure, ProgressBar, Skeleton, StatusBadge, formatInZone } from './ui';

const runKey = (eventId: string) => `hirefair.console.run.${eventId}`;
const POLL_MS = 1000;

interface InterviewRow {
  id: string;
  registrationId: string;
  interviewerId: string;
  startsAt: string;
  endsAt: string;
  status: string;
  conflict?: boolean;
}

function useRun(runId: string | null): { run: SchedulingRun | null; error: unknown } {
  const { value, error } = usePoll<SchedulingRun>(
    runId,
    (id) => ok<SchedulingRun>(api.GET('/api/v1/scheduling-runs/{id}', { params: { path: { id } } })),
    { pending: unfinished, everyMs: POLL_MS, retryAfterErrorMs: POLL_MS * 3 },
  );
  return { run: value, error };
}

function RunView({ run, fair }: { run: SchedulingRun; fair: Fair }) {
  // Without the contract's `progress` (an older server) a finished run considered what it booked or left.
  const considered = run.progress?.considered ?? run.scheduled + run.unscheduled.length;
  const booked = run.progress?.booked ?? run.scheduled;
  const total = run.progress?.total;
  const done = run.status === 'completed' || run.status === 'failed';
  const pct = done ? 100 : total ? Math.round((considered / Math.max(total, 1)) * 100) : null;
  return (
    <section class="panel" aria-live="polite" data-testid="run">
      <h2>
        {ct('sched.run')} <StatusBadge status={run.status} prefix="run" />
      </h2>
      <ProgressBar pct={pct} label={ct('sched.progress')} />
      <ul class="figures">
        <li>
          <strong>{considered}</strong>
          {ct('sched.considered')}
        </li>
        <li>
          <strong>{booked}</strong>
          {ct('sched.booked')}
        </li>
        <li>
          <strong>{run.unscheduled.length}</strong>
          {ct('sched.unscheduled')}
        </li>
      </ul>
      <p class="muted small">
        {run.startedAt && ct('sched.started', { at: formatInZone(run.startedAt, fair.timezone) })}
        {run.finishedAt && ` · ${ct('sched.finished', { at: formatInZone(run.finishedAt, fair.timezone) })}`}
      </p>
      {run.unscheduled.length > 0 && (
        <>
          <h3>{ct('sched.unscheduledTitle')}</h3>
          <div class="table-wrap">
            <table class="list">
              <thead>
                <tr>
                  <th>{ct('sched.registration')}</th>
                  <th>{ct('sched.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {run.unscheduled.map((u) => (
                  <tr key={u.registrationId}>
                    <td>
                      <Link href={`/console/registrations/${u.registrationId}`}>
                        {u.registrationId.slice(0, 8)}
                      </Link>
                    </td>
                    <td>
                      <strong>{ct(`reason.${u.reason}` as CKey)}</strong>
                      <span class="muted small block">{ct(`reason.${u.reason}.fix` as CKey)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

export function SchedulingPage({ eventId }: { eventId: string }) {
  const [runId, setRunId] = useState<string | null>(() => sessionStorage.getItem(runKey(eventId)));
  const [asking, setAsking] = useState(false);
  const { run, error } = useRun(runId);
  const interviews = useLoad(
    () =>
      ok<Page<InterviewRow>>(
        api.GET('/api/v1/events/{id}/interviews', {
          params: { path: { id: eventId }, query: { limit: 200 } },
        }),
      ),
    [eventId, run?.status === 'completed'],
  );
  const start = async () => {
    const created = await ok<{ id: string }>(
      api.POST('/api/v1/events/{id}/scheduling-runs', {
        params: { path: { id: eventId } },
        headers: { 'idempotency-key': newIdempotencyKey() },
      }),
    );
    sessionStorage.setItem(runKey(eventId), created.id);
    setRunId(created.id);
  };
  const running = run?.status === 'queued' || run?.status === 'running';
  return (
    <FairFrame
      id={eventId}
      tab="scheduling"
      title={() => ct('sched.title')}
      actions={() => (
        <button type="button" class="primary" disabled={running} onClick={() => setAsking(true)}>
          {running ? ct('sched.running') : ct('sched.start')}
        </button>
      )}
    >
      {(fair) => (
        <>
          <p class="lead">{ct('sched.intro')}</p>
          {asking && (
            <Confirm
              title={ct('sched.confirm.title')}
              confirmLabel={ct('sched.start')}
              onClose={() => setAsking(false)}
              onConfirm={start}
            >
              <ul class="consequences">
                {ct('sched.confirm.what')
                  .split('\n')
                  .map((l) => (
                    <li key={l}>{l}</li>
                  ))}
              </ul>
            </Confirm>
          )}
          {error ? <Failure error={error} /> : null}
          {runId && !run && !error && <Skeleton rows={3} />}
          {run && <RunView run={run} fair={fair} />}
          {!runId && <Empty title={ct('sched.none')} />}
          <h2>{ct('sched.interviews')}</h2>
          {interviews.error ? <Failure error={interviews.error} onRetry={interviews.reload} /> : null}
          {!interviews.data && !interviews.error && <Skeleton rows={2} />}
          {interviews.data && interviews.data.items.length === 0 && (
            <p class="muted">{ct('sched.noInterviews')}</p>
          )}
          {interviews.data && interviews.data.items.length > 0 && (
            <div class="table-wrap">
              <table class="list">
                <thead>
                  <tr>
                    <th>{ct('sched.when')}</th>
                    <th>{ct('sched.registration')}</th>
                    <th>{ct('filter.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {interviews.data.items.map((i) => (
                    <tr key={i.id}>
                      <td>{formatInZone(i.startsAt, fair.timezone)}</td>
                      <td>
                        <Link href={`/console/registrations/${i.registrationId}`}>
                          {i.registrationId.slice(0, 8)}
                        </Link>
                      </td>
                      <td>
                        {i.status}
                        {i.conflict && <span class="badge withdrawn"> {ct('sched.conflict')}</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </FairFrame>
  );
}
