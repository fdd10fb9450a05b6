import { type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes, useId } from 'react';

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  error?: string;
  hint?: ReactNode;
}

/** A labelled input with its error sentence announced to screen readers. */
export function Field({ label, error, hint, id, ...rest }: FieldProps) {
  const auto = useId();
  const fieldId = id ?? auto;
  const errId = `${fieldId}-error`;
  const hintId = `${fieldId}-hint`;
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label htmlFor={fieldId}>{label}</label>
      <input
        id={fieldId}
        aria-invalid={error ? true : undefined}
        aria-describedby={[error ? errId : '', hint ? hintId : ''].join(' ').trim() || undefined}
        {...rest}
      />
      {hint && !error ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={errId} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A password input: `fresh` lets the browser suggest a new password instead of filling in the saved one. */
export function PasswordField({ fresh, ...rest }: Omit<FieldProps, 'type' | 'autoComplete'> & { fresh?: boolean }) {
  return <Field type="password" autoComplete={fresh ? 'new-password' : 'current-password'} {...rest} />;
}

interface AreaProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  label: string;
  error?: string;
}

export function TextArea({ label, error, id, ...rest }: AreaProps) {
  const auto = useId();
  const fieldId = id ?? auto;
  const errId = `${fieldId}-error`;
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label htmlFor={fieldId}>{label}</label>
      <textarea id={fieldId} aria-invalid={error ? true : undefined} aria-describedby={error ? errId : undefined} {...rest} />
      {error ? (
        <p className="field__error" id={errId} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The form-level message for a refusal that is not about one field. */
export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div className="form-error" role="alert">
      {message}
    </div>
  );
}
