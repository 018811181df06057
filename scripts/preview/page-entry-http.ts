/**
 * `npm run preview`'s page bridge, served by the bridge host as /__preview/bridge.js: calls go to the
 * host as POST /__preview/invoke, events arrive over GET /__preview/events (server-sent events), each
 * carrying the token from the page's printed URL. It also badges the page "Preview" (in the panel's
 * language) so nobody mistakes it for the product.
 */
import type { EventChannel } from '../../app/ipc-contract';
import type { Language } from '../../app/i18n/language';
import { PREVIEW_STRINGS } from '../../app/i18n/preview';
import { installWhisperControl } from './page-bridge';
import { PREVIEW_EVENTS_PATH, PREVIEW_INVOKE_PATH, PREVIEW_TOKEN_HEADER } from './routes';

const token = new URL(location.href).searchParams.get('token') ?? '';

interface InvokeAnswer {
  readonly value?: unknown;
  readonly error?: string;
}

const deliver = installWhisperControl(async (channel, request) => {
  const response = await fetch(PREVIEW_INVOKE_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [PREVIEW_TOKEN_HEADER]: token },
    body: JSON.stringify({ channel, request }),
  });
  const answer = (await response.json()) as InvokeAnswer;
  if (!response.ok || answer.error !== undefined) throw new Error(answer.error ?? `preview bridge: HTTP ${response.status}`);
  return answer.value;
});

const events = new EventSource(`${PREVIEW_EVENTS_PATH}?token=${encodeURIComponent(token)}`);
events.onmessage = (message: MessageEvent<string>) => {
  const { channel, payload } = JSON.parse(message.data) as { channel: EventChannel; payload: unknown };
  deliver(channel, payload);
};

function showBadge(): void {
  const badge = document.createElement('div');
  badge.dataset['testid'] = 'preview-badge';
  badge.setAttribute('role', 'note');
  // CSSOM, not a style attribute: the page's CSP allows no inline styles.
  Object.assign(badge.style, {
    position: 'fixed',
    right: '6px',
    bottom: '6px',
    zIndex: '2147483647',
    padding: '2px 8px',
    borderRadius: '4px',
    background: '#8a3b00',
    color: '#ffffff',
    font: '600 12px/1.5 system-ui, sans-serif',
    letterSpacing: '0.04em',
    pointerEvents: 'none',
  });
  const label = () => {
    const language: Language = document.documentElement.lang === 'zh-CN' ? 'zh-CN' : 'en';
    badge.textContent = PREVIEW_STRINGS[language].badge;
    badge.title = PREVIEW_STRINGS[language].explanation;
    badge.setAttribute('aria-label', PREVIEW_STRINGS[language].explanation);
  };
  label();
  // The panel sets <html lang> when its language changes.
  new MutationObserver(label).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  document.body.append(badge);
}

if (document.body) showBadge();
else document.addEventListener('DOMContentLoaded', showBadge, { once: true });
