// `npm run package [-- --target <vsce target>]`: a .vsix for one platform with the apigw-lint
// binary in bin/<platform>-<arch>/ (the extension runs it when no setting or variable names
// another). The binary is $APIGW_LINT_BINARY, or for the host platform the release build of this
// repository ($CARGO_TARGET_DIR or ../target, `release/apigw-lint`). Without a binary for the host
// platform the package is universal and runs `apigw-lint` from PATH.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const extension = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { version } = JSON.parse(fs.readFileSync(path.join(extension, 'package.json'), 'utf8'));
const host = `${process.platform}-${process.arch}`;
const targetFlag = process.argv.indexOf('--target');
const target = targetFlag === -1 ? host : process.argv[targetFlag + 1];
// vsce's targets for the platforms the extension resolves as `${process.platform}-${process.arch}`.
const targets = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64', 'win32-arm64'];
if (!targets.includes(target)) {
  console.error(`unknown target ${target}: one of ${targets.join(', ')}`);
  process.exit(2);
}
const executable = target.startsWith('win32') ? 'apigw-lint.exe' : 'apigw-lint';
const repository = path.dirname(extension);
const built = path.resolve(repository, process.env.CARGO_TARGET_DIR ?? 'target', 'release', executable);
const binary = process.env.APIGW_LINT_BINARY ?? (target === host ? built : undefined);

fs.rmSync(path.join(extension, 'bin'), { recursive: true, force: true });
const vsce = path.join(extension, 'node_modules', '.bin', 'vsce');
// The README's images, as the marketplace shows them: from this folder of the repository.
const images = ['--baseImagesUrl', 'https://github.com/apigw-lint/apigw-lint/raw/HEAD/vscode-extension/'];
let out;
if (binary !== undefined && fs.existsSync(binary)) {
  const bundled = path.join(extension, 'bin', target, executable);
  fs.mkdirSync(path.dirname(bundled), { recursive: true });
  fs.copyFileSync(binary, bundled);
  fs.chmodSync(bundled, 0o755);
  out = `apigw-lint-${target}-${version}.vsix`;
  console.log(`bundling ${binary} for ${target}`);
  execFileSync(vsce, ['package', '--target', target, '--out', out, ...images], { cwd: extension, stdio: 'inherit' });
} else if (targetFlag !== -1 || process.env.APIGW_LINT_BINARY !== undefined) {
  console.error(`no apigw-lint binary for ${target}: set APIGW_LINT_BINARY to one built for it`);
  process.exit(1);
} else {
  out = `apigw-lint-${version}.vsix`;
  console.log(`no release build at ${built}: a universal package that runs apigw-lint from PATH`);
  execFileSync(vsce, ['package', '--out', out, ...images], { cwd: extension, stdio: 'inherit' });
}
console.log(path.join(extension, out));
