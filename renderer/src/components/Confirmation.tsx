import { useViewI18n } from '../i18n/views';
import { ConfirmDialog } from './ConfirmDialog';

/** An action held until the person confirms it: an insert (barge guard) or an intercept. */
export type Held = { readonly kind: 'barge'; readonly target: string | null; readonly start: boolean } | { readonly kind: 'intercept'; readonly target: string };

/**
 * The question a held action needs. Loaded on first use, like the views (App.tsx fetches it once the
 * panel is idle, so it is there before anyone asks); its strings come with it.
 */
export function Confirmation({ held, onConfirm, onCancel }: { held: Held; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useViewI18n();
  // Barge guard: insert lets the customer hear the inspector, so it needs a deliberate yes.
  if (held.kind === 'barge') {
    return (
      <ConfirmDialog id="barge" heading={t('bargeHeading')} body={t('bargeBody')} confirm={t('bargeConfirm')} cancel={t('bargeCancel')} onConfirm={onConfirm} onCancel={onCancel} />
    );
  }
  return (
    <ConfirmDialog
      id="intercept"
      heading={t('interceptHeading')}
      body={t('interceptBody', { agent: held.target })}
      confirm={t('act.intercept')}
      cancel={t('interceptCancel')}
      onCancel={onCancel}
      onConfirm={onConfirm}
    />
  );
}
