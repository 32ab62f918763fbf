import { useState } from 'preact/hooks';
import { ApiError, Me, isRecruiter, me, store } from '../api';
import { lang } from '../i18n';
import { Link, navigate } from '../router';
import { PasswordField, SignInFields, safeNext, useSignIn } from '../sign-in';
import { Field } from '../ui';
import { api, ok } from '../api/client';
import { ct, ctOr } from './i18n';
import { ConsolePage, Failure, errorText } from './ui';

const MIN_PASSWORD = 10;

/** The token an emailed link carries in its fragment (never sent to a server log), then removed from the address bar. */
function takeFragmentToken(): string | null {
  const found = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!found) return null;
  history.replaceState(history.state, '', location.pathname);
  return decodeURIComponent(found[1]);
}

const home = (who: Me) => (isRecruiter(who) ? '/console/fairs' : '/console');

export function SignInPage() {
  const form = useSignIn(
    (who) => navigate(safeNext() ?? home(who)),
    (error) =>
      error instanceof ApiError && error.code === 'INVALID_CREDENTIALS'
        ? ct('signin.invalid')
        : errorText(error),
  );
  return (
    <ConsolePage title={ct('signin.title')}>
      <form class="form narrow" onSubmit={form.submit}>
        <SignInFields
          form={form}
          emailLabel={ct('field.email')}
          passwordLabel={ct('field.password')}
          passwordError={form.failure ?? undefined}
        />
        <div class="actions spread">
          <button class="primary" type="submit" disabled={form.busy}>
            {ct('signin.submit')}
          </button>
          <Link href="/console/forgot-password">{ct('signin.forgot')}</Link>
        </div>
      </form>
    </ConsolePage>
  );
}

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await ok(api.POST('/api/v1/auth/password-reset', { body: { email: email.trim() } }));
      setSent(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <ConsolePage title={ct('forgot.title')}>
      {sent ? (
        <div class="notice ok" role="status">
          <p>{ct('forgot.sent', { email: email.trim() })}</p>
          <Link href="/console/signin">{ct('forgot.back')}</Link>
        </div>
      ) : (
        <form class="form narrow" onSubmit={submit}>
          <p class="lead">{ct('forgot.intro')}</p>
          <Field field="forgot-email" label={ct('field.email')}>
            {(p) => (
              <input
                {...p}
                type="email"
                autoComplete="username"
                required
                value={email}
                onInput={(e) => setEmail(e.currentTarget.value)}
              />
            )}
          </Field>
          {error ? <Failure error={error} /> : null}
          <div class="actions spread">
            <button class="primary" type="submit" disabled={busy}>
              {ct('forgot.submit')}
            </button>
            <Link href="/console/signin">{ct('forgot.back')}</Link>
          </div>
        </form>
      )}
    </ConsolePage>
  );
}

