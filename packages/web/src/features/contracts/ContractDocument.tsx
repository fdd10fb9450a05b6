import { measureText } from '@carriage/core';
import { formatDate, formatDateTime } from '../engagements/format';
import type { Contract } from './contracts-api';
import { rateText } from './contracts-api';

/** The contract exactly as a signer reads it. */
export function ContractDocument({ c }: { c: Pick<Contract, 'content' | 'template' | 'version' | 'signatures'> }) {
  const k = c.content;
  const goalNo = (id: string | null) => (id ? k.goals.findIndex((g) => g.id === id) + 1 : 0);
  return (
    <article className="contract-doc" aria-label="Contract text">
      <p className="eyebrow">
        {c.template === 'organization' ? 'Statement of work' : 'Coaching agreement'} · version {c.version}
      </p>
      <h2 className="contract-doc__title">{k.title}</h2>
      <dl className="contract-facts">
        <div>
          <dt>Coach</dt>
          <dd>{k.coachName}</dd>
        </div>
        <div>
          <dt>Client</dt>
          <dd>{k.clientName || '—'}</dd>
        </div>
        <div>
          <dt>Period</dt>
          <dd>
            {formatDate(k.startsOn)} – {formatDate(k.endsOn)}
          </dd>
        </div>
        <div>
          <dt>Rate</dt>
          <dd>{rateText(k.rate)}</dd>
        </div>
      </dl>
      <h3>Goals</h3>
      {k.goals.length === 0 ? <p className="muted">None.</p> : null}
      <ol className="contract-list">
        {k.goals.map((g) => (
          <li key={g.id}>
            <strong>{g.what}</strong>
            <div className="small muted">
              {[g.howMeasured && `Measured by ${g.howMeasured}`, g.target && `Target: ${g.target}`, g.byWhen && `By ${formatDate(g.byWhen)}`]
                .filter(Boolean)
                .join(' · ')}
            </div>
            {g.measure ? (
              <div className="small contract-doc__measure">
                <span className="eyebrow">Measure</span> {measureText(g.measure)}
              </div>
            ) : null}
          </li>
        ))}
      </ol>
      <h3>Deliverables</h3>
      {k.deliverables.length === 0 ? <p className="muted">None.</p> : null}
      <ol className="contract-list">
        {k.deliverables.map((d) => (
          <li key={d.id}>
            <strong>{d.description}</strong>
            {d.acceptanceCriteria ? <div className="prose small">Accepted when: {d.acceptanceCriteria}</div> : null}
            <div className="small muted">
              {[d.dueOn && `Due ${formatDate(d.dueOn)}`, goalNo(d.goalId) > 0 && `Serves goal ${goalNo(d.goalId)}`].filter(Boolean).join(' · ')}
            </div>
          </li>
        ))}
      </ol>
      <h3>Payment terms</h3>
      <p className="prose">{k.paymentTerms || '—'}</p>
      <h3>Cancellation</h3>
      <p className="prose">{k.cancellationTerms || '—'}</p>
      <h3>Confidentiality</h3>
      <p className="prose">{k.confidentialityTerms || '—'}</p>
      <h3>Signatures</h3>
      <ul className="signer-list">
        {k.signers.map((s) => {
          const sig = c.signatures.find((x) => x.userId === s.userId);
          return (
            <li key={s.userId}>
              <span>
                <strong>{s.name}</strong> <span className="muted">({s.role})</span>
              </span>
              {sig ? (
                <span className="signature">
                  Signed as “{sig.typedName}”, {formatDateTime(sig.signedAt)}
                </span>
              ) : (
                <span className="muted small">Not signed yet</span>
              )}
            </li>
          );
        })}
      </ul>
    </article>
  );
}
