import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { get, post } from '../../api/client';
import { Field, FormError, PasswordField } from '../../ui/Field';
import { useSubmit } from '../auth/use-form';
import './settings.css';
import { formatDate } from '../../lib/dates';

interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: string | null;
  recoveryCodesLeft: number;
}

interface TwoFactorSetup {
  secret: string;
  otpauthUrl: string;
  qrCode: string;
}

type Mode = { kind: 'idle' } | { kind: 'setup'; setup: TwoFactorSetup } | { kind: 'codes'; codes: string[] } | { kind: 'disable' } | { kind: 'regenerate' };

/** The secret in groups of four, as authenticator apps show it and people type it. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** Settings: turn two-factor on with an authenticator app (QR code or key, then a confirming code), see recovery codes once, turn it off. */
export function TwoFactorSection() {
  const qc = useQueryClient();
  const status = useQuery({ queryKey: ['two-factor'], queryFn: () => get<TwoFactorStatus>('/api/auth/two-factor') });
  const [mode, setMode] = useState<Mode>({ kind: 'idle' });
  const refresh = () => qc.invalidateQueries({ queryKey: ['two-factor'] });

  const start = useSubmit(async () => setMode({ kind: 'setup', setup: await post<TwoFactorSetup>('/api/auth/two-factor/setup') }));

  let body: ReactNode;
  if (mode.kind === 'setup') {
    body = (
      <EnrollForm
        setup={mode.setup}
        onCancel={() => setMode({ kind: 'idle' })}
        onEnabled={(codes) => {
          setMode({ kind: 'codes', codes });
          void refresh();
        }}
      />
    );
  } else if (mode.kind === 'codes') {
    body = <RecoveryCodes codes={mode.codes} onDone={() => setMode({ kind: 'idle' })} />;
  } else if (mode.kind === 'disable' || mode.kind === 'regenerate') {
    body = (
      <ConfirmForm
        purpose={mode.kind}
        onCancel={() => setMode({ kind: 'idle' })}
        onDone={(codes) => {
          setMode(codes ? { kind: 'codes', codes } : { kind: 'idle' });
          void refresh();
        }}
      />
    );
  } else if (status.data?.enabled) {
    const left = status.data.recoveryCodesLeft;
    body = (
      <>
        <p className="tf-state">
          <span className="badge badge--ok">On</span>
          <span>Since {formatDate(status.data.enabledAt as string)}. Logging in asks for a code from your authenticator app.</span>
        </p>
        <p className={left <= 3 ? 'warning' : 'muted small'}>
          {left === 1 ? '1 recovery code left.' : `${left} recovery codes left.`}
          {left <= 3 ? ' Make new ones so you are not locked out if you lose your phone.' : ''}
        </p>
        <div className="btn-row">
          <button type="button" className="btn" onClick={() => setMode({ kind: 'regenerate' })}>
            New recovery codes
          </button>
          <button type="button" className="btn btn--danger" onClick={() => setMode({ kind: 'disable' })}>
            Turn off
          </button>
        </div>
      </>
    );
  } else if (status.data) {
    body = (
      <>
        <p className="muted">
          Ask for a code from an authenticator app on your phone each time you log in, so a password alone is not enough to get into your account.
        </p>
        <FormError message={start.message} />
        <button type="button" className="btn btn--primary" onClick={() => void start.submit()} disabled={start.busy}>
          {start.busy ? 'Preparing…' : 'Set up two-factor authentication'}
        </button>
      </>
    );
  } else body = <FormError message={status.error ? 'Two-factor settings could not be loaded. Reload the page to try again.' : null} />;

  return (
    <section className="panel" aria-labelledby="two-factor-h">
      <h2 id="two-factor-h">Two-factor authentication</h2>
      {body}
    </section>
  );
}

