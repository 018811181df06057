/** What a person does in the panel, in the words they see (English unless a step says otherwise). */
import { expect } from 'vitest';
import { DEMO_PASSWORD, type Panel } from './browser-harness';

export async function signIn({ page }: Panel): Promise<void> {
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByTestId('status-line').getAttribute('data-phase')).toBe('signed-in');
}

/** Types the agent into the Control view's field and presses an action (Whisper unless told). */
export async function startWhisper({ page }: Panel, target: string, action = 'Whisper'): Promise<void> {
  await page.getByRole('tab', { name: 'Control', exact: true }).click();
  await page.getByLabel('Target agent ID').fill(target);
  await page.getByRole('button', { name: action, exact: true }).click();
}

/** Every result beside its control, as one text (only one shows at a time). */
export async function resultText({ page }: Panel): Promise<string> {
  return (await page.getByTestId('result').allTextContents()).join('');
}

/** The one status line: whom, how, since when, or what is wrong. */
export async function statusText({ page }: Panel): Promise<string> {
  return normalSpaces(await page.getByTestId('status-line').locator('.status-main').textContent());
}

/** Stop's words: what it will end, and whom. */
export async function stopText({ page }: Panel): Promise<string> {
  return normalSpaces(await page.getByTestId('stop').textContent());
}

export async function chooseLanguage({ page }: Panel, language: 'en' | 'zh-CN'): Promise<void> {
  if ((await page.evaluate(() => document.documentElement.lang)) !== language) await page.locator('button.language').click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language);
}

/** The panel keeps "1002 · Li Na" on one line with no-break spaces; tests read them as spaces. */
function normalSpaces(text: string | null): string {
  return (text ?? '').replace(/\u00a0/g, ' ');
}
