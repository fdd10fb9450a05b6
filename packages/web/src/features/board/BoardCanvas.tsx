import {
  type Announcements,
  type CollisionDetection,
  closestCenter,
  DndContext,
  type DragEndEvent,
  type DragOverEvent,
  DragOverlay,
  type DragStartEvent,
  getFirstCollision,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  MeasuringStrategy,
  MouseSensor,
  pointerWithin,
  rectIntersection,
  TouchSensor,
  type UniqueIdentifier,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { arrayMove, sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { useQueryClient } from '@tanstack/react-query';
import { type RefObject, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Engagement } from '../../api/types';
import { canDo } from '../engagements/use-engagement';
import { BoardColumn } from './BoardColumn';
import { type Board, type BoardColumn as Col, goalProgress, showOlderCards } from './board-data';
import { CardFace } from './CardTile';
import { ColumnDialog, useColumnActions } from './ColumnDialog';
import type { MoveIntent } from './use-board-moves';

type Items = Record<string, string[]>;

const columnOf = (id: UniqueIdentifier): string | null => (String(id).startsWith('col:') ? String(id).slice(4) : null);

function containerOf(items: Items, id: UniqueIdentifier): string | undefined {
  const col = columnOf(id);
  if (col && col in items) return col;
  return Object.keys(items).find((k) => items[k].includes(String(id)));
}

interface Props {
  engagement: Engagement;
  board: Board;
  openCardId: string | null;
  requestMove: (intent: MoveIntent) => Promise<boolean>;
  createCard: (columnId: string, title: string, type: 'goal' | 'task' | 'event') => Promise<string | null>;
  onOpen: (cardId: string) => void;
  setNotice: (message: string | null) => void;
}

const instructions =
  'To pick up a card, press Space. Use the arrow keys to move it within its column or to another column. ' +
  'Press Space again to drop it, or Escape to cancel. Press Enter to open the card.';

/** The columns side by side, with drag and drop across them by mouse, touch and keyboard. */
export function BoardCanvas({ engagement, board, openCardId, requestMove, createCard, onOpen, setNotice }: Props) {
  const canMove = canDo(engagement, 'card.move');
  const canCreate = canDo(engagement, 'card.create');
  const manage = canDo(engagement, 'column.manage');
  const [activeId, setActiveId] = useState<string | null>(null);
  const [dragItems, setDragItems] = useState<Items | null>(null);
  const origin = useRef<{ columnId: string; index: number } | null>(null);
  const lastOverId = useRef<UniqueIdentifier | null>(null);
  const movedAcross = useRef(false);

  const cardsById = useMemo(() => new Map(board.columns.flatMap((c) => c.cards.map((card) => [card.id, card] as const))), [board]);
  const baseItems = useMemo<Items>(() => Object.fromEntries(board.columns.map((c) => [c.id, c.cards.map((x) => x.id)])), [board]);
  const progress = useMemo(() => goalProgress(board), [board]);
  const qc = useQueryClient();
  const showOlder = useCallback((column: Col) => showOlderCards(qc, engagement.id, column.id), [qc, engagement.id]);
  const items = dragItems ?? baseItems;
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const boardRef = useRef(board);
  boardRef.current = board;

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs after each change of the drag's order
  useEffect(() => {
    requestAnimationFrame(() => {
      movedAcross.current = false;
    });
  }, [dragItems]);

  // Keyboard moves use the sortable coordinates: up and down stay within the column, left and right go to
  // the neighbouring columns; a column that holds cards is reached through its cards.
  const coordinateGetter = useCallback<KeyboardCoordinateGetter>((event, args) => {
    const all = args.context.droppableContainers;
    const its = itemsRef.current;
    const here = args.context.active ? containerOf(its, args.context.active.id) : undefined;
    const vertical = event.code === 'ArrowUp' || event.code === 'ArrowDown';
    const enabled = all.getEnabled().filter((entry) => {
      const col = columnOf(entry.id);
      if (col && (its[col]?.length ?? 0) > 0) return false;
      const inHere = containerOf(its, entry.id) === here;
      return vertical ? inHere && !col : !inHere;
    });
    const view = { getEnabled: () => enabled, get: (id: UniqueIdentifier) => all.get(id) } as unknown as typeof all;
    return sortableKeyboardCoordinates(event, { ...args, context: { ...args.context, droppableContainers: view } });
  }, []);

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 180, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter, keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space', 'Enter'] } }),
  );

  // Over a column that holds cards, aim at its closest card; keep the last target while the layout settles.
  const collisionDetection = useCallback<CollisionDetection>(
    (args) => {
      const pointer = pointerWithin(args);
      const hits = pointer.length > 0 ? pointer : rectIntersection(args);
      let overId = getFirstCollision(hits, 'id');
      if (overId != null) {
        const col = columnOf(overId);
        const ids = col ? itemsRef.current[col] : undefined;
        if (ids && ids.length > 0) {
          const inColumn = new Set(ids);
          overId = closestCenter({ ...args, droppableContainers: args.droppableContainers.filter((c) => inColumn.has(String(c.id))) })[0]?.id ?? overId;
        }
        lastOverId.current = overId;
        return [{ id: overId }];
      }
      if (movedAcross.current) lastOverId.current = activeId;
      return lastOverId.current ? [{ id: lastOverId.current }] : [];
    },
    [activeId],
  );

  // Where the card would land if dropped now: the column and its position there.
  const describe = useCallback((activeId: UniqueIdentifier, overId: UniqueIdentifier): string => {
    const its = itemsRef.current;
    const colId = containerOf(its, overId);
    const col = boardRef.current.columns.find((c) => c.id === colId);
    if (!col || !colId) return '';
    const ids = its[colId];
    const inside = ids.includes(String(activeId));
    const count = inside ? ids.length : ids.length + 1;
    if (columnOf(overId)) return `${col.name}, position ${count} of ${count}`;
    return `${col.name}, position ${ids.indexOf(String(overId)) + 1} of ${count}`;
  }, []);
  const titleOf = useCallback((id: UniqueIdentifier) => `“${cardsById.get(String(id))?.title ?? 'Card'}”`, [cardsById]);
  const announcements = useMemo<Announcements>(
    () => ({
      onDragStart: ({ active }) => `Picked up ${titleOf(active.id)} in ${describe(active.id, active.id)}.`,
      onDragOver: ({ active, over }) =>
        over ? `${titleOf(active.id)} is over ${describe(active.id, over.id)}.` : `${titleOf(active.id)} is not over a column.`,
      onDragEnd: ({ active, over }) => (over ? `${titleOf(active.id)} was dropped in ${describe(active.id, over.id)}.` : `${titleOf(active.id)} was put back.`),
      onDragCancel: ({ active }) => {
        const col = boardRef.current.columns.find((c) => c.id === origin.current?.columnId);
        return `Moving was cancelled. ${titleOf(active.id)} went back to ${col?.name ?? 'its column'}.`;
      },
    }),
    [describe, titleOf],
  );

  const onDragStart = ({ active }: DragStartEvent) => {
    const colId = containerOf(baseItems, active.id);
    if (!colId) return;
    origin.current = { columnId: colId, index: baseItems[colId].indexOf(String(active.id)) };
    setActiveId(String(active.id));
    setDragItems(baseItems);
  };

  const onDragOver = ({ active, over }: DragOverEvent) => {
    if (!over) return;
    setDragItems((cur) => {
      if (!cur) return cur;
      const from = containerOf(cur, active.id);
      const to = containerOf(cur, over.id);
      if (!from || !to || from === to) return cur;
      const target = cur[to];
      let index: number;
      if (columnOf(over.id)) index = target.length;
      else {
        const below = active.rect.current.translated && active.rect.current.translated.top > over.rect.top + over.rect.height / 2;
        const overIndex = target.indexOf(String(over.id));
        index = overIndex >= 0 ? overIndex + (below ? 1 : 0) : target.length;
      }
      movedAcross.current = true;
      const id = String(active.id);
      return { ...cur, [from]: cur[from].filter((x) => x !== id), [to]: [...target.slice(0, index), id, ...target.slice(index)] };
    });
  };

  const finish = () => {
    setActiveId(null);
    // The optimistic placement reaches the cache first; the drag's own order is dropped just after it.
    setTimeout(() => setDragItems(null), 0);
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const cur = itemsRef.current;
    const start = origin.current;
    const col = containerOf(cur, active.id);
    if (!over || !col || !start) {
      setActiveId(null);
      setDragItems(null);
      return;
    }
    let ids = cur[col];
    const overCol = containerOf(cur, over.id);
    if (overCol === col && !columnOf(over.id)) {
      const from = ids.indexOf(String(active.id));
      const to = ids.indexOf(String(over.id));
      if (from !== to && to >= 0) ids = arrayMove(ids, from, to);
    }
    const index = ids.indexOf(String(active.id));
    if (col === start.columnId && index === start.index) {
      setActiveId(null);
      setDragItems(null);
      return;
    }
    setDragItems({ ...cur, [col]: ids });
    void requestMove({ cardId: String(active.id), toColumnId: col, index });
    finish();
  };

  const onDragCancel = () => {
    setActiveId(null);
    setDragItems(null);
  };

  const columnActions = useColumnActions(engagement.id, board, setNotice);
  const activeCard = activeId ? cardsById.get(activeId) : undefined;
  const activeColumn = activeCard ? board.columns.find((c) => c.id === activeCard.columnId) : undefined;
  const stable = useRef({ onOpen, createCard });
  stable.current = { onOpen, createCard };
  const open = useCallback((id: string) => stable.current.onOpen(id), []);
  const create = useCallback((columnId: string, title: string, type: 'goal' | 'task' | 'event') => stable.current.createCard(columnId, title, type), []);
  const scroller = useRef<HTMLDivElement>(null);
  useBoardTop(scroller);

  return (
    <>
      <nav className="board-pager" aria-label="Columns">
        {board.columns.map((c) => (
          <button
            key={c.id}
            type="button"
            className="board-pager__chip"
            onClick={() =>
              scroller.current?.querySelector(`[data-column-id="${c.id}"]`)?.scrollIntoView({ behavior: 'smooth', inline: 'start', block: 'nearest' })
            }
          >
            {c.name} <span className="muted">{(items[c.id]?.length ?? 0) + c.olderCards.count}</span>
          </button>
        ))}
      </nav>
      <DndContext
        sensors={sensors}
        collisionDetection={collisionDetection}
        measuring={{ droppable: { strategy: MeasuringStrategy.Always } }}
        autoScroll={{ threshold: { x: 0.12, y: 0.12 }, acceleration: 6 }}
        accessibility={{ announcements, screenReaderInstructions: { draggable: instructions } }}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={onDragCancel}
      >
        <div className={`board${openCardId ? ' board--with-panel' : ''}${activeId ? ' board--dragging' : ''}`} ref={scroller}>
          {board.columns.map((c: Col, i) => (
            <BoardColumn
              key={c.id}
              column={c}
              cardIds={items[c.id] ?? []}
              cardsById={cardsById}
              members={board.members}
              progress={progress}
              activeId={activeId}
              openId={openCardId}
              canMove={canMove}
              canCreate={canCreate}
              isFirst={i === 0}
              isLast={i === board.columns.length - 1}
              onOpen={open}
              onCreate={create}
              onEdit={manage ? columnActions.edit : undefined}
              onShift={manage ? columnActions.shift : undefined}
              onRemove={manage ? columnActions.remove : undefined}
              onShowOlder={showOlder}
            />
          ))}
          {manage ? (
            <div className="board__add-column">
              <button type="button" className="column__add column__add--new" onClick={columnActions.add}>
                <span aria-hidden="true">+</span> Add a column
              </button>
            </div>
          ) : null}
        </div>
        <DragOverlay>
          {activeCard ? (
            <div className={`card card--${activeCard.type} card--lifted${activeCard.blocked ? ' card--blocked' : ''}`}>
              <div className="card__body">
                <CardFace
                  card={activeCard}
                  columnKind={activeColumn?.kind ?? 'todo'}
                  members={board.members}
                  progress={progress.get(activeCard.id)}
                  withIds={false}
                />
              </div>
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
      {columnActions.editing ? (
        <ColumnDialog
          column={columnActions.editing === 'new' ? null : columnActions.editing}
          onCancel={columnActions.close}
          onSave={columnActions.save}
          count={columnActions.editing === 'new' ? 0 : (items[columnActions.editing.id]?.length ?? 0) + columnActions.editing.olderCards.count}
        />
      ) : null}
    </>
  );
}

/**
 * Tells the columns where the board starts on the page (`--board-top`), so a column is as tall as the window
 * below it and scrolls inside itself, whatever the header, notices and checklist above take.
 */
function useBoardTop(ref: RefObject<HTMLDivElement | null>): void {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const set = () => el.style.setProperty('--board-top', `${Math.round(el.getBoundingClientRect().top + window.scrollY)}px`);
    set();
    const observer = new ResizeObserver(set);
    if (el.parentElement) observer.observe(el.parentElement);
    observer.observe(document.body);
    window.addEventListener('resize', set);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', set);
    };
  }, [ref]);
}
