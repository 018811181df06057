import { unlink, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { panelLifecycle } from '@support/browser-harness';

const panels = panelLifecycle();

/**
 * An admin policy applied while the panel is open (docs/deployment.md §3): main watches the policy file,
 * and Settings shows the new values and locks without a reload, keeping what the person was typing elsewhere.
 */
describe('settings while an admin policy changes', () => {
  it('locks a field as soon as the policy file locks it, saves only what is still the person’s, and unlocks when the policy goes', async () => {
    const panel = await panels.open({ watchPolicy: { intervalMs: 50 } });
    const { page, services } = panel;
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await page.getByRole('tab', { name: 'Settings' }).click();
    const reminder = page.getByLabel('Reminder after (minutes, 0 = off)');
    const repeat = page.getByLabel('Repeat reminder every (minutes)');
    const guard = page.getByLabel('Ask before switching to insert');
    expect(await reminder.inputValue()).toBe('5');
    expect(await reminder.getAttribute('readonly')).toBeNull();
    expect(await guard.isDisabled()).toBe(false);
    // An edit the person has not saved yet, in a field the policy will leave alone.
    await repeat.fill('7');

    await writeFile(panel.policyPath, JSON.stringify({ locked: { reminderAfterMinutes: 9, bargeGuard: false } }));
    await expect.poll(() => page.locator('#locked-reminderAfterMinutes').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator('#locked-reminderAfterMinutes').textContent()).toBe('Set by your administrator');
    expect(await reminder.inputValue()).toBe('9');
    expect(await reminder.getAttribute('readonly')).not.toBeNull();
    expect(await guard.isDisabled()).toBe(true);
    expect(await guard.isChecked()).toBe(false);
    expect(await repeat.inputValue()).toBe('7');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

    // Save sends the person's edit and nothing now locked: it is not refused.
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByText('Settings saved.').count()).toBe(1);
    expect(services.settings()).toMatchObject({ reminderRepeatMinutes: 7, reminderAfterMinutes: 9, bargeGuard: false });

    await unlink(panel.policyPath);
    await expect.poll(() => page.locator('#locked-reminderAfterMinutes').count(), { timeout: 15_000 }).toBe(0);
    expect(await reminder.getAttribute('readonly')).toBeNull();
    expect(await reminder.inputValue()).toBe('5');
    expect(await guard.isDisabled()).toBe(false);
    expect(await guard.isChecked()).toBe(true);
    expect(await repeat.inputValue()).toBe('7');
  });
});
