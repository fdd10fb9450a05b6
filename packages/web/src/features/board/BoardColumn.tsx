import { columnRequiresReadiness } from '@carriage/core';
import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { defaultRangeExtractor, useVirtualizer } from '@tanstack/react-virtual';
import { type FormEvent, memo, useCallback, useEffect, useRef, useState } from 'react';
import type { BoardMember, Card, BoardColumn as Col } from './board-data';
import { SortableCard } from './CardTile';

/** Past this many cards a column renders only the cards in view, so a board of a thousand cards stays smooth. */
const VIRTUAL_AFTER = 40;

export interface ColumnActions {
  onOpen: (cardId: string) => void;
  onCreate: (columnId: string, title: string, type: Card['type']) => Promise<string | null>;
  onEdit?: (column: Col) => void;
  onShift?: (column: Col, direction: -1 | 1) => void;
  onRemove?: (column: Col) => void;
  /** Loads the next page of the column's older cards (a done column carries only its recent ones). */
  onShowOlder?: (column: Col) => Promise<void>;
}

interface Props extends ColumnActions {
  column: Col;
  cardIds: string[];
  cardsById: Map<string, Card>;
  members: BoardMember[];
  progress: Map<string, { total: number; done: number }>;
  activeId: string | null;
  openId: string | null;
  canMove: boolean;
  canCreate: boolean;
  isFirst: boolean;
  isLast: boolean;
}

/** One column: its header (name, count against the WIP limit, policy), its cards, and adding a card. */
export const BoardColumn = memo(function BoardColumn(props: Props) {
  const { column, cardIds, activeId } = props;
  const { setNodeRef, isOver } = useDroppable({ id: `col:${column.id}`, data: { type: 'column', columnId: column.id } });
  const count = cardIds.length + column.olderCards.count;
  const full = column.wipLimit !== null && count >= column.wipLimit;
  const over = column.wipLimit !== null && count > column.wipLimit;
  const headingId = `column-${column.id}`;
  const countLabel =
    column.wipLimit !== null
      ? `${count} of ${column.wipLimit} cards (WIP limit)${over ? ', over the limit' : full ? ', at the limit' : ''}`
      : `${count} card${count === 1 ? '' : 's'}`;
  return (
    <section
      ref={setNodeRef}
      className={`column${isOver && activeId ? ' column--over' : ''}`}
      aria-labelledby={headingId}
      data-column-id={column.id}
      data-testid={`column-${column.name}`}
    >
      <header className="column__header">
        <div className="column__title-row">
          <h2 className="column__name" id={headingId}>
            {column.name}
          </h2>
          <span className={`column__count${full ? ' column__count--full' : ''}`} title={countLabel}>
            <span aria-hidden="true">{column.wipLimit !== null ? `${count} / ${column.wipLimit}` : count}</span>
            <span className="visually-hidden">{countLabel}</span>
          </span>
          {props.onEdit ? <ColumnMenu {...props} /> : null}
        </div>
        {column.policy ? <p className="column__policy">{column.policy}</p> : null}
      </header>
      {column.olderCards.count > 0 && props.onShowOlder ? <ShowOlder column={column} onShowOlder={props.onShowOlder} /> : null}
      <SortableContext id={column.id} items={cardIds} strategy={verticalListSortingStrategy}>
        {cardIds.length > VIRTUAL_AFTER ? <VirtualCards {...props} /> : <PlainCards {...props} />}
      </SortableContext>
      {/* A new card is never ready, so it can't start in a column that requires readiness. */}
      {props.canCreate && !columnRequiresReadiness(column.kind) ? <AddCard column={column} onCreate={props.onCreate} /> : null}
    </section>
  );
});

function PlainCards(props: Props) {
  const { cardIds, cardsById } = props;
  if (cardIds.length === 0) {
    return (
      <div className="column__body column__body--empty">
        <p className="column__empty">No cards</p>
      </div>
    );
  }
  return (
    <div className="column__body">
      {cardIds.map((id) => {
        const card = cardsById.get(id);
        if (!card) return null;
        return <SortableCard key={id} {...tileProps(props, id, card)} />;
      })}
    </div>
  );
}

/** What every card of the column is drawn with, in the plain list and the virtual one alike. */
function tileProps({ column, members, progress, canMove, openId, onOpen }: Props, id: string, card: Card) {
  return { card, columnId: column.id, columnKind: column.kind, members, progress: progress.get(id), canMove, isOpen: openId === id, onOpen };
}

