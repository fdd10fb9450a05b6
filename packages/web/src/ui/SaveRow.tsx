/** A form's primary submit button, disabled while it is busy, and the sentence saying what the last save did. */
export function SaveRow({ busy, label, status }: { busy: boolean; label: string; status?: string | null | false }) {
  return (
    <div className="btn-row">
      <button className="btn btn--primary" type="submit" disabled={busy}>
        {label}
      </button>
      {status ? (
        <span className="small muted" role="status">
          {status}
        </span>
      ) : null}
    </div>
  );
}
