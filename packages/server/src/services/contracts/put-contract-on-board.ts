import { AppError, type ContractContent, type EngagementSettings, hasBeenSigned, type Membership, measureText } from '@carriage/core';
import type { Kysely } from 'kysely';
import { listColumns } from '../../db/queries/board.js';
import { cardsByContractItem } from '../../db/queries/contracts.js';
import type { Database } from '../../db/schema.js';
import { createCardInTransaction } from '../board/create-card.js';
import { contractTransaction, loadContract, type RequestOrigin, recordContractActivity } from './contract-record.js';

/**
 * Turns a signed contract's goals into goal cards and its deliverables into task cards under them, in the
 * board's first To Do column, linked back to the contract. Items already on the board are left as they are,
 * so it can be run again after an amendment.
 */
export async function putContractOnBoard(
  db: Kysely<Database>,
  id: string,
  actor: { membership: Membership; settings: EngagementSettings },
  origin: RequestOrigin,
) {
  return contractTransaction(db, id, async (trx) => {
    const { row, status } = await loadContract(trx, id);
    if (!hasBeenSigned(status) || status === 'superseded' || status === 'ended') {
      const why =
        status === 'superseded' ? 'a newer version replaced it; use the latest version' : status === 'ended' ? 'it has ended' : 'it is not signed yet';
      throw new AppError('illegal_transition', `This contract's deliverables can't go on the board: ${why}.`, { details: { status } });
    }
    const content = JSON.parse(row.content) as ContractContent;
    const columns = await listColumns(trx, row.engagement_id);
    const todo = columns.find((c) => c.kind === 'todo') ?? columns.find((c) => c.kind === 'backlog');
    if (!todo) throw new AppError('conflict', 'The board has no To Do column to put the deliverables in. Add one on the board first.');
    const existing = await cardsByContractItem(trx, row.engagement_id, [...content.goals.map((g) => g.id), ...content.deliverables.map((d) => d.id)]);
    const cards = [];
    const goalCard = new Map<string, string>();
    for (const g of content.goals) {
      const have = existing.get(g.id);
      if (have) {
        goalCard.set(g.id, have.ids[0] as string);
        continue;
      }
      const description = [
        g.howMeasured && `**How measured:** ${g.howMeasured}`,
        g.target && `**Target:** ${g.target}`,
        g.measure && `**Measure:** ${measureText(g.measure)}`,
      ]
        .filter(Boolean)
        .join('\n\n');
      const card = await createCardInTransaction(
        trx,
        row.engagement_id,
        { ...actor, engagementId: row.engagement_id },
        {
          columnId: todo.id,
          type: 'goal',
          title: g.what.slice(0, 200),
          description,
          definitionOfDone: g.target ? [{ text: `Target met: ${g.target}`.slice(0, 300), done: false }] : [],
          dueOn: g.byWhen,
        },
        { contractId: row.id, deliverableId: g.id },
      );
      goalCard.set(g.id, card.id);
      cards.push(card);
    }
    for (const d of content.deliverables) {
      if (existing.has(d.id)) continue;
      const criteria = d.acceptanceCriteria
        .split('\n')
        .map((l) => l.replace(/^\s*[-*•]\s*/, '').trim())
        .filter(Boolean)
        .slice(0, 50)
        .map((text) => ({ text: text.slice(0, 300), done: false }));
      const card = await createCardInTransaction(
        trx,
        row.engagement_id,
        { ...actor, engagementId: row.engagement_id },
        {
          columnId: todo.id,
          type: 'task',
          title: d.description.slice(0, 200),
          description: d.acceptanceCriteria ? `**Accepted when:** ${d.acceptanceCriteria}` : '',
          definitionOfDone: criteria,
          dueOn: d.dueOn,
          parentId: d.goalId ? (goalCard.get(d.goalId) ?? null) : null,
        },
        { contractId: row.id, deliverableId: d.id },
      );
      cards.push(card);
    }
    if (cards.length > 0) {
      await recordContractActivity(trx, { contract: row, type: 'cards_created', actorId: actor.membership.userId, origin, detail: { cards: cards.length } });
    }
    return { cards, columnId: todo.id, alreadyOnBoard: existing.size };
  });
}
