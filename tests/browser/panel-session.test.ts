import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_PHONE, INSPECTOR, anotherClient, panelLifecycle } from '@support/browser-harness';
import { chooseLanguage, resultText, signIn, startWhisper, statusText } from '@support/browser-panel-actions';

const panels = panelLifecycle();

describe('sign-in', () => {
  it('shows the signed-out demo panel, signs in through the real handlers and clears the password', async () => {
    const panel = await panels.open();
    const { page } = panel;
    await expect.poll(() => page.locator('.badge.demo').textContent()).toBe('Demo gateway');
    expect(await statusText(panel)).toContain('Signed out');
    // Nothing can be stopped yet: Stop is there, in its place, disabled.
    expect(await page.getByTestId('stop').isDisabled()).toBe(true);
    await panel.screenshot('signed-out-en');
    expect(await panel.axeViolations()).toEqual([]);

    await signIn(panel);
    expect(panel.requests(`onlineagent/${INSPECTOR}`).length).toBeGreaterThan(0);
    expect(panel.emulator.control.currentGuid(INSPECTOR)).not.toBeNull();
    await expect.poll(() => resultText(panel)).toContain('Signed in.');
    // The sign-in form is gone and no password is left anywhere in the page.
    expect(await page.getByLabel('Password').count()).toBe(0);
    expect(await page.content()).not.toContain(DEMO_PASSWORD);
    await panel.screenshot('signed-in-idle-en');
  });

  it('follows a Chinese OS locale when the language setting is "system"', async () => {
    const panel = await panels.open({ locale: 'zh-CN' });
    const { page } = panel;
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await page.getByRole('heading', { name: '签入' }).count()).toBe(1);
    expect(await page.locator('.badge.demo').textContent()).toBe('演示网关');
    expect(await page.getByRole('button', { name: '停止耳语' }).count()).toBe(1);
    await panel.screenshot('signed-out-zh');
    expect(await panel.axeViolations()).toEqual([]);
  });

  it('asks before forcing a sign-in when the agent is signed in elsewhere, and asks for the password again', async () => {
    const panel = await panels.open();
    const { page, emulator } = panel;
    const elsewhere = anotherClient(emulator);
    const first = await elsewhere.signIn(INSPECTOR, { password: DEMO_PASSWORD, phonenum: DEMO_PHONE });
    elsewhere.close();
    expect(first.ok).toBe(true);

    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => resultText(panel)).toContain('already signed in elsewhere');
    expect(panel.services.history().at(-1)?.retcode).toBe('100-002');
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    expect(panel.requests('forcelogin')).toEqual([]);
    await panel.screenshot('force-sign-in-en');

    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Force sign-in' }).click();
    await expect.poll(() => page.getByTestId('status-line').getAttribute('data-phase')).toBe('signed-in');
    expect(panel.requests('forcelogin')).toHaveLength(1);
    expect(await page.content()).not.toContain(DEMO_PASSWORD);
  });
});

describe('when the session goes wrong', () => {
  it('shows an expired session, offers sign-in, and says the whisper may still run on the gateway', async () => {
    const panel = await panels.open();
    const { page, emulator } = panel;
    await signIn(panel);
    await startWhisper(panel, '1002');
    await expect.poll(() => resultText(panel)).toContain('Whispering to 1002.');

    emulator.control.displace(INSPECTOR);
    await expect.poll(() => page.getByTestId('status-line').getAttribute('data-phase'), { timeout: 15_000 }).toBe('expired');
    expect(await page.getByRole('heading', { name: 'Sign in' }).count()).toBe(1);
    // Nothing can be stopped from here (app/monitoring.ts canStop): Stop is grey, the line says what to do.
    expect(await page.getByTestId('stop').isDisabled()).toBe(true);
    expect(await statusText(panel)).toContain('may still run on the gateway: sign in again and stop it.');
    await panel.screenshot('session-expired-en');
    expect(await panel.axeViolations()).toEqual([]);
  });

  it("words main's notice in the panel's language, and switches it with the language", async () => {
    const panel = await panels.open();
    const { page, emulator } = panel;
    await signIn(panel);
    emulator.control.displace(INSPECTOR);
    await expect.poll(() => statusText(panel), { timeout: 15_000 }).toContain('Session expired, sign in again.');
    expect(await resultText(panel)).toBe(''); // "Signed in." no longer stands beside it
    await chooseLanguage(panel, 'zh-CN');
    expect(await statusText(panel)).toContain('会话已过期，请重新签入。');
    await panel.screenshot('session-expired-zh');
  });

  it('shows a lost connection while polls fail and recovers when the gateway answers again', async () => {
    const panel = await panels.open({ sessionTuning: { lostAfterFailures: 2, pollBackoffInitialMs: 50, pollBackoffMaxMs: 200 } });
    const { page, emulator } = panel;
    await signIn(panel);

    emulator.injectFault('getAgentEvent', { kind: 'reset' });
    await expect.poll(() => page.getByTestId('status-line').getAttribute('data-phase'), { timeout: 15_000 }).toBe('connection-lost');
    expect(await statusText(panel)).toContain('Connection lost: retrying. Stop still works.');
    expect(await page.getByTestId('stop').isEnabled()).toBe(true);
    await panel.screenshot('connection-lost-en');

    emulator.clearFaults();
    await expect.poll(() => page.getByTestId('status-line').getAttribute('data-phase'), { timeout: 15_000 }).toBe('signed-in');
  });
});
