import type { Language } from './language';

/**
 * A sentence for the person, in every panel language. Main words its notices (session expired,
 * keychain unavailable, not configured, settings reset) in both, so the panel and the tray can
 * show the inspector's language and switch it without asking main again.
 */
export type Notice = Readonly<Record<Language, string>>;

/** Two notices shown together, each language joined with its own separator. */
export function joinNotices(first: Notice | null, second: Notice | null): Notice | null {
  if (first === null) return second;
  if (second === null) return first;
  return { en: `${first.en} ${second.en}`, 'zh-CN': `${first['zh-CN']}${second['zh-CN']}` };
}

export function sameNotice(a: Notice | null, b: Notice | null): boolean {
  return a === b || (a !== null && b !== null && a.en === b.en && a['zh-CN'] === b['zh-CN']);
}

/** A notice worded by the caller once per language (a sentence joined from catalogue phrases). */
export function noticeIn(word: (language: Language) => string): Notice {
  return { en: word('en'), 'zh-CN': word('zh-CN') };
}

/** Several problems in one sentence: "a; b" in English, "a；b" in Chinese. */
export function joinProblems(problems: readonly Notice[]): Notice {
  return { en: problems.map((p) => p.en).join('; '), 'zh-CN': problems.map((p) => p['zh-CN']).join('；') };
}
