// A real VS Code for the end-to-end tests: code-server (started by scripts/test-vscode with the
// packaged .vsix installed, on VSCODE_URL, with VSCODE_WORKSPACE open) driven through Debian's
// chromium, and the steps the tests take in it. Screenshots go to VSCODE_ARTEFACTS. Every wait is
// bounded.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe } from 'node:test';
import { BrowserContext, Locator, Page, chromium } from 'playwright-core';

export const workspace = required('VSCODE_WORKSPACE');
const url = required('VSCODE_URL');
const artefacts = required('VSCODE_ARTEFACTS');
/** code-server's user-data folder: its logs hold the extension's output channel. */
const userData = required('VSCODE_USER_DATA');

const WAIT = 30_000;
let context: BrowserContext | undefined;
export let page: Page;
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-lint-chromium-'));

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`${name} is not set: run scripts/test-vscode`);
  }
  return value;
}

/** Opens the workspace in a fresh chromium; done when the explorer shows its files. */
export async function openVsCode(): Promise<void> {
  fs.mkdirSync(artefacts, { recursive: true });
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 850 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`, { timeout: WAIT });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
}

export async function closeVsCode(): Promise<void> {
  await context?.close();
  fs.rmSync(profile, { recursive: true, force: true });
}

/**
 * The tests on one workspace file: they run in order, and end by closing every editor, so that the
 * Problems panel of the next suite shows its own file only (the server clears a closed file's
 * problems).
 */
export function suite(name: string, tests: () => void): void {
  describe(name, () => {
    tests();
    after(closeEditors);
  });
}

export async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(artefacts, `${name}.png`) });
}

/**
 * Runs a step; on failure, a screenshot named after it is kept, and a menu or hover it left open
 * is closed so that the next step starts clean.
 */
export async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await screenshot(`failed-${name}`).catch(() => undefined);
    await page.keyboard.press('Escape').catch(() => undefined);
    throw error;
  }
}

/** An element whose whole text is `text` (the explorer and the tabs also show problem counts). */
function named(text: string): Locator {
  return page.getByText(text, { exact: true });
}

/** Opens a file from the explorer; done when its tab is the active one and its text is shown. */
export async function openFile(name: string, text: string): Promise<void> {
  await page.locator('.explorer-folders-view .monaco-list-row').filter({ has: named(name) }).click({ timeout: WAIT });
  await page.locator('.tabs-container .tab.active').filter({ has: named(name) }).waitFor({ timeout: WAIT });
  await page.locator('.editor-instance .monaco-editor .view-lines').filter({ hasText: text }).first().waitFor({ timeout: WAIT });
}

/** Runs a command from the command palette by its exact label. */
async function command(label: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: WAIT });
  await input.fill(`>${label}`);
  await page.locator('.quick-input-widget .monaco-list-row.focused').filter({ has: page.getByText(label, { exact: true }) }).waitFor({ timeout: WAIT });
  await page.keyboard.press('Enter');
}

/** Saves and closes every editor; done when the Problems panel is empty. */
async function closeEditors(): Promise<void> {
  await step('close-editors', async () => {
    await command('File: Save All Files');
    await command('View: Close All Editors');
    await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout: WAIT });
    await eventually(problems, (rows) => rows.length === 0, 'Problems rows once every editor is closed');
  });
}

/** Puts the cursor at a 1-based line and column with "Go to Line/Column". */
export async function goTo(line: number, column: number): Promise<void> {
  await page.locator('.editor-instance .monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+G');
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
}

/** The squiggles of one severity, or of any, in the lines in view (the editor draws no others). */
export function squiggles(severity?: 'error' | 'warning' | 'info'): Locator {
  const severities = severity === undefined ? ['error', 'warning', 'info'] : [severity];
  return page.locator(severities.map((each) => `.editor-instance .squiggly-${each}`).join(', '));
}

/**
 * The lines in view and the lines with a squiggle among them (of one severity, or of any): the
 * editor draws the lines in view only, each line's decorations and its number in a row of their
 * own layer, at the same height.
 */
export async function squiggledLines(severity?: 'error' | 'warning' | 'info'): Promise<{ inView: number[]; squiggled: number[] }> {
  const selector = squiggles(severity);
  const squiggledTops = await selector.evaluateAll((found) => found.map((squiggle) => (squiggle.parentElement as HTMLElement).style.top));
  const numbered = await page.locator('.editor-instance .margin-view-overlays > div').evaluateAll((rows) =>
    rows.map((row) => ({ top: (row as HTMLElement).style.top, line: Number(row.querySelector('.line-numbers')?.textContent) })),
  );
  const lineAt = new Map(numbered.map(({ top, line }) => [top, line]));
  const squiggled = [...new Set(squiggledTops.map((top) => lineAt.get(top) ?? Number.NaN))];
  return { inView: numbered.map(({ line }) => line).sort((a, b) => a - b), squiggled: squiggled.sort((a, b) => a - b) };
}

/**
 * Waits until exactly the lines of `lines` that are in view have squiggles of this severity (a
 * line out of view has none drawn). Returns the lines in view.
 */
export async function expectSquiggles(severity: 'error' | 'warning' | 'info', lines: number[]): Promise<number[]> {
  const shown = await eventually(
    () => squiggledLines(severity),
    ({ inView, squiggled }) => JSON.stringify(squiggled) === JSON.stringify(lines.filter((line) => inView.includes(line))),
    `lines with ${severity} squiggles`,
  );
  return shown.inView;
}

/** Opens the Problems panel (Ctrl+Shift+M, which closes it when it is open and focused). */
export async function showProblems(): Promise<void> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) {
    await page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ timeout: WAIT });
  }
}

/** The Problems panel's rows, as text. */
export async function problems(): Promise<string[]> {
  return page.locator('.markers-panel .monaco-list-row').allInnerTexts();
}

/** The rows of the Problems panel, as the helpers below spell them, once they are exactly these. */
export async function expectProblems(rows: string[]): Promise<void> {
  await eventually(problems, (shown) => JSON.stringify(shown) === JSON.stringify(rows), 'Problems rows');
}

/** A file's row in the Problems panel: its name and its number of problems. */
export function fileRow(file: string, count: number): string {
  return `${file}\n${count}`;
}

/** A problem's row: its message, source, code and 1-based position. */
export function problemRow(code: string, message: string, line: number, column: number): string {
  return `${message}\napigw-lint\n${code}\n[Ln ${line}, Col ${column}]`;
}

/** The row of a problem's related location, under the problem. */
export function relatedRow(file: string, line: number, column: number, message: string): string {
  return `${file}\n[Ln ${line}, Col ${column}]\n:\n${message}`;
}

/**
 * Shows the hover at a position from the keyboard (Ctrl+K Ctrl+I), waits for the one that holds
 * `title`, and returns its text; the hover is left open for a screenshot.
 */
async function hoverAt(line: number, column: number, title: string): Promise<string> {
  await goTo(line, column);
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: title });
  await hover.waitFor({ timeout: WAIT });
  return hover.innerText();
}

/**
 * Opens the quick fix menu (Ctrl+.) at a position and waits until it offers exactly `offered`, the
 * first focused; `apply` then applies that first fix. Split so that a screenshot fits between.
 */
async function quickFixMenu(line: number, column: number, offered: string[]): Promise<{ apply: () => Promise<void> }> {
  await goTo(line, column);
  await page.keyboard.press('Control+.');
  const focused = page.locator('.action-widget .monaco-list-row.focused');
  await focused.filter({ hasText: offered[0] }).waitFor({ timeout: WAIT });
  assert.deepEqual(await page.locator('.action-widget .monaco-list-row').allInnerTexts(), ['Quick Fix', ...offered]);
  // Enter, not a click: the menu's pointer block intercepts clicks.
  return { apply: () => page.keyboard.press('Enter') };
}

/** The hover on a diagnostic shows its rule page with each of `shows`; screenshot `shot`, then closed. */
export async function expectRuleHover(line: number, column: number, title: string, shows: string[], shot: string): Promise<void> {
  const text = await hoverAt(line, column, title);
  for (const part of shows) {
    assert.ok(text.includes(part), text);
  }
  await screenshot(shot);
  await page.keyboard.press('Escape');
}

/**
 * Applies the first quick fix at a position, where the menu offers exactly `offered` (screenshot
 * `shot` of the open menu), and waits until the editor shows `result`.
 */
export async function applyQuickFix(line: number, column: number, offered: string[], shot: string, result: string): Promise<void> {
  const menu = await quickFixMenu(line, column, offered);
  await screenshot(shot);
  await menu.apply();
  await editorShows(result);
}

/** Waits until the editor shows `text` (after an edit). */
export async function editorShows(text: string): Promise<void> {
  await page.locator('.editor-instance .view-lines').filter({ hasText: text }).waitFor({ timeout: WAIT });
}

/** Polls until a condition on a value holds; fails with the last value after the timeout. */
export async function eventually<T>(read: () => Promise<T>, holds: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + WAIT;
  let value = await read();
  while (!holds(value)) {
    if (Date.now() > deadline) {
      assert.fail(`${what}: still ${JSON.stringify(value)} after ${WAIT} ms`);
    }
    await page.waitForTimeout(250);
    value = await read();
  }
  return value;
}

/** The log of the extension's output channel (with {log: true}, a file of code-server's logs). */
export function outputLog(): string {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const location = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        walk(location);
      } else if (entry.name.endsWith('apigw-lint.log')) {
        found.push(fs.readFileSync(location, 'utf8'));
      }
    }
  };
  walk(path.join(userData, 'logs'));
  return found.join('\n');
}
