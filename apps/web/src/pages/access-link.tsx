import { useState } from 'preact/hooks';
import { publicApi } from '../api';
import { t } from '../i18n';
import { ErrorNote, Field, useLoad } from '../ui';
import { validEmail } from '../validate';

interface FairOption {
  slug: string;
  title: string;
}

/**
 * "Send me my link again": the email and the fair, and the server mails the personal link if that
 * email registered. The answer is the same either way, so it says "if".
 */
export function AccessLinkForm() {
  const fairs = useLoad(() => publicApi<{ items: FairOption[] }>('public/events?limit=200'), []);
  const [email, setEmail] = useState('');
  const [slug, setSlug] = useState(() => new URLSearchParams(location.search).get('fair') ?? '');
  const [errors, setErrors] = useState<{ email?: string; fair?: string }>({});
  const [sent, setSent] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const items = fairs.data?.items ?? [];
  const chosen = slug || (items.length === 1 ? items[0].slug : '');

  const submit = async (e: Event) => {
    e.preventDefault();
    const found = {
      email: !email.trim() ? t('v.required') : validEmail(email.trim()) ? undefined : t('v.email'),
      fair: chosen ? undefined : t('v.required'),
    };
    setErrors(found);
    if (found.email || found.fair) return;
    setBusy(true);
    setFailure(null);
    try {
      await publicApi(`public/events/${encodeURIComponent(chosen)}/access-link`, {
        method: 'POST',
        body: { email: email.trim() },
      });
      setSent(email.trim());
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel" aria-labelledby="access-title">
      <h2 id="access-title">{t('access.title')}</h2>
      <p>{t('access.intro')}</p>
      {sent ? (
        <p class="notice ok" role="status">
          {t('access.sent', { email: sent })}
        </p>
      ) : (
        <form class="form narrow" onSubmit={submit} noValidate>
          <Field field="access-email" label={t('access.email')} error={errors.email}>
            {(p) => (
              <input
                {...p}
                type="email"
                autoComplete="email"
                value={email}
                onInput={(e) => setEmail(e.currentTarget.value)}
              />
            )}
          </Field>
          <Field field="access-fair" label={t('access.fair')} error={errors.fair}>
            {(p) => (
              <select {...p} value={chosen} onChange={(e) => setSlug(e.currentTarget.value)}>
                <option value="">{t('access.chooseFair')}</option>
                {items.map((f) => (
                  <option key={f.slug} value={f.slug}>
                    {f.title}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {failure ? <ErrorNote error={failure} /> : null}
          <button type="submit" class="primary" disabled={busy}>
            {t('access.submit')}
          </button>
        </form>
      )}
    </section>
  );
}
