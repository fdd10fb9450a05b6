import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError, post } from '../../api/client';
import { FormError } from '../../ui/Field';

interface Note {
  item: string;
  reason: string;
}

interface ImportReport {
  source: 'trello' | 'csv';
  name: string;
  preview: boolean;
  columns: { list: string; column: string; kind: string; action: 'existing' | 'create' | 'earlier import' | 'archived list'; cards: number }[];
  people: { ref: string; name: string; email: string | null; member: { name: string; role: string } | null }[];
  counts: { cards: number; archived: number; comments: number; columns: number; alreadyImported: number };
  skipped: Note[];
  notes: Note[];
}

type Source = { kind: 'trello'; board: unknown } | { kind: 'csv'; csv: string; name: string };

const actionLabel: Record<ImportReport['columns'][number]['action'], string> = {
  existing: 'into the column of that name',
  create: 'a new column',
  'earlier import': 'the column an earlier import made',
  'archived list': 'archived list: its cards come in archived',
};

const count = (n: number, thing: string) => `${n} ${thing}${n === 1 ? '' : 's'}`;

/** Reads the chosen file: a Trello board export (.json) or a CSV of cards. */
async function readSource(file: File): Promise<Source> {
  const text = await file.text();
  if (file.name.toLowerCase().endsWith('.json') || text.trimStart().startsWith('{')) {
    try {
      return { kind: 'trello', board: JSON.parse(text) };
    } catch {
      throw new ApiError(
        400,
        'bad_file',
        'That file is not a Trello export: it is not valid JSON. In Trello, use Menu → Print, export and share → Export as JSON.',
      );
    }
  }
  return { kind: 'csv', csv: text, name: file.name };
}

/** The coach imports a Trello board or a CSV of cards: a preview first (nothing changes), then the import, then its report. */
export function ImportPanel({ engagementId }: { engagementId: string }) {
  const [source, setSource] = useState<Source | null>(null);
  const [emails, setEmails] = useState<Record<string, string>>({});
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (src: Source, preview: boolean, memberEmails = emails) => {
    setBusy(true);
    setError(null);
    try {
      const url = `/api/engagements/${engagementId}/import/${src.kind}${preview ? '/preview' : ''}`;
      const body = src.kind === 'trello' ? { board: src.board, memberEmails } : { csv: src.csv, name: src.name };
      setReport(await post<ImportReport>(url, body));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const choose = async (file: File | undefined) => {
    setReport(null);
    setError(null);
    if (!file) return;
    try {
      const src = await readSource(file);
      setSource(src);
      await run(src, true, {});
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const unmatched = report?.people.filter((p) => !p.member) ?? [];
  return (
    <section className="panel" aria-labelledby="import-h">
      <h2 id="import-h">Import cards</h2>
      <p className="muted small">
        From Trello (the board’s <strong>Export as JSON</strong>) or a CSV file with a header row: title, type, column, owner email, due date, description,
        definition of done. You see what will happen first; importing the same file again adds only what is new.
      </p>
      <div className="field">
        <label htmlFor="import-file">File</label>
        <input id="import-file" type="file" accept=".json,.csv,application/json,text/csv" onChange={(e) => void choose(e.target.files?.[0])} />
      </div>
      <FormError message={error} />
      {report ? (
        <div className="import-report" aria-live="polite">
          <h3>
            {report.preview ? 'Preview' : 'Imported'}: {report.name}
          </h3>
          <p>
            {report.preview ? 'Would add' : 'Added'} {count(report.counts.cards, 'card')} ({report.counts.archived} archived),{' '}
            {count(report.counts.comments, 'comment')} and {count(report.counts.columns, 'column')}.
            {report.counts.alreadyImported ? ` ${report.counts.alreadyImported} cards were imported before and are left as they are.` : ''}
          </p>
          <table className="import-table">
            <thead>
              <tr>
                <th scope="col">{report.source === 'trello' ? 'Trello list' : 'Column in the file'}</th>
                <th scope="col">Column</th>
                <th scope="col">Cards</th>
              </tr>
            </thead>
            <tbody>
              {report.columns.map((c) => (
                <tr key={`${c.list}-${c.column}`}>
                  <td>{c.list}</td>
                  <td>
                    {c.column}{' '}
                    <span className="small muted">
                      ({c.kind}; {actionLabel[c.action]})
                    </span>
                  </td>
                  <td>{c.cards}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {unmatched.length && report.preview && source?.kind === 'trello' ? (
            <fieldset className="fieldset">
              <legend>Trello members without a match</legend>
              <p className="small muted">Give their email if they are members here; their cards and comments are then theirs.</p>
              {unmatched.map((p) => (
                <div className="field" key={p.ref}>
                  <label htmlFor={`email-${p.ref}`}>{p.name}</label>
                  <input id={`email-${p.ref}`} type="email" value={emails[p.ref] ?? ''} onChange={(e) => setEmails({ ...emails, [p.ref]: e.target.value })} />
                </div>
              ))}
              <button type="button" className="btn btn--small" disabled={busy} onClick={() => source && void run(source, true)}>
                Check again
              </button>
            </fieldset>
          ) : null}
          {report.skipped.length ? (
            <>
              <h4>Skipped</h4>
              <ul className="small">
                {report.skipped.map((n) => (
                  <li key={`${n.item}-${n.reason}`}>
                    {n.item}: {n.reason}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {report.notes.length ? (
            <>
              <h4>Imported differently</h4>
              <ul className="small">
                {report.notes.map((n) => (
                  <li key={`${n.item}-${n.reason}`}>
                    {n.item}: {n.reason}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {report.preview && source ? (
            <button type="button" className="btn btn--primary" disabled={busy} onClick={() => void run(source, false)}>
              Import {count(report.counts.cards, 'card')}
            </button>
          ) : (
            <Link to={`/e/${engagementId}/board`}>Open the board</Link>
          )}
        </div>
      ) : null}
    </section>
  );
}
