import { formatMeasureValue } from '@carriage/core';
import { Markdown } from '../board/Markdown';
import { sessionWhen } from './session-format';
import { useRecap } from './sessions-api';
import { WifleTerm } from './WifleTerm';

function Section<T>({ title, items, render, none }: { title: string; items: T[]; render: (item: T) => React.ReactNode; none: string }) {
  return (
    <section className="recap__section">
      <h3>{title}</h3>
      {items.length ? <ul>{items.map(render)}</ul> : <p className="muted">{none}</p>}
    </section>
  );
}

/** What the session produced, the same for coach and coachee, with PDF and Markdown downloads. */
export function RecapView({ engagementId, sessionId, zone }: { engagementId: string; sessionId: string; zone: string }) {
  const q = useRecap(engagementId, sessionId, true);
  if (q.isPending) return <p className="muted">Loading the recap…</p>;
  if (!q.data) return <p className="form-error">{(q.error as Error | null)?.message ?? 'The recap could not be loaded.'}</p>;
  const r = q.data;
  return (
    <div className="recap" data-testid="recap">
      <div className="recap__head">
        <p className="muted">Written when the session closed, the same for everyone in it. Session of {sessionWhen(r.startsAt, zone)}.</p>
        <div className="btn-row">
          <a className="btn btn--small" href={`/api/sessions/${sessionId}/recap.pdf`} download>
            Download PDF
          </a>
          <a className="btn btn--small" href={`/api/sessions/${sessionId}/recap.md`} download>
            Download Markdown
          </a>
        </div>
      </div>
      {r.review.items.length ? (
        <p>
          Commitments reviewed in <WifleTerm />, the session’s first step: <strong>{r.review.kept} kept</strong>, {r.review.missed} missed.
        </p>
      ) : null}
      <div className="recap__grid">
        <Section
          title="Completed"
          items={r.completed}
          none="Nothing was accepted as done."
          render={(c) => (
            <li key={c.cardId}>
              <span aria-hidden="true">✓ </span>
              {c.title}
            </li>
          )}
        />
        <Section
          title="Moved"
          items={r.moved}
          none="Nothing else moved."
          render={(m) => (
            <li key={`${m.cardId}-${m.to}`}>
              {m.title}{' '}
              <span className="muted">
                — {m.from} → {m.to}
              </span>
            </li>
          )}
        />
        {r.sentBack?.length ? (
          <Section
            title="Sent back"
            items={r.sentBack}
            none=""
            render={(b) => (
              <li key={b.cardId}>
                {b.title} <span className="muted">— still missing: {b.reason}</span>
              </li>
            )}
          />
        ) : null}
        <Section
          title="Blocked"
          items={r.blocked}
          none="Nothing is blocked."
          render={(b) => (
            <li key={b.cardId}>
              {b.title}
              {b.reason ? <span className="muted"> — {b.reason}</span> : null}
            </li>
          )}
        />
        <Section
          title="New commitments"
          items={r.commitments}
          none="No new commitments."
          render={(c) => (
            <li key={c.cardId}>
              {c.title}{' '}
              <span className="muted">
                — {c.ownerName ?? 'no owner'}, due {c.dueOn ?? '—'}
              </span>
              {r.notAShortStep?.includes(c.cardId) ? <span className="badge badge--warn">Due after the next session: not a short step</span> : null}
            </li>
          )}
        />
      </div>
      {r.agreements?.length ? (
        <p className="recap__agreed" data-testid="recap-agreements">
          {r.agreements.map((a, i) => (
            <span key={a.userId}>
              {i ? ' · ' : ''}
              {a.agreedAt ? `${a.name} agreed at ${sessionWhen(a.agreedAt, zone)}` : `${a.name} did not say “We agree”`}
            </span>
          ))}
        </p>
      ) : null}
      <Section
        title="Check-ins since the previous session"
        items={r.checkIns ?? []}
        none="No values recorded since the previous session."
        render={(c) => (
          <li key={`${c.cardId}-${c.on}-${c.value}-${c.corrects}`}>
            {c.goal} <span className="muted">· {c.measure}:</span> <strong>{formatMeasureValue(c.value, c.unit)}</strong>{' '}
            <span className="muted">
              for {c.on}
              {c.corrects !== null ? ` (corrects ${formatMeasureValue(c.corrects, c.unit)})` : ''}
              {c.recordedBy ? `, by ${c.recordedBy}` : ''}
            </span>
            {c.note ? <span className="muted"> — “{c.note}”</span> : null}
          </li>
        )}
      />
      <section className="recap__section">
        <h3>Next session</h3>
        <p>{r.nextSession ? sessionWhen(r.nextSession.startsAt, zone) : 'Not scheduled yet.'}</p>
      </section>
      {r.sharedNotes.trim() ? (
        <section className="recap__section">
          <h3>Shared notes</h3>
          <Markdown text={r.sharedNotes} />
        </section>
      ) : null}
      {r.addenda.length ? (
        <section className="recap__section recap__addenda" aria-labelledby="addenda-h">
          <h3 id="addenda-h">Addenda, written after the session closed</h3>
          <ul>
            {r.addenda.map((a) => (
              <li key={a.id}>
                <p className="muted small">
                  Added {sessionWhen(a.createdAt, zone)} by {a.authorName}
                </p>
                <Markdown text={a.body} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
