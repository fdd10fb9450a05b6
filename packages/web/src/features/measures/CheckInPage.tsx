import { Link } from 'react-router';
import { canDo, useEngagement } from '../engagements/use-engagement';
import { CheckInForm } from './CheckInForm';
import { useMeasures } from './measures-api';
import './measures.css';

/** Check in: each measured goal with its quick form, one under the other, made for a phone between sessions. */
export default function CheckInPage() {
  const { engagementId, data: e } = useEngagement();
  const may = !!e && canDo(e, 'checkin.record');
  const measures = useMeasures(engagementId, may);
  if (!e) return <div className="loading" aria-busy="true" />;
  if (!may) {
    return (
      <section className="tab-page">
        <p className="notice">The coach and the coachee record the values of the goals’ measures. The shared ones show on the Results page.</p>
      </section>
    );
  }
  if (measures.isPending) return <div className="loading" aria-busy="true" />;
  const goals = measures.data?.goals ?? [];
  const waiting = measures.data?.notOnBoard ?? [];
  return (
    <section className="tab-page checkin-page">
      <header className="checkin-page__head">
        <h2>Check in</h2>
        <Link to="../results" relative="path" className="small">
          See the results →
        </Link>
      </header>
      <p className="muted small">Record where each goal’s number stands. A value you got wrong can be corrected; the first one stays in the history.</p>
      {measures.error ? (
        <p className="form-error" role="alert">
          {measures.error.message}
        </p>
      ) : null}
      {goals.length === 0 ? (
        <p className="empty">
          {waiting.length > 0
            ? 'The signed contract’s goals are not on the board yet. Once the coach puts them there, their values are recorded here.'
            : 'No goal has a measure yet. The coach adds one to a goal in the contract (what is counted, baseline and target); once signed, its values are recorded here.'}
        </p>
      ) : (
        <div className="checkin-page__list">
          {goals.map((g) => (
            <CheckInForm key={g.cardId} engagementId={engagementId} goal={g} />
          ))}
        </div>
      )}
    </section>
  );
}

/** The measured goals inside the session room (WIFLE and Verify): a value recorded here is tied to the session. */
export function SessionCheckIns({ engagementId, sessionId }: { engagementId: string; sessionId: string }) {
  const measures = useMeasures(engagementId);
  const goals = measures.data?.goals ?? [];
  if (goals.length === 0) return null;
  return (
    <section className="room-checkins" aria-labelledby="room-checkins-h">
      <h3 id="room-checkins-h">Check-ins</h3>
      <p className="muted small">Where each goal’s number stands since last time.</p>
      {goals.map((g) => (
        <CheckInForm key={g.cardId} engagementId={engagementId} goal={g} sessionId={sessionId} compact headingLevel={4} />
      ))}
    </section>
  );
}
