import { type RefObject, useEffect } from 'react';

/** Moves focus to the first control marked invalid (in reading order) and brings it to the middle of the view. */
export function focusFirstInvalid(root: HTMLElement | null): boolean {
  const el = root?.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (!el) return false;
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: 'center' });
  return true;
}

/** After a refused save, focus goes to the first field that needs attention. */
export function useFocusFirstInvalid(root: RefObject<HTMLElement | null>, fields: Record<string, string>) {
  useEffect(() => {
    if (Object.keys(fields).length > 0) focusFirstInvalid(root.current);
  }, [fields, root]);
}

/**
 * The sentence shown beside the button that was pressed when the server refused: its own message, or how
 * many fields above need attention, plus any field error that has no field of its own on the form.
 */
export function refusalNote(fields: Record<string, string>, message: string | null, shown: (key: string) => boolean, what = 'Not saved'): string | null {
  const keys = Object.keys(fields);
  if (message) return message;
  if (keys.length === 0) return null;
  const marked = keys.filter(shown).length;
  const loose = keys.filter((k) => !shown(k)).map((k) => fields[k]);
  const mark = marked === 0 ? '' : marked === 1 ? ' Check the field marked above.' : ` Check the ${marked} fields marked above.`;
  return `${what}.${mark}${loose.length ? ` ${loose.join(' ')}` : ''}`;
}
