import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { patch } from '../../api/client';
import type { Engagement } from '../../api/types';
import { Field, FormError } from '../../ui/Field';
import { SaveRow } from '../../ui/SaveRow';
import { useSubmit } from '../auth/use-form';
import { statusLabel } from './format';
import { engagementKeys } from './use-engagement';

const nextStatuses: Record<Engagement['status'], Engagement['status'][]> = {
  proposed: ['active', 'cancelled'],
  active: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

const statusAction: Record<string, string> = { active: 'Start the engagement', completed: 'Mark completed', cancelled: 'Cancel the engagement' };

/** The coach edits the engagement: title, dates, status along its flow, who may accept into Done, archive. */
export function EngagementSettings({ engagement: e }: { engagement: Engagement }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [title, setTitle] = useState(e.title);
  const [startsOn, setStartsOn] = useState(e.startsOn ?? '');
  const [endsOn, setEndsOn] = useState(e.endsOn ?? '');
  const [coacheeMayAccept, setCoacheeMayAccept] = useState(e.settings.coacheeMayAcceptToDone);
  const [saved, setSaved] = useState<string | null>(null);
  const save = async (body: Record<string, unknown>, message: string) => {
    setSaved(null);
    const updated = await patch<Engagement>(`/api/engagements/${e.id}`, body);
    qc.setQueryData(engagementKeys.one(e.id), updated);
    await qc.invalidateQueries({ queryKey: engagementKeys.all });
    setSaved(message);
    return updated;
  };
  const details = useSubmit(() =>
    save({ title, startsOn: startsOn || null, endsOn: endsOn || null, settings: { coacheeMayAcceptToDone: coacheeMayAccept } }, 'Changes saved.'),
  );
  const status = useSubmit(async () => undefined);
  const changeStatus = async (to: Engagement['status']) => {
    if (to === 'cancelled' && !window.confirm('Cancel this engagement? It closes for good.')) return;
    try {
      await save({ status: to }, `The engagement is now ${statusLabel[to].toLowerCase()}.`);
    } catch (err) {
      status.setMessage((err as Error).message);
    }
  };
  const archive = async (archived: boolean) => {
    await save({ archived }, archived ? 'Archived.' : 'Restored.');
    if (archived) navigate('/', { state: { notice: `“${e.title}” was archived.` } });
  };
  return (
    <div className="panel">
      <h2>Engagement</h2>
      <form onSubmit={details.submit} noValidate>
        <FormError message={details.message ?? status.message} />
        <Field label="Title" value={title} onChange={(ev) => setTitle(ev.target.value)} error={details.fields.title} />
        <div className="two-col">
          <Field label="Starts" type="date" value={startsOn} onChange={(ev) => setStartsOn(ev.target.value)} error={details.fields.startsOn} />
          <Field label="Ends" type="date" value={endsOn} onChange={(ev) => setEndsOn(ev.target.value)} error={details.fields.endsOn} />
        </div>
        <label className="check">
          <input type="checkbox" checked={coacheeMayAccept} onChange={(ev) => setCoacheeMayAccept(ev.target.checked)} />
          Coachees may accept cards into Done (otherwise only the coach does, usually in a session)
        </label>
        <SaveRow busy={details.busy} label="Save changes" status={saved} />
      </form>
      <h3 className="mt">Status: {statusLabel[e.status]}</h3>
      <div className="btn-row">
        {nextStatuses[e.status].map((to) => (
          <button key={to} type="button" className={`btn ${to === 'cancelled' ? 'btn--danger' : ''}`} onClick={() => void changeStatus(to)}>
            {statusAction[to]}
          </button>
        ))}
        {e.archivedAt ? (
          <button type="button" className="btn" onClick={() => void archive(false)}>
            Restore from archive
          </button>
        ) : (
          <button type="button" className="btn btn--ghost" onClick={() => void archive(true)}>
            Archive
          </button>
        )}
      </div>
    </div>
  );
}
