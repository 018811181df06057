/**
 * Stop stays where it is: the same box in every state and view, at the window's real size and at
 * its minimum, in English and Chinese. Each state is saved as a screenshot (test-output/screenshots)
 * and checked with axe. `UPDATE_README_IMAGES=1` also copies the whispering ones to docs/images/.
 */
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { INSPECTOR, MINIMUM_SIZE, SCREENSHOT_DIR, WINDOW_SIZE, panelLifecycle, type Panel } from '@support/browser-harness';
import { chooseLanguage, resultText, signIn, startWhisper, statusText, stopText } from '@support/browser-panel-actions';

const panels = panelLifecycle();
const DOCS_IMAGES = path.resolve(__dirname, '../../docs/images');

type Box = { x: number; y: number; width: number; height: number };

async function stopBox({ page }: Panel): Promise<Box> {
  const box = await page.getByTestId('stop').boundingBox();
  if (!box) throw new Error('Stop is not on screen');
  return box;
}

for (const [sizeName, size] of [
  ['window', WINDOW_SIZE],
  ['minimum', MINIMUM_SIZE],
] as const) {
  for (const language of ['en', 'zh-CN'] as const) {
    const suffix = `${language === 'en' ? 'en' : 'zh'}${sizeName === 'minimum' ? '-min' : ''}`;
    describe(`Stop at the ${sizeName} size (${size.width}×${size.height}), ${language}`, () => {
      it('keeps one box, at least 56 px tall and full width, inside the window, in every state', async () => {
        const panel = await panels.open({ viewport: size, locale: language === 'en' ? 'en-GB' : 'zh-CN', sessionTuning: { lostAfterFailures: 2, pollBackoffInitialMs: 50, pollBackoffMaxMs: 200 } });
        const { page, emulator } = panel;
        const boxes: Record<string, Box> = {};
        const shot = async (state: string) => {
          boxes[state] = await stopBox(panel);
          await panel.screenshot(`${state}-${suffix}`);
          expect(await panel.axeViolations(), state).toEqual([]);
        };
        await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language);

        await shot('signed-out');
        expect(await page.getByTestId('stop').isDisabled()).toBe(true);

        await chooseLanguage(panel, 'en');
        await signIn(panel);
        await chooseLanguage(panel, language);
        await shot('signed-in-idle');
        expect(await page.getByTestId('stop').isEnabled()).toBe(true);

        // The roster teaches Stop the agent's name.
        await page.getByRole('tab', { name: language === 'en' ? 'Agents' : '坐席', exact: true }).click();
        await page.getByTestId('roster-count').waitFor();
        await chooseLanguage(panel, 'en');
        await startWhisper(panel, '1002');
        await expect.poll(() => stopText(panel)).toBe('Stop whispering to 1002 · Li Na');
        await chooseLanguage(panel, language);
        await shot('whispering');
        // README's pictures are these, refreshed on request (UPDATE_README_IMAGES=1) so a test run leaves the tree clean.
        if (sizeName === 'window' && process.env.UPDATE_README_IMAGES === '1') {
          const name = language === 'en' ? 'panel-whispering.png' : 'panel-whispering-zh.png';
          await copyFile(path.join(SCREENSHOT_DIR, `whispering-${suffix}.png`), path.join(DOCS_IMAGES, name));
        }

        await chooseLanguage(panel, 'en');
        await page.getByRole('button', { name: 'Listen', exact: true }).click();
        await expect.poll(() => stopText(panel)).toBe('Stop listening to 1002 · Li Na');
        await page.getByRole('tab', { name: 'Agents', exact: true }).click();
        await page.getByTestId('roster-count').waitFor();
        await chooseLanguage(panel, language);
        await shot('roster-listening');

        await chooseLanguage(panel, 'en');
        await page.getByRole('tab', { name: 'Control', exact: true }).click();
        await page.getByRole('button', { name: 'Barge in', exact: true }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Switch to insert' }).click();
        await expect.poll(() => stopText(panel)).toBe('Stop barging in on 1002 · Li Na');
        await chooseLanguage(panel, language);
        await shot('barging');

        await chooseLanguage(panel, 'en');
        await page.getByTestId('stop').click();
        await expect.poll(() => emulator.control.qcState(INSPECTOR).mode).toBe('idle');
        emulator.injectFault('requestWhisperAgent', { kind: 'retcode', retcode: '900-004', message: 'no agent info' }, 1);
        await startWhisper(panel, '1004');
        await expect.poll(() => resultText(panel)).toContain('The gateway has no information for that agent');
        await chooseLanguage(panel, language);
        await shot('failure-900-004');

        emulator.injectFault('getAgentEvent', { kind: 'reset' });
        await expect.poll(() => page.getByTestId('status-line').getAttribute('data-phase'), { timeout: 15_000 }).toBe('connection-lost');
        await shot('connection-lost');
        emulator.clearFaults();
        await expect.poll(() => page.getByTestId('status-line').getAttribute('data-phase'), { timeout: 15_000 }).toBe('signed-in');

        // The views load on first open: wait for their content, not the empty fallback, before the picture and axe.
        await page.getByRole('tab', { name: language === 'en' ? 'History' : '历史', exact: true }).click();
        await page.locator('#history-heading').waitFor();
        await shot('history');
        await page.getByRole('tab', { name: language === 'en' ? 'Settings' : '设置', exact: true }).click();
        await page.getByRole('button', { name: language === 'en' ? 'Save settings' : '保存设置', exact: true }).waitFor();
        await shot('settings');

        emulator.control.displace(INSPECTOR);
        await expect.poll(() => page.getByTestId('status-line').getAttribute('data-phase'), { timeout: 15_000 }).toBe('expired');
        await page.getByRole('tab', { name: language === 'en' ? 'Control' : '控制', exact: true }).click();
        await shot('session-expired');
        expect(await statusText(panel)).not.toBe('');

        const first = boxes['signed-out']!;
        expect(first.height).toBeGreaterThanOrEqual(56);
        expect(first.y + first.height).toBeLessThanOrEqual(size.height);
        expect(first.width).toBeGreaterThanOrEqual(size.width - 2 * 12);
        for (const [state, box] of Object.entries(boxes)) expect(box, state).toEqual(first);
      }, 90_000);
    });
  }
}
