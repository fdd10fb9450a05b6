import { lazy, Suspense, useCallback, useMemo, useRef } from 'react';
import { useOutletContext, useSearchParams } from 'react-router';
import type { Engagement } from '../../api/types';
import { canDo } from '../engagements/use-engagement';
import { BoardCanvas } from './BoardCanvas';
import { useBoard } from './board-data';
import { ReadinessDialog, WipDialog } from './MoveDialogs';
import { useBoardMoves } from './use-board-moves';
import './board.css';

// The card panel carries the Markdown renderer: it loads when a card is first opened.
const CardPanel = lazy(() => import('./CardPanel'));

/** The Board tab: the engagement's columns and cards, the card panel, and the dialogs that guard a move. */
export function BoardTab() {
  const e = useOutletContext<Engagement>();
  const board = useBoard(e.id);
  const moves = useBoardMoves(e.id);
  const [params, setParams] = useSearchParams();
  const openCardId = params.get('card');
  const setParamsRef = useRef(setParams);
  setParamsRef.current = setParams;
  const openCard = useCallback((id: string | null) => {
    setParamsRef.current(
      (p) => {
        const next = new URLSearchParams(p);
        if (id) next.set('card', id);
        else next.delete('card');
        return next;
      },
      { replace: !id },
    );
  }, []);
  const goals = useMemo(() => (board.data?.columns ?? []).flatMap((c) => c.cards.filter((x) => x.type === 'goal')), [board.data]);

  if (board.isPending) {
    return (
      <p className="board-loading muted" aria-busy="true">
        Loading the board…
      </p>
    );
  }
  if (board.error || !board.data) {
    return (
      <section className="tab-page">
        <div className="form-error" role="alert">
          {board.error?.message ?? 'The board could not be loaded.'}
        </div>
      </section>
    );
  }
  const dialog = moves.dialog;
  const readyCard = dialog?.kind === 'ready' ? board.data.columns.flatMap((c) => c.cards).find((c) => c.id === dialog.intent.cardId) : undefined;
  return (
    <section className="board-page" aria-label="Board">
      {moves.notice ? (
        <div className="form-error board-notice" role="alert">
          <span>{moves.notice}</span>
          <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => moves.setNotice(null)}>
            <span aria-hidden="true">×</span>
          </button>
        </div>
      ) : null}
      <p className="visually-hidden" role="status">
        {moves.announcement}
      </p>
      <BoardCanvas
        engagement={e}
        board={board.data}
        requestMove={moves.requestMove}
        createCard={moves.createCard}
        onOpen={openCard}
        setNotice={moves.setNotice}
        openCardId={openCardId}
      />
      {openCardId ? (
        <Suspense fallback={<aside className="card-panel card-panel--loading" aria-busy="true" aria-label="Loading the card" />}>
          <CardPanel
            engagement={e}
            board={board.data}
            cardId={openCardId}
            onClose={() => openCard(null)}
            requestMove={moves.requestMove}
            canEdit={canDo(e, 'card.update')}
            canMove={canDo(e, 'card.move')}
            canComment={canDo(e, 'card.comment')}
          />
        </Suspense>
      ) : null}
      {dialog?.kind === 'wip' ? (
        <WipDialog
          title={dialog.title}
          message={dialog.message}
          onCancel={() => moves.setDialog(null)}
          onConfirm={(reason) => {
            moves.setDialog(null);
            void dialog.confirm(reason);
          }}
        />
      ) : null}
      {dialog?.kind === 'ready' && readyCard ? (
        <ReadinessDialog
          key={readyCard.id}
          card={readyCard}
          gaps={dialog.gaps}
          message={dialog.message}
          members={board.data.members}
          goals={goals}
          onCancel={() => moves.setDialog(null)}
          onSave={(fill) => moves.fillAndMove(dialog.intent, fill)}
        />
      ) : null}
    </section>
  );
}