/** A new password twice, checked here for length and match before the server's own rules. */
function NewPasswordForm({
  submitLabel,
  onSubmit,
  current,
}: {
  submitLabel: string;
  onSubmit: (password: string, currentPassword: string) => Promise<void>;
  current?: boolean;
}) {
  const [currentPassword, setCurrentPassword] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<{ field: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (password.length < MIN_PASSWORD)
      return setProblem({ field: 'password', text: ct('password.short', { n: MIN_PASSWORD }) });
    if (password !== again) return setProblem({ field: 'again', text: ct('password.mismatch') });
    setBusy(true);
    setProblem(null);
    try {
      await onSubmit(password, currentPassword);
    } catch (error) {
      const detail = error instanceof ApiError ? error.body.details?.[0] : undefined;
      setProblem({
        field: detail?.field === 'currentPassword' ? 'current' : detail ? 'password' : 'form',
        text: detail?.messages[0] && lang() === 'en' ? detail.messages[0] : errorText(error),
      });
    } finally {
      setBusy(false);
    }
  };
  const err = (field: string) => (problem?.field === field ? problem.text : undefined);
  return (
    <form class="form narrow" onSubmit={submit}>
      {current && (
        <PasswordField
          field="current-password"
          label={ct('password.current')}
          error={err('current')}
          autoComplete="current-password"
          value={currentPassword}
          onValue={setCurrentPassword}
        />
      )}
      <PasswordField
        field="new-password"
        label={ct('password.new')}
        hint={ct('password.rules', { n: MIN_PASSWORD })}
        error={err('password')}
        autoComplete="new-password"
        value={password}
        onValue={setPassword}
      />
      <PasswordField
        field="new-password-again"
        label={ct('password.again')}
        error={err('again')}
        autoComplete="new-password"
        value={again}
        onValue={setAgain}
      />
      {problem?.field === 'form' && (
        <div class="notice error" role="alert">
          <p>{problem.text}</p>
        </div>
      )}
      <button class="primary" type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}

function useFragmentToken(): string | null {
  const [token] = useState(takeFragmentToken);
  return token;
}

function MissingToken({ kind }: { kind: 'reset' | 'invite' }) {
  return (
    <div class="notice error" role="alert">
      <p>{kind === 'reset' ? ct('reset.noToken') : ct('invite.noToken')}</p>
      <Link href="/console/forgot-password">{ct('reset.again')}</Link>
    </div>
  );
}

export function ResetPasswordPage() {
  const token = useFragmentToken();
  const [done, setDone] = useState(false);
  return (
    <ConsolePage title={ct('reset.title')}>
      {done ? (
        <div class="notice ok" role="status">
          <p>{ct('reset.done')}</p>
          <Link href="/console/signin">{ct('signin.title')}</Link>
        </div>
      ) : token ? (
        <NewPasswordForm
          submitLabel={ct('reset.submit')}
          onSubmit={async (password) => {
            try {
              await ok(api.POST('/api/v1/auth/password-reset/confirm', { body: { token, password } }));
              setDone(true);
            } catch (error) {
              if (error instanceof ApiError && error.code === 'INVALID_RESET_TOKEN')
                throw new ApiError(400, { ...error.body, details: undefined });
              throw error;
            }
          }}
        />
      ) : (
        <MissingToken kind="reset" />
      )}
    </ConsolePage>
  );
}

export function AcceptInvitePage() {
  const token = useFragmentToken();
  return (
    <ConsolePage title={ct('invite.title')}>
      <p class="lead">{ct('invite.intro')}</p>
      {token ? (
        <NewPasswordForm
          submitLabel={ct('invite.submit')}
          onSubmit={async (password) => {
            const pair = await ok(api.POST('/api/v1/auth/accept-invite', { body: { token, password } }));
            store(pair as Parameters<typeof store>[0]);
            const who = await me(true);
            navigate(home(who));
          }}
        />
      ) : (
        <MissingToken kind="invite" />
      )}
    </ConsolePage>
  );
}

export function AccountPage({ who }: { who: Me }) {
  const [done, setDone] = useState(false);
  return (
    <ConsolePage title={ct('account.title')}>
      <dl class="facts">
        <dt>{ct('field.name')}</dt>
        <dd>{who.user.name}</dd>
        <dt>{ct('field.email')}</dt>
        <dd>{who.user.email}</dd>
        <dt>{ct('field.roles')}</dt>
        <dd>{who.roles.map((r) => ctOr(`role.${r}`, r)).join(', ')}</dd>
      </dl>
      <h2>{ct('account.change')}</h2>
      {done && (
        <div class="notice ok" role="status">
          <p>{ct('account.changed')}</p>
        </div>
      )}
      <NewPasswordForm
        current
        submitLabel={ct('account.change')}
        onSubmit={async (newPassword, currentPassword) => {
          await ok(api.POST('/api/v1/auth/change-password', { body: { currentPassword, newPassword } }));
          setDone(true);
        }}
      />
    </ConsolePage>
  );
}
