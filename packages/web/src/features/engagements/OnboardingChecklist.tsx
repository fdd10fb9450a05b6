import type { EventPrefix } from '@carriage/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, del } from '../../api/client';
import type { Engagement } from '../../api/types';
import { onLiveEvent } from '../../realtime/use-engagement-events';
import { engagementKeys } from './use-engagement';

type Facts = NonNullable<Engagement['onboarding']>;

/** The path of a new engagement, in order: what each step asks and where it is done. */
const steps: { key: keyof Facts; label: string; hint: string; to: string }[] = [
  { key: 'visionSaved', label: 'Write the vision', hint: 'Where the client is, where they want to be, and the goals.', to: 'contract' },
  { key: 'contractSent', label: 'Send the contract', hint: 'Draft it from the vision and send it for signature.', to: 'contract' },
  { key: 'contractSigned', label: 'Get every signature', hint: 'Each signer signs from their own account.', to: 'contract' },
  { key: 'boardHasCards', label: 'Put the work on the board', hint: 'The contract’s goals and deliverables become cards.', to: 'board' },
  { key: 'sessionScheduled', label: 'Schedule the first session', hint: 'Once or on a cadence; calendars follow.', to: 'sessions' },
];

const hiddenKey = (id: string) => `carriage.checklist-hidden.${id}`;

/** The event that completes each step: when one arrives and its step is still open, the engagement is read again. */
const completedBy: Record<string, keyof Facts> = {
  'vision.updated': 'visionSaved',
  'contract.sent': 'contractSent',
  'contract.completed': 'contractSigned',
  'card.created': 'boardHasCards',
  'session.scheduled': 'sessionScheduled',
};
for (const [type, step] of Object.entries(completedBy)) {
  onLiveEvent(`${type.split('.')[0]}.` as EventPrefix, (qc, ev) => {
    const cached = qc.getQueryData<Engagement>(engagementKeys.one(ev.engagementId));
    if (ev.type === type && cached?.onboarding && !cached.onboarding[step]) void qc.invalidateQueries({ queryKey: engagementKeys.one(ev.engagementId) });
  });
}

/** The coach's checklist of first steps, each done from what the engagement holds; hidden on request (remembered in this browser). */
export function OnboardingChecklist({ engagement, collapsed }: { engagement: Engagement; collapsed: boolean }) {
  const [hidden, setHidden] = useState(() => localStorage.getItem(hiddenKey(engagement.id)) === '1');
  const [open, setOpen] = useState<boolean | null>(null);
  const facts = engagement.onboarding;
  if (!facts || hidden) return null;
  const done = steps.filter((s) => facts[s.key]).length;
  const next = steps.find((s) => !facts[s.key]);
  const hide = () => {
    localStorage.setItem(hiddenKey(engagement.id), '1');
    setHidden(true);
  };
  const expanded = open ?? !collapsed;
  return (
    <section className="checklist" aria-labelledby="checklist-title">
      {/* Not a heading: the tab's own page keeps the first heading under the engagement's title. */}
      <div className="checklist__bar">
        <p id="checklist-title" className="checklist__title">
          {next ? 'Getting started' : 'All set'} <span className="checklist__count">{`${done} of ${steps.length} done`}</span>
        </p>
        {next ? (
          <Link className="checklist__next" to={next.to}>
            Next: {next.label}
          </Link>
        ) : (
          <span className="small">The engagement is running: vision, contract, board and sessions are in place.</span>
        )}
        <span className="checklist__actions">
          {next ? (
            <button type="button" className="btn btn--ghost btn--small" aria-expanded={expanded} onClick={() => setOpen(!expanded)}>
              {expanded ? 'Fewer details' : 'All steps'}
            </button>
          ) : null}
          <button type="button" className="btn btn--ghost btn--small" onClick={hide}>
            {next ? 'Hide this list' : 'Dismiss'}
          </button>
        </span>
      </div>
      {expanded && next ? (
        <ol className="checklist__steps">
          {steps.map((s) => (
            <li key={s.key} className={facts[s.key] ? 'checklist__step checklist__step--done' : 'checklist__step'}>
              <span className="checklist__mark" aria-hidden="true">
                {facts[s.key] ? '✓' : ''}
              </span>
              <span>
                <Link to={s.to}>{s.label}</Link>
                <span className="visually-hidden">{facts[s.key] ? ' (done)' : ' (to do)'}</span>
                <span className="small muted"> — {s.hint}</span>
              </span>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}

/** Says an engagement is a sample and deletes it (and all it holds) in one step. */
export function SampleBanner({ engagement, compact }: { engagement: Engagement; compact: boolean }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    setError(null);
    try {
      await del(`/api/engagements/${engagement.id}/sample`);
      // Dropped rather than marked stale: the home page must not show the sample for a moment after it is gone.
      qc.removeQueries({ queryKey: engagementKeys.one(engagement.id) });
      qc.removeQueries({ queryKey: engagementKeys.all });
      qc.removeQueries({ queryKey: ['portfolio'] });
      navigate('/', { replace: true, state: { notice: 'The sample engagement was deleted, with everything in it.' } });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong. Try again.');
    }
  };
  return (
    <section className="sample-banner" aria-label="Sample engagement">
      {compact ? (
        <p>
          <strong>A sample engagement</strong> with made-up history.
        </p>
      ) : (
        <p>
          <strong>A sample engagement.</strong> Ana and her eight weeks are made up, to show what Carriage does with real history. Nobody is emailed; it is
          never invoiced.
        </p>
      )}
      {confirming ? (
        <span className="sample-banner__actions">
          <span className="small">Delete it with all its cards and sessions?</span>
          <button type="button" className="btn btn--danger btn--small" onClick={remove}>
            Delete this sample
          </button>
          <button type="button" className="btn btn--ghost btn--small" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </span>
      ) : (
        <button type="button" className="btn btn--ghost btn--small" onClick={() => setConfirming(true)}>
          Delete this sample…
        </button>
      )}
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
