import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './api';
import { errorText, t } from './i18n';
import { Link } from './router';

export const fieldId = (field: string): string => `f-${field.replace(/[^\w-]/g, '-')}`;

interface FieldProps {
  field: string;
  label: string;
  error?: string;
  hint?: string;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby': string }) => JSX.Element;
}

/** A label, a control and the room for its message: the room is always there, so nothing moves. */
export function Field({ field, label, error, hint, children }: FieldProps) {
  const id = fieldId(field);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children({
        id,
        'aria-invalid': !!error,
        'aria-describedby': hint ? `${id}-hint ${id}-msg` : `${id}-msg`,
      })}
      <p class="msg" id={`${id}-msg`} aria-live="polite">
        {error ?? ''}
      </p>
    </div>
  );
}

export function Message({ field, error }: { field: string; error?: string }) {
  return (
    <p class="msg" id={`${fieldId(field)}-msg`} aria-live="polite">
      {error ?? ''}
    </p>
  );
}

export function Loading() {
  return (
    <p class="muted" role="status">
      {t('common.loading')}
    </p>
  );
}

/** A failure in the page's language; "Try again" only where trying again can help. */
export function ErrorNote({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const message = typeof error === 'string' ? error : errorText(error);
  const retriable =
    !(error instanceof ApiError) || error.status === 0 || error.status === 429 || error.status >= 500;
  return (
    <div class="notice error" role="alert">
      <p>{message}</p>
      {onRetry && retriable && (
        <button type="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export const isNotFound = (error: unknown): boolean => error instanceof ApiError && error.status === 404;

/** An unknown or unpublished fair: said plainly, with the way back to the fairs that exist. */
export function FairNotFound() {
  return (
    <Page title={t('fair.notFound.title')}>
      <p>{t('fair.notFound.body')}</p>
      <p>
        <Link class="button primary" href="/">
          {t('fair.notFound.back')}
        </Link>
      </p>
    </Page>
  );
}

export function Page({ title, children }: { title: string; children: ComponentChildren }) {
  useEffect(() => {
    document.title = `${title} · hirefair`;
  }, [title]);
  return (
    <>
      <h1 tabIndex={-1} id="page-title">
        {title}
      </h1>
      {children}
    </>
  );
}

/** Loads once per `key` change; `reload` runs it again. */
export function useLoad<T>(
  load: () => Promise<T>,
  key: unknown[],
): {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  setData: (value: T) => void;
} {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    load()
      .then((value) => live && setData(value))
      .catch((e) => live && setError(e))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [...key, tick]);
  return { data, error, loading, reload: () => setTick((n) => n + 1), setData };
}

/** True when a key press comes from somewhere the user types: shortcuts stay out of the way. */
export function typing(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null;
  if (!el) return false;
  return (
    el.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) ||
    e.metaKey ||
    e.ctrlKey ||
    e.altKey
  );
}

export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
