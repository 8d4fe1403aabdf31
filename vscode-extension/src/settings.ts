// The extension's settings as the server takes them (initializationOptions and
// workspace/didChangeConfiguration): `{select, extendSelect, ignore, severity}`. Kept free of `vscode` so that
// it is tested without an editor.

export const SECTION = 'apigwLint';

export interface ServerSettings {
  select: string[];
  extendSelect: string[];
  ignore: string[];
  severity: Record<string, string>;
}

/** Reads one key of the `apigwLint` section, as `WorkspaceConfiguration.get` does. */
export type Lookup = (key: string) => unknown;

/**
 * The server's settings from the extension's. A blank entry, which the settings editor leaves
 * when an item is added and not filled in, is dropped: to the server an empty pattern matches
 * every rule, so a blank `ignore` entry would silence everything. Levels are lower-cased. Values
 * of another type are passed on as they are, so that the server names the mistake.
 */
export function serverSettings(lookup: Lookup): ServerSettings {
  return {
    select: patterns(lookup('select')),
    extendSelect: patterns(lookup('extendSelect')),
    ignore: patterns(lookup('ignore')),
    severity: levels(lookup('severity')),
  };
}

function patterns(value: unknown): string[] {
  if (!Array.isArray(value)) {
    return (value ?? []) as string[];
  }
  return value.map((entry) => (typeof entry === 'string' ? entry.trim() : entry)).filter((entry) => entry !== '');
}

function levels(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return (value ?? {}) as Record<string, string>;
  }
  const entries = Object.entries(value)
    .filter(([pattern]) => pattern.trim() !== '')
    .map(([pattern, level]) => [pattern.trim(), typeof level === 'string' ? level.toLowerCase() : level]);
  return Object.fromEntries(entries);
}

/** What a change of settings calls for: a new binary, or new settings for the running server. */
export function changeEffect(affects: (section: string) => boolean): 'restart' | 'update' | 'none' {
  if (affects(`${SECTION}.path`)) {
    return 'restart';
  }
  if (['select', 'extendSelect', 'ignore', 'severity'].some((key) => affects(`${SECTION}.${key}`))) {
    return 'update';
  }
  return 'none';
}
