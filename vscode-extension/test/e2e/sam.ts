// A SAM template (workspace/sam-template.yaml): an `AWS::Serverless::HttpApi` with a stage name
// that has a space and CORS with credentials and `*`; a second one on the same custom domain, both
// without `BasePath`, so both map the domain's empty path; a function whose `HttpApi` event names an
// Api that does not exist.

import * as assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  applyQuickFix,
  expectProblems,
  expectRuleHover,
  expectSquiggles,
  fileRow,
  goTo,
  openFile,
  problemRow,
  relatedRow,
  screenshot,
  showProblems,
  step,
} from './harness';

const FILE = 'sam-template.yaml';
const STAGE = problemRow(
  'AGW301',
  'stage name `prod v1` contains a space: a stage name is `$default` or up to 128 letters, digits, `-` and `_` (fix: Rename the stage to `prod-v1`)',
  17,
  18,
);
const CORS = [
  problemRow(
    'AGW501',
    "the origin `*` cannot be combined with `AllowCredentials: true`: API Gateway rejects it (\"allow-credentials is not supported if 'allow-origin' is *\") (fix: Set `AllowCredentials` to `false`)",
    19,
    24,
  ),
  relatedRow(FILE, 20, 27, 'credentials are allowed here'),
];
const DOMAIN = [
  problemRow('AGW401', '2 API mappings on this domain have no `BasePath`; a domain has only one empty path', 30, 21),
  relatedRow(FILE, 22, 7, '`OrdersApi` also maps the empty path'),
];
const EVENT_API = problemRow('AGW804', 'no resource of this template is named `OrderApi`: `ApiId` must name an `AWS::Serverless::HttpApi`', 55, 20);
/** The lines of the problems, all errors. */
const LINES = [17, 19, 30, 55];

export function samTests(): void {
  test('a SAM template gets our diagnostics as squiggles and in the Problems panel', { timeout: 120_000 }, async () => {
    await step('sam-diagnostics', async () => {
      await openFile(FILE, 'Transform: AWS::Serverless-2016-10-31');
      // The file is longer than the view: each problem's line in turn.
      for (const line of LINES) {
        await goTo(line, 1);
        const inView = await expectSquiggles('error', LINES);
        assert.ok(inView.includes(line), `line ${line} is in view: ${inView}`);
      }
      await showProblems();
      await expectProblems([fileRow(FILE, 4), STAGE, ...CORS, ...DOMAIN, EVENT_API]);
      await screenshot('sam-1-diagnostics');
    });
  });

  test('hover on a SAM diagnostic explains it and links its rule page', { timeout: 60_000 }, async () => {
    await step('sam-hover', async () => {
      const shows = ['Why: SAM attaches HttpApi events only to AWS::Serverless::HttpApi resources', "ApiId must be a valid reference to an 'AWS::Serverless::HttpApi' resource in same template"];
      await expectRuleHover(55, 22, 'AGW804 sam-unknown-api', shows, 'sam-2-hover');
    });
  });

  // images/quick-fix.png is this step's screenshot.
  test('the quick fix on the SAM CORS configuration applies and its diagnostic goes away', { timeout: 60_000 }, async () => {
    await step('sam-quick-fix', async () => {
      const offered = ['Set `AllowCredentials` to `false`', 'Ignore AGW501 for `OrdersApi` (in its Metadata)'];
      await applyQuickFix(19, 25, offered, 'sam-3-quick-fix', 'AllowCredentials: false');
      assert.ok((await expectSquiggles('error', [17, 30, 55])).includes(19));
      await expectProblems([fileRow(FILE, 3), STAGE, ...DOMAIN, EVENT_API]);
      await screenshot('sam-4-fixed');
    });
  });
}
