import { type ColumnKind, columnKinds } from '@carriage/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useCallback, useState } from 'react';
import { ApiError, del, patch, post } from '../../api/client';
import { FormError } from '../../ui/Field';
import { type Board, type BoardColumn, boardKeys } from './board-data';
import { Modal } from './Modal';

const kindLabel: Record<ColumnKind, string> = {
  backlog: 'Backlog — ideas not yet agreed',
  todo: 'To do — agreed, waiting to start',
  doing: 'Doing — under way (cards must be ready to enter)',
  verify: 'Verify — waiting for acceptance',
  done: 'Done — finished and accepted',
};

export interface ColumnValues {
  name: string;
  kind: ColumnKind;
  wipLimit: number | null;
  policy: string | null;
}

/** Adding or editing a column: name, kind, WIP limit and the policy for entering it. */
export function ColumnDialog({
  column,
  count,
  onCancel,
  onSave,
}: {
  column: BoardColumn | null;
  count: number;
  onCancel: () => void;
  onSave: (values: ColumnValues) => Promise<void>;
}) {
  const [name, setName] = useState(column?.name ?? '');
  const [kind, setKind] = useState<ColumnKind>(column?.kind ?? 'todo');
  const [limit, setLimit] = useState(column?.wipLimit ? String(column.wipLimit) : '');
  const [policy, setPolicy] = useState(column?.policy ?? '');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const f: Record<string, string> = {};
    if (!name.trim()) f.name = 'Name the column.';
    const n = limit.trim() ? Number(limit) : null;
    if (n !== null && (!Number.isInteger(n) || n < 1)) f.wipLimit = 'A WIP limit is a whole number, at least 1 (or leave it empty for none).';
    setFields(f);
    if (Object.keys(f).length) return;
    setBusy(true);
    setError(null);
    try {
      await onSave({ name: name.trim(), kind, wipLimit: n, policy: policy.trim() || null });
    } catch (err) {
      if (err instanceof ApiError) {
        setFields(err.fields);
        if (!Object.keys(err.fields).length) setError(err.message);
      } else setError('Something went wrong. Please try again.');
    } finally {
      setBusy(false);
    }
  };
  const limitNumber = Number(limit);
  return (
    <Modal title={column ? `Edit ${column.name}` : 'Add a column'} onClose={onCancel}>
      <form onSubmit={submit} noValidate>
        <FormError message={error} />
        <div className={`field${fields.name ? ' field--error' : ''}`}>
          <label htmlFor="column-name">Name</label>
          <input id="column-name" type="text" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          {fields.name ? <p className="field__error">{fields.name}</p> : null}
        </div>
        <div className="field">
          <label htmlFor="column-kind">Kind</label>
          <select id="column-kind" value={kind} onChange={(e) => setKind(e.target.value as ColumnKind)}>
            {columnKinds.map((k) => (
              <option key={k} value={k}>
                {kindLabel[k]}
              </option>
            ))}
          </select>
        </div>
        <div className={`field${fields.wipLimit ? ' field--error' : ''}`}>
          <label htmlFor="column-limit">WIP limit</label>
          <input id="column-limit" type="number" min={1} inputMode="numeric" value={limit} onChange={(e) => setLimit(e.target.value)} placeholder="No limit" />
          {fields.wipLimit ? (
            <p className="field__error">{fields.wipLimit}</p>
          ) : (
            <p className="field__hint">
              {limit && limitNumber > 0 && count > limitNumber
                ? `The column holds ${count} cards now; no new card enters until it is under the limit.`
                : 'Leave empty for no limit. Blocked cards count too.'}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor="column-policy">Policy (what must be true to enter)</label>
          <textarea id="column-policy" value={policy} rows={3} onChange={(e) => setPolicy(e.target.value)} />
        </div>
        <div className="btn-row modal__actions">
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {column ? 'Save column' : 'Add column'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** The coach's column actions: add, edit, move left or right, remove (refused while it holds cards). */
export function useColumnActions(engagementId: string, board: Board, setNotice: (m: string | null) => void) {
  const qc = useQueryClient();
  const [editing, setEditing] = useState<BoardColumn | 'new' | null>(null);
  const refresh = useCallback(() => qc.invalidateQueries({ queryKey: boardKeys.board(engagementId) }), [qc, engagementId]);
  const columns = board.columns;
  const run = useCallback(
    async (fn: () => Promise<unknown>) => {
      setNotice(null);
      try {
        await fn();
      } catch (err) {
        setNotice(err instanceof ApiError ? err.message : 'Something went wrong. Please try again.');
      }
      await refresh();
    },
    [setNotice, refresh],
  );
  const shift = useCallback(
    (column: BoardColumn, direction: -1 | 1) => {
      const i = columns.findIndex((c) => c.id === column.id);
      const afterIndex = direction < 0 ? i - 2 : i + 1;
      if (afterIndex >= columns.length || i + direction < 0) return;
      void run(() => patch(`/api/columns/${column.id}`, { afterColumnId: afterIndex < 0 ? null : columns[afterIndex].id }));
    },
    [columns, run],
  );
  const remove = useCallback(
    (column: BoardColumn) => {
      if (!window.confirm(`Remove the column “${column.name}”?`)) return;
      void run(() => del(`/api/columns/${column.id}`));
    },
    [run],
  );
  const edit = useCallback((column: BoardColumn) => setEditing(column), []);
  const add = useCallback(() => setEditing('new'), []);
  const save = async (values: ColumnValues) => {
    if (editing === 'new') {
      await post(`/api/engagements/${engagementId}/columns`, { ...values, afterColumnId: columns[columns.length - 1]?.id ?? null });
    } else if (editing) {
      await patch(`/api/columns/${editing.id}`, values);
    }
    setEditing(null);
    await refresh();
  };
  return { editing, edit, add, shift, remove, save, close: () => setEditing(null) };
}
