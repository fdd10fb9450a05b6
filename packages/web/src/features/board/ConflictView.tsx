import { useQuery } from '@tanstack/react-query';
import { get } from '../../api/client';
import { type Board, boardKeys, type Card } from './board-data';
import type { HistoryEntry } from './CardActivity';
import { changedFields, type Draft, type DraftField, draftOf, fieldLabels } from './card-draft';
import { memberName, shortDate, shortDateTime, typeLabel } from './card-format';

interface Props {
  card: Card;
  base: Card;
  current: Card;
  draft: Draft;
  mine: DraftField[];
  board: Board;
  busy: boolean;
  onKeepTheirs: () => void;
  onApplyMine: () => void;
}

function show(field: DraftField, d: Draft, board: Board): string {
  const v = d[field];
  switch (field) {
    case 'ownerId':
      return memberName(board.members, d.ownerId) ?? 'Nobody';
    case 'parentId':
      return d.parentId ? (board.columns.flatMap((c) => c.cards).find((c) => c.id === d.parentId)?.title ?? 'A goal') : 'No goal';
    case 'dueOn':
      return d.dueOn ? shortDate(d.dueOn) : 'No date';
    case 'eventAt':
      return d.eventAt ? shortDateTime(d.eventAt) : 'No date';
    case 'type':
      return typeLabel[d.type];
    case 'blocked':
      return d.blocked ? 'Blocked' : 'Not blocked';
    case 'labels':
      return d.labels.length ? d.labels.join(', ') : 'None';
    case 'definitionOfDone':
      return d.definitionOfDone.length ? d.definitionOfDone.map((i) => `${i.done ? '☑' : '☐'} ${i.text}`).join('\n') : 'Empty';
    default:
      return typeof v === 'string' && v.trim() ? v : 'Empty';
  }
}

/** Someone else saved this card first: their change and yours, field by field, and a choice — never a silent overwrite. */
export function ConflictView({ card, base, current, draft, mine, board, busy, onKeepTheirs, onApplyMine }: Props) {
  const theirs = changedFields(draftOf(base), draftOf(current));
  const rows = [...new Set([...theirs, ...mine])];
  const history = useQuery({
    queryKey: boardKeys.history(card.id),
    queryFn: async () => (await get<{ history: HistoryEntry[] }>(`/api/cards/${card.id}/history`)).history,
  });
  const last = history.data?.filter((h) => h.type !== 'card.commented').at(-1);
  const who = last ? last.actor.name : 'Someone else';
  const moved = base.columnId !== current.columnId ? board.columns.find((c) => c.id === current.columnId)?.name : null;
  return (
    <section className="conflict" role="alert" aria-labelledby="conflict-title">
      <h3 id="conflict-title">{who} changed this card while you were editing</h3>
      <p className="small">
        Nothing was overwritten. Compare the two versions, then keep theirs or apply yours on top of it.
        {moved ? ` They also moved it to ${moved}.` : ''}
      </p>
      <table className="conflict__table">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Theirs (saved)</th>
            <th scope="col">Yours (not saved)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((f) => (
            <tr key={f} data-field={f}>
              <th scope="row">{fieldLabels[f]}</th>
              <td className={theirs.includes(f) ? 'conflict__changed' : undefined}>{show(f, draftOf(current), board)}</td>
              <td className={mine.includes(f) ? 'conflict__changed' : undefined}>
                {mine.includes(f) ? show(f, draft, board) : <span className="muted">unchanged</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="btn-row">
        <button type="button" className="btn" onClick={onKeepTheirs} disabled={busy}>
          Keep theirs
        </button>
        <button type="button" className="btn btn--primary" onClick={onApplyMine} disabled={busy}>
          Apply mine over theirs
        </button>
      </div>
    </section>
  );
}
