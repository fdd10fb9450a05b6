import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError, post } from '../../api/client';
import { Field, FormError } from '../../ui/Field';
import { AuthFrame } from '../../ui/Layout';
import { formatDateTime } from '../engagements/format';
import type { Verification } from './contracts-api';
import './contracts.css';

async function verifyPdf(file: File): Promise<Verification> {
  const headers: Record<string, string> = { 'content-type': 'application/pdf', accept: 'application/json' };
  const csrf = /(?:^|;\s*)carriage_csrf=([^;]+)/.exec(document.cookie)?.[1];
  if (csrf) headers['x-csrf-token'] = decodeURIComponent(csrf);
  const res = await fetch('/api/contracts/verify', { method: 'POST', headers, body: file, credentials: 'same-origin' });
  const data = await res.json();
  if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? 'unknown', data?.error?.message ?? 'The check failed.', data?.error?.fields ?? {});
  return data as Verification;
}

/** Anyone can check a contract PDF, or a hash, against the contracts signed in Carriage. */
export function VerifyPage() {
  const [result, setResult] = useState<Verification | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hash, setHash] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<Verification>) => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await fn());
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The check could not be made. Please try again.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <AuthFrame title="Verify a signed contract" footer={<Link to="/">Back to Carriage</Link>}>
      <p className="muted small">Upload a contract PDF downloaded from Carriage, or paste a SHA-256 from its certificate page. Nothing you upload is kept.</p>
      <FormError message={error} />
      <div className="field">
        <label htmlFor="verify-file">Contract PDF</label>
        <input
          id="verify-file"
          type="file"
          accept="application/pdf,.pdf"
          disabled={busy}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void run(() => verifyPdf(file));
          }}
        />
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => post<Verification>('/api/contracts/verify', { sha256: hash }));
        }}
        noValidate
      >
        <Field label="…or a SHA-256 hash" value={hash} onChange={(e) => setHash(e.target.value)} spellCheck={false} autoComplete="off" />
        <button type="submit" className="btn btn--block" disabled={busy || !hash.trim()}>
          Check the hash
        </button>
      </form>
      {result ? (
        <div className={`verify-result ${result.match ? 'notice' : 'form-error'}`} role="status" data-testid="verify-result">
          <strong>{result.match ? 'Verified' : 'Not verified'}</strong>
          <p>{result.message}</p>
          {result.contract ? (
            <ul className="small">
              {result.contract.signers.map((s) => (
                <li key={`${s.name}-${s.signedAt}`}>
                  {s.name} ({s.role}) signed {formatDateTime(s.signedAt)}
                </li>
              ))}
            </ul>
          ) : null}
          <p className="hash small">SHA-256 {result.sha256}</p>
        </div>
      ) : null}
    </AuthFrame>
  );
}
