import { useRef, useState } from 'react';

/** Copies text to the clipboard; where the browser refuses (an http address), selects it for the person to copy. */
export async function copyText(text: string, input?: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    input?.focus();
    input?.select();
    return false;
  }
}

/**
 * A link shown in full, with a button that copies it and a word saying whether it did. `label` names the
 * link; `copyLabel` names the button when several are on one screen (it starts with its visible words).
 */
export function CopyLink({
  url,
  label,
  copyLabel = 'Copy link',
  copied: initiallyCopied = null,
}: {
  url: string;
  label: string;
  copyLabel?: string;
  copied?: boolean | null;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<boolean | null>(initiallyCopied);
  return (
    <div className="copy-row">
      <input ref={input} className="copy-link" readOnly value={url} aria-label={label} onFocus={(ev) => ev.target.select()} />
      <button type="button" className="btn btn--small" aria-label={copyLabel} onClick={async () => setCopied(await copyText(url, input.current))}>
        Copy link
      </button>
      <span className="small muted" role="status">
        {copied === true ? 'Copied.' : copied === false ? 'Selected: press Ctrl+C (⌘C) to copy.' : ''}
      </span>
    </div>
  );
}
