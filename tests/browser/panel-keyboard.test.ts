/**
 * Keyboard only, counting every key: sign in → Agents → listen to the 12th agent on a call →
 * whisper → stop. The count is printed and reported in README ("Keyboard").
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, INSPECTOR, panelLifecycle, type Panel } from '@support/browser-harness';
import { stopText } from '@support/browser-panel-actions';

const panels = panelLifecycle();

/** The focused element's accessible hint: its text, or the agent row it is in. */
function focused({ page }: Panel) {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    const row = element?.closest<HTMLElement>('[data-workno]');
    return {
      text: element?.textContent?.trim() ?? '',
      tag: element?.tagName ?? '',
      workNo: row?.dataset.workno ?? null,
      rowIndex: row?.getAttribute('aria-rowindex') ?? null,
    };
  });
}

describe('keyboard only', () => {
  it('signs in, listens to the 12th agent on a call, whispers and stops, counting the keys', async () => {
    const panel = await panels.open();
    const { page, emulator } = panel;
    let keys = 0;
    const press = async (key: string, times = 1) => {
      for (let i = 0; i < times; i += 1) await page.keyboard.press(key);
      keys += times;
    };

    // The password field has the focus when the signed-out panel opens.
    expect((await focused(panel)).tag).toBe('INPUT');
    await page.keyboard.type(DEMO_PASSWORD);
    const passwordKeys = DEMO_PASSWORD.length;
    await press('Enter');
    await expect.poll(() => page.getByTestId('status-line').getAttribute('data-phase')).toBe('signed-in');
    // Focus is never left on <body>: it goes to Stop, the first control of a signed-in panel.
    await expect.poll(async () => (await focused(panel)).text).toBe('Stop whispering');

    await press('Tab', 2); // the details disclosure, the views' tabs
    expect((await focused(panel)).text).toBe('Control');
    await press('ArrowRight');
    expect((await focused(panel)).text).toBe('Agents');
    await page.getByTestId('roster-count').waitFor();
    await press('Tab', 3); // search, Refresh, the state counts
    expect((await focused(panel)).text).toMatch(/^All \d+$/);
    await press('ArrowRight');
    expect((await focused(panel)).text).toMatch(/^On a call \d+$/);
    await press('Enter');
    await expect.poll(() => page.getByTestId('roster-count').textContent()).toMatch(/^2\d of 61 agents/);
    await press('Tab'); // into the grid: its one Tab stop
    expect((await focused(panel)).rowIndex).toBe('2');
    await press('ArrowDown', 11);
    const twelfth = await focused(panel);
    expect(twelfth.rowIndex).toBe('13');
    expect(await page.locator(`[data-workno="${twelfth.workNo}"] .status`).textContent()).toBe('On a call');

    await press('Enter');
    await expect.poll(() => emulator.control.qcState(INSPECTOR)).toEqual({ mode: 'listen', target: twelfth.workNo });
    // The focus stayed on that agent, now pinned first.
    await expect.poll(async () => (await focused(panel)).workNo).toBe(twelfth.workNo);
    await expect.poll(async () => (await focused(panel)).rowIndex).toBe('2');
    await expect.poll(() => stopText(panel)).toMatch(new RegExp(`^Stop listening to ${twelfth.workNo} · `));

    await press('w');
    await expect.poll(() => emulator.control.qcState(INSPECTOR)).toEqual({ mode: 'whisper', target: twelfth.workNo });
    await expect.poll(() => stopText(panel)).toMatch(new RegExp(`^Stop whispering to ${twelfth.workNo} · `));
    await panel.screenshot('keyboard-whispering-en');

    // Stop is the first Tab stop of the page while something can be stopped.
    // (A click on the title puts the Tab starting point at the top of the page.)
    await page.locator('h1').click();
    await page.keyboard.press('Tab');
    expect((await focused(panel)).text).toMatch(/^Stop whispering to /);
    await page.locator(`[data-workno="${twelfth.workNo}"] .roster-who`).focus();

    await press('s');
    await expect.poll(() => emulator.control.qcState(INSPECTOR).mode).toBe('idle');
    await expect.poll(() => stopText(panel)).toBe('Stop whispering');
    expect(panel.services.history().slice(-3).map((entry) => [entry.action, entry.target])).toEqual([
      ['listen', twelfth.workNo],
      ['switch', twelfth.workNo],
      ['stop', twelfth.workNo],
    ]);

    console.log(`keyboard walk: ${keys} keys besides the ${passwordKeys} characters of the password (${keys + passwordKeys} in all)`);
    expect(keys).toBe(24);
  });

  it('gives the focus back to the control that opened a dialog when Escape closes it', async () => {
    const panel = await panels.open();
    const { page } = panel;
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('status-line').getAttribute('data-phase')).toBe('signed-in');
    await page.getByLabel('Target agent ID').fill('1002');
    await page.getByRole('button', { name: 'Barge in', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Switch to insert?' }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await focused(panel)).text).toBe('Barge in');
    expect(panel.requests('addinsert')).toEqual([]);
  });
});
