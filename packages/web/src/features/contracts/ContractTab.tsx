import { type RefObject, useRef, useState } from 'react';
import { Link, Route, Routes, useNavigate, useOutletContext } from 'react-router';
import { ApiError, post } from '../../api/client';
import type { Engagement } from '../../api/types';
import { FormError } from '../../ui/Field';
import { formatDate } from '../engagements/format';
import { canDo } from '../engagements/use-engagement';
import { ContractPage } from './ContractPage';
import { type Contract, kindLabel, statusBadgeClass, statusLabels, useContracts, useVision } from './contracts-api';
import { type VisionEditorHandle, VisionPanel } from './VisionPanel';
import './contracts.css';

function NewContract({ e, vision: visionForm, visionDirty }: { e: Engagement; vision: RefObject<VisionEditorHandle | null>; visionDirty: boolean }) {
  const navigate = useNavigate();
  const vision = useVision(e.id);
  const [template, setTemplate] = useState<'individual' | 'organization'>(e.clientType);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const hasVision = visionDirty || (!!vision.data && (vision.data.goals.length > 0 || !!vision.data.quote || !!vision.data.desiredFuture));
  const create = async (fromVision: boolean) => {
    setBusy(true);
    setError(null);
    try {
      // A draft from the vision takes the vision as typed: unsaved edits are saved first.
      if (fromVision && visionForm.current?.dirty && !(await visionForm.current.save())) {
        setError('Your changes to the vision could not be saved, so no draft was made. Fix the fields marked below, then try again.');
        return;
      }
      const c = await post<Contract>(`/api/engagements/${e.id}/contracts`, { template, fromVision });
      navigate(c.id);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The draft could not be created. Please try again.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="new-contract">
      <div className="segmented" role="radiogroup" aria-label="Template">
        <label>
          <input type="radio" className="visually-hidden" name="template" checked={template === 'individual'} onChange={() => setTemplate('individual')} />
          Individual agreement
        </label>
        <label>
          <input type="radio" className="visually-hidden" name="template" checked={template === 'organization'} onChange={() => setTemplate('organization')} />
          Statement of work
        </label>
      </div>
      <div className="btn-row mt">
        <button type="button" className="btn btn--primary" disabled={busy || !hasVision} onClick={() => create(true)}>
          Draft a contract from the vision
        </button>
        <button type="button" className="btn" disabled={busy} onClick={() => create(false)}>
          Start from the template
        </button>
      </div>
      {error ? <FormError message={error} /> : null}
      {!hasVision ? <p className="small muted mt">Write the vision and quote below to draft from them in one step.</p> : null}
    </div>
  );
}

function ContractsHome({ e }: { e: Engagement }) {
  const contracts = useContracts(e.id);
  const manage = canDo(e, 'contract.manage');
  const visionForm = useRef<VisionEditorHandle | null>(null);
  const [visionDirty, setVisionDirty] = useState(false);
  const list = contracts.data ?? [];
  return (
    <div className="stack-lg">
      <section className="panel" aria-labelledby="contracts-heading">
        <h2 id="contracts-heading">Contracts</h2>
        {contracts.isPending ? <div aria-busy="true" /> : null}
        {!contracts.isPending && list.length === 0 ? (
          <p className="muted">
            {manage
              ? 'No contract yet. Draft one from the vision or from a template.'
              : 'No contract yet. Your coach will send one for you to review and sign.'}
          </p>
        ) : null}
        {list.length > 0 ? (
          <ul className="contract-rows">
            {list.map((c) => {
              const signed = c.signers.filter((s) => s.signedAt).length;
              return (
                <li key={c.id}>
                  <Link to={c.id} className="contract-row">
                    <span className="contract-row__title">{c.title}</span>
                    <span className="small muted">
                      {kindLabel(c)} · {formatDate(c.startsOn)} – {formatDate(c.endsOn)}
                      {c.status === 'sent' ? ` · ${signed} of ${c.signers.length} signed` : ''}
                    </span>
                    <span className={statusBadgeClass(c.status)}>{statusLabels[c.status]}</span>
                  </Link>
                </li>
              );
            })}
          </ul>
        ) : null}
        {manage ? <NewContract e={e} vision={visionForm} visionDirty={visionDirty} /> : null}
      </section>
      <VisionPanel e={e} handle={visionForm} onDirtyChange={setVisionDirty} />
    </div>
  );
}

/** The Contract tab: the vision and quote, the contracts, and each contract's page. */
export function ContractTab() {
  const e = useOutletContext<Engagement>();
  return (
    <section className="tab-page contracts">
      <Routes>
        <Route index element={<ContractsHome e={e} />} />
        <Route path=":contractId" element={<ContractPage e={e} />} />
      </Routes>
    </section>
  );
}
