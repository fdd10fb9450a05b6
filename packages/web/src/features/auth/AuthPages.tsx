import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { ApiError, post } from '../../api/client';
import type { Me } from '../../api/types';
import { Field, FormError, PasswordField } from '../../ui/Field';
import { AuthFrame } from '../../ui/Layout';
import { useSubmit } from './use-form';
import './auth.css';

function useAfterAuth() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  return (me: Me) => {
    qc.setQueryData(['me'], me);
    const next = params.get('next');
    navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
  };
}

/** The email field of the account forms. */
function EmailField({ value, onChange, error }: { value: string; onChange(value: string): void; error?: string }) {
  return <Field label="Email" name="email" type="email" autoComplete="email" value={value} onChange={(e) => onChange(e.target.value)} error={error} required />;
}

/** The full-width submit button of the account forms, saying what it is doing while busy. */
function SubmitButton({ busy, busyLabel, disabled, children }: { busy: boolean; busyLabel: string; disabled?: boolean; children: string }) {
  return (
    <button className="btn btn--primary btn--block" type="submit" disabled={busy || disabled}>
      {busy ? busyLabel : children}
    </button>
  );
}

function guessTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export function SignupPage() {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const done = useAfterAuth();
  const [params] = useSearchParams();
  const { busy, fields, message, submit } = useSubmit(async () =>
    done(await post<Me>('/api/auth/signup', { name, email, password, timeZone: guessTimeZone() })),
  );
  return (
    <AuthFrame
      title="Create your account"
      footer={
        <p>
          Already have an account? <Link to={`/login${params.toString() ? `?${params}` : ''}`}>Log in</Link>
        </p>
      }
    >
      <form onSubmit={submit} noValidate>
        <FormError message={message} />
        <Field label="Your name" name="name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} error={fields.name} required />
        <EmailField value={email} onChange={setEmail} error={fields.email} />
        <PasswordField
          label="Password"
          name="password"
          fresh
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fields.password}
          hint="At least 10 characters. A short sentence is easy to remember."
          required
        />
        <SubmitButton busy={busy} busyLabel="Creating your account…">
          Create account
        </SubmitButton>
      </form>
    </AuthFrame>
  );
}

type LoginResult = Me | { twoFactorRequired: true };

export function LoginPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [expired, setExpired] = useState<string | null>(null);
  const done = useAfterAuth();
  const [params] = useSearchParams();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const { busy, fields, message, submit } = useSubmit(async () => {
    setExpired(null);
    const result = await post<LoginResult>('/api/auth/login', { email, password });
    if ('twoFactorRequired' in result) {
      setPassword('');
      setStep('code');
    } else done(result);
  });
  if (step === 'code') {
    return (
      <TwoFactorStep
        onDone={done}
        onStartOver={(why) => {
          setExpired(why ?? null);
          setStep('password');
        }}
      />
    );
  }
  return (
    <AuthFrame
      title="Log in"
      footer={
        <>
          <p>
            <Link to="/forgot-password">Forgot your password?</Link>
          </p>
          <p>
            New to Carriage? <Link to={`/signup${params.toString() ? `?${params}` : ''}`}>Create an account</Link>
          </p>
        </>
      }
    >
      {notice && !expired ? (
        <div className="notice" role="status">
          {notice}
        </div>
      ) : null}
      <form onSubmit={submit} noValidate>
        <FormError message={message ?? expired} />
        <EmailField value={email} onChange={setEmail} error={fields.email} />
        <PasswordField label="Password" name="password" value={password} onChange={(e) => setPassword(e.target.value)} error={fields.password} required />
        <SubmitButton busy={busy} busyLabel="Logging in…">
          Log in
        </SubmitButton>
      </form>
    </AuthFrame>
  );
}

/** The second log-in step: a code from the authenticator app, or one recovery code. */
function TwoFactorStep({ onDone, onStartOver }: { onDone(me: Me): void; onStartOver(why?: string): void }) {
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');
  const { busy, fields, message, submit, setMessage } = useSubmit(async () => {
    try {
      onDone(await post<Me>('/api/auth/login/two-factor', useRecovery ? { recoveryCode } : { code }));
    } catch (err) {
      // The pending log-in lasts five minutes: past that, the password is needed again.
      if (err instanceof ApiError && err.code === 'login_expired') onStartOver(err.message);
      else throw err;
    }
  });
  return (
    <AuthFrame
      title="Two-factor authentication"
      footer={
        <p>
          <button type="button" className="link-button" onClick={() => onStartOver()}>
            Start over
          </button>
        </p>
      }
    >
      <form onSubmit={submit} noValidate>
        {useRecovery ? (
          <p className="muted">Enter one of the recovery codes you saved when you turned on two-factor authentication. Each code works once.</p>
        ) : (
          <p className="muted">Enter the 6-digit code from your authenticator app.</p>
        )}
        <FormError message={message} />
        {useRecovery ? (
          <Field
            key="recovery"
            label="Recovery code"
            name="recoveryCode"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            placeholder="xxxxx-xxxxx"
            value={recoveryCode}
            onChange={(e) => setRecoveryCode(e.target.value)}
            error={fields.recoveryCode}
            autoFocus
            required
          />
        ) : (
          <Field
            key="code"
            label="6-digit code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            className="auth-code-input"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            error={fields.code}
            autoFocus
            required
          />
        )}
        <SubmitButton busy={busy} busyLabel="Checking…">
          Log in
        </SubmitButton>
      </form>
      <p className="auth-alt">
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setMessage(null);
            setUseRecovery(!useRecovery);
          }}
        >
          {useRecovery ? 'Use the code from your app instead' : 'Use a recovery code instead'}
        </button>
      </p>
    </AuthFrame>
  );
}

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { busy, fields, message, submit } = useSubmit(async () => {
    await post('/api/auth/password-reset', { email });
    setSent(true);
  });
  return (
    <AuthFrame title="Reset your password" footer={<Link to="/login">Back to log in</Link>}>
      {sent ? (
        <div className="notice" role="status">
          If an account uses <strong>{email}</strong>, a link to choose a new password is on its way. It works once, within the hour.
        </div>
      ) : (
        <form onSubmit={submit} noValidate>
          <p className="muted">Enter the email you signed up with and we will send you a link to choose a new password.</p>
          <FormError message={message} />
          <EmailField value={email} onChange={setEmail} error={fields.email} />
          <SubmitButton busy={busy} busyLabel="Sending…">
            Send reset link
          </SubmitButton>
        </form>
      )}
    </AuthFrame>
  );
}

export function ResetPasswordPage() {
  // The token travels in the fragment so it never reaches server logs or Referer headers.
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
  const [password, setPassword] = useState('');
  const navigate = useNavigate();
  const { busy, fields, message, submit } = useSubmit(async () => {
    await post('/api/auth/password-reset/confirm', { token, password });
    navigate('/login', { replace: true, state: { notice: 'Your password has been changed. Log in with the new one.' } });
  });
  return (
    <AuthFrame title="Choose a new password" footer={<Link to="/forgot-password">Ask for a new link</Link>}>
      {!token ? <FormError message="This reset link is incomplete. Open the link from the email again, or ask for a new one." /> : null}
      <form onSubmit={submit} noValidate>
        <FormError message={message ?? fields.token} />
        <PasswordField
          label="New password"
          name="password"
          fresh
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fields.password}
          hint="At least 10 characters."
          required
        />
        <SubmitButton busy={busy} busyLabel="Saving…" disabled={!token}>
          Save new password
        </SubmitButton>
      </form>
    </AuthFrame>
  );
}
