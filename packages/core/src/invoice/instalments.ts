import type { Instalment } from '../schemas/contracts.js';

/** "30 % Deposit, 70 % Balance". */
export function instalmentsText(instalments: readonly Instalment[]): string {
  return instalments.map((i) => `${i.percent} % ${i.label}`).join(', ');
}

/**
 * Reads a schedule typed as text, "30% Deposit, 70% Balance" (or "Deposit 30%; Balance 70%"), into
 * instalments; an empty text is no schedule. Says which part it could not read instead of guessing.
 */
export function parseInstalments(text: string): { instalments: Instalment[] | null } | { error: string } {
  const parts = text
    .split(/[,;\n]/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return { instalments: null };
  const out: Instalment[] = [];
  for (const part of parts) {
    const m = /^(\d+(?:\.\d{1,2})?)\s*%\s*(.+)$/.exec(part) ?? /^(.+?)\s*(\d+(?:\.\d{1,2})?)\s*%$/.exec(part);
    if (!m) return { error: `Write each instalment as a share and a name, like “30% Deposit”; “${part}” has no share.` };
    const [percent, label] = /^\d/.test(m[1]) ? [Number(m[1]), m[2]] : [Number(m[2]), m[1]];
    out.push({ label: label.replace(/^[-–:\s]+|[-–:\s]+$/g, ''), percent });
  }
  return { instalments: out };
}
