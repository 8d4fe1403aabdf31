// The binary is looked up in order: explicit option → APIGW_LINT_PATH → bundled → PATH.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { resolveBinary } from '../src/binary';
import { ApigwLintValidator, toViolation, withNestedStacks } from '../src/index';

/** A folder with an executable `apigw-lint` in each of the named subfolders. */
function layout(...folders: string[]): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-lint-binary-'));
  for (const folder of folders) {
    fs.mkdirSync(path.join(root, folder), { recursive: true });
    fs.writeFileSync(path.join(root, folder, 'apigw-lint'), '#!/bin/sh\n', { mode: 0o755 });
  }
  return root;
}

const search = (root: string, env: NodeJS.ProcessEnv, explicit?: string) =>
  resolveBinary({ explicit, env, packageRoot: path.join(root, 'package'), platform: 'linux' });

test('an explicit option wins over everything', () => {
  const root = layout('explicit', 'env', 'package/bin', 'on-path');
  const env = { APIGW_LINT_PATH: path.join(root, 'env/apigw-lint'), PATH: path.join(root, 'on-path') };
  assert.equal(search(root, env, path.join(root, 'explicit/apigw-lint')), path.join(root, 'explicit/apigw-lint'));
});

test('then APIGW_LINT_PATH, then the bundled binary, then the PATH', () => {
  const root = layout('env', 'package/bin', 'on-path');
  const onPath = { PATH: ['/nonexistent', path.join(root, 'on-path')].join(':') };
  assert.equal(search(root, { ...onPath, APIGW_LINT_PATH: path.join(root, 'env/apigw-lint') }), path.join(root, 'env/apigw-lint'));
  assert.equal(search(root, onPath), path.join(root, 'package/bin/apigw-lint'));
  fs.rmSync(path.join(root, 'package'), { recursive: true });
  assert.equal(search(root, onPath), path.join(root, 'on-path/apigw-lint'));
});

test('a named binary that is missing or not executable is an error, not a fallback', () => {
  const root = layout('on-path');
  const env = { PATH: path.join(root, 'on-path') };
  assert.throws(() => search(root, env, path.join(root, 'missing')), /apigw-lint not found at .*missing \(from the `binary` option\)/);
  fs.writeFileSync(path.join(root, 'plain'), 'not executable', { mode: 0o644 });
  assert.throws(() => search(root, { ...env, APIGW_LINT_PATH: path.join(root, 'plain') }), /\(from APIGW_LINT_PATH\)/);
});

test('nothing anywhere says where it looked', () => {
  const root = layout();
  assert.throws(() => search(root, { PATH: '/nonexistent' }), /set the plugin's `binary` option or APIGW_LINT_PATH/);
});

test('a finding becomes a violation at its construct', () => {
  const violation = toViolation({
    file: 'cdk.out/Orders.template.json', code: 'AGW401', name: 'multiple-unkeyed-mappings', severity: 'error',
    message: '2 API mappings on this domain have no `ApiMappingKey`', line: 12, column: 5,
    resource: 'SecondMappingA1B2C3D4', construct: 'Orders/SecondMapping/Resource',
  });
  assert.deepEqual(violation, {
    ruleName: 'AGW401',
    description: 'AGW401 multiple-unkeyed-mappings: 2 API mappings on this domain have no `ApiMappingKey`',
    severity: 'error',
    violatingResources: [{
      resourceLogicalId: 'SecondMappingA1B2C3D4',
      templatePath: path.resolve('cdk.out/Orders.template.json'),
      locations: ['line 12, column 5'],
      constructPath: 'Orders/SecondMapping/Resource',
    }],
    ruleMetadata: { documentation: 'apigw-lint rule AGW401' },
  });
});

test('nested stack templates are validated with their parents', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-lint-nested-'));
  const stack = (asset: string) => ({ Type: 'AWS::CloudFormation::Stack', Metadata: { 'aws:asset:path': asset } });
  fs.writeFileSync(path.join(root, 'Parent.template.json'), JSON.stringify({ Resources: { Child: stack('Child.nested.template.json') } }));
  fs.writeFileSync(path.join(root, 'Child.nested.template.json'), JSON.stringify({ Resources: { Loop: stack('Child.nested.template.json') } }));
  assert.deepEqual(withNestedStacks([path.join(root, 'Parent.template.json')]), [
    path.join(root, 'Parent.template.json'),
    path.join(root, 'Child.nested.template.json'),
  ]);
});

test('a linter that cannot run fails the validation instead of passing it', () => {
  const validator = new ApigwLintValidator({ binary: '/nonexistent/apigw-lint' });
  const report = validator.validate({ templatePaths: [], appConstruct: undefined as never });
  assert.equal(report.success, false);
  assert.deepEqual(report.violations.map((violation) => violation.description), [
    'apigw-lint did not run: apigw-lint not found at /nonexistent/apigw-lint (from the `binary` option)',
  ]);
});
