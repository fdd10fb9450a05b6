export interface WipColumn {
  name: string;
  wipLimit: number | null;
}

export type WipCheck = { ok: true } | { ok: false; limit: number; count: number; message: string };

/**
 * The WIP rule, shared by server and web: a card may enter a column only while the column holds
 * fewer cards than its limit. Blocked cards count. A card already in the column does not count twice.
 */
export function checkWipLimit(column: WipColumn, cardsInColumn: number, alreadyInColumn = false): WipCheck {
  if (column.wipLimit === null || column.wipLimit === undefined || alreadyInColumn) return { ok: true };
  if (cardsInColumn < column.wipLimit) return { ok: true };
  const cards = (n: number) => `${n} card${n === 1 ? '' : 's'}`;
  return {
    ok: false,
    limit: column.wipLimit,
    count: cardsInColumn,
    message:
      `${column.name} holds ${cardsInColumn} of ${column.wipLimit} cards (its WIP limit). Finish or move a card out of ${column.name} first, or give a reason to go over the limit.`.replace(
        `${cardsInColumn} of ${column.wipLimit} cards`,
        `${cardsInColumn} of ${cards(column.wipLimit)}`,
      ),
  };
}

/** Room left under a column's WIP limit (null when the column has no limit). */
export function wipCapacity(column: WipColumn, cardsInColumn: number): number | null {
  if (column.wipLimit === null || column.wipLimit === undefined) return null;
  return Math.max(0, column.wipLimit - cardsInColumn);
}
