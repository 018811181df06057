/** What a person does in the panel, in the words they see (English unless a step says otherwise). */
import { expect } from 'vitest';
import { DEMO_PASSWORD, type Panel } from './browser-harness';

export async function signIn({ page }: Panel): Promise<void> {
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.locator('.health').textContent()).toContain('Connected');
}

export async function startWhisper({ page }: Panel, target: string): Promise<void> {
  await page.getByLabel('Target agent ID').fill(target);
  await page.getByRole('button', { name: 'Start whispering' }).click();
}

export function resultText({ page }: Panel): Promise<string | null> {
  return page.getByTestId('result').textContent();
}

export function currentWhisperText({ page }: Panel): Promise<string | null> {
  return page.locator('.current-body').textContent();
}

export async function chooseLanguage({ page }: Panel, language: 'en' | 'zh-CN'): Promise<void> {
  if ((await page.evaluate(() => document.documentElement.lang)) !== language) await page.locator('button.language').click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language);
}
