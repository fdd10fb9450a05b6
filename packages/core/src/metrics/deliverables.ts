/** A card as the deliverable count reads it. */
export interface DeliverableCard {
  deliverableId: string | null;
  type: string;
  archived: boolean;
  /** The day (a day number) it reached Done, null while it has not. */
  finishedDay: number | null;
}

export interface DeliverableCount {
  done: number;
  total: number;
  /** The day each deliverable was done: the day its last card finished. */
  doneOn: Map<string, number>;
}

/**
 * The one count of deliverables for the header, Results, the sponsor report and the portfolio. The
 * contract's deliverables are counted (every deliverable with a card when no list is given); goal
 * cards, which carry their goal's id, are not deliverables; a card archived without finishing is
 * dropped work. A deliverable is done when it has cards and every one of them is finished.
 */
export function countDeliverables(cards: Iterable<DeliverableCard>, deliverableIds?: readonly string[] | null): DeliverableCount {
  const finished = new Map<string, number | null>();
  for (const c of cards) {
    if (!c.deliverableId || c.type === 'goal' || (c.archived && c.finishedDay === null)) continue;
    const prev = finished.get(c.deliverableId);
    if (c.finishedDay === null) finished.set(c.deliverableId, null);
    else if (prev === undefined || (prev !== null && c.finishedDay > prev)) finished.set(c.deliverableId, c.finishedDay);
  }
  const ids = deliverableIds ? [...new Set(deliverableIds)] : [...finished.keys()];
  const doneOn = new Map<string, number>();
  for (const id of ids) {
    const day = finished.get(id);
    if (typeof day === 'number') doneOn.set(id, day);
  }
  return { done: doneOn.size, total: ids.length, doneOn };
}
