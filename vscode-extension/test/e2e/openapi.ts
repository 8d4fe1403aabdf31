// A standalone OpenAPI 3.0 definition of an HTTP API (workspace/openapi.yaml), recognised by its
// content: operations that name a security scheme by a name it no longer has, and an integration
// with a misspelt HTTP method.

import * as assert from 'node:assert/strict';
import { test } from 'node:test';

import { expectProblems, expectSquiggles, fileRow, openFile, problemRow, screenshot, showProblems, step } from './harness';

const FILE = 'openapi.yaml';
const UNKNOWN_SCHEME = 'no security scheme is named `ordersAuth` in `components.securitySchemes`';

export function openApiTests(): void {
  test('an OpenAPI definition gets our diagnostics as squiggles and in the Problems panel', { timeout: 120_000 }, async () => {
    await step('openapi-diagnostics', async () => {
      await openFile(FILE, 'openapi: 3.0.1');
      const inView = await expectSquiggles('error', [9, 17, 20]);
      assert.ok(inView.includes(20), `the problems' lines are in view: ${inView}`);
      await showProblems();
      await expectProblems([
        fileRow(FILE, 3),
        problemRow('AGW803', UNKNOWN_SCHEME, 9, 11),
        problemRow('AGW803', UNKNOWN_SCHEME, 17, 11),
        problemRow('AGW802', '`PUSH` is not an HTTP method', 20, 21),
      ]);
      await screenshot('openapi-1-diagnostics');
    });
  });
}
