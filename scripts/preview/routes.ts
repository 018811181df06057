/** The preview bridge's routes, shared by the page (page-entry-http.ts) and the host (scripts/preview.ts). */
export const PREVIEW_SCRIPT_PATH = '/__preview/bridge.js';
export const PREVIEW_INVOKE_PATH = '/__preview/invoke';
export const PREVIEW_EVENTS_PATH = '/__preview/events';
export const PREVIEW_TOKEN_HEADER = 'x-whisper-preview-token';
