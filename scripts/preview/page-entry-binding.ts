/**
 * The browser tests' page bridge (a Playwright init script): calls go to the test process through the
 * `__whisperControlInvoke` binding, events arrive through `__whisperControlDeliver` (page.evaluate).
 */
import type { EventChannel, RequestChannel } from '../../app/ipc-contract';
import { installWhisperControl } from './page-bridge';

interface BindingWindow {
  __whisperControlInvoke(channel: RequestChannel, request: unknown): Promise<unknown>;
  __whisperControlDeliver(channel: EventChannel, payload: unknown): void;
}

const page = window as unknown as BindingWindow;
page.__whisperControlDeliver = installWhisperControl((channel, request) => page.__whisperControlInvoke(channel, request));
