import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, INSPECTOR, eventually, launchChromium, openPanel, type Panel } from '../support/browser-harness';

let browser: Browser;
let panel: Panel | null = null;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  if (panel) expect(await panel.pageProblems()).toEqual([]);
  await panel?.close();
  panel = null;
});

async function signIn(current: Panel): Promise<void> {
  const { page } = current;
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByTestId('connection-health').textContent()).toContain('Connected');
}

describe('sign-in', () => {
  it('shows the signed-out demo panel, signs in through the real handlers and clears the password', async () => {
    panel = await openPanel(browser);
    const { page } = panel;
    await expect.poll(() => page.getByTestId('demo-badge').textContent()).toBe('Demo gateway');
    expect(await page.getByTestId('connection-health').textContent()).toContain('Signed out');
    await panel.screenshot('signed-out-en');
    expect(await panel.seriousAxeViolations()).toEqual([]);

    await signIn(panel);
    expect(panel.requests(`onlineagent/${INSPECTOR}`).length).toBeGreaterThan(0);
    expect(panel.emulator.control.currentGuid(INSPECTOR)).not.toBeNull();
    await expect.poll(() => page.getByTestId('result').textContent()).toContain('Signed in.');
    // The sign-in form is gone and no password is left anywhere in the page.
    expect(await page.getByLabel('Password').count()).toBe(0);
    expect(await page.content()).not.toContain(DEMO_PASSWORD);
    await panel.screenshot('signed-in-idle-en');
  });
});
