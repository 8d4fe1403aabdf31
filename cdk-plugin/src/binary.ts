// Where the apigw-lint binary is, looked up as the VS Code extension looks it up: an explicit
// option, then the APIGW_LINT_PATH environment variable, then a binary bundled in this package's
// bin/ folder, then the PATH.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface BinarySearch {
  /** A path given in the plugin's options. */
  readonly explicit?: string;
  /** The environment to read APIGW_LINT_PATH and PATH from. */
  readonly env: NodeJS.ProcessEnv;
  /** This package's folder, whose bin/ may hold a bundled binary. */
  readonly packageRoot: string;
  readonly platform: NodeJS.Platform;
}

/** The binary's path; an error that says what was tried when there is none. */
export function resolveBinary(search: BinarySearch): string {
  const exe = search.platform === 'win32' ? 'apigw-lint.exe' : 'apigw-lint';
  if (search.explicit) {
    return existing(search.explicit, 'the `binary` option');
  }
  const fromEnv = search.env.APIGW_LINT_PATH;
  if (fromEnv) {
    return existing(fromEnv, 'APIGW_LINT_PATH');
  }
  const bundled = path.join(search.packageRoot, 'bin', exe);
  if (isExecutable(bundled)) {
    return bundled;
  }
  const pathVariable = search.env.PATH ?? search.env.Path ?? '';
  for (const folder of pathVariable.split(search.platform === 'win32' ? ';' : ':')) {
    const candidate = folder && path.join(folder, exe);
    if (candidate && isExecutable(candidate)) {
      return candidate;
    }
  }
  throw new Error(
    `apigw-lint not found: set the plugin's \`binary\` option or APIGW_LINT_PATH, or put ${exe} in ${path.join(search.packageRoot, 'bin')} or on the PATH`,
  );
}

function existing(file: string, source: string): string {
  if (!isExecutable(file)) {
    throw new Error(`apigw-lint not found at ${file} (from ${source})`);
  }
  return path.resolve(file);
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
