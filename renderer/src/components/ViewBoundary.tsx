import { Component, type ReactNode } from 'react';
import { I18nContext, type I18n, type PanelKey } from '../i18n';

interface Props {
  readonly children: ReactNode;
  /** Loads the views' code again (a lazy view whose import failed keeps failing until recreated). */
  readonly onRetry: () => void;
  /** What failed, said to the person; a view by default. */
  readonly failed?: PanelKey;
  /** Given for a confirmation: drops the action it held. */
  readonly onCancel?: () => void;
}

/**
 * Holds a view or a confirmation that failed (its chunk could not be loaded, or it threw) inside the
 * view area, so the panel around it stays: Stop, outside this boundary, keeps working.
 */
export class ViewBoundary extends Component<Props, { readonly failed: boolean }> {
  static override contextType = I18nContext;
  // The first load's strings only: this boundary shows when a view (and its strings) did not load.
  declare context: I18n;
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    // The error's kind only: a view's props may carry the roster or settings.
    console.warn('panel view failed', error instanceof Error ? error.name : typeof error);
  }

  retry = (): void => {
    this.props.onRetry();
    this.setState({ failed: false });
  };

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    const { t } = this.context;
    return (
      <section className="card" data-testid="view-failed">
        <p role="alert">{t(this.props.failed ?? 'view.failed')}</p>
        {this.props.onCancel ? (
          <div className="row">
            <button type="button" className="button secondary" onClick={this.retry}>
              {t('view.retry')}
            </button>
            <button type="button" className="button quiet" onClick={this.props.onCancel}>
              {t('cancel')}
            </button>
          </div>
        ) : (
          <button type="button" className="button secondary" onClick={this.retry}>
            {t('view.retry')}
          </button>
        )}
      </section>
    );
  }
}
