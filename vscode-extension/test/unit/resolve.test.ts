import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';

import { Inputs, resolveServer } from '../../src/resolve';

// Real files in a temporary folder: an extension with a bundled binary, a folder on PATH, an
// explicitly configured binary and a file that is not executable.
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-lint-resolve-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

function file(relative: string, mode: number): string {
  const location = path.join(root, relative);
  fs.mkdirSync(path.dirname(location), { recursive: true });
  fs.writeFileSync(location, '#!/bin/sh\n');
  fs.chmodSync(location, mode);
  return location;
}

const bundled = file('extension/bin/linux-x64/apigw-lint', 0o755);
const onPath = file('usr/bin/apigw-lint', 0o755);
const configured = file('workspace/tools/apigw-lint', 0o755);
const fromEnvironment = file('opt/apigw-lint', 0o755);
const notExecutable = file('usr/local/bin/apigw-lint', 0o644);

function inputs(overrides: Partial<Inputs>): Inputs {
  return {
    setting: '',
    environment: { PATH: [path.join(root, 'usr/local/bin'), path.join(root, 'usr/bin')].join(':') },
    extensionPath: path.join(root, 'extension'),
    workspaceFolder: path.join(root, 'workspace'),
    platform: 'linux',
    arch: 'x64',
    ...overrides,
  };
}

test('the setting comes first, relative to the workspace folder', () => {
  const environment = { ...inputs({}).environment, APIGW_LINT_PATH: fromEnvironment };
  assert.deepEqual(resolveServer(inputs({ setting: 'tools/apigw-lint', environment })), {
    found: true,
    path: configured,
    source: 'setting',
  });
  assert.deepEqual(resolveServer(inputs({ setting: ` ${configured} ` })), { found: true, path: configured, source: 'setting' });
});

test('then the environment variable', () => {
  const environment = { ...inputs({}).environment, APIGW_LINT_PATH: fromEnvironment };
  assert.deepEqual(resolveServer(inputs({ environment })), { found: true, path: fromEnvironment, source: 'environment' });
});

test('then the binary bundled for this platform and architecture', () => {
  assert.deepEqual(resolveServer(inputs({})), { found: true, path: bundled, source: 'bundled' });
});

test('then PATH, skipping a file that is not executable', () => {
  assert.deepEqual(resolveServer(inputs({ arch: 'arm64' })), { found: true, path: onPath, source: 'PATH' });
});

test('an explicit path that is wrong is an error, not a silent fallback', () => {
  const missing = path.join(root, 'workspace/missing/apigw-lint');
  assert.deepEqual(resolveServer(inputs({ setting: 'missing/apigw-lint' })), {
    found: false,
    message: `apigw-lint: the setting \`apigwLint.path\` names ${missing}, which is not an executable file. Correct it, or clear it to use the bundled binary or the one on PATH.`,
  });
  const environment = { ...inputs({}).environment, APIGW_LINT_PATH: notExecutable };
  assert.deepEqual(resolveServer(inputs({ environment })), {
    found: false,
    message: `apigw-lint: the environment variable APIGW_LINT_PATH names ${notExecutable}, which is not an executable file. Correct it, or clear it to use the bundled binary or the one on PATH.`,
  });
});

test('nothing found: a message that says what to do', () => {
  const resolution = resolveServer(inputs({ arch: 'arm64', environment: { PATH: path.join(root, 'usr/local/bin') } }));
  assert.deepEqual(resolution, {
    found: false,
    message:
      'apigw-lint: no server binary found (this package bundles none for linux-arm64, and `apigw-lint` is not on PATH). ' +
      'Install it (`cargo install --locked --git https://github.com/apigw-lint/apigw-lint apigw-lint`), then set `apigwLint.path` to it or put it on PATH, and restart the server.',
  });
});

test('on Windows the binary is apigw-lint.exe, found through Path without an execute bit', () => {
  const exe = file('windows/bin/apigw-lint.exe', 0o644);
  const resolution = resolveServer(inputs({ platform: 'win32', environment: { Path: `${path.join(root, 'usr/bin')};${path.dirname(exe)}` } }));
  assert.deepEqual(resolution, { found: true, path: exe, source: 'PATH' });
});

test('~ is the home folder', () => {
  const home = process.env.HOME;
  process.env.HOME = path.join(root, 'workspace');
  try {
    assert.deepEqual(resolveServer(inputs({ setting: '~/tools/apigw-lint', workspaceFolder: undefined })), {
      found: true,
      path: configured,
      source: 'setting',
    });
  } finally {
    process.env.HOME = home;
  }
});