function EnrollForm({ setup, onCancel, onEnabled }: { setup: TwoFactorSetup; onCancel(): void; onEnabled(codes: string[]): void }) {
  const [code, setCode] = useState('');
  const form = useSubmit(async () => onEnabled((await post<{ recoveryCodes: string[] }>('/api/auth/two-factor/enable', { code })).recoveryCodes));
  return (
    <form onSubmit={form.submit} noValidate className="tf-enroll">
      <ol className="tf-steps">
        <li>
          <p>Scan this QR code with your authenticator app (for example 1Password, Google Authenticator, Microsoft Authenticator or Aegis).</p>
          <img className="tf-qr" src={setup.qrCode} alt="QR code to add Carriage to your authenticator app" width="196" height="196" />
          <p className="small muted">
            On this phone? <a href={setup.otpauthUrl}>Open it in your authenticator app</a>. Can’t scan it? Add an account by hand with this key (time-based):
            {/* A text area so the key wraps between its groups on a narrow phone. */}
            <textarea
              className="tf-secret"
              readOnly
              aria-label="Setup key"
              value={grouped(setup.secret)}
              rows={1}
              spellCheck={false}
              onFocus={(e) => e.target.select()}
            />
          </p>
        </li>
        <li>
          <p>Enter the 6-digit code the app now shows for Carriage.</p>
          <FormError message={form.message} />
          <Field
            label="6-digit code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            error={form.fields.code}
            className="tf-code-input"
          />
        </li>
      </ol>
      <div className="btn-row">
        <button type="submit" className="btn btn--primary" disabled={form.busy}>
          {form.busy ? 'Checking…' : 'Turn on'}
        </button>
        <button type="button" className="btn btn--ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone(): void }) {
  const [copied, setCopied] = useState<string | null>(null);
  const text = `Carriage recovery codes (each works once)\n\n${codes.join('\n')}\n`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('Copied.');
    } catch {
      setCopied('Copying is blocked here: select the codes and copy them, or download them.');
    }
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'carriage-recovery-codes.txt';
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div>
      <div className="notice" role="status">
        Two-factor authentication is on.
      </div>
      <h3 className="tf-codes-h">Save your recovery codes</h3>
      <p className="muted small">
        If you lose your phone, each of these codes logs you in once instead of a code from the app. Keep them somewhere safe, such as a password manager. They
        will not be shown again.
      </p>
      <ul className="tf-codes" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <div className="btn-row">
        <button type="button" className="btn" onClick={() => void copy()}>
          Copy codes
        </button>
        <button type="button" className="btn" onClick={download}>
          Download as text
        </button>
        <button type="button" className="btn btn--primary" onClick={onDone}>
          I have saved them
        </button>
        {copied ? (
          <span className="small muted" role="status">
            {copied}
          </span>
        ) : null}
      </div>
    </div>
  );
}

function ConfirmForm({ purpose, onCancel, onDone }: { purpose: 'disable' | 'regenerate'; onCancel(): void; onDone(codes?: string[]): void }) {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const form = useSubmit(async () => {
    if (purpose === 'disable') {
      await post('/api/auth/two-factor/disable', { password, code });
      onDone();
    } else onDone((await post<{ recoveryCodes: string[] }>('/api/auth/two-factor/recovery-codes', { password, code })).recoveryCodes);
  });
  return (
    <form onSubmit={form.submit} noValidate>
      <p className="muted">
        {purpose === 'disable'
          ? 'To turn two-factor authentication off, confirm it is you. Logging in will then need only your password.'
          : 'New codes replace all the old ones, used or not. Confirm it is you.'}
      </p>
      <FormError message={form.message} />
      <div className="tf-confirm-fields">
        <PasswordField label="Password" value={password} onChange={(e) => setPassword(e.target.value)} error={form.fields.password} />
        <Field
          label="Code from your app, or a recovery code"
          autoComplete="one-time-code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={form.fields.code}
        />
      </div>
      <div className="btn-row">
        <button type="submit" className={purpose === 'disable' ? 'btn btn--danger' : 'btn btn--primary'} disabled={form.busy}>
          {purpose === 'disable' ? 'Turn off two-factor' : 'Make new recovery codes'}
        </button>
        <button type="button" className="btn btn--ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
