// The extension in a real VS Code: code-server (started by scripts/test-vscode with the packaged
// .vsix installed, on VSCODE_URL, with VSCODE_WORKSPACE open) driven through Debian's chromium.
// Screenshots of each step go to VSCODE_ARTEFACTS. Every wait is bounded.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { BrowserContext, Page, chromium } from 'playwright-core';

const url = required('VSCODE_URL');
const workspace = required('VSCODE_WORKSPACE');
const artefacts = required('VSCODE_ARTEFACTS');
/** code-server's user-data folder: its logs hold the extension's output channel. */
const userData = required('VSCODE_USER_DATA');

const WAIT = 30_000;
let context: BrowserContext;
let page: Page;
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-lint-chromium-'));

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`${name} is not set: run scripts/test-vscode`);
  }
  return value;
}

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(artefacts, `${name}.png`) });
}

/**
 * Runs a step; on failure, a screenshot named after it is kept, and a menu or hover it left open
 * is closed so that the next step starts clean.
 */
async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await screenshot(`failed-${name}`).catch(() => undefined);
    await page.keyboard.press('Escape').catch(() => undefined);
    throw error;
  }
}

/** Opens a file from the explorer; done when its tab is the active one and its text is shown. */
async function openFile(name: string, text: string): Promise<void> {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().click({ timeout: WAIT });
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: WAIT });
  await page.locator('.editor-instance .monaco-editor .view-lines').filter({ hasText: text }).first().waitFor({ timeout: WAIT });
}

/** Puts the cursor at a 1-based line and column with "Go to Line/Column". */
async function goTo(line: number, column: number): Promise<void> {
  await page.locator('.editor-instance .monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+G');
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
}

/** The Problems panel's rows, as text. */
async function problems(): Promise<string[]> {
  return page.locator('.markers-panel .monaco-list-row').allInnerTexts();
}

/** Polls until a condition on a value holds; fails with the last value after the timeout. */
async function eventually<T>(read: () => Promise<T>, holds: (value: T) => boolean, what: string): Promise<T> {
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

before(async () => {
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
});

after(async () => {
  await context?.close();
  fs.rmSync(profile, { recursive: true, force: true });
});

const STAGE =
  'stage name `prod v1` contains a space: a stage name is `$default` or up to 128 letters, digits, `-` and `_` (fix: Rename the stage to `prod-v1`)';
const CORS =
  "the origin `*` cannot be combined with `AllowCredentials: true`: API Gateway rejects it (\"allow-credentials is not supported if 'allow-origin' is *\") (fix: Set `AllowCredentials` to `false`)";

test('a template gets our diagnostics as squiggles and in the Problems panel', { timeout: 120_000 }, async () => {
  await step('diagnostics', async () => {
    await openFile('template.yaml', 'AWSTemplateFormatVersion');
    await eventually(() => page.locator('.editor-instance .squiggly-error').count(), (count) => count === 2, 'error squiggles');
    await page.keyboard.press('Control+Shift+M');
    // The file, its two problems, and the related location of the CORS one.
    const rows = await eventually(problems, (rows) => rows.length === 4, 'Problems rows');
    assert.deepEqual(rows, [
      'template.yaml\n2',
      `${CORS}\napigw-lint\nAGW501\n[Ln 10, Col 24]`,
      'template.yaml\n[Ln 11, Col 27]\n:\ncredentials are allowed here',
      `${STAGE}\napigw-lint\nAGW301\n[Ln 32, Col 18]`,
    ]);
    await screenshot('1-diagnostics');
  });
});

test('hover on a diagnostic shows its rule documentation', { timeout: 60_000 }, async () => {
  await step('hover', async () => {
    await goTo(32, 20);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: 'AGW301 invalid-stage-name' });
    await hover.waitFor({ timeout: WAIT });
    const text = await hover.innerText();
    assert.ok(text.includes('Default severity: error. Fix: unsafe'), text);
    assert.ok(text.includes('What it checks'), text);
    await screenshot('2-hover');
    await page.keyboard.press('Escape');
  });
});