function VirtualCards(props: Props) {
  const { cardIds, cardsById, activeId } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const activeIndex = activeId ? cardIds.indexOf(activeId) : -1;
  const virtualizer = useVirtualizer({
    count: cardIds.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 104,
    overscan: 6,
    getItemKey: (i) => cardIds[i],
    // The card being dragged stays rendered even when scrolled out of view, so the drag keeps its source.
    rangeExtractor: useCallback(
      (range: Parameters<typeof defaultRangeExtractor>[0]) => {
        const out = defaultRangeExtractor(range);
        if (activeIndex >= 0 && !out.includes(activeIndex)) {
          out.push(activeIndex);
          out.sort((a, b) => a - b);
        }
        return out;
      },
      [activeIndex],
    ),
  });
  return (
    <div className="column__body" ref={scrollRef}>
      <div className="column__virtual" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const id = cardIds[item.index];
          const card = cardsById.get(id);
          if (!card) return null;
          return <SortableCard key={id} index={item.index} measureRef={virtualizer.measureElement} start={item.start} {...tileProps(props, id, card)} />;
        })}
      </div>
    </div>
  );
}

/** The way to the older cards a column leaves out: a page at a time, newest first, placed in board order. */
function ShowOlder({ column, onShowOlder }: { column: Col; onShowOlder: NonNullable<Props['onShowOlder']> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const n = column.olderCards.count;
  const what = column.kind === 'done' ? 'done cards' : 'cards';
  const load = async () => {
    setBusy(true);
    setError(null);
    try {
      await onShowOlder(column);
    } catch (err) {
      setError(err instanceof Error ? err.message : 'The older cards could not be loaded. Try again.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="column__older">
      <button type="button" className="column__older-btn" onClick={() => void load()} disabled={busy} aria-busy={busy}>
        {busy ? 'Loading older cards…' : `Show older ${what}`}
        <span className="column__older-count"> ({n.toLocaleString()} not shown)</span>
      </button>
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function AddCard({ column, onCreate }: { column: Col; onCreate: Props['onCreate'] }) {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [type, setType] = useState<Card['type']>('task');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) {
      setError('Give the card a title.');
      return;
    }
    setBusy(true);
    const err = await onCreate(column.id, title.trim(), type);
    setBusy(false);
    setError(err);
    if (!err) setTitle('');
  };
  if (!open) {
    return (
      <button type="button" className="column__add" onClick={() => setOpen(true)}>
        <span aria-hidden="true">+</span> Add a card<span className="visually-hidden"> to {column.name}</span>
      </button>
    );
  }
  return (
    <form className="add-card" onSubmit={submit} aria-label={`Add a card to ${column.name}`}>
      <label className="visually-hidden" htmlFor={`add-title-${column.id}`}>
        Title of the new card
      </label>
      <textarea
        id={`add-title-${column.id}`}
        value={title}
        autoFocus
        rows={2}
        placeholder="What needs doing?"
        onChange={(e) => setTitle(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            void submit(e);
          }
          if (e.key === 'Escape') setOpen(false);
        }}
      />
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="add-card__row">
        <label className="visually-hidden" htmlFor={`add-type-${column.id}`}>
          Type
        </label>
        <select id={`add-type-${column.id}`} value={type} onChange={(e) => setType(e.target.value as Card['type'])}>
          <option value="task">Task</option>
          <option value="goal">Goal</option>
          <option value="event">Event</option>
        </select>
        <button type="submit" className="btn btn--primary btn--small" disabled={busy}>
          Add card
        </button>
        <button type="button" className="btn btn--ghost btn--small" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ColumnMenu({ column, onEdit, onShift, onRemove, isFirst, isLast }: Props) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);
  const act = (fn: () => void) => () => {
    setOpen(false);
    fn();
  };
  return (
    <div className="menu" ref={ref}>
      <button
        type="button"
        className="icon-btn"
        aria-haspopup="true"
        aria-expanded={open}
        aria-label={`Column actions for ${column.name}`}
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      {open ? (
        <div className="menu__list">
          <button type="button" onClick={act(() => onEdit?.(column))}>
            Edit column…
          </button>
          <button type="button" disabled={isFirst} onClick={act(() => onShift?.(column, -1))}>
            Move left
          </button>
          <button type="button" disabled={isLast} onClick={act(() => onShift?.(column, 1))}>
            Move right
          </button>
          <button type="button" className="menu__danger" onClick={act(() => onRemove?.(column))}>
            Remove column
          </button>
        </div>
      ) : null}
    </div>
  );
}
