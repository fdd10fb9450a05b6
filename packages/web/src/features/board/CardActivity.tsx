import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, get, post } from '../../api/client';
import { formatDateTime } from '../../lib/dates';
import { FormError } from '../../ui/Field';
import { type Board, boardKeys } from './board-data';
import { fieldLabels } from './card-draft';
import { Markdown } from './Markdown';

export interface HistoryEntry {
  id: number;
  type: string;
  at: string;
  actor: { id: string | null; name: string };
  payload: Record<string, unknown>;
}
interface Comment {
  id: string;
  body: string;
  createdAt: string;
  author: { id: string; name: string };
}

const when = (iso: string) => formatDateTime(iso);

/** Comments on a card, in Markdown rendered safely, and a box to add one. */
export function CardComments({ cardId, canComment }: { cardId: string; canComment: boolean }) {
  const qc = useQueryClient();
  const comments = useQuery({
    queryKey: boardKeys.comments(cardId),
    queryFn: async () => (await get<{ comments: Comment[] }>(`/api/cards/${cardId}/comments`)).comments,
  });
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) {
      setError('Write a comment.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await post(`/api/cards/${cardId}/comments`, { body });
      setBody('');
      await qc.invalidateQueries({ queryKey: boardKeys.comments(cardId) });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong. Please try again.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="comments">
      {comments.isPending ? <p className="muted small">Loading comments…</p> : null}
      {comments.data?.length === 0 ? <p className="muted small">No comments yet.</p> : null}
      <ol className="comments__list">
        {comments.data?.map((c) => (
          <li key={c.id} className="comment">
            <p className="comment__meta">
              <strong>{c.author.name}</strong> <time dateTime={c.createdAt}>{when(c.createdAt)}</time>
            </p>
            <Markdown text={c.body} className="comment__body" />
          </li>
        ))}
      </ol>
      {canComment ? (
        <form onSubmit={submit} noValidate className="comments__form">
          <FormError message={error} />
          <div className="field">
            <label htmlFor="comment-body">Add a comment</label>
            <textarea id="comment-body" rows={3} value={body} onChange={(e) => setBody(e.target.value)} placeholder="Markdown works here" />
          </div>
          <button type="submit" className="btn btn--primary btn--small" disabled={busy}>
            Comment
          </button>
        </form>
      ) : null}
    </div>
  );
}

function describe(entry: HistoryEntry, board: Board): string {
  const col = (id: unknown) => board.columns.find((c) => c.id === id)?.name ?? 'a removed column';
  const p = entry.payload;
  switch (entry.type) {
    case 'card.created':
      return `created the card in ${col((p.card as { columnId?: string } | undefined)?.columnId)}`;
    case 'card.moved': {
      const move = p.fromColumnId === p.toColumnId ? `reordered it in ${col(p.toColumnId)}` : `moved it from ${col(p.fromColumnId)} to ${col(p.toColumnId)}`;
      return p.overrideReason ? `${move}, over the WIP limit: “${p.overrideReason}”` : move;
    }
    case 'card.updated': {
      const changes = ((p.changes as string[] | undefined) ?? []).map((c) => (fieldLabels as Record<string, string>)[c]?.toLowerCase() ?? c);
      return changes.length ? `changed ${changes.join(', ')}` : 'edited the card';
    }
    case 'card.archived':
      return 'archived the card';
    case 'card.restored':
      return 'restored the card';
    case 'card.commented':
      return 'commented';
    default:
      return entry.type.replace('card.', '');
  }
}

/** Every change to the card, with who and when. */
export function CardHistory({ cardId, board }: { cardId: string; board: Board }) {
  const history = useQuery({
    queryKey: boardKeys.history(cardId),
    queryFn: async () => (await get<{ history: HistoryEntry[] }>(`/api/cards/${cardId}/history`)).history,
  });
  if (history.isPending) return <p className="muted small">Loading history…</p>;
  if (history.error) return <FormError message={history.error.message} />;
  return (
    <ol className="history">
      {[...(history.data ?? [])].reverse().map((h) => (
        <li key={h.id}>
          <strong>{h.actor.name}</strong> {describe(h, board)}
          <time className="history__time" dateTime={h.at}>
            {when(h.at)}
          </time>
        </li>
      ))}
    </ol>
  );
}
