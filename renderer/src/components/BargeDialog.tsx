import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n';

/** Barge guard (issue 8): insert lets the customer hear the inspector, so it needs a deliberate yes. */
export function BargeDialog({ onConfirm, onCancel }: { onConfirm: () => void; onCancel: () => void }) {
  const { t } = useI18n();
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
      aria-labelledby="barge-heading"
      aria-describedby="barge-body"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id="barge-heading">{t('bargeHeading')}</h2>
      <p id="barge-body">{t('bargeBody')}</p>
      <div className="row end">
        {/* The safe choice takes the initial focus, so Enter never barges by accident. */}
        <button type="button" className="button quiet" onClick={onCancel} autoFocus>
          {t('bargeCancel')}
        </button>
        <button type="button" className="button danger" onClick={onConfirm}>
          {t('bargeConfirm')}
        </button>
      </div>
    </dialog>
  );
}
