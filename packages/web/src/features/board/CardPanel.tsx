import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError, get, patch } from '../../api/client';
import type { Engagement } from '../../api/types';
import { FormError } from '../../ui/Field';
import { type Board, type Card, findCard, storeCard } from './board-data';
import { CardComments, CardHistory } from './CardActivity';
import { CardDetails } from './CardDetails';
import { typeLabel } from './card-format';
import type { MoveIntent } from './use-board-moves';
import './card-panel.css';

interface Props {
  engagement: Engagement;
  board: Board;
  cardId: string;
  onClose: () => void;
  requestMove: (intent: MoveIntent) => Promise<boolean>;
  canEdit: boolean;
  canMove: boolean;
  canComment: boolean;
}

type Tab = 'details' | 'comments' | 'history';

/** A card opened beside the board (full screen on a phone): details, comments and history, moving and archiving. */
export default function CardPanel({ board, cardId, onClose, requestMove, canEdit, canMove, canComment }: Props) {
  const qc = useQueryClient();
  const onBoard = findCard(board, cardId);
  // An archived card is not on the board: read it on its own so it can be restored.
  const single = useQuery({ queryKey: ['card', cardId], queryFn: () => get<Card>(`/api/cards/${cardId}`), enabled: !onBoard });
  const card = onBoard?.card ?? single.data;
  const column = onBoard?.column;
  const [tab, setTab] = useState<Tab>('details');
  const [moveTo, setMoveTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  // Focus moves into the panel when a card opens and back to the card when it closes.
  useEffect(() => {
    headingRef.current?.focus();
    return () => {
      const el = document.querySelector<HTMLElement>(`[data-card-id="${cardId}"] .card__handle`);
      el?.focus({ preventScroll: false });
    };
  }, [cardId]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !document.querySelector('dialog[open]')) closeRef.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const setArchived = async (archived: boolean) => {
    if (!card) return;
    setError(null);
    try {
      const updated = await patch<Card>(`/api/cards/${card.id}`, { version: card.version, archived });
      storeCard(qc, updated.engagementId, updated);
      qc.setQueryData(['card', card.id], updated);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'stale_version' && err.body.current) {
        storeCard(qc, card.engagementId, { ...(err.body.current as Card), commentCount: card.commentCount });
        setError('Someone else changed this card just now. Look at it again, then archive it if you still want to.');
      } else setError(err instanceof ApiError ? err.message : 'Something went wrong. Please try again.');
    }
  };

  const move = async () => {
    const target = board.columns.find((c) => c.id === moveTo);
    if (!card || !target) return;
    const ok = await requestMove({ cardId: card.id, toColumnId: target.id, index: target.cards.filter((c) => c.id !== card.id).length });
    if (ok) setMoveTo('');
  };

  return (
    <div className="card-panel" role="dialog" aria-modal="false" aria-labelledby="card-panel-title">
      <header className="card-panel__head">
        <div className="card-panel__where">
          {card ? <span className={`card__type card__type--${card.type}`}>{typeLabel[card.type]}</span> : null}
          <span className="muted small">{card?.archivedAt ? 'Archived' : column ? `in ${column.name}` : ''}</span>
        </div>
        <button type="button" className="icon-btn card-panel__close" aria-label="Close the card" onClick={onClose}>
          <span aria-hidden="true">×</span>
        </button>
        <h2 id="card-panel-title" ref={headingRef} tabIndex={-1}>
          {card?.title ?? (single.isPending ? 'Loading…' : 'Card not found')}
        </h2>
      </header>
      {!card ? (
        <div className="card-panel__body">
          {single.error ? <p className="muted">This card was not found. It may have been removed.</p> : <p className="muted">Loading…</p>}
        </div>
      ) : (
        <>
          <div className="card-panel__bar">
            {canMove && !card.archivedAt ? (
              <div className="move-to">
                <label htmlFor="move-to">Move to</label>
                <select id="move-to" value={moveTo} onChange={(e) => setMoveTo(e.target.value)}>
                  <option value="">Choose a column…</option>
                  {board.columns.map((c) => (
                    <option key={c.id} value={c.id} disabled={c.id === card.columnId}>
                      {c.name}
                      {c.wipLimit !== null ? ` (${c.cards.length} / ${c.wipLimit})` : ''}
                    </option>
                  ))}
                </select>
                <button type="button" className="btn btn--small" disabled={!moveTo} onClick={() => void move()}>
                  Move
                </button>
              </div>
            ) : null}
            {canEdit ? (
              card.archivedAt ? (
                <button type="button" className="btn btn--small btn--primary" onClick={() => void setArchived(false)}>
                  Restore card
                </button>
              ) : (
                <button type="button" className="btn btn--small btn--ghost" onClick={() => void setArchived(true)}>
                  Archive card
                </button>
              )
            ) : null}
          </div>
          <FormError message={error} />
          {card.archivedAt ? <p className="warning small">This card is archived. It no longer appears on the board; restore it to bring it back.</p> : null}
          <div className="panel-tabs" role="tablist" aria-label="Card">
            {(['details', 'comments', 'history'] as Tab[]).map((t) => (
              <button
                key={t}
                type="button"
                role="tab"
                id={`card-tab-${t}`}
                aria-selected={tab === t}
                aria-controls={`card-tabpanel-${t}`}
                className={tab === t ? 'panel-tabs__tab panel-tabs__tab--on' : 'panel-tabs__tab'}
                onClick={() => setTab(t)}
              >
                {t === 'details' ? 'Details' : t === 'comments' ? `Comments${card.commentCount ? ` (${card.commentCount})` : ''}` : 'History'}
              </button>
            ))}
          </div>
          {/* Details stay mounted while another tab shows, so unsaved edits survive a look at the comments. */}
          <div className="card-panel__body" role="tabpanel" id="card-tabpanel-details" aria-labelledby="card-tab-details" hidden={tab !== 'details'}>
            <CardDetails key={card.id} card={card} board={board} canEdit={canEdit && !card.archivedAt} />
          </div>
          {tab !== 'details' ? (
            <div className="card-panel__body" role="tabpanel" id={`card-tabpanel-${tab}`} aria-labelledby={`card-tab-${tab}`}>
              {tab === 'comments' ? <CardComments cardId={card.id} canComment={canComment} /> : <CardHistory cardId={card.id} board={board} />}
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
