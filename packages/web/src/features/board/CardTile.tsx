import type { ReadinessGap } from '@carriage/core';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { type CSSProperties, type KeyboardEvent, memo, type ReactNode } from 'react';
import type { BoardMember, Card } from './board-data';
import { gapShort, initials, isOverdue, memberName, shortDate, shortDateTime, typeLabel } from './card-format';

interface TileProps {
  card: Card;
  columnKind: string;
  members: BoardMember[];
  progress?: { total: number; done: number };
  /** Ids for the title (the accessible name); left out of the copy that follows the pointer during a drag. */
  withIds?: boolean;
  /** What stands for the title: on the board, the control that opens and moves the card. */
  titleControl?: ReactNode;
}

/** What a card shows on the board: type, title, readiness gaps, flags, owner, dates and counts. */
export const CardFace = memo(function CardFace({ card, columnKind, members, progress, withIds = true, titleControl }: TileProps) {
  const owner = memberName(members, card.ownerId);
  const overdue = isOverdue(card, columnKind);
  const dod = card.definitionOfDone;
  const dodDone = dod.filter((i) => i.done).length;
  return (
    <>
      <div className="card__top" id={withIds ? `card-top-${card.id}` : undefined}>
        <span className={`card__type card__type--${card.type}`}>{typeLabel[card.type]}</span>
        {card.labels.map((l) => (
          <span key={l} className="card__label">
            {l}
          </span>
        ))}
      </div>
      <p className="card__title" id={withIds ? `card-title-${card.id}` : undefined}>
        {titleControl ?? card.title}
      </p>
      <div id={withIds ? `card-more-${card.id}` : undefined}>
        {card.type === 'event' && (card.eventAt || card.eventPlace) ? (
          <p className="card__event">
            {card.eventAt ? shortDateTime(card.eventAt) : null}
            {card.eventAt && card.eventPlace ? ' · ' : null}
            {card.eventPlace}
          </p>
        ) : null}
        {card.type === 'goal' && progress && progress.total > 0 ? (
          <div className="card__progress">
            <span className="card__progress-bar" aria-hidden="true">
              <span style={{ width: `${Math.round((progress.done / progress.total) * 100)}%` }} />
            </span>
            <span>
              {progress.done} of {progress.total} done
            </span>
          </div>
        ) : null}
        {card.blocked ? (
          <p className="card__blocked">
            <strong>Blocked</strong>
            {card.blockedReason ? `: ${card.blockedReason}` : null}
          </p>
        ) : null}
        {card.wipOverrideReason ? (
          <p className="card__override">
            <strong>Over WIP limit</strong>: {card.wipOverrideReason}
          </p>
        ) : null}
        {card.missing.length > 0 ? <p className="card__needs">Needs: {card.missing.map((g) => gapShort[g as ReadinessGap] ?? g).join(', ')}</p> : null}
        <div className="card__meta">
          {owner ? (
            <span className="card__owner" title={owner}>
              <span className="avatar" aria-hidden="true">
                {initials(owner)}
              </span>
              <span className="card__owner-name">{owner}</span>
            </span>
          ) : null}
          {card.dueOn ? (
            <span className={`card__due${overdue ? ' card__due--overdue' : ''}`}>
              {overdue ? 'Overdue · ' : 'Due '}
              {shortDate(card.dueOn)}
            </span>
          ) : null}
          {dod.length > 0 ? (
            <span className={`card__count${dodDone === dod.length ? ' card__count--complete' : ''}`} title="Definition of done">
              <svg className="card__icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
                <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
              </svg>{' '}
              {dodDone}/{dod.length}
              <span className="visually-hidden"> of the definition of done met</span>
            </span>
          ) : null}
          {card.commentCount > 0 ? (
            <span className="card__count" title={`${card.commentCount} comment${card.commentCount === 1 ? '' : 's'}`}>
              <svg className="card__icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
                <path
                  d="M2 3.5A1.5 1.5 0 0 1 3.5 2h9A1.5 1.5 0 0 1 14 3.5v6a1.5 1.5 0 0 1-1.5 1.5H7l-3 3v-3h-.5A1.5 1.5 0 0 1 2 9.5z"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="1.5"
                  strokeLinejoin="round"
                />
              </svg>{' '}
              {card.commentCount}
              <span className="visually-hidden"> comment{card.commentCount === 1 ? '' : 's'}</span>
            </span>
          ) : null}
        </div>
      </div>
    </>
  );
});

interface SortableProps extends TileProps {
  columnId: string;
  canMove: boolean;
  isOpen?: boolean;
  onOpen: (cardId: string) => void;
  /** In a virtual list: the card's offset from the top, its index, and the virtualizer's measuring ref. */
  start?: number;
  measureRef?: (el: HTMLElement | null) => void;
  index?: number;
}

/**
 * A card on the board: draggable with mouse, touch and keyboard (Space picks up); Enter or a click opens it.
 * The control a keyboard or screen reader reaches is the title, named by its own words (as voice control
 * users read it) and described by the rest of the card; a pointer drags or opens the card from anywhere.
 */
export const SortableCard = memo(function SortableCard({ card, columnId, canMove, isOpen, onOpen, start, measureRef, index, ...face }: SortableProps) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: card.id,
    data: { type: 'card', columnId },
    disabled: !canMove,
    attributes: { roleDescription: 'card' },
  });
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Enter' && !isDragging) {
      e.preventDefault();
      onOpen(card.id);
      return;
    }
    listeners?.onKeyDown?.(e);
  };
  // Keys reach the card through its title control; pointers and touch through the whole card.
  const { onKeyDown: _keys, ...pointerListeners } = listeners ?? {};
  // Read after the title: the type and labels, what the card shows, then how to move it.
  const describedBy = [`card-top-${card.id}`, `card-more-${card.id}`, attributes['aria-describedby']].filter(Boolean).join(' ');
  const titleControl = (
    // biome-ignore lint/a11y/useSemanticElements: a native button would also click on Space, which picks the card up
    <span ref={setActivatorNodeRef} {...attributes} role="button" tabIndex={0} aria-describedby={describedBy} className="card__handle" onKeyDown={onKeyDown}>
      {card.title}
    </span>
  );
  return (
    <div
      className="card-slot"
      style={
        start === undefined ? undefined : ({ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${start}px)` } satisfies CSSProperties)
      }
      data-index={index}
      ref={(el) => {
        measureRef?.(el);
      }}
    >
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard reaches the card through its title control */}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the same */}
      <div
        ref={setNodeRef}
        {...pointerListeners}
        onClick={() => onOpen(card.id)}
        data-card-id={card.id}
        className={`card card--${card.type}${card.blocked ? ' card--blocked' : ''}${isDragging ? ' card--placeholder' : ''}${isOpen ? ' card--open' : ''}`}
        style={{ transform: CSS.Translate.toString(transform), transition }}
      >
        <div className="card__body">
          <CardFace card={card} {...face} titleControl={titleControl} />
        </div>
      </div>
    </div>
  );
});
