// A SAM template (workspace/sam-template.yaml): an `AWS::Serverless::HttpApi` with a stage name
// that has a space, CORS with credentials and `*`, and two base paths that both map the domain's
// empty path; a function whose `HttpApi` event names an Api that does not exist.

import * as assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  editorShows,
  expectProblems,
  expectSquiggles,
  fileRow,
  goTo,
  hoverAt,
  openFile,
  page,
  problemRow,
  quickFixMenu,
  relatedRow,
  screenshot,
  showProblems,
  step,
} from './harness';

const FILE = 'sam-template.yaml';
const STAGE = problemRow(
  'AGW301',
  'stage name `prod v1` contains a space: a stage name is `$default` or up to 128 letters, digits, `-` and `_` (fix: Rename the stage to `prod-v1`)',
  13,
  18,
);
const CORS = [
  problemRow(
    'AGW501',
    "the origin `*` cannot be combined with `AllowCredentials: true`: API Gateway rejects it (\"allow-credentials is not supported if 'allow-origin' is *\") (fix: Set `AllowCredentials` to `false`)",
    18,
    24,
  ),
  relatedRow(FILE, 19, 27, 'credentials are allowed here'),
];
const BASE_PATHS = [
  problemRow('AGW401', '2 API mappings on this domain have no `ApiMappingKey`; a domain has only one empty path', 22, 21),
  relatedRow(FILE, 24, 20, '`OrdersApi` also maps the empty path'),
];
const EVENT_API = problemRow('AGW804', 'no resource of this template is named `OrderApi`: `ApiId` must name an `AWS::Serverless::HttpApi`', 48, 20);

export function samTests(): void {
  test('a SAM template gets our diagnostics as squiggles and in the Problems panel', { timeout: 120_000 }, async () => {
    await step('sam-diagnostics', async () => {
      await openFile(FILE, 'Transform: AWS::Serverless-2016-10-31');
      const inView = await expectSquiggles('error', [13, 18, 22, 48]);
      assert.ok(inView.includes(13) && inView.includes(22), `the first lines are in view: ${inView}`);
      // The last problem's line, at the end of the file, once it is in view.
      await goTo(48, 20);
      assert.ok((await expectSquiggles('error', [13, 18, 22, 48])).includes(48));
      await showProblems();
      await expectProblems([fileRow(FILE, 4), STAGE, ...CORS, ...BASE_PATHS, EVENT_API]);
      await screenshot('sam-1-diagnostics');
    });
  });

  test('hover on a SAM diagnostic shows its rule documentation', { timeout: 60_000 }, async () => {
    await step('sam-hover', async () => {
      const text = await hoverAt(48, 22, 'AGW804 sam-unknown-api');
      assert.ok(text.includes('Default severity: error. Fix: none.'), text);
      assert.ok(text.includes("ApiId must be a valid reference to an 'AWS::Serverless::HttpApi' resource in same template"), text);
      await screenshot('sam-2-hover');
      await page.keyboard.press('Escape');
    });
  });

  // images/quick-fix.png is this step's screenshot.
  test('the quick fix on the SAM CORS configuration applies and its diagnostic goes away', { timeout: 60_000 }, async () => {
    await step('sam-quick-fix', async () => {
      const menu = await quickFixMenu(18, 25, ['Set `AllowCredentials` to `false`', 'Ignore AGW501 for `OrdersApi` (in its Metadata)']);
      await screenshot('sam-3-quick-fix');
      await menu.apply();
      await editorShows('AllowCredentials: false');
      assert.ok((await expectSquiggles('error', [13, 22, 48])).includes(18));
      await expectProblems([fileRow(FILE, 3), STAGE, ...BASE_PATHS, EVENT_API]);
      await screenshot('sam-4-fixed');
    });
  });
}
