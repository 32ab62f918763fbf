import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { isRecruiter, isReviewer, me, Me, signOut, signedIn } from './api';
import { Lang, lang, setLang, t } from './i18n';
import { DoorPage } from './console/door/door';
import { DashboardPage } from './pages/dashboard';
import { FairPage, FairsPage, PrivacyPage } from './pages/fairs';
import { RegisterPage } from './pages/register';
import { QueuePage, ReviewPage, SignInPage } from './pages/staff';
import { StatusPage } from './pages/status';
import { Link, match, navigate, usePath } from './router';
import { ErrorNote, Loading, Page } from './ui';
import './styles.css';

function route(path: string) {
  let p: Record<string, string> | null;
  if (path === '/') return <FairsPage />;
  if (path === '/console/door') return <DoorPage />;
  if ((p = match('/fairs/:slug', path))) return <FairPage slug={p.slug} />;
  if ((p = match('/fairs/:slug/register', path))) return <RegisterPage slug={p.slug} />;
  if (path === '/candidate' || path === '/status') return <StatusPage />;
  if (path === '/privacy') return <PrivacyPage />;
  if (path === '/signin') return <SignInPage />;
  if (path === '/review') return <QueuePage />;
  if ((p = match('/review/:id', path))) return <ReviewPage id={p.id} />;
  if (path === '/dashboard') return <DashboardPage />;
  if ((p = match('/dashboard/:eventId', path))) return <DashboardPage eventId={p.eventId} />;
  return (
    <Page title={t('notfound.title')}>
      <p>{t('notfound.body')}</p>
    </Page>
  );
}

function StaffNav({ path }: { path: string }) {
  const [who, setWho] = useState<Me | null>(null);
  useEffect(() => {
    if (signedIn()) me().then(setWho, () => setWho(null));
    else setWho(null);
  }, [path]);
  if (!who)
    return (
      <li>
        <Link href="/signin">{t('nav.signin')}</Link>
      </li>
    );
  return (
    <>
      {isReviewer(who) && (
        <li>
          <Link href="/review" aria-current={path.startsWith('/review') ? 'page' : undefined}>
            {t('nav.review')}
          </Link>
        </li>
      )}
      {isRecruiter(who) && (
        <li>
          <Link href="/console/door" aria-current={path === '/console/door' ? 'page' : undefined}>
            {t('nav.door')}
          </Link>
        </li>
      )}
      {isRecruiter(who) && (
        <li>
          <Link href="/console">{t('nav.console')}</Link>
        </li>
      )}
      {isRecruiter(who) && (
        <li>
          <Link href="/dashboard" aria-current={path.startsWith('/dashboard') ? 'page' : undefined}>
            {t('nav.dashboard')}
          </Link>
        </li>
      )}
      <li>
        <button
          type="button"
          class="link"
          onClick={() => {
            signOut();
            navigate('/signin');
          }}
          title={who.user.email}
        >
          {t('nav.signout')}
        </button>
      </li>
    </>
  );
}

function App() {
  const path = usePath();
  // The door page is part of the candidates' bundle (a phone at the entrance loads it alone).
  if (path !== '/console/door' && (path === '/console' || path.startsWith('/console/')))
    return <Console path={path} />;
  return <Pages path={path} />;
}

type ConsoleModule = typeof import('./console/app');

/** The console is a chunk of its own: candidates' pages never download it. */
function Console({ path }: { path: string }) {
  const [module, setModule] = useState<ConsoleModule | null>(null);
  const [failed, setFailed] = useState<unknown>(null);
  useEffect(() => {
    import('./console/app').then(setModule, setFailed);
  }, []);
  if (failed) return <ErrorNote error={failed} onRetry={() => location.reload()} />;
  return module ? <module.ConsoleApp path={path} /> : <Loading />;
}

function Pages({ path }: { path: string }) {
  const [language, setLanguage] = useState<Lang>(lang());
  const choose = (next: Lang) => {
    setLang(next);
    setLanguage(next);
  };
  useEffect(() => setLang(language), []);
  useEffect(() => {
    // After a client-side navigation, reading starts at the new page's title.
    document.getElementById('page-title')?.focus({ preventScroll: true });
  }, [path]);
  return (
    // No key on the language: switching it re-renders every page in place, so a half-filled form keeps its values.
    <div>
      <a class="skip" href="#main">
        {t('app.skip')}
      </a>
      <header class="top">
        <Link href="/" class="brand">
          {t('app.name')}
        </Link>
        <nav aria-label={t('nav.main')}>
          <ul>
            <li>
              <Link href="/" aria-current={path === '/' || path.startsWith('/fairs') ? 'page' : undefined}>
                {t('nav.fairs')}
              </Link>
            </li>
            <StaffNav path={path} />
          </ul>
        </nav>
        <div class="lang" role="group" aria-label={t('nav.language')}>
          <button type="button" lang="en" aria-pressed={language === 'en'} onClick={() => choose('en')}>
            English
          </button>
          <button type="button" lang="zh-CN" aria-pressed={language === 'zh'} onClick={() => choose('zh')}>
            中文
          </button>
        </div>
      </header>
      <main id="main">{route(path)}</main>
    </div>
  );
}

render(<App />, document.getElementById('app') as HTMLElement);
