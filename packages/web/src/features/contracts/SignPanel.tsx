import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { post } from '../../api/client';
import { Field, FormError } from '../../ui/Field';
import { useSubmit } from '../auth/use-form';
import { type Contract, contractKeys } from './contracts-api';

/** A signer reviews, then signs with their typed full name and an explicit consent, or declines. */
export function SignPanel({ c }: { c: Contract }) {
  const qc = useQueryClient();
  const [typedName, setTypedName] = useState('');
  const [consent, setConsent] = useState(false);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const refresh = (updated: Contract) => {
    qc.setQueryData(contractKeys.one(c.id), updated);
    void qc.invalidateQueries({ queryKey: contractKeys.audit(c.id) });
    void qc.invalidateQueries({ queryKey: contractKeys.list(c.engagementId) });
  };
  const sign = useSubmit(async () => {
    refresh(await post<Contract>(`/api/contracts/${c.id}/sign`, { typedName, consent, contentSha256: c.contentSha256 }));
  });
  const decline = useSubmit(async () => {
    refresh(await post<Contract>(`/api/contracts/${c.id}/decline`, { reason: reason || undefined }));
  });
  return (
    <section className="panel sign-panel" aria-labelledby="sign-heading">
      <h2 id="sign-heading">Sign this contract</h2>
      <p className="muted small">
        Read the whole contract above. Your signature records your typed name, the time, your IP address and browser, and the fingerprint of the exact text you
        read.
      </p>
      <form onSubmit={sign.submit} noValidate>
        <FormError message={sign.message} />
        <Field label="Type your full name" autoComplete="name" value={typedName} onChange={(e) => setTypedName(e.target.value)} error={sign.fields.typedName} />
        <label className="check">
          <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} />I agree to sign this contract electronically, and that my
          typed name is my signature.
        </label>
        {sign.fields.consent ? <p className="field__error">{sign.fields.consent}</p> : null}
        <div className="btn-row mt">
          <button className="btn btn--primary" type="submit" disabled={sign.busy || !consent || !typedName.trim()}>
            Sign the contract
          </button>
          <button type="button" className="btn btn--ghost" onClick={() => setDeclining(!declining)} aria-expanded={declining}>
            Decline…
          </button>
        </div>
      </form>
      {declining ? (
        <form onSubmit={decline.submit} noValidate className="mt">
          <FormError message={decline.message} />
          <Field label="Why are you declining? (optional)" value={reason} onChange={(e) => setReason(e.target.value)} />
          <button className="btn btn--danger" type="submit" disabled={decline.busy}>
            Decline the contract
          </button>
        </form>
      ) : null}
    </section>
  );
}
