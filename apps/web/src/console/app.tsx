import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Me, isRecruiter, me, signOut, signedIn } from '../api';
import { Lang, lang, setLang } from '../i18n';
import { Link, match, navigate } from '../router';
import { AcceptInvitePage, AccountPage, ForgotPasswordPage, ResetPasswordPage, SignInPage } from './auth';
import { AvailabilityPage } from './availability';
import { FairEditPage, FairNewPage, FairOverviewPage, FairsPage } from './fairs';
import { ct } from './i18n';
import { ImportPage } from './import';
import { RegistrationPage, RegistrationsPage } from './registrations';
import { isInterviewer, isOrgAdmin } from './roles';
import { RoutingPage } from './routing';
import { SchedulingPage } from './scheduling';
import { StaffPage } from './staff';
import { ConsolePage, Empty, Failure, Skeleton, formatInZone } from './ui';
import type { Fair, Page } from './types';
import { api, ok } from '../api/client';
import { useLoad } from '../ui';
import { UnitEditPage, UnitNewPage, UnitsPage } from './units';
import { WaiverPage } from './waivers';
import './console.css';

/** Pages anyone may open: signing in and the emailed links. */
const PUBLIC: Record<string, () => JSX.Element> = {
  '/console/signin': () => <SignInPage />,
  '/console/forgot-password': () => <ForgotPasswordPage />,
  '/console/reset-password': () => <ResetPasswordPage />,
  '/console/accept-invite': () => <AcceptInvitePage />,
};

function staffRoute(path: string, who: Me): JSX.Element | null {
  let p: Record<string, string> | null;
  if (path === '/console/account') return <AccountPage who={who} />;
  if ((p = match('/console/fairs/:id/availability', path)))
    return <AvailabilityPage eventId={p.id} who={who} />;
  if (!isRecruiter(who)) return null;
  if (path === '/console' || path === '/console/fairs') return <FairsPage />;
  if (path === '/console/fairs/new') return <FairNewPage />;
  if ((p = match('/console/fairs/:id', path))) return <FairOverviewPage id={p.id} />;
  if ((p = match('/console/fairs/:id/edit', path))) return <FairEditPage id={p.id} />;
  if ((p = match('/console/fairs/:id/waivers', path))) return <WaiverPage eventId={p.id} />;
  if ((p = match('/console/fairs/:id/routing', path))) return <RoutingPage eventId={p.id} />;
  if ((p = match('/console/fairs/:id/scheduling', path))) return <SchedulingPage eventId={p.id} />;
  if ((p = match('/console/fairs/:id/registrations', path))) return <RegistrationsPage eventId={p.id} />;
  if ((p = match('/console/fairs/:id/import', path))) return <ImportPage eventId={p.id} />;
  if ((p = match('/console/registrations/:id', path))) return <RegistrationPage id={p.id} />;
  if (path === '/console/units') return <UnitsPage who={who} />;
  if (path === '/console/units/new' && isOrgAdmin(who)) return <UnitNewPage />;
  if ((p = match('/console/units/:id', path))) return <UnitEditPage id={p.id} who={who} />;
  if (path === '/console/staff' && isOrgAdmin(who)) return <StaffPage who={who} />;
  return null;
}

function useStaff(path: string): { who: Me | null; error: unknown } {
  const [who, setWho] = useState<Me | null>(null);
  const [error, setError] = useState<unknown>(null);
  const isPublic = path in PUBLIC;
  useEffect(() => {
    if (isPublic) return;
    if (!signedIn()) {
      navigate(`/console/signin?next=${encodeURIComponent(location.pathname + location.search)}`, {
        replace: true,
      });
      return;
    }
    me().then(setWho, (e: unknown) => {
      if (!signedIn()) navigate('/console/signin', { replace: true });
      else setError(e);
    });
  }, [isPublic, signedIn()]);
  return { who, error };
}

