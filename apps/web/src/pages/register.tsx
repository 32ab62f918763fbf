import { useState } from 'preact/hooks';
import { ApiError, newIdempotencyKey, publicApi, rememberCandidateToken } from '../api';
import { lang, specialtyLabel, t } from '../i18n';
import { Link } from '../router';
import { ErrorNote, FairNotFound, isNotFound, Field, Loading, Message, Page, fieldId, useLoad } from '../ui';
import {
  AwardInput,
  DEGREES,
  PublicationInput,
  RegistrationInput,
  registrationBody,
  serverErrors,
  validateRegistration,
} from '../validate';
import type { PublicEvent } from './fairs';

const EMPTY: RegistrationInput = {
  name: '',
  email: '',
  phone: '',
  city: '',
  specialties: [],
  degree: '',
  yearsOfExperience: '',
  publications: [],
  awards: [],
  githubUrl: '',
  resumeUrl: '',
  referralCode: '',
  expectedMonthlySalaryCny: '',
  consent: false,
};

type Outcome =
  | { kind: 'registered' | 'waitlisted'; token: string }
  | { kind: 'already' }
  | { kind: 'closed' }
  | { kind: 'rate' };

export function RegisterPage({ slug }: { slug: string }) {
  const {
    data: event,
    error,
    loading,
    reload,
  } = useLoad(() => publicApi<PublicEvent>(`public/events/${encodeURIComponent(slug)}`), [slug]);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  if (loading) return <Loading />;
  if (isNotFound(error)) return <FairNotFound />;
  if (error || !event) return <ErrorNote error={error} onRetry={reload} />;
  if (outcome) return <Result outcome={outcome} event={event} />;
  return (
    <Page title={t('form.title', { title: event.title })}>
      <RegistrationForm event={event} onDone={setOutcome} />
    </Page>
  );
}

function Result({ outcome, event }: { outcome: Outcome; event: PublicEvent }) {
  if (outcome.kind === 'closed' || outcome.kind === 'rate')
    return (
      <Page title={event.title}>
        <p class="notice error" role="alert">
          {t(outcome.kind === 'closed' ? 'result.closed' : 'result.rate')}
        </p>
      </Page>
    );
  const key = outcome.kind === 'already' ? 'already' : outcome.kind;
  return (
    <Page title={t(`result.${key}.title`)}>
      <p class="notice ok" role="status" data-result={outcome.kind}>
        {t(`result.${key}.body`)}
      </p>
      {'token' in outcome && (
        <p>
          <Link class="button primary" href="/candidate">
            {t('result.open')}
          </Link>
        </p>
      )}
    </Page>
  );
}

