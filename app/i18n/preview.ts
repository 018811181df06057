/**
 * The words of `npm run preview`'s badge: the real panel shown in a browser without Electron, so nobody
 * mistakes it for the product. English and Simplified Chinese, like every catalogue here.
 */
import type { Translations } from './catalogue';

export interface PreviewStrings {
  readonly badge: string;
  readonly explanation: string;
}

export const PREVIEW_STRINGS: Translations<PreviewStrings> = {
  en: {
    badge: 'Preview',
    explanation: 'Preview: the real panel in a browser, wired to the embedded demo gateway. This is not the installed app.',
  },
  'zh-CN': {
    badge: '预览',
    explanation: '预览：在浏览器中运行的真实面板，连接内置的演示网关。这不是已安装的应用。',
  },
};
