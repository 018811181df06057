import { useEffect, useRef } from 'react';

interface Props {
  readonly id: string;
  readonly heading: string;
  readonly body: string;
  readonly confirm: string;
  readonly cancel: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

/** A modal question before an action the customer or the agent would notice (barge guard, intercept). */
export function ConfirmDialog({ id, heading, body, confirm, cancel, onConfirm, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${id}-heading`}
      aria-describedby={`${id}-body`}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={`${id}-heading`}>{heading}</h2>
      <p id={`${id}-body`}>{body}</p>
      <div className="row end">
        {/* The safe choice takes the initial focus, so Enter never acts by accident. */}
        <button type="button" className="button quiet" onClick={onCancel} autoFocus>
          {cancel}
        </button>
        <button type="button" className="button danger" onClick={onConfirm}>
          {confirm}
        </button>
      </div>
    </dialog>
  );
}
