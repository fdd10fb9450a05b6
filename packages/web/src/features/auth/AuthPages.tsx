import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { post } from '../../api/client';
import type { Me } from '../../api/types';
import { Field, FormError } from '../../ui/Field';
import { AuthFrame } from '../../ui/Layout';
import { useSubmit } from './use-form';

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
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fields.email}
          required
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fields.password}
          hint="At least 10 characters. A short sentence is easy to remember."
          required
        />
        <button className="btn btn--primary btn--block" type="submit" disabled={busy}>
          {busy ? 'Creating your account…' : 'Create account'}
        </button>
      </form>
    </AuthFrame>
  );
}

export function LoginPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const done = useAfterAuth();
  const [params] = useSearchParams();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const { busy, fields, message, submit } = useSubmit(async () => done(await post<Me>('/api/auth/login', { email, password })));
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
      {notice ? (
        <div className="notice" role="status">
          {notice}
        </div>
      ) : null}
      <form onSubmit={submit} noValidate>
        <FormError message={message} />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fields.email}
          required
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fields.password}
          required
        />
        <button className="btn btn--primary btn--block" type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
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
          <Field
            label="Email"
            name="email"
            type="email"
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={fields.email}
            required
          />
          <button className="btn btn--primary btn--block" type="submit" disabled={busy}>
            {busy ? 'Sending…' : 'Send reset link'}
          </button>
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
        <Field
          label="New password"
          name="password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fields.password}
          hint="At least 10 characters."
          required
        />
        <button className="btn btn--primary btn--block" type="submit" disabled={busy || !token}>
          {busy ? 'Saving…' : 'Save new password'}
        </button>
      </form>
    </AuthFrame>
  );
}
