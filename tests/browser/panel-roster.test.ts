import { describe, expect, it } from 'vitest';
import { INSPECTOR, eventually, panelLifecycle, type Panel } from '@support/browser-harness';
import { chooseLanguage, statusText, resultText, signIn, startWhisper } from '@support/browser-panel-actions';
import { recordFigures } from '@support/figures';

const panels = panelLifecycle();

/** A signed-in panel showing the Agents view with its list loaded. */
async function rosterShown(options: Parameters<typeof panels.open>[0] = {}): Promise<Panel> {
  const panel = await panels.open(options);
  await signIn(panel);
  await panel.page.getByRole('tab', { name: 'Agents', exact: true }).click();
  await panel.page.getByTestId('roster-count').waitFor();
  return panel;
}

const countText = ({ page }: Panel) => page.getByTestId('roster-count').textContent();
const rowOf = ({ page }: Panel, workNo: string) => page.locator('.roster-row', { has: page.locator('.roster-id', { hasText: new RegExp(`^${workNo}$`) }) });
const qcPaths = (panel: Panel) =>
  panel.emulator.journal.filter((e) => e.path.includes('qualitycontrol') && !e.path.endsWith('/allagent')).map((e) => `${e.method} ${e.path.replace('/agentgateway/resource/qualitycontrol/101/', '')}`);

