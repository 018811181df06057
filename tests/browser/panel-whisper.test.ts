import { describe, expect, it } from 'vitest';
import { INSPECTOR, anotherClient, eventually, panelLifecycle, type Panel } from '@support/browser-harness';
import { chooseLanguage, statusText, resultText, signIn, startWhisper, stopText } from '@support/browser-panel-actions';

const panels = panelLifecycle();

/** A signed-in panel whispering to `target`, with the journal cleared so a test sees only what follows. */
async function whisperingTo(target: string): Promise<Panel> {
  const panel = await panels.open();
  await signIn(panel);
  await startWhisper(panel, target);
  await expect.poll(() => statusText(panel)).toContain('Whispering');
  panel.emulator.clearJournal();
  return panel;
}

function query(entry: { query: Record<string, string> }, name: string): string | undefined {
  return entry.query[name];
}

describe('whispering from the panel', () => {
  it('starts a whisper, shows target, mode and a ticking elapsed time, then stops it from the panel', async () => {
    const panel = await panels.open();
    const { page, emulator } = panel;
    await signIn(panel);

    await startWhisper(panel, '1002');
    await expect.poll(() => statusText(panel)).toContain('Whispering');
    expect(await statusText(panel)).toContain('1002');
    expect(emulator.control.qcState(INSPECTOR)).toEqual({ mode: 'whisper', target: '1002' });
    expect(await resultText(panel)).toContain('Whispering to 1002.');
    // Stop says what it ends and whom, with the name the roster knows.
    await expect.poll(() => stopText(panel)).toBe('Stop whispering to 1002 · Li Na');
    const since = page.locator('.status-since');
    const firstElapsed = await since.textContent();
    expect(firstElapsed).toMatch(/^ since \d\d:\d\d:\d\d · 0:0\d$/);
    await expect.poll(() => since.textContent(), { timeout: 3000 }).not.toBe(firstElapsed);
    await panel.screenshot('whispering-en');
    expect(await panel.axeViolations()).toEqual([]);

    await chooseLanguage(panel, 'zh-CN');
    expect(await statusText(panel)).toContain('正在对 1002 · Li Na 耳语');
    await panel.screenshot('whispering-zh');
    await chooseLanguage(panel, 'en');

    emulator.clearJournal();
    await page.getByRole('button', { name: 'Stop whispering' }).click();
    await expect.poll(() => resultText(panel)).toContain('Stopped whispering to 1002.');
    expect(panel.services.history().at(-1)?.retcode).toBe('0');
    expect(await statusText(panel)).toContain('Not monitoring anyone');
    expect(emulator.control.qcState(INSPECTOR).mode).toBe('idle');
    const stops = panel.requests('requeststopwhisperagent');
    expect(stops).toHaveLength(1);
    expect(query(stops[0]!, 'whisperagentid')).toBe('1002');
    await panel.screenshot('stopped-en');
  });

  it('stops, from the keyboard, a whisper the panel never knew about, sending no target', async () => {
    const panel = await panels.open();
    const { page, emulator } = panel;
    await signIn(panel);
    // The inspector started this whisper in the browser workbench, with the same session.
    const workbench = anotherClient(emulator);
    const started = await workbench.startWhisper(INSPECTOR, () => emulator.control.currentGuid(INSPECTOR), '1003');
    workbench.close();
    expect(started.ok).toBe(true);
    expect(await statusText(panel)).toContain('Not monitoring anyone');

    emulator.clearJournal();
    await page.getByRole('button', { name: 'Stop whispering' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => resultText(panel)).toContain('Stopped whispering.');
    const stops = panel.requests('requeststopwhisperagent');
    expect(stops).toHaveLength(1);
    expect(query(stops[0]!, 'whisperagentid')).toBeUndefined();
    expect(emulator.control.qcState(INSPECTOR).mode).toBe('idle');
    await panel.screenshot('stopped-no-target-en');
  });

  it('says so when a targeted stop was refused and retried without the target (verified stop)', async () => {
    const panel = await whisperingTo('1002');
    const { page, emulator } = panel;
    emulator.injectFault('requestStopWhisperAgent', { kind: 'retcode', retcode: '900-004' }, 1);
    await page.getByRole('button', { name: 'Stop whispering' }).click();
    await expect.poll(() => resultText(panel)).toContain('Retried without a target after the gateway refused 1002.');
    const stops = panel.requests('requeststopwhisperagent');
    expect(stops.map((entry) => query(entry, 'whisperagentid'))).toEqual(['1002', undefined]);
    expect(emulator.control.qcState(INSPECTOR).mode).toBe('idle');
    await panel.screenshot('stop-retried-en');
  });

  it('says so when the gateway had already ended the whisper (hedged stop, reconciled)', async () => {
    const panel = await panels.open();
    const { page, emulator } = panel;
    await signIn(panel);
    emulator.clearJournal();
    // The first stop hangs; the hedge finds nothing to stop (900-004): the first one got through.
    emulator.injectFault('requestStopWhisperAgent', { kind: 'hang' }, 1);
    await page.getByRole('button', { name: 'Stop whispering' }).click();
    // The hedge waits for the measured round trips (4 × smoothed, at least 250 ms): poll past that on a loaded machine.
    await expect
      .poll(() => resultText(panel), { timeout: 10_000 })
      .toContain('Stopped whispering. The gateway had already ended it: the first request got through.');
    expect(panel.services.history().at(-1)?.retcode).toBe('0');
    expect(panel.requests('requeststopwhisperagent')).toHaveLength(2);
    await chooseLanguage(panel, 'zh-CN');
    await expect.poll(() => resultText(panel)).toContain('网关此前已将其结束');
    await chooseLanguage(panel, 'en');
  });

  it('refuses an invalid target inline and sends nothing to the gateway', async () => {
    const panel = await panels.open();
    const { page } = panel;
    await signIn(panel);
    panel.emulator.clearJournal();

    for (const [input, message] of [
      ['0101', 'Use digits only, no leading zero or spaces (101–59999).'],
      ['60000', '60000 is outside 101–59999.'],
      ['', 'Enter a target work number (101–59999).'],
    ] as const) {
      await startWhisper(panel, input);
      await expect.poll(() => page.locator('#target-error').textContent()).toBe(message);
      expect(await page.getByLabel('Target agent ID').getAttribute('aria-invalid')).toBe('true');
    }
    await startWhisper(panel, '10 2');
    await panel.screenshot('invalid-target-en');
    expect(await panel.axeViolations()).toEqual([]);
    expect(panel.requests('qualitycontrol')).toEqual([]);
  });

  it('explains a 900-004 refusal with its retcode, in either language', async () => {
    const panel = await panels.open();
    await signIn(panel);
    panel.emulator.injectFault('requestWhisperAgent', { kind: 'retcode', retcode: '900-004', message: 'no agent info' }, 1);

    await startWhisper(panel, '1002');
    await expect.poll(() => resultText(panel)).toContain('The gateway has no information for that agent');
    // The retcode goes to History, not beside the control.
    expect(panel.services.history().at(-1)?.retcode).toBe('900-004');
    expect(await statusText(panel)).toContain('Not monitoring anyone');
    await panel.screenshot('failure-900-004-en');

    await chooseLanguage(panel, 'zh-CN');
    expect(await resultText(panel)).toContain('质检监控时无该坐席信息');
    await panel.screenshot('failure-900-004-zh');
  });

  it('goes back to listening (Listen on the monitored agent) with switchtype 0 and stays on the call', async () => {
    const panel = await whisperingTo('1002');
    const { page, emulator } = panel;
    await page.getByRole('button', { name: 'Listen', exact: true }).click();
    await expect.poll(() => statusText(panel)).toContain('Listening');
    expect(await resultText(panel)).toContain('Listening');
    const switches = panel.requests('requestswitchinsertwhisperagent');
    expect(switches).toHaveLength(1);
    expect(query(switches[0]!, 'switchtype')).toBe('0');
    expect(emulator.control.qcState(INSPECTOR)).toEqual({ mode: 'listen', target: '1002' });
    // The mode running is marked as state on its control.
    await expect.poll(() => page.getByRole('button', { name: 'Listen', exact: true }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('button', { name: 'Whisper', exact: true }).getAttribute('aria-pressed')).toBe('false');
    await panel.screenshot('back-to-listen-en');
  });

  it('asks before barging in, and only the confirmed insert reaches the gateway', async () => {
    const panel = await whisperingTo('1002');
    const { page, emulator } = panel;
    await page.getByRole('button', { name: 'Barge in', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Switch to insert?' });
    await dialog.waitFor();
    expect(panel.requests('requestswitchinsertwhisperagent')).toEqual([]);
    await panel.screenshot('barge-confirmation-en');
    expect(await panel.axeViolations()).toEqual([]);

    await dialog.getByRole('button', { name: 'Switch to insert' }).click();
    await expect.poll(() => statusText(panel)).toContain('Barging in on 1002 · Li Na: the customer hears you');
    const switches = panel.requests('requestswitchinsertwhisperagent');
    expect(switches.map((entry) => query(entry, 'switchtype'))).toEqual(['1']);
    expect(emulator.control.qcState(INSPECTOR).mode).toBe('insert');
    await eventually(async () => expect(await dialog.count()).toBe(0));
  });
});
