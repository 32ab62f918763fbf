import { useState } from 'preact/hooks';
import { api, ok } from '../api/client';
import { lang } from '../i18n';
import { FairFrame } from './fair-frame';
import { ct } from './i18n';
import { unfinished, usePoll } from './poll';
import type { ImportView } from './types';
import { Failure, ProgressBar, StatusBadge } from './ui';

const importKey = (eventId: string) => `hirefair.console.import.${eventId}`;
const COLUMNS =
  'name,email,city,specialties,degree,yearsOfExperience,consentPrivacyPolicyVersion,consentShareWithBusinessUnits';

function useImport(importId: string | null): { view: ImportView | null; error: unknown } {
  const { value, error } = usePoll<ImportView>(
    importId,
    (id) => ok<ImportView>(api.GET('/api/v1/imports/{id}', { params: { path: { id } } })),
    { pending: unfinished },
  );
  return { view: value, error };
}

function Progress({ view }: { view: ImportView }) {
  const total = view.totalRows ?? 0;
  const pct =
    view.status === 'completed' ? 100 : total ? Math.round((view.processedRows / total) * 100) : null;
  return (
    <section class="panel" aria-live="polite" data-testid="import">
      <h2>
        {ct('import.progress')} <StatusBadge status={view.status} prefix="run" />
      </h2>
      <ProgressBar pct={pct} label={ct('import.progress')} />
      <ul class="figures">
        <li>
          <strong>
            {view.processedRows}
            {total ? ` / ${total}` : ''}
          </strong>
          {ct('import.rows')}
        </li>
        <li>
          <strong>{view.accepted}</strong>
          {ct('import.accepted')}
        </li>
        <li>
          <strong>{view.duplicates}</strong>
          {ct('import.duplicates')}
        </li>
        <li>
          <strong>{view.rejected}</strong>
          {ct('import.rejected')}
        </li>
      </ul>
      {view.error && (
        <p class="notice error" role="alert">
          {lang() === 'en' ? view.error : ct('import.failed')}
        </p>
      )}
      {view.issues.length > 0 && (
        <>
          <h3>{ct('import.issues')}</h3>
          <div class="table-wrap">
            <table class="list">
              <thead>
                <tr>
                  <th class="num">{ct('import.line')}</th>
                  <th>{ct('import.kind')}</th>
                  <th>{ct('import.reasons')}</th>
                </tr>
              </thead>
              <tbody>
                {view.issues.map((i) => (
                  <tr key={i.line}>
                    <td class="num">{i.line}</td>
                    <td>{ct(`import.kind.${i.kind}` as 'import.kind.rejected')}</td>
                    <td>
                      <ul class="plain">
                        {i.reasons.map((r) => (
                          <li key={r.field}>
                            <code>{r.field}</code> <span lang="en">{r.messages.join('; ')}</span>
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {view.issuesTruncated && <p class="muted small">{ct('import.truncated')}</p>}
        </>
      )}
    </section>
  );
}

export function ImportPage({ eventId }: { eventId: string }) {
  const [importId, setImportId] = useState<string | null>(() => sessionStorage.getItem(importKey(eventId)));
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [again, setAgain] = useState(false);
  const { view, error } = useImport(importId);
  const upload = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setFailure(null);
    try {
      const text = await file.text();
      const {
        data,
        error: body,
        response,
      } = await api.POST('/api/v1/events/{id}/registrations/import', {
        params: { path: { id: eventId } },
        body: text,
        bodySerializer: (b: string) => b,
        headers: { 'content-type': 'text/csv' },
      });
      const created = await ok<ImportView>(Promise.resolve({ data, error: body, response }));
      setAgain(response.status === 200);
      sessionStorage.setItem(importKey(eventId), created.id);
      setImportId(created.id);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <FairFrame id={eventId} tab="import" title={() => ct('import.title')}>
      {() => (
        <>
          <p class="lead">{ct('import.intro')}</p>
          <details class="hint-box">
            <summary>{ct('import.format')}</summary>
            <p>{ct('import.formatText')}</p>
            <pre>{COLUMNS}</pre>
          </details>
          <form class="panel upload" onSubmit={upload}>
            <label for="import-file">{ct('import.file')}</label>
            <input
              id="import-file"
              type="file"
              accept=".csv,text/csv"
              onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
            />
            <button type="submit" class="primary" disabled={!file || busy}>
              {ct('import.upload')}
            </button>
          </form>
          {failure ? <Failure error={failure} /> : null}
          {again && (
            <p class="notice" role="status">
              {ct('import.again')}
            </p>
          )}
          {error ? <Failure error={error} /> : null}
          {view && <Progress view={view} />}
        </>
      )}
    </FairFrame>
  );
}
