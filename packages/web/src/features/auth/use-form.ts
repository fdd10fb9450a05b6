import { useState } from 'react';
import { ApiError } from '../../api/client';

/** Tracks a form's submission: busy flag, per-field errors and the form-level message from an ApiError. */
export function useSubmit<T>(action: () => Promise<T>) {
  const [busy, setBusy] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const submit = async (e?: { preventDefault(): void }) => {
    e?.preventDefault();
    setBusy(true);
    setFields({});
    setMessage(null);
    try {
      return await action();
    } catch (err) {
      if (err instanceof ApiError) {
        setFields(err.fields);
        // Field errors speak for themselves; otherwise show the sentence at the top.
        if (Object.keys(err.fields).length === 0 || err.code !== 'validation_failed') setMessage(err.message);
      } else setMessage('Something went wrong. Please try again.');
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, fields, message, submit, setMessage, setFields };
}
