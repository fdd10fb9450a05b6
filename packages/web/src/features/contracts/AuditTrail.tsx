import { contractAuditLabels } from '@carriage/core';
import { formatDateTime } from '../engagements/format';
import { useAudit } from './contracts-api';

/** Every step of the contract: who, when, from where. */
export function AuditTrail({ contractId }: { contractId: string }) {
  const audit = useAudit(contractId);
  return (
    <section className="panel" aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit trail</h2>
      <div className="table-scroll">
        <table className="data audit-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Who</th>
              <th scope="col">IP address</th>
            </tr>
          </thead>
          <tbody>
            {(audit.data ?? []).map((a) => (
              <tr key={a.id}>
                <td>{formatDateTime(a.at)}</td>
                <td>
                  {contractAuditLabels[a.type] ?? a.type}
                  {typeof a.detail.reason === 'string' ? <div className="small muted">“{a.detail.reason}”</div> : null}
                </td>
                <td>{a.actor?.name ?? 'Carriage'}</td>
                <td className="mono">{a.ip ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
