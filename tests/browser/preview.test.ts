import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PREVIEW_STRINGS } from '@app/i18n/preview';
import { launchChromium, type Panel } from '@support/browser-harness';
import { chooseLanguage, resultText, signIn, startWhisper, statusText } from '@support/browser-panel-actions';

/**
 * `npm run preview` as a newcomer uses it: started as a child process, its printed URL opened in Chromium,
 * the panel signed in, a whisper to 1002 started and stopped by hand; and the bridge refuses whatever does
 * not carry the printed token.
 */
const ROOT = path.resolve(__dirname, '../..');
const URL_LINE = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/;

let preview: ChildProcess;
let output = '';
let pageUrl = '';
let origin = '';
let browser: Browser;

beforeAll(async () => {
  // Its own process group, so the stop reaches npm, tsx and the preview alike.
  preview = spawn('npm', ['run', 'preview'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  preview.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  preview.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  pageUrl = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const found = URL_LINE.exec(output);
      if (found) resolve(found[1]!);
    };
    preview.stdout!.on('data', check);
    preview.on('exit', (code) => reject(new Error(`npm run preview exited (${code}) before printing its URL:\n${output}`)));
  });
  origin = new URL(pageUrl).origin;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (preview?.exitCode === null && preview.pid) process.kill(-preview.pid, 'SIGKILL');
});

/** The panel helpers read only `page`. */
const asPanel = (page: Page) => ({ page }) as Pick<Panel, 'page'> as Panel;

describe('npm run preview', () => {
  it('serves the real panel at the printed URL, badged Preview, and whispers to 1002 and stops by hand', async () => {
    expect(output).toContain('Sign in as inspector 101');
    const context = await browser.newContext({ viewport: { width: 480, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console ${message.text()}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`);
    });
    await page.goto(pageUrl);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const badge = page.getByTestId('preview-badge');
    expect(await badge.textContent()).toBe(PREVIEW_STRINGS.en.badge);
    expect(await badge.getAttribute('aria-label')).toBe(PREVIEW_STRINGS.en.explanation);

    const panel = asPanel(page);
    await signIn(panel);
    await startWhisper(panel, '1002');
    await expect.poll(() => statusText(panel), { timeout: 15_000 }).toContain('Whispering');
    expect(await statusText(panel)).toContain('1002');

    await chooseLanguage(panel, 'zh-CN');
    await expect.poll(() => badge.textContent()).toBe(PREVIEW_STRINGS['zh-CN'].badge);
    await chooseLanguage(panel, 'en');

    await page.getByRole('button', { name: 'Stop whispering' }).click();
    await expect.poll(() => resultText(panel), { timeout: 15_000 }).toContain('Stopped whispering to 1002.');
    expect(await statusText(panel)).toContain('Not monitoring anyone');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('refuses every request without the token, and a call from another origin even with it', async () => {
    const token = new URL(pageUrl).searchParams.get('token')!;
    const call = JSON.stringify({ channel: 'session:get-state', request: {} });
    expect((await fetch(`${origin}/`)).status).toBe(403);
    expect((await fetch(`${origin}/?token=wrong-${token}`)).status).toBe(403);
    expect((await fetch(`${origin}/__preview/bridge.js`)).status).toBe(403);
    expect((await fetch(`${origin}/__preview/events`)).status).toBe(403);
    const anonymous = await fetch(`${origin}/__preview/invoke`, { method: 'POST', headers: { origin }, body: call });
    expect(anonymous.status).toBe(403);
    expect(await anonymous.text()).toContain('open the URL `npm run preview` printed');
    const foreign = await fetch(`${origin}/__preview/invoke`, {
      method: 'POST',
      headers: { origin: 'http://127.0.0.1:1', 'x-whisper-preview-token': token },
      body: call,
    });
    expect(foreign.status).toBe(403);
    // The same call with the token, from the page's origin, is answered: the refusals above are the token's doing.
    const allowed = await fetch(`${origin}/__preview/invoke`, { method: 'POST', headers: { origin, 'x-whisper-preview-token': token }, body: call });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toHaveProperty('value');
  });

  it('stops on SIGTERM and closes its port', async () => {
    const exited = new Promise<void>((resolve) => preview.on('exit', () => resolve()));
    process.kill(-preview.pid!, 'SIGTERM');
    await exited;
    const answers = () => fetch(`${origin}/`).then(() => true, () => false);
    await expect.poll(answers, { timeout: 10_000 }).toBe(false);
  });
});
