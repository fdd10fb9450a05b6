import { AppError, type ContractContent, type ContractTemplate, hasBeenSigned, sha256Hex } from '@carriage/core';
import type { Kysely } from 'kysely';
import { findContract, findPdf, findSignedByContentHash, insertPdfIfNew, listAudit, listSignatures } from '../../db/queries/contracts.js';
import type { ContractsTable, Database } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';
import { presentSignature } from './present-contract.js';
import { renderContractPdf } from './render-contract-pdf.js';

/** The steps that belong on the certificate: everything up to the last signature (later steps don't change what was signed). */
const certifiedSteps = new Set(['created', 'updated', 'sent', 'viewed', 'signed', 'completed']);

/** Prints a signed contract (the same bytes every time for the same contract); reads only. */
export async function printContractPdf(
  db: Kysely<Database>,
  row: ContractsTable,
  publicUrl: string,
): Promise<{ pdf: Buffer; sha256: string; filename: string }> {
  if (!hasBeenSigned(row.status as never) || !row.signed_at) {
    throw new AppError('conflict', 'A PDF is issued once every signer has signed. This contract is not signed yet.', { details: { status: row.status } });
  }
  const content = JSON.parse(row.content) as ContractContent;
  const signatures = await listSignatures(db, [row.id]);
  const audit = await listAudit(db, row.id);
  const completedAt = audit.find((a) => a.type === 'completed')?.id ?? Number.POSITIVE_INFINITY;
  const pdf = await renderContractPdf({
    contractId: row.id,
    version: row.version,
    template: row.template as ContractTemplate,
    content,
    contentSha256: row.content_sha256,
    signedAt: row.signed_at,
    signatures: signatures.map((s) => presentSignature(content, s)),
    audit: audit
      .filter((a) => Number(a.id) <= Number(completedAt) && certifiedSteps.has(a.type))
      .map((a) => ({ type: a.type, actor: a.actor_name, at: a.created_at, ip: a.ip })),
    verifyUrl: `${publicUrl.replace(/\/$/, '')}/verify`,
  });
  const sha256 = sha256Hex(new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength));
  const slug =
    row.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'contract';
  return { pdf, sha256, filename: `${slug}-v${row.version}.pdf` };
}

const recorded = new Map<string, string>();

/**
 * Prints a signed contract and remembers the hash of its bytes, so copies and the hash alone can be
 * verified. Run by the `contract-pdf` job once the last signature lands, and by verification when a
 * copy printed by another version of the renderer comes in.
 */
export async function recordContractPdf(db: Kysely<Database>, row: ContractsTable, publicUrl: string): Promise<string> {
  const key = `${row.id}:${row.content_sha256}`;
  const known = recorded.get(key);
  if (known) return known;
  const { sha256 } = await printContractPdf(db, row, publicUrl);
  await insertPdfIfNew(db, { sha256, contract_id: row.id, engagement_id: row.engagement_id, content_sha256: row.content_sha256, issued_at: nowIso() });
  // Printing costs tens of milliseconds: a contract is printed for verification once per process.
  if (recorded.size >= 1000) recorded.delete(recorded.keys().next().value as string);
  recorded.set(key, sha256);
  return sha256;
}

async function describe(db: Kysely<Database>, row: ContractsTable) {
  const content = JSON.parse(row.content) as ContractContent;
  const signatures = await listSignatures(db, [row.id]);
  return {
    id: row.id,
    title: row.title,
    version: row.version,
    status: row.status as never,
    contentSha256: row.content_sha256,
    signedAt: row.signed_at,
    // Only what the signed document itself shows: no addresses or browsers of the signers.
    signers: signatures.map((s) => {
      const { name, role, signedAt } = presentSignature(content, s);
      return { name, role, signedAt };
    }),
  };
}

/** Finds a hash in a PDF's document information (where Carriage writes it), even when the rest of the file was changed. */
function claimedContentHash(pdf: Buffer): string | null {
  const m = /contentSha256=([0-9a-f]{64})/.exec(pdf.toString('latin1'));
  return m ? m[1] : null;
}

/** Says whether a PDF (by its bytes) or a hash matches a contract Carriage issued and every signer signed. */
export async function verifyContract(db: Kysely<Database>, input: { pdf?: Buffer; sha256?: string }, publicUrl: string) {
  if (input.pdf) {
    const sha256 = sha256Hex(new Uint8Array(input.pdf.buffer, input.pdf.byteOffset, input.pdf.byteLength));
    const issued = await findPdf(db, sha256);
    let row = issued ? await findContract(db, issued.contract_id) : undefined;
    const claimed = claimedContentHash(input.pdf);
    const claimedRow = claimed ? await findSignedByContentHash(db, claimed) : undefined;
    // A copy not recorded yet (printed before the job ran, or by another version of the renderer): print it again and compare.
    if (!row && claimedRow && (await recordContractPdf(db, claimedRow, publicUrl)) === sha256) row = claimedRow;
    if (row) {
      return {
        match: true,
        matchedBy: 'pdf' as const,
        sha256,
        message: `This PDF is an unaltered copy of “${row.title}” (version ${row.version}), signed by every signer.`,
        contract: await describe(db, row),
      };
    }
    return {
      match: false,
      matchedBy: null,
      sha256,
      message: claimedRow
        ? `This PDF claims to be “${claimedRow.title}”, but its bytes differ from every copy Carriage issued: it was altered after it was downloaded. Ask for a fresh copy.`
        : 'This PDF does not match any contract signed in Carriage.',
      contract: null,
    };
  }
  const sha256 = (input.sha256 ?? '').toLowerCase();
  const issued = await findPdf(db, sha256);
  if (issued) {
    const row = await findContract(db, issued.contract_id);
    if (row)
      return {
        match: true,
        matchedBy: 'pdf' as const,
        sha256,
        message: `This is the hash of a PDF of “${row.title}” as Carriage issued it.`,
        contract: await describe(db, row),
      };
  }
  const row = await findSignedByContentHash(db, sha256);
  if (row) {
    return {
      match: true,
      matchedBy: 'content' as const,
      sha256,
      message: `This is the content hash of “${row.title}” (version ${row.version}), signed by every signer.`,
      contract: await describe(db, row),
    };
  }
  return { match: false, matchedBy: null, sha256, message: 'No signed contract or issued PDF has this hash.', contract: null };
}
