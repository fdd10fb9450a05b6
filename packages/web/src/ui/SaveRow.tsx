/**
 * A form's primary submit button, disabled while it is busy, and beside it what the last press did: the
 * save's status, or why it was refused (so the reason is where the person is looking).
 */
export function SaveRow({ busy, label, status, error }: { busy: boolean; label: string; status?: string | null | false; error?: string | null }) {
  return (
    <div className="btn-row">
      <button className="btn btn--primary" type="submit" disabled={busy}>
        {label}
      </button>
      {error ? (
        <p className="inline-error" role="alert">
          {error}
        </p>
      ) : status ? (
        <span className="small muted" role="status">
          {status}
        </span>
      ) : null}
    </div>
  );
}