function Nav({ path, who }: { path: string; who: Me }) {
  const here = (prefix: string) => (path.startsWith(prefix) ? 'page' : undefined);
  const fairsHere =
    path === '/console' || path.startsWith('/console/fairs') || path.startsWith('/console/registrations');
  return (
    <nav aria-label={ct('nav.main')}>
      <ul>
        {isRecruiter(who) && (
          <li>
            <Link href="/console/fairs" aria-current={fairsHere ? 'page' : undefined}>
              {ct('nav.fairs')}
            </Link>
          </li>
        )}
        {isRecruiter(who) && (
          <li>
            <Link href="/console/units" aria-current={here('/console/units')}>
              {ct('nav.units')}
            </Link>
          </li>
        )}
        {isOrgAdmin(who) && (
          <li>
            <Link href="/console/staff" aria-current={here('/console/staff')}>
              {ct('nav.staff')}
            </Link>
          </li>
        )}
        {isRecruiter(who) && (
          <li>
            <Link href="/console/door" aria-current={here('/console/door')}>
              {ct('nav.door')}
            </Link>
          </li>
        )}
        <li>
          <Link href="/console/account" aria-current={here('/console/account')} title={who.user.email}>
            {ct('nav.account')}
          </Link>
        </li>
        <li>
          <button
            type="button"
            class="link"
            onClick={() => {
              signOut();
              navigate('/console/signin');
            }}
          >
            {ct('nav.signout')}
          </button>
        </li>
      </ul>
    </nav>
  );
}

/** Interviewers list no events as staff: the published ones are offered, each to its availability week. */
function InterviewerHome() {
  const { data, error, reload } = useLoad(
    () => ok<Page<Fair>>(api.GET('/api/v1/public/events', { params: { query: { limit: 200 } } })),
    [],
  );
  return (
    <ConsolePage title={ct('avail.mine')}>
      <p class="lead">{ct('home.interviewer')}</p>
      {error ? <Failure error={error} onRetry={reload} /> : null}
      {!data && !error && <Skeleton />}
      {data && data.items.length === 0 && <Empty title={ct('fairs.empty')} />}
      {data && data.items.length > 0 && (
        <ul class="cards">
          {data.items.map((f) => (
            <li class="card" key={f.id}>
              <h2>
                <Link href={`/console/fairs/${f.id}/availability`}>{f.title}</Link>
              </h2>
              <p class="muted">
                {f.online ? ct('fair.online') : f.city} · {formatInZone(f.startsAt, f.timezone)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </ConsolePage>
  );
}

/** The recruiters' and org admins' console at /console: its own frame, the same styles and language choice. */
export function ConsoleApp({ path }: { path: string }) {
  const [language, setLanguage] = useState<Lang>(lang());
  const { who, error } = useStaff(path);
  const choose = (next: Lang) => {
    setLang(next);
    // A re-render, not a remount: what is typed into a form stays there.
    setLanguage(next);
  };
  useEffect(() => {
    document.getElementById('page-title')?.focus({ preventScroll: true });
  }, [path]);
  let body: JSX.Element;
  if (path in PUBLIC) body = PUBLIC[path]();
  else if (error) body = <Failure error={error} onRetry={() => location.reload()} />;
  else if (!who) body = <Skeleton rows={4} />;
  else
    body =
      staffRoute(path, who) ??
      (path === '/console' && isInterviewer(who) ? (
        <InterviewerHome />
      ) : (
        <div class="notice">
          <h1 id="page-title" tabIndex={-1}>
            {ct('notfound.title')}
          </h1>
          <p>{isRecruiter(who) ? ct('notfound.body') : ct('notfound.forbidden')}</p>
        </div>
      ));
  return (
    <div class="console" data-lang={language}>
      <a class="skip" href="#main">
        {ct('app.skip')}
      </a>
      <header class="top">
        <Link href="/console" class="brand">
          hirefair <span class="brand-sub">{ct('app.console')}</span>
        </Link>
        {who && !(path in PUBLIC) ? <Nav path={path} who={who} /> : <span class="spacer" />}
        <div class="lang" role="group" aria-label={ct('nav.language')}>
          <button type="button" lang="en" aria-pressed={language === 'en'} onClick={() => choose('en')}>
            English
          </button>
          <button type="button" lang="zh-CN" aria-pressed={language === 'zh'} onClick={() => choose('zh')}>
            中文
          </button>
        </div>
      </header>
      <main id="main" class="console-main">
        {body}
      </main>
    </div>
  );
}
