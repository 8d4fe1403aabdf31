// Where the server binary comes from, in the order users expect: the `apigwLint.path` setting,
// the APIGW_LINT_PATH environment variable, the binary bundled in a platform-specific package,
// then `apigw-lint` on PATH. Kept free of `vscode` so that it is tested without an editor.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ENVIRONMENT_VARIABLE = 'APIGW_LINT_PATH';

export interface Inputs {
  /** The `apigwLint.path` setting; empty when unset. */
  setting: string;
  environment: NodeJS.ProcessEnv;
  /** The extension's install folder, which holds `bin/<platform>-<arch>/` when bundled. */
  extensionPath: string;
  /** The first workspace folder: a relative `apigwLint.path` is relative to it. */
  workspaceFolder?: string;
  platform: NodeJS.Platform;
  arch: string;
}

export type Source = 'setting' | 'environment' | 'bundled' | 'PATH';

export type Resolution =
  | { found: true; path: string; source: Source }
  | { found: false; message: string };

/** Finds the server binary; a path given explicitly (setting or variable) must exist. */
export function resolveServer(inputs: Inputs): Resolution {
  const executable = inputs.platform === 'win32' ? 'apigw-lint.exe' : 'apigw-lint';
  const explicit: [Source, string, string][] = [
    ['setting', inputs.setting.trim(), 'the setting `apigwLint.path`'],
    ['environment', (inputs.environment[ENVIRONMENT_VARIABLE] ?? '').trim(), `the environment variable ${ENVIRONMENT_VARIABLE}`],
  ];
  for (const [source, given, origin] of explicit) {
    if (given === '') {
      continue;
    }
    const candidate = absolute(given, inputs.workspaceFolder);
    if (isExecutableFile(candidate, inputs.platform)) {
      return { found: true, path: candidate, source };
    }
    return {
      found: false,
      message: `apigw-lint: ${origin} names ${candidate}, which is not an executable file. Correct it, or clear it to use the bundled binary or the one on PATH.`,
    };
  }
  const bundled = path.join(inputs.extensionPath, 'bin', `${inputs.platform}-${inputs.arch}`, executable);
  if (isExecutableFile(bundled, inputs.platform)) {
    return { found: true, path: bundled, source: 'bundled' };
  }
  const onPath = searchPath(executable, inputs.environment, inputs.platform);
  if (onPath !== undefined) {
    return { found: true, path: onPath, source: 'PATH' };
  }
  return {
    found: false,
    message:
      `apigw-lint: no server binary found (this package bundles none for ${inputs.platform}-${inputs.arch}, and \`${executable}\` is not on PATH). ` +
      `Install it (\`cargo install --locked --git https://github.com/apigw-lint/apigw-lint apigw-lint\`), then set \`apigwLint.path\` to it or put it on PATH, and restart the server.`,
  };
}

/** `~` is the home folder; a relative path is relative to the workspace folder. */
function absolute(given: string, workspaceFolder: string | undefined): string {
  if (given === '~' || given.startsWith('~/') || given.startsWith('~\\')) {
    return path.join(os.homedir(), given.slice(1));
  }
  if (path.isAbsolute(given) || workspaceFolder === undefined) {
    return path.resolve(given);
  }
  return path.resolve(workspaceFolder, given);
}

function searchPath(executable: string, environment: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  // Windows spells the variable `Path` and separates entries with `;`.
  const entries = (environment.PATH ?? environment.Path ?? '').split(platform === 'win32' ? ';' : ':');
  for (const folder of entries) {
    if (folder === '') {
      continue;
    }
    const candidate = path.join(folder, executable);
    if (isExecutableFile(candidate, platform)) {
      return candidate;
    }
  }
  return undefined;
}

function isExecutableFile(candidate: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(candidate).isFile()) {
      return false;
    }
    // Windows has no execute bit: an .exe file is enough.
    if (platform !== 'win32') {
      fs.accessSync(candidate, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}