test('the quick fix renames the stage and its diagnostic goes away', { timeout: 60_000 }, async () => {
  await step('quick-fix', async () => {
    await goTo(32, 20);
    // Squiggles are drawn for the lines in view only: count the ones in this view before and after.
    const squiggles = page.locator('.editor-instance .squiggly-error');
    const before = await squiggles.count();
    assert.ok(before >= 1, `the stage name's squiggle is in view: ${before}`);
    await page.keyboard.press('Control+.');
    // The menu opens with its first entry focused; Enter applies it (a click is intercepted by
    // the menu's pointer block).
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    await focused.filter({ hasText: 'Rename the stage to `prod-v1`' }).waitFor({ timeout: WAIT });
    const offered = await page.locator('.action-widget .monaco-list-row').allInnerTexts();
    assert.deepEqual(offered, ['Quick Fix', 'Rename the stage to `prod-v1`', 'Ignore AGW301 for `ProdStage` (in its Metadata)']);
    await screenshot('3-quick-fix');
    await page.keyboard.press('Enter');
    await page.locator('.editor-instance .view-lines').filter({ hasText: 'StageName: prod-v1' }).waitFor({ timeout: WAIT });
    await eventually(() => squiggles.count(), (count) => count === before - 1, 'error squiggles in view');
    const rows = await eventually(problems, (rows) => rows.length === 3, 'Problems rows');
    assert.deepEqual(rows, ['template.yaml\n1', `${CORS}\napigw-lint\nAGW501\n[Ln 10, Col 24]`, 'template.yaml\n[Ln 11, Col 27]\n:\ncredentials are allowed here']);
    await screenshot('4-fixed');
  });
});

/** The log of the extension's output channel (with {log: true}, a file of code-server's logs). */
function outputLog(): string {
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

test('a severity setting reaches the running server', { timeout: 60_000 }, async () => {
  await step('settings', async () => {
    await openFile('template.yaml', 'StageName: prod-v1');
    await goTo(10, 24);
    const error = page.locator('.editor-instance .squiggly-error');
    const warning = page.locator('.editor-instance .squiggly-warning');
    await eventually(() => error.count(), (count) => count === 1, 'the CORS error squiggle');
    // A workspace setting, as the settings editor writes it; VS Code watches the file.
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'apigwLint.severity': { AGW501: 'Warning' } }));
    await eventually(() => warning.count(), (count) => count === 1, 'a warning squiggle instead');
    assert.equal(await error.count(), 0);
    const rows = await eventually(problems, (rows) => rows.length === 3 && rows[0] === 'template.yaml\n1', 'Problems rows');
    assert.equal(rows[1], `${CORS}\napigw-lint\nAGW501\n[Ln 10, Col 24]`);
    await screenshot('5-severity-setting');
  });
});

// A compose file's content under a name VS Code leaves as YAML (it gives `docker-compose.yaml` a
// language of its own, which our document selector does not take): the server gets it and must
// find no template in it.
test('a YAML file that is not a template gets no diagnostics', { timeout: 60_000 }, async () => {
  await step('not-a-template', async () => {
    await openFile('services.yaml', 'services:');
    // The server answers every document it is given: wait for its (empty) answer for this one,
    // traced in the output channel, before looking for what it must not show.
    const published = /Received notification 'textDocument\/publishDiagnostics'[^\n]*\n[^\n]*Params: \{\s*"uri": "file:\/\/[^"]*\/services\.yaml",\s*"diagnostics": \[\]/;
    await eventually(async () => published.test(outputLog()), (seen) => seen, 'the empty diagnostics of services.yaml in the trace');
    assert.equal(await page.locator('.editor-instance .squiggly-error, .editor-instance .squiggly-warning, .editor-instance .squiggly-info').count(), 0);
    const rows = await problems();
    assert.ok(!rows.some((row) => row.includes('services.yaml')), JSON.stringify(rows));
    await screenshot('6-not-a-template');
  });
});
