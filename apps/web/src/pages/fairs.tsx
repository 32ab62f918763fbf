import { publicApi } from '../api';
import { formatDate, formatDateTime, specialtyLabel, t } from '../i18n';
import { Link } from '../router';
import { ErrorNote, FairNotFound, isNotFound, Loading, Page, useLoad } from '../ui';
import { PRIVACY_POLICY_VERSION } from '../validate';

export interface PublicEvent {
  id: string;
  slug: string;
  title: string;
  organization: { name: string | null };
  city: string;
  venue: string | null;
  online: boolean;
  timezone: string;
  startsAt: string;
  endsAt: string;
  registrationOpensAt: string;
  registrationClosesAt: string;
  status: string;
  registrationOpen: boolean;
  capacity: number;
  seatsLeft: number | null;
  specialties: string[];
  businessUnits: { name: string; specialties: string[] }[];
}

const dates = (e: PublicEvent): string => {
  const from = formatDate(e.startsAt, e.timezone);
  const to = formatDate(e.endsAt, e.timezone);
  return from === to ? from : `${from} – ${to}`;
};

function Seats({ event }: { event: PublicEvent }) {
  if (!event.registrationOpen) return <span class="badge">{t('fairs.closed')}</span>;
  return (
    <>
      <span class="badge ok">{t('fairs.open')}</span>{' '}
      <span class="muted">
        {event.seatsLeft === 0 ? t('fairs.full') : t('fairs.seatsLeft', { count: event.seatsLeft ?? '' })}
      </span>
    </>
  );
}

export function FairsPage() {
  const { data, error, loading, reload } = useLoad(
    () => publicApi<{ items: PublicEvent[] }>('public/events?limit=200'),
    [],
  );
  return (
    <Page title={t('fairs.title')}>
      <p class="lead">{t('fairs.intro')}</p>
      {loading && <Loading />}
      {error ? <ErrorNote error={error} onRetry={reload} /> : null}
      {data && data.items.length === 0 && <p>{t('fairs.empty')}</p>}
      <ul class="cards">
        {data?.items.map((e) => (
          <li class="card" key={e.id}>
            <h2>
              <Link href={`/fairs/${encodeURIComponent(e.slug)}`}>{e.title}</Link>
            </h2>
            <p>
              {e.online ? t('fair.online') : e.city} · {dates(e)}
            </p>
            <p>
              <Seats event={e} />
            </p>
            <p class="tags">
              {e.specialties.map((s) => (
                <span class="tag" key={s}>
                  {specialtyLabel(s)}
                </span>
              ))}
            </p>
            <p>
              <Link class="button" href={`/fairs/${encodeURIComponent(e.slug)}`}>
                {t('fairs.details')}
              </Link>
            </p>
          </li>
        ))}
      </ul>
    </Page>
  );
}

export function FairPage({ slug }: { slug: string }) {
  const {
    data: e,
    error,
    loading,
    reload,
  } = useLoad(() => publicApi<PublicEvent>(`public/events/${encodeURIComponent(slug)}`), [slug]);
  if (loading) return <Loading />;
  if (isNotFound(error)) return <FairNotFound />;
  if (error || !e) return <ErrorNote error={error} onRetry={reload} />;
  return (
    <Page title={e.title}>
      <dl class="facts">
        {e.organization.name && (
          <>
            <dt>{t('fair.organizer')}</dt>
            <dd>{e.organization.name}</dd>
          </>
        )}
        <dt>{t('fair.city')}</dt>
        <dd>{e.online ? t('fair.online') : e.city}</dd>
        {e.venue && (
          <>
            <dt>{t('fair.venue')}</dt>
            <dd>{e.venue}</dd>
          </>
        )}
        <dt>{t('fair.dates')}</dt>
        <dd>
          {formatDateTime(e.startsAt, e.timezone)} – {formatDateTime(e.endsAt, e.timezone)} ({e.timezone})
        </dd>
        <dt>{t('fair.registration')}</dt>
        <dd>
          <Seats event={e} />
          {e.registrationOpen && (
            <span class="muted">
              {' '}
              · {t('fair.until', { date: formatDateTime(e.registrationClosesAt, e.timezone) })}
            </span>
          )}
        </dd>
        <dt>{t('fair.specialties')}</dt>
        <dd class="tags">
          {e.specialties.map((s) => (
            <span class="tag" key={s}>
              {specialtyLabel(s)}
            </span>
          ))}
        </dd>
      </dl>
      <h2>{t('fair.units')}</h2>
      <ul class="units">
        {e.businessUnits.map((u) => (
          <li key={u.name}>
            <strong>{u.name}</strong>{' '}
            <span class="muted">{u.specialties.map(specialtyLabel).join(' · ')}</span>
          </li>
        ))}
      </ul>
      {e.registrationOpen ? (
        <p>
          <Link class="button primary" href={`/fairs/${encodeURIComponent(e.slug)}/register`}>
            {t('fair.register')}
          </Link>
        </p>
      ) : (
        <p class="notice">{t('fair.closedNote')}</p>
      )}
    </Page>
  );
}

export function PrivacyPage() {
  return (
    <Page title={t('privacy.title')}>
      <p class="muted">{t('privacy.version', { version: PRIVACY_POLICY_VERSION })}</p>
      <p>{t('privacy.body1')}</p>
      <p>{t('privacy.body2')}</p>
      <p>{t('privacy.body3')}</p>
    </Page>
  );
}
