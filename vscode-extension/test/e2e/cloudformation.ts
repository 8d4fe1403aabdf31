// A CloudFormation template (workspace/template.yaml) with a stage name that has a space and CORS
// with credentials and `*`; then the settings, and a YAML file that is not a template.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

import {
  applyQuickFix,
  eventually,
  expectProblems,
  expectRuleHover,
  expectSquiggles,
  fileRow,
  goTo,
  openFile,
  outputLog,
  problemRow,
  problems,
  relatedRow,
  screenshot,
  showProblems,
  squiggles,
  step,
  workspace,
} from './harness';

const FILE = 'template.yaml';
const STAGE = problemRow(
  'AGW301',
  'stage name `prod v1` contains a space: a stage name is `$default` or up to 128 letters, digits, `-` and `_` (fix: Rename the stage to `prod-v1`)',
  32,
  18,
);
const CORS = problemRow(
  'AGW501',
  "the origin `*` cannot be combined with `AllowCredentials: true`: API Gateway rejects it (\"allow-credentials is not supported if 'allow-origin' is *\") (fix: Set `AllowCredentials` to `false`)",
  10,
  24,
);
const CORS_CREDENTIALS = relatedRow(FILE, 11, 27, 'credentials are allowed here');

export function cloudFormationTests(): void {
  test('a template gets our diagnostics as squiggles and in the Problems panel', { timeout: 120_000 }, async () => {
    await step('cfn-diagnostics', async () => {
      await openFile(FILE, 'AWSTemplateFormatVersion');
      const inView = await expectSquiggles('error', [10, 32]);
      assert.ok(inView.includes(10) && inView.includes(32), `the problems' lines are in view: ${inView}`);
      await showProblems();
      // The file, its two problems, and the related location of the CORS one.
      await expectProblems([fileRow(FILE, 2), CORS, CORS_CREDENTIALS, STAGE]);
      await screenshot('cfn-1-diagnostics');
    });
  });

  // images/hover.png is this step's screenshot.
  test('hover on a diagnostic explains it and links its rule page', { timeout: 60_000 }, async () => {
    await step('cfn-hover', async () => {
      const shows = ['Why: The stage name is the first segment of the invoke URL', 'AGW301 invalid-stage-name'];
      await expectRuleHover(32, 20, 'AGW301 invalid-stage-name', shows, 'cfn-2-hover');
    });
  });

  test('the quick fix renames the stage and its diagnostic goes away', { timeout: 60_000 }, async () => {
    await step('cfn-quick-fix', async () => {
      const offered = ['Rename the stage to `prod-v1`', 'Ignore AGW301 for `ProdStage` (in its Metadata)'];
      await applyQuickFix(32, 20, offered, 'cfn-3-quick-fix', 'StageName: prod-v1');
      assert.ok((await expectSquiggles('error', [10])).includes(32));
      await expectProblems([fileRow(FILE, 1), CORS, CORS_CREDENTIALS]);
      await screenshot('cfn-4-fixed');
    });
  });

  test('a severity setting reaches the running server, and so does its removal', { timeout: 90_000 }, async () => {
    await step('cfn-settings', async () => {
      await openFile(FILE, 'StageName: prod-v1');
      await goTo(10, 24);
      assert.ok((await expectSquiggles('error', [10])).includes(10));
      // A workspace setting, as the settings editor writes it; VS Code watches the file.
      const settings = path.join(workspace, '.vscode', 'settings.json');
      fs.mkdirSync(path.dirname(settings));
      try {
        fs.writeFileSync(settings, JSON.stringify({ 'apigwLint.severity': { AGW501: 'Warning' } }));
        await expectSquiggles('warning', [10]);
        await expectSquiggles('error', []);
        // The row's text is the same; its icon says warning.
        await expectProblems([fileRow(FILE, 1), CORS, CORS_CREDENTIALS]);
        await screenshot('cfn-5-severity-setting');
      } finally {
        // The next tests expect the rules' own severities (and a workspace as it was).
        fs.rmSync(path.dirname(settings), { recursive: true });
      }
      await expectSquiggles('error', [10]);
      await expectSquiggles('warning', []);
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
      assert.equal(await squiggles().count(), 0);
      const rows = await problems();
      assert.ok(!rows.some((row) => row.includes('services.yaml')), JSON.stringify(rows));
      await screenshot('cfn-6-not-a-template');
    });
  });
}