describe('the roster', () => {
  it('lists the 61 agents of the demo VDN without the inspector, with states, filters and search, in English and Chinese', async () => {
    const panel = await rosterShown();
    const { page } = panel;
    expect(await countText(panel)).toMatch(/^61 of 61 agents, updated /);
    expect(await rowOf(panel, INSPECTOR).count()).toBe(0);
    expect(await rowOf(panel, '1002').textContent()).toContain('Li Na');
    expect(await rowOf(panel, '1002').locator('.status').textContent()).toBe('On a call');
    expect(await rowOf(panel, '1004').locator('.status').textContent()).toBe('Idle');
    // Only rows in view are in the page.
    expect(await page.locator('.roster-row').count()).toBeLessThan(20);
    await panel.screenshot('roster-en');
    expect(await panel.axeViolations()).toEqual([]);

    // The counts per state filter when clicked.
    await page.getByRole('button', { name: /^On a call \d+$/ }).click();
    await expect.poll(() => countText(panel)).toMatch(/^2\d of 61 agents/);
    const statuses = await page.locator('.roster-row .status').allTextContents();
    expect(new Set(statuses)).toEqual(new Set(['On a call']));
    await page.getByRole('button', { name: /^All 61$/ }).click();
    await page.getByLabel('Search by ID or name').fill('omar');
    await expect.poll(() => countText(panel)).toMatch(/^1 of 61 agents/);
    expect(await page.locator('.roster-row .roster-id').allTextContents()).toEqual(['1003']);
    await page.getByLabel('Search by ID or name').fill('');

    await chooseLanguage(panel, 'zh-CN');
    await expect.poll(() => countText(panel)).toMatch(/^显示 61 \/ 共 61 名坐席/);
    expect(await rowOf(panel, '1002').locator('.status').textContent()).toBe('通话中');
    await panel.screenshot('roster-zh');
    expect(await panel.axeViolations()).toEqual([]);
  });

  it('shows a status code it does not know as Unknown and counts an unreadable row, keeping the list', async () => {
    const panel = await panels.open();
    await signIn(panel);
    const body = JSON.stringify({
      message: '',
      retcode: '0',
      result: [
        { workno: '1001', name: 'Wang Fang', status: '7' },
        { workno: '1002', name: 'Li Na', status: '42' },
        { workno: 'oops', name: 'bad row', status: '4' },
      ],
    });
    panel.emulator.injectFault('allAgent', { kind: 'raw-body', body });
    await panel.page.getByRole('tab', { name: 'Agents', exact: true }).click();
    await expect.poll(() => countText(panel)).toMatch(/^2 of 2 agents, updated .* Unreadable rows skipped: 1\.$/);
    expect(await rowOf(panel, '1002').locator('.status').textContent()).toBe('Unknown');
    // An unknown state may still be a call: its actions stay offered, the gateway decides.
    expect(await panel.page.getByRole('button', { name: 'Listen to 1002 Li Na' }).count()).toBe(1);
    await chooseLanguage(panel, 'zh-CN');
    expect(await rowOf(panel, '1002').locator('.status').textContent()).toBe('未知');
  });

  it('refreshes while visible, and not at all while another view is shown', async () => {
    const panel = await rosterShown();
    const fetches = () => panel.requests('/allagent').length;
    await eventually(() => expect(fetches()).toBeGreaterThanOrEqual(2), 12_000);
    // Time in state: only a lower bound ("≥") for a state the first list already showed...
    expect(await rowOf(panel, '1001').locator('.roster-time').textContent()).toMatch(/^≥ \d+:\d\d$/);
    panel.emulator.control.endCall('1001');
    await expect.poll(() => rowOf(panel, '1001').locator('.status').textContent(), { timeout: 8000 }).toBe('Idle');
    // ...counted from the refresh that saw the change once one did.
    expect(await rowOf(panel, '1001').locator('.roster-time').textContent()).toMatch(/^\d+:\d\d$/);
    await panel.page.getByRole('tab', { name: 'Control', exact: true }).click();
    const after = fetches();
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect(fetches()).toBe(after);
  }, 30_000);

  it('listen → whisper → stop from the roster row, the monitored agent marked', async () => {
    const panel = await rosterShown();
    const { page, emulator } = panel;
    emulator.clearJournal();
    await page.getByRole('button', { name: 'Listen to 1002 Li Na' }).click();
    await expect.poll(() => resultText(panel)).toContain('Listening to 1002.');
    await expect.poll(() => rowOf(panel, '1002').getAttribute('aria-current')).toBe('true');
    expect(await rowOf(panel, '1002').locator('.status').textContent()).toBe('Listening');
    // Pinned above the scrolling rows.
    expect(await page.locator('.roster-pinned .roster-id').textContent()).toBe('1002');
    expect(emulator.control.qcState(INSPECTOR)).toEqual({ mode: 'listen', target: '1002' });
    // Other rows cannot start a second monitoring while this one runs.
    expect(await page.getByRole('button', { name: 'Listen to 1001 Wang Fang' }).count()).toBe(0);
    await panel.screenshot('roster-listening-en');
    expect(await panel.axeViolations()).toEqual([]);

    await page.getByRole('button', { name: 'Whisper to 1002 Li Na' }).click();
    await expect.poll(() => rowOf(panel, '1002').locator('.status').textContent()).toBe('Whispering');
    expect(emulator.control.qcState(INSPECTOR)).toEqual({ mode: 'whisper', target: '1002' });
    await panel.screenshot('roster-whispering-en');

    // S on the agent's row stops it.
    await rowOf(panel, '1002').locator('.roster-who').focus();
    await page.keyboard.press('s');
    await expect.poll(() => resultText(panel)).toContain('Stopped whispering to 1002.');
    expect(emulator.control.qcState(INSPECTOR).mode).toBe('idle');
    await expect.poll(() => rowOf(panel, '1002').getAttribute('aria-current')).toBeNull();
    expect(qcPaths(panel)).toEqual(['PUT addsupervise/1002', 'POST requestswitchinsertwhisperagent', 'POST requeststopwhisperagent']);
    const history = panel.services.history().slice(-3).map((e) => [e.action, e.trigger, e.target]);
    expect(history).toEqual([
      ['listen', 'panel', '1002'],
      ['switch', 'panel', '1002'],
      ['stop', 'panel', '1002'],
    ]);
    await panel.screenshot('roster-stopped-en');
  });

  it('asks before taking a call over, saying the customer moves to the inspector and the agent is released', async () => {
    const panel = await rosterShown();
    const { page, emulator } = panel;
    await page.getByRole('button', { name: 'Listen to 1003 Omar Haddad' }).click();
    await expect.poll(() => currentState(panel)).toEqual({ mode: 'listen', target: '1003' });
    emulator.clearJournal();

    await page.getByRole('button', { name: 'Take over the call of 1003 Omar Haddad' }).click();
    const dialog = page.getByRole('dialog', { name: 'Take over this call?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('The customer moves to you and agent 1003 is released from the call.');
    expect(qcPaths(panel)).toEqual([]);
    await panel.screenshot('intercept-confirmation-en');
    expect(await panel.axeViolations()).toEqual([]);

    await dialog.getByRole('button', { name: 'Keep monitoring' }).click();
    await eventually(async () => expect(await dialog.count()).toBe(0));
    expect(qcPaths(panel)).toEqual([]);
    expect(emulator.control.qcState(INSPECTOR)).toEqual({ mode: 'listen', target: '1003' });

    await chooseLanguage(panel, 'zh-CN');
    await page.getByRole('button', { name: '接管 1003 Omar Haddad 的通话' }).click();
    const zhDialog = page.getByRole('dialog', { name: '接管此通话？' });
    await zhDialog.waitFor();
    expect(await zhDialog.textContent()).toContain('客户将转到您这里，坐席 1003 将被释放出通话。');
    await panel.screenshot('intercept-confirmation-zh');
    await zhDialog.getByRole('button', { name: '接管', exact: true }).click();
    await expect.poll(() => resultText(panel)).toContain('您已从 1003 接管通话');
    expect(qcPaths(panel)).toEqual(['PUT intercept/1003']);
    expect(emulator.control.qcState(INSPECTOR).mode).toBe('idle');
    await expect.poll(() => rowOf(panel, '1003').locator('.status').textContent()).toBe('空闲');
    emulator.control.endCall(INSPECTOR);
  });

  it('listens, barges in (after the barge guard) and explains a refusal from the target field', async () => {
    const panel = await panels.open();
    const { page, emulator } = panel;
    await signIn(panel);
    await startWhisper(panel, '1004', 'Listen');
    await expect.poll(() => resultText(panel)).toContain('not on a call');
    expect(panel.services.history().at(-1)?.retcode).toBe('900-004');

    await page.getByLabel('Target agent ID').fill('1001');
    emulator.clearJournal();
    await page.getByRole('button', { name: 'Barge in' }).click();
    const dialog = page.getByRole('dialog', { name: 'Switch to insert?' });
    await dialog.waitFor();
    expect(qcPaths(panel)).toEqual([]);
    await dialog.getByRole('button', { name: 'Switch to insert' }).click();
    await expect.poll(() => statusText(panel)).toContain('Barging in on 1001');
    expect(qcPaths(panel)).toEqual(['PUT addinsert/1001']);
    expect(await page.getByTestId('stop').textContent()).toContain('Stop barging in on 1001');
    await page.getByTestId('stop').click();
    await expect.poll(() => emulator.control.qcState(INSPECTOR).mode).toBe('idle');
    expect(qcPaths(panel).at(-1)).toBe('DELETE 1001');
  });

  it('stays fluid with 500 agents (figures printed)', async () => {
    const panel = await panels.open({ emulator: { crowdSize: 500 } });
    const { page } = panel;
    await signIn(panel);
    const started = performance.now();
    await page.getByRole('tab', { name: 'Agents', exact: true }).click();
    await expect.poll(() => countText(panel), { timeout: 10_000 }).toMatch(/^505 of 505 agents/);
    const firstShowMs = performance.now() - started;
    expect(await page.locator('.roster-row').count()).toBeLessThan(30);

    const figures = await page.evaluate(async () => {
      const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
      const input = document.querySelector<HTMLInputElement>('input[type="search"]')!;
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      // React renders an input event's update synchronously (discrete event): the time until
      // dispatchEvent returns is the filter + render + commit of the new list.
      const commits: number[] = [];
      const type = async (value: string) => {
        const t0 = performance.now();
        setValue.call(input, value);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        commits.push(performance.now() - t0);
        await frame();
        return performance.now() - t0;
      };
      const keystrokes: number[] = [];
      for (const value of ['1', '12', '123', '12', '1', '', 'w', 'wa', 'wan', 'wang', '']) keystrokes.push(await type(value));
      const scroller = document.querySelector<HTMLElement>('.roster-scroll')!;
      const scrolls: number[] = [];
      for (let i = 1; i <= 20; i += 1) {
        const t0 = performance.now();
        scroller.scrollTop = (scroller.scrollHeight * i) / 20;
        scroller.dispatchEvent(new Event('scroll'));
        await frame();
        scrolls.push(performance.now() - t0);
      }
      const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
      return {
        commitMedianMs: sorted(commits)[Math.floor(commits.length / 2)]!,
        commitMaxMs: sorted(commits).at(-1)!,
        keystrokeMedianMs: sorted(keystrokes)[Math.floor(keystrokes.length / 2)]!,
        keystrokeMaxMs: sorted(keystrokes).at(-1)!,
        scrollMedianMs: sorted(scrolls)[Math.floor(scrolls.length / 2)]!,
        scrollMaxMs: sorted(scrolls).at(-1)!,
        rowsInPage: document.querySelectorAll('.roster-row').length,
      };
    });
    recordFigures(
      'roster-500',
      `roster with 500 agents: first shown ${firstShowMs.toFixed(0)} ms after the click (IPC + gateway + render); ` +
        `filter keystroke: filter + render + commit median ${figures.commitMedianMs.toFixed(1)} ms, max ${figures.commitMaxMs.toFixed(1)} ms, ` +
        `to the second painted frame median ${figures.keystrokeMedianMs.toFixed(1)} ms, max ${figures.keystrokeMaxMs.toFixed(1)} ms; ` +
        `scroll step to the second painted frame median ${figures.scrollMedianMs.toFixed(1)} ms, max ${figures.scrollMaxMs.toFixed(1)} ms; ` +
        `${figures.rowsInPage} rows in the page`,
    );
    expect(figures.rowsInPage).toBeLessThan(30);
    expect(await page.locator('.roster-row .roster-id').last().textContent()).toBe('1504');
    await panel.screenshot('roster-500-en');
    expect(await panel.axeViolations()).toEqual([]);
  }, 60_000);
});

function currentState(panel: Panel) {
  return panel.emulator.control.qcState(INSPECTOR);
}

describe('the state counts and the list size', () => {
  const rosterBody = (talking: boolean) =>
    JSON.stringify({
      message: '',
      retcode: '0',
      result: [
        { workno: '1001', name: 'Wang Fang', status: '4' },
        { workno: '1002', name: 'Li Na', status: talking ? '7' : '4' },
      ],
    });
  const tabStops = ({ page }: Panel) => page.locator('[role=toolbar] button[tabindex="0"]').allTextContents();

  it('keeps the filtered state at 0 and one chip as the Tab stop, moved by the arrow keys', async () => {
    const panel = await panels.open();
    const { page, emulator } = panel;
    await signIn(panel);
    emulator.injectFault('allAgent', { kind: 'raw-body', body: rosterBody(true) });
    await page.getByRole('tab', { name: 'Agents', exact: true }).click();
    await expect.poll(() => countText(panel)).toMatch(/^2 of 2 agents/);

    await page.getByRole('button', { name: /^On a call 1$/ }).click();
    await expect.poll(() => countText(panel)).toMatch(/^1 of 2 agents/);
    expect(await tabStops(panel)).toEqual(['On a call 1']);

    // Li Na's call ends: the filter's chip stays, at 0, pressed and reachable.
    emulator.clearFaults();
    emulator.injectFault('allAgent', { kind: 'raw-body', body: rosterBody(false) });
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => countText(panel)).toMatch(/^0 of 2 agents/);
    const zero = page.getByRole('button', { name: /^On a call 0$/ });
    expect(await zero.getAttribute('aria-pressed')).toBe('true');
    expect(await tabStops(panel)).toEqual(['On a call 0']);

    // The arrow keys move the one Tab stop, and a re-render keeps it where they left it.
    await zero.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => tabStops(panel)).toEqual(['Idle 2']);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Idle 2');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => panel.requests('/allagent').length).toBeGreaterThanOrEqual(3);
    expect(await tabStops(panel)).toEqual(['Idle 2']);

    // Clearing the filter lets the 0 chip go; the Tab stop falls back to All when its chip leaves.
    await page.getByRole('button', { name: /^On a call 0$/ }).click();
    await expect.poll(() => countText(panel)).toMatch(/^2 of 2 agents/);
    expect(await page.getByRole('button', { name: /^On a call/ }).count()).toBe(0);
    expect(await tabStops(panel)).toEqual(['All 2']);
  });

  it('measures the list that is mounted after a search with no match', async () => {
    const panel = await rosterShown();
    const { page } = panel;
    const search = page.getByLabel('Search by ID or name');
    await search.fill('no such agent');
    await expect.poll(() => countText(panel)).toMatch(/^0 of 61 agents/);
    await search.fill('');
    await expect.poll(() => countText(panel)).toMatch(/^61 of 61 agents/);
    // The window grows: the new list's rows fill it.
    await page.setViewportSize({ width: 460, height: 1600 });
    await expect
      .poll(() =>
        page.evaluate(() => {
          const scroller = document.querySelector('.roster-scroll')!;
          const bottom = scroller.getBoundingClientRect().bottom;
          const rows = [...scroller.querySelectorAll('.roster-row')].map((row) => row.getBoundingClientRect().bottom);
          return Math.max(...rows) >= bottom;
        }),
      )
      .toBe(true);
  });
});
