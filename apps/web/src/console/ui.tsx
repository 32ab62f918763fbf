import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { DateTime } from 'luxon';
import { ApiError } from '../api';
import { lang } from '../i18n';
import { Link } from '../router';
import { ct, ctOr } from './i18n';

/** One sentence in the page's language for any failure: never the server's English beside Chinese. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return ct('error.network');
    const known = ctOr(`error.${error.code}`, '');
    if (known) return known;
    if (error.status === 401) return ct('error.401');
    if (error.status === 403) return ct('error.403');
    if (error.status === 404) return ct('error.404');
    if (error.status === 429) return ct('error.429');
    if (error.status >= 500) return ct('error.500');
    // A 400/409 message names the exact problem; in English only, so Chinese shows the code beside it.
    return lang() === 'en' ? error.body.message : `${ct('error.rejected')} (${error.code})`;
  }
  return ct('error.500');
}

export function Failure({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const retryable = !(error instanceof ApiError) || error.status === 0 || error.status >= 500;
  return (
    <div class="notice error" role="alert">
      <p>{errorText(error)}</p>
      {error instanceof ApiError && error.body.errorId && (
        <p class="hint">{ct('error.reference', { id: error.body.errorId })}</p>
      )}
      {onRetry && retryable && (
        <button type="button" onClick={onRetry}>
          {ct('common.retry')}
        </button>
      )}
    </div>
  );
}

/** Placeholder rows while a list loads: the layout does not jump when the data arrives. */
export function Skeleton({ rows = 3 }: { rows?: number }) {
  return (
    <div class="skeleton" role="status" aria-live="polite">
      <span class="sr-only">{ct('common.loading')}</span>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} class="skeleton-row" />
      ))}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <p class="empty-title">{title}</p>
      {children}
    </div>
  );
}

/** A modal that says what a click will do before it does it; Escape or Cancel closes it. */
export function Confirm({
  title,
  children,
  confirmLabel,
  danger,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => Promise<void> | void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <dialog ref={ref} class="dialog" aria-labelledby="dialog-title" onClose={onClose}>
      <h2 id="dialog-title">{title}</h2>
      {children}
      {error ? <Failure error={error} /> : null}
      <div class="actions end">
        <button type="button" onClick={onClose}>
          {ct('common.cancel')}
        </button>
        <button type="button" class={danger ? 'danger solid' : 'primary'} disabled={busy} onClick={go}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

export function ConsolePage({
  title,
  actions,
  crumbs,
  children,
}: {
  title: string;
  actions?: ComponentChildren;
  crumbs?: { href: string; label: string }[];
  children: ComponentChildren;
}) {
  useEffect(() => {
    document.title = `${title} · hirefair`;
  }, [title]);
  return (
    <>
      {crumbs && crumbs.length > 0 && (
        <nav class="crumbs" aria-label={ct('nav.crumbs')}>
          {crumbs.map((c) => (
            <span key={c.href}>
              <Link href={c.href}>{c.label}</Link>
              <span aria-hidden="true"> / </span>
            </span>
          ))}
        </nav>
      )}
      <div class="page-head">
        <h1 tabIndex={-1} id="page-title">
          {title}
        </h1>
        {actions && <div class="actions">{actions}</div>}
      </div>
      {children}
    </>
  );
}

export const statusClass = (status: string): string => `badge st-${status}`;

export function StatusBadge({ status, prefix = 'status' }: { status: string; prefix?: string }) {
  return <span class={statusClass(status)}>{ctOr(`${prefix}.${status}`, status)}</span>;
}

/** A job's progress bar: `pct` done, or an indeterminate bar while the total is unknown (null). */
export function ProgressBar({ pct, label }: { pct: number | null; label: string }) {
  return (
    <div
      class={`progress${pct === null ? ' indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct ?? undefined}
    >
      <span style={{ width: `${pct ?? 100}%` }} />
    </div>
  );
}

// ----------------------------------------------------------------------------- time zones

const LOCAL = "yyyy-MM-dd'T'HH:mm";

/** An instant as the `datetime-local` value of its wall-clock time in `zone`. */
export const toZoneInput = (iso: string | null | undefined, zone: string): string =>
  iso ? DateTime.fromISO(iso, { zone }).toFormat(LOCAL) : '';

/** A `datetime-local` value read as wall-clock time in `zone`, as ISO-8601 with that zone's offset. */
export function fromZoneInput(value: string, zone: string): string | null {
  if (!value) return null;
  const dt = DateTime.fromISO(value, { zone });
  return dt.isValid ? dt.toISO({ suppressMilliseconds: true }) : null;
}

export const validZone = (zone: string): boolean => DateTime.local().setZone(zone).isValid;

export function formatInZone(iso: string | null | undefined, zone: string): string {
  if (!iso) return '—';
  return DateTime.fromISO(iso, { zone })
    .setLocale(lang() === 'zh' ? 'zh-CN' : 'en-GB')
    .toLocaleString({ ...DateTime.DATETIME_MED, timeZoneName: 'short' });
}

/** A date-time input whose value is the wall-clock time in the fair's zone, shown beside it. */
export function ZonedInput({
  id,
  value,
  zone,
  onChange,
  invalid,
  describedBy,
}: {
  id: string;
  value: string;
  zone: string;
  onChange: (value: string) => void;
  invalid?: boolean;
  describedBy?: string;
}) {
  return (
    <div class="zoned">
      <input
        id={id}
        type="datetime-local"
        value={value}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        onInput={(e) => onChange(e.currentTarget.value)}
      />
      <span class="zone" title={zone}>
        {zone}
      </span>
    </div>
  );
}

export function Tabs({
  items,
  current,
}: {
  items: { href: string; label: string; key: string }[];
  current: string;
}) {
  return (
    <nav class="tabs" aria-label={ct('nav.fair')}>
      <ul>
        {items.map((item) => (
          <li key={item.key}>
            <Link href={item.href} aria-current={item.key === current ? 'page' : undefined}>
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
