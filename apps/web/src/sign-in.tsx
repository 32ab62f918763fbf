import { useState } from 'preact/hooks';
import { Me, signIn } from './api';
import { Field } from './ui';

/** The `next` query parameter when it is a path of this site (never another origin). */
export function safeNext(): string | null {
  const next = new URLSearchParams(location.search).get('next');
  return next?.startsWith('/') && !next.startsWith('//') ? next : null;
}

export interface SignInForm {
  email: string;
  password: string;
  setEmail(value: string): void;
  setPassword(value: string): void;
  /** Why the last attempt failed, worded by the page. */
  failure: string | null;
  busy: boolean;
  submit(e: Event): Promise<void>;
}

/** A staff sign-in form's state: `done` gets the signed-in user, `failureText` words a failure. */
export function useSignIn(done: (who: Me) => void, failureText: (error: unknown) => string): SignInForm {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      done(await signIn(email.trim(), password));
    } catch (error) {
      setFailure(failureText(error));
    } finally {
      setBusy(false);
    }
  };
  return { email, password, setEmail, setPassword, failure, busy, submit };
}

/** The email and password fields of a sign-in form (`passwordError` under the password). */
export function SignInFields({
  form,
  emailLabel,
  passwordLabel,
  passwordError,
}: {
  form: SignInForm;
  emailLabel: string;
  passwordLabel: string;
  passwordError?: string;
}) {
  return (
    <>
      <Field field="signin-email" label={emailLabel}>
        {(p) => (
          <input
            {...p}
            type="email"
            autoComplete="username"
            required
            value={form.email}
            onInput={(e) => form.setEmail(e.currentTarget.value)}
          />
        )}
      </Field>
      <PasswordField
        field="signin-password"
        label={passwordLabel}
        error={passwordError}
        autoComplete="current-password"
        value={form.password}
        onValue={form.setPassword}
      />
    </>
  );
}

/** A password input in its labelled field. */
export function PasswordField({
  field,
  label,
  hint,
  error,
  autoComplete,
  value,
  onValue,
}: {
  field: string;
  label: string;
  hint?: string;
  error?: string;
  autoComplete: 'current-password' | 'new-password';
  value: string;
  onValue(value: string): void;
}) {
  return (
    <Field field={field} label={label} hint={hint} error={error}>
      {(p) => (
        <input
          {...p}
          type="password"
          autoComplete={autoComplete}
          required
          value={value}
          onInput={(e) => onValue(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}
