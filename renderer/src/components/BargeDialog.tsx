import { useI18n } from '../i18n';
import { ConfirmDialog } from './ConfirmDialog';

/** Barge guard: insert lets the customer hear the inspector, so it needs a deliberate yes. */
export function BargeDialog({ onConfirm, onCancel }: { onConfirm: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  return (
    <ConfirmDialog id="barge" heading={t('bargeHeading')} body={t('bargeBody')} confirm={t('bargeConfirm')} cancel={t('bargeCancel')} onConfirm={onConfirm} onCancel={onCancel} />
  );
}