function RegistrationForm({ event, onDone }: { event: PublicEvent; onDone: (o: Outcome) => void }) {
  const [input, setInput] = useState<RegistrationInput>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const set = (patch: Partial<RegistrationInput>) => {
    const next = { ...input, ...patch };
    setInput(next);
    // Once messages show, they follow the corrections as they are typed.
    setErrors((shown) => (Object.keys(shown).length ? validateRegistration(next) : shown));
  };
  const value = (field: keyof RegistrationInput) => ({
    value: input[field] as string,
    onInput: (e: Event) => set({ [field]: (e.currentTarget as HTMLInputElement).value }),
  });
  const setPublication = (i: number, patch: Partial<PublicationInput>) =>
    set({ publications: input.publications.map((p, j) => (j === i ? { ...p, ...patch } : p)) });
  const setAward = (i: number, patch: Partial<AwardInput>) =>
    set({ awards: input.awards.map((a, j) => (j === i ? { ...a, ...patch } : a)) });

  const showErrors = (found: Record<string, string>) => {
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) requestAnimationFrame(() => document.getElementById(fieldId(first))?.focus());
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setFailure(null);
    const found = validateRegistration(input);
    if (Object.keys(found).length) return showErrors(found);
    setSending(true);
    try {
      const created = await publicApi<{ status: string; candidateToken: string }>(
        `public/events/${encodeURIComponent(event.slug)}/registrations`,
        {
          method: 'POST',
          body: registrationBody(input, lang()),
          headers: { 'Idempotency-Key': newIdempotencyKey() },
        },
      );
      rememberCandidateToken(created.candidateToken);
      onDone({
        kind: created.status === 'waitlisted' ? 'waitlisted' : 'registered',
        token: created.candidateToken,
      });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'VALIDATION_FAILED')
        showErrors(serverErrors(error.body.details));
      else if (error instanceof ApiError && error.code === 'ALREADY_REGISTERED') onDone({ kind: 'already' });
      else if (error instanceof ApiError && error.code === 'REGISTRATION_CLOSED') onDone({ kind: 'closed' });
      else if (error instanceof ApiError && error.status === 429) onDone({ kind: 'rate' });
      else setFailure(error);
    } finally {
      setSending(false);
    }
  };

  const hasErrors = Object.keys(errors).length > 0;
  return (
    <form class="form" onSubmit={submit} noValidate aria-describedby="form-note">
      <p id="form-note" class="muted">
        {t('form.required')}
      </p>
      <p class="msg summary" role="alert">
        {hasErrors ? t('form.fix') : ''}
      </p>
      <fieldset>
        <legend>{t('form.about')}</legend>
        <div class="grid">
          <Field field="name" label={t('form.name')} error={errors.name}>
            {(p) => <input {...p} {...value('name')} autoComplete="name" maxLength={200} />}
          </Field>
          <Field field="email" label={t('form.email')} error={errors.email} hint={t('form.emailHint')}>
            {(p) => <input {...p} {...value('email')} type="email" autoComplete="email" maxLength={254} />}
          </Field>
          <Field field="phone" label={t('form.phone')} error={errors.phone}>
            {(p) => <input {...p} {...value('phone')} type="tel" autoComplete="tel" maxLength={32} />}
          </Field>
          <Field field="city" label={t('form.city')} error={errors.city}>
            {(p) => <input {...p} {...value('city')} autoComplete="address-level2" maxLength={100} />}
          </Field>
          <Field field="degree" label={t('form.degree')} error={errors.degree}>
            {(p) => (
              <select {...p} {...value('degree')} onChange={(e) => set({ degree: e.currentTarget.value })}>
                <option value="">{t('form.degree.choose')}</option>
                {DEGREES.map((d) => (
                  <option value={d} key={d}>
                    {t(`form.degree.${d}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field field="yearsOfExperience" label={t('form.years')} error={errors.yearsOfExperience}>
            {(p) => (
              <input
                {...p}
                {...value('yearsOfExperience')}
                type="number"
                inputMode="numeric"
                min={0}
                max={70}
                step={1}
              />
            )}
          </Field>
        </div>
        <fieldset
          class="choices"
          id={fieldId('specialties')}
          tabIndex={-1}
          aria-describedby={`${fieldId('specialties')}-msg`}
          aria-invalid={!!errors.specialties}
        >
          <legend>{t('form.specialties')}</legend>
          {event.specialties.map((s) => (
            <label class="check" key={s}>
              <input
                type="checkbox"
                name="specialties"
                value={s}
                checked={input.specialties.includes(s)}
                onChange={(e) =>
                  set({
                    specialties: e.currentTarget.checked
                      ? [...input.specialties, s]
                      : input.specialties.filter((x) => x !== s),
                  })
                }
              />{' '}
              {specialtyLabel(s)}
            </label>
          ))}
          <Message field="specialties" error={errors.specialties} />
        </fieldset>
      </fieldset>

      <fieldset>
        <legend>{t('form.publications')}</legend>
        {input.publications.map((p, i) => (
          <fieldset class="group" key={i}>
            <legend>{t('form.publication', { n: i + 1 })}</legend>
            <div class="grid">
              <Field
                field={`publications.${i}.title`}
                label={t('form.pub.title')}
                error={errors[`publications.${i}.title`]}
              >
                {(a) => (
                  <input
                    {...a}
                    value={p.title}
                    maxLength={500}
                    onInput={(e) => setPublication(i, { title: e.currentTarget.value })}
                  />
                )}
              </Field>
              <Field
                field={`publications.${i}.venue`}
                label={t('form.pub.venue')}
                error={errors[`publications.${i}.venue`]}
              >
                {(a) => (
                  <input
                    {...a}
                    value={p.venue}
                    maxLength={200}
                    onInput={(e) => setPublication(i, { venue: e.currentTarget.value })}
                  />
                )}
              </Field>
              <Field
                field={`publications.${i}.year`}
                label={t('form.pub.year')}
                error={errors[`publications.${i}.year`]}
              >
                {(a) => (
                  <input
                    {...a}
                    value={p.year}
                    type="number"
                    inputMode="numeric"
                    min={1950}
                    step={1}
                    onInput={(e) => setPublication(i, { year: e.currentTarget.value })}
                  />
                )}
              </Field>
            </div>
            <button
              type="button"
              class="link"
              onClick={() => set({ publications: input.publications.filter((_, j) => j !== i) })}
            >
              {t('form.remove')} ({t('form.publication', { n: i + 1 })})
            </button>
          </fieldset>
        ))}
        <Message field="publications" error={errors.publications} />
        <button
          type="button"
          onClick={() => set({ publications: [...input.publications, { title: '', venue: '', year: '' }] })}
        >
          + {t('form.addPublication')}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t('form.awards')}</legend>
        {input.awards.map((a, i) => (
          <fieldset class="group" key={i}>
            <legend>{t('form.award', { n: i + 1 })}</legend>
            <div class="grid">
              <Field
                field={`awards.${i}.name`}
                label={t('form.award.name')}
                error={errors[`awards.${i}.name`]}
              >
                {(p) => (
                  <input
                    {...p}
                    value={a.name}
                    maxLength={300}
                    onInput={(e) => setAward(i, { name: e.currentTarget.value })}
                  />
                )}
              </Field>
              <Field
                field={`awards.${i}.rank`}
                label={t('form.award.rank')}
                error={errors[`awards.${i}.rank`]}
              >
                {(p) => (
                  <input
                    {...p}
                    value={a.rank}
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={1000}
                    step={1}
                    onInput={(e) => setAward(i, { rank: e.currentTarget.value })}
                  />
                )}
              </Field>
              <Field
                field={`awards.${i}.year`}
                label={t('form.award.year')}
                error={errors[`awards.${i}.year`]}
              >
                {(p) => (
                  <input
                    {...p}
                    value={a.year}
                    type="number"
                    inputMode="numeric"
                    min={1950}
                    step={1}
                    onInput={(e) => setAward(i, { year: e.currentTarget.value })}
                  />
                )}
              </Field>
            </div>
            <button
              type="button"
              class="link"
              onClick={() => set({ awards: input.awards.filter((_, j) => j !== i) })}
            >
              {t('form.remove')} ({t('form.award', { n: i + 1 })})
            </button>
          </fieldset>
        ))}
        <Message field="awards" error={errors.awards} />
        <button
          type="button"
          onClick={() => set({ awards: [...input.awards, { name: '', rank: '', year: '' }] })}
        >
          + {t('form.addAward')}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t('form.links')}</legend>
        <div class="grid">
          <Field field="githubUrl" label={t('form.github')} error={errors.githubUrl}>
            {(p) => (
              <input
                {...p}
                {...value('githubUrl')}
                type="url"
                inputMode="url"
                placeholder="https://github.com/…"
                maxLength={500}
              />
            )}
          </Field>
          <Field field="resumeUrl" label={t('form.resume')} error={errors.resumeUrl}>
            {(p) => (
              <input
                {...p}
                {...value('resumeUrl')}
                type="url"
                inputMode="url"
                placeholder="https://…"
                maxLength={1000}
              />
            )}
          </Field>
          <Field field="referralCode" label={t('form.referral')} error={errors.referralCode}>
            {(p) => <input {...p} {...value('referralCode')} maxLength={64} />}
          </Field>
          <Field
            field="expectedMonthlySalaryCny"
            label={t('form.salary')}
            error={errors.expectedMonthlySalaryCny}
          >
            {(p) => (
              <input
                {...p}
                {...value('expectedMonthlySalaryCny')}
                type="number"
                inputMode="decimal"
                min={0}
                step="0.01"
              />
            )}
          </Field>
        </div>
      </fieldset>

      <div class="consent">
        <label class="check" for={fieldId('consent.shareWithBusinessUnits')}>
          <input
            type="checkbox"
            id={fieldId('consent.shareWithBusinessUnits')}
            checked={input.consent}
            aria-invalid={!!errors['consent.shareWithBusinessUnits']}
            aria-describedby={`${fieldId('consent.shareWithBusinessUnits')}-msg`}
            onChange={(e) => set({ consent: e.currentTarget.checked })}
          />{' '}
          {t('form.consent')}
        </label>{' '}
        <a href="/privacy" target="_blank" rel="noopener">
          {t('form.privacyLink')}
        </a>
        <Message field="consent.shareWithBusinessUnits" error={errors['consent.shareWithBusinessUnits']} />
      </div>

      {failure ? <ErrorNote error={failure} /> : null}
      <p>
        <button type="submit" class="primary" disabled={sending} aria-busy={sending}>
          {sending ? t('form.submitting') : t('form.submit')}
        </button>
      </p>
    </form>
  );
}
