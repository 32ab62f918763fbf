import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, isRecruiter, newIdempotencyKey, staffApi } from '../../api';
import { useStaff } from '../../pages/staff';
import { errorText, formatTime, t, tOr } from '../../i18n';
import { ErrorNote, Loading, Page, useLoad } from '../../ui';
import { PendingCheckIn, enqueue, pending, remove } from './check-in-queue';
import { decodeFile, qrDecoder } from './qr-decoder';

interface DoorEvent {
  id: string;
  title: string;
  status: string;
  timezone: string;
  startsAt: string;
}

interface CheckInAnswer {
  registrationId: string;
  checkedInAt: string;
  alreadyCheckedIn: boolean;
  name: string | null;
  lane: string | null;
  stage: string;
  businessUnitName: string | null;
}

type Outcome =
  | { kind: 'in'; answer: CheckInAnswer }
  | { kind: 'queued'; code: string }
  | { kind: 'refused'; code: string; message: string };

const EVENT_KEY = 'hirefair.door.event';
const SCAN_EVERY_MS = 250;

const send = (item: PendingCheckIn): Promise<CheckInAnswer> =>
  staffApi<CheckInAnswer>(`events/${item.eventId}/check-ins`, {
    method: 'POST',
    body: { checkInCode: item.code },
    headers: { 'idempotency-key': item.key },
  });

/** The network or the server failed, not the check-in: worth keeping and sending again. */
const unreachable = (error: unknown): boolean =>
  error instanceof ApiError && (error.status === 0 || error.status >= 500);

/** A queued check-in waits on these too: a lapsed session or a rate limit is no verdict on the code. */
const notYet = (error: unknown): boolean =>
  unreachable(error) || (error instanceof ApiError && (error.status === 401 || error.status === 429));

/** The mail's QR holds the bare code; a link carrying `code=` is read too, typed spaces and dashes dropped. */
const normalizeCode = (raw: string): string =>
  (/[?&#]code=([A-Za-z0-9]+)/.exec(raw)?.[1] ?? raw).replace(/[^A-Za-z0-9]/g, '').toUpperCase();

export function DoorPage() {
  const who = useStaff();
  if (!who) return <Loading />;
  if (!isRecruiter(who))
    return (
      <Page title={t('door.title')}>
        <p class="notice error">{t('door.forbidden')}</p>
      </Page>
    );
  return <Door />;
}

function Door() {
  const events = useLoad(
    () =>
      staffApi<{ items: DoorEvent[] }>('events?limit=200').then((r) =>
        r.items.filter((e) => e.status === 'published' || e.status === 'closed'),
      ),
    [],
  );
  const [eventId, setEventId] = useState<string>(
    () => new URLSearchParams(location.search).get('event') ?? localStorage.getItem(EVENT_KEY) ?? '',
  );
  useEffect(() => {
    const items = events.data;
    if (items && items.length && !items.some((e) => e.id === eventId)) setEventId(items[0].id);
  }, [events.data]);
  useEffect(() => {
    if (eventId) localStorage.setItem(EVENT_KEY, eventId);
  }, [eventId]);

  if (events.loading) return <Loading />;
  if (events.error) return <ErrorNote error={events.error} onRetry={events.reload} />;
  const items = events.data ?? [];
  const event = items.find((e) => e.id === eventId);
  return (
    <Page title={t('door.title')}>
      {items.length === 0 ? (
        <p class="notice">{t('door.noEvents')}</p>
      ) : (
        <>
          <div class="field door-event">
            <label for="door-event">{t('door.event')}</label>
            <select id="door-event" value={eventId} onChange={(e) => setEventId(e.currentTarget.value)}>
              {items.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.title}
                </option>
              ))}
            </select>
          </div>
          {event && <DoorDesk key={event.id} event={event} />}
        </>
      )}
    </Page>
  );
}

