import type { BillingDetails } from '@carriage/core';
import type { Kysely } from 'kysely';
import { findContractBilling, saveContractBilling } from '../../db/queries/invoices.js';
import type { Database } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';
import { contractTransaction, loadContract } from '../contracts/contract-record.js';
import { recordEvent } from '../events/record-event.js';

/** Who a contract bills, as the API shows it. */
export async function billingDetailsOf(db: Kysely<Database>, contractId: string): Promise<BillingDetails> {
  const b = await findContractBilling(db, contractId);
  return { legalName: b?.legal_name ?? '', address: b?.address ?? '', taxId: b?.tax_id ?? '', email: b?.email ?? '' };
}

/**
 * Sets who a contract bills (legal name, address, tax id, billing email). These sit beside the signed
 * text, not in it: a company that moves needs no new signature. Issued invoices keep the copy they had.
 */
export async function updateBillingDetails(db: Kysely<Database>, contractId: string, actorId: string, body: BillingDetails): Promise<BillingDetails> {
  return contractTransaction(db, contractId, async (trx) => {
    const { row } = await loadContract(trx, contractId);
    const before = await findContractBilling(trx, contractId);
    const was = { legalName: before?.legal_name ?? '', address: before?.address ?? '', taxId: before?.tax_id ?? '', email: before?.email ?? '' };
    const fields = (Object.keys(body) as (keyof BillingDetails)[]).filter((k) => body[k] !== was[k]);
    await saveContractBilling(trx, {
      contract_id: contractId,
      engagement_id: row.engagement_id,
      legal_name: body.legalName,
      address: body.address,
      tax_id: body.taxId,
      email: body.email,
      updated_by: actorId,
      updated_at: nowIso(),
    });
    await recordEvent(trx, {
      engagementId: row.engagement_id,
      type: 'contract.billing_updated',
      actorId,
      entityId: contractId,
      payload: { contractId, title: row.title, status: row.status, fields },
    });
    return body;
  });
}