function DoorDesk({ event }: { event: DoorEvent }) {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [waiting, setWaiting] = useState<PendingCheckIn[]>(() => pending());
  const [sentLater, setSentLater] = useState<CheckInAnswer[]>([]);
  const [online, setOnline] = useState(navigator.onLine);
  const input = useRef<HTMLInputElement>(null);
  const flushing = useRef(false);

  const flush = async () => {
    if (flushing.current) return;
    flushing.current = true;
    try {
      for (const item of pending()) {
        let answer: CheckInAnswer;
        try {
          answer = await send(item);
        } catch (error) {
          if (notYet(error)) break;
          remove(item.key);
          if (item.eventId === event.id)
            setOutcome({ kind: 'refused', code: item.code, message: errorText(error) });
          continue;
        }
        remove(item.key);
        if (item.eventId === event.id) setSentLater((list) => [answer, ...list].slice(0, 20));
      }
    } finally {
      flushing.current = false;
      setWaiting(pending());
    }
  };

  useEffect(() => {
    const up = () => {
      setOnline(true);
      void flush();
    };
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    // `online` events are not guaranteed on every phone: retry now and then as well.
    const timer = setInterval(() => pending().length && void flush(), 10_000);
    void flush();
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      clearInterval(timer);
    };
  }, []);

  const checkIn = async (raw: string) => {
    const value = normalizeCode(raw);
    if (!value) {
      setOutcome({ kind: 'refused', code: raw, message: t('door.codeEmpty') });
      return;
    }
    setBusy(true);
    const item: PendingCheckIn = {
      eventId: event.id,
      code: value,
      key: newIdempotencyKey(),
      queuedAt: new Date().toISOString(),
    };
    try {
      setOutcome({ kind: 'in', answer: await send(item) });
      setCode('');
    } catch (error) {
      if (unreachable(error)) {
        enqueue(item);
        setWaiting(pending());
        setOutcome({ kind: 'queued', code: value });
        setCode('');
      } else setOutcome({ kind: 'refused', code: value, message: errorText(error) });
    } finally {
      setBusy(false);
      input.current?.focus();
    }
  };

  const onWaiting = waiting.filter((w) => w.eventId === event.id);
  return (
    <>
      <p class={online ? 'muted' : 'notice error'} role="status" data-testid="door-network">
        {online ? t('door.online') : t('door.offline')}
      </p>
      <DoorResult outcome={outcome} timezone={event.timezone} />
      <form
        class="door-code"
        onSubmit={(e) => {
          e.preventDefault();
          void checkIn(code);
        }}
      >
        <label for="door-code">{t('door.code')}</label>
        <div class="door-row">
          <input
            id="door-code"
            ref={input}
            value={code}
            onInput={(e) => setCode(e.currentTarget.value)}
            autoComplete="off"
            autoCapitalize="characters"
            spellcheck={false}
            inputMode="text"
            maxLength={40}
          />
          <button type="submit" class="primary" disabled={busy}>
            {t('door.checkIn')}
          </button>
        </div>
      </form>
      <Scanner onCode={(value) => void checkIn(value)} />
      {onWaiting.length > 0 && (
        <section class="panel" aria-live="polite" data-testid="door-waiting">
          <h2>{t('door.waiting', { count: onWaiting.length })}</h2>
          <ul>
            {onWaiting.map((w) => (
              <li key={w.key}>
                <span class="code">{w.code}</span> · {formatTime(w.queuedAt, event.timezone)}
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => void flush()}>
            {t('door.sendNow')}
          </button>
        </section>
      )}
      {sentLater.length > 0 && (
        <section data-testid="door-sent">
          <h2>{t('door.sentLater')}</h2>
          <ul>
            {sentLater.map((a) => (
              <li key={a.registrationId}>
                {a.name ?? t('door.noName')} · {laneText(a.lane)} ·{' '}
                {t('door.at', { time: formatTime(a.checkedInAt, event.timezone) })}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

const laneText = (lane: string | null): string => tOr(`lane.${lane}`, t('lane.null'));

function DoorResult({ outcome, timezone }: { outcome: Outcome | null; timezone: string }) {
  if (!outcome)
    return (
      <div class="door-result idle" data-testid="door-result">
        <p>{t('door.ready')}</p>
      </div>
    );
  if (outcome.kind === 'queued')
    return (
      <div class="door-result queued" data-testid="door-result" role="status">
        <p class="door-name">{outcome.code}</p>
        <p>{t('door.queued')}</p>
      </div>
    );
  if (outcome.kind === 'refused')
    return (
      <div class="door-result refused" data-testid="door-result" role="alert">
        <p class="door-name">{outcome.code}</p>
        <p>{outcome.message}</p>
      </div>
    );
  const a = outcome.answer;
  const time = formatTime(a.checkedInAt, timezone);
  return (
    <div
      class={`door-result ${a.alreadyCheckedIn ? 'repeat' : 'in'}`}
      data-testid="door-result"
      role="status"
    >
      <p class="door-name">{a.name ?? t('door.noName')}</p>
      <p class={`door-lane badge ${a.lane ?? ''}`}>{laneText(a.lane)}</p>
      {a.businessUnitName && <p class="door-unit">{a.businessUnitName}</p>}
      <p class="door-when">
        {a.alreadyCheckedIn ? t('door.already', { time }) : t('door.welcome', { time })}
      </p>
    </div>
  );
}

/** The camera, scanning a few frames a second; a photo of the code where the camera cannot stream. */
function Scanner({ onCode }: { onCode: (code: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [on, setOn] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const last = useRef<{ code: string; at: number } | null>(null);

  const found = (raw: string | null) => {
    if (!raw) return false;
    // The same code stays in view for a while: one check-in per code every few seconds.
    const now = Date.now();
    if (last.current && last.current.code === raw && now - last.current.at < 4000) return true;
    last.current = { code: raw, at: now };
    onCode(raw);
    return true;
  };

  useEffect(() => {
    if (!on) return;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let live = true;
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: 'environment' },
          audio: false,
        });
        if (!live || !video.current) return;
        video.current.srcObject = stream;
        await video.current.play();
        const decode = await qrDecoder();
        const tick = async () => {
          if (!live || !video.current) return;
          if (video.current.readyState >= 2) found(await decode(video.current).catch(() => null));
          timer = setTimeout(() => void tick(), SCAN_EVERY_MS);
        };
        void tick();
      } catch (error) {
        if (live) {
          setProblem(t('door.cameraFailed', { message: String((error as Error).message ?? error) }));
          setOn(false);
        }
      }
    })();
    return () => {
      live = false;
      clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [on]);

  return (
    <section class="door-scan">
      <div class="actions">
        <button type="button" onClick={() => (setProblem(null), setOn(!on))} aria-pressed={on}>
          {on ? t('door.cameraStop') : t('door.cameraStart')}
        </button>
        <label class="button">
          {t('door.photo')}
          <input
            type="file"
            accept="image/*"
            capture="environment"
            class="sr-only"
            data-testid="door-photo"
            onChange={async (e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (!file) return;
              setProblem(null);
              const value = await decodeFile(file).catch(() => null);
              if (value) {
                last.current = null;
                found(value);
              } else setProblem(t('door.noQr'));
            }}
          />
        </label>
      </div>
      {problem && (
        <p class="notice error" role="alert">
          {problem}
        </p>
      )}
      {on && <video ref={video} class="door-video" muted playsInline aria-label={t('door.camera')} />}
    </section>
  );
}
