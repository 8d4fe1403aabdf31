import * as assert from 'node:assert/strict';
import { test } from 'node:test';

import { changeEffect, serverSettings } from '../../src/settings';

const lookup = (values: Record<string, unknown>) => (key: string) => values[key];

test('unset settings: nothing added to apigw-lint.toml', () => {
  assert.deepEqual(serverSettings(lookup({})), { select: [], extendSelect: [], ignore: [], severity: {} });
});

test('the settings as the server takes them; blank entries dropped, levels lower-cased', () => {
  const settings = serverSettings(
    lookup({ select: ['AGW', ' '], extendSelect: ['AGW901', ''], ignore: [' AGW901 ', ''], severity: { AGW608: 'Error', ' ': 'off', 'cors-credentials-wildcard-origin': 'off' } }),
  );
  assert.deepEqual(settings, {
    select: ['AGW'],
    extendSelect: ['AGW901'],
    ignore: ['AGW901'],
    severity: { AGW608: 'error', 'cors-credentials-wildcard-origin': 'off' },
  });
});

test('values of the wrong type go to the server as they are, for it to name the mistake', () => {
  assert.deepEqual(serverSettings(lookup({ select: 'AGW1', severity: ['AGW1'] })), { select: 'AGW1', extendSelect: [], ignore: [], severity: ['AGW1'] });
});

test('a new path restarts the server; a rule setting is sent to the running one', () => {
  const changed = (...sections: string[]) => (section: string) => sections.includes(section);
  assert.equal(changeEffect(changed('apigwLint.path')), 'restart');
  assert.equal(changeEffect(changed('apigwLint.severity')), 'update');
  assert.equal(changeEffect(changed('apigwLint.select', 'apigwLint.ignore')), 'update');
  assert.equal(changeEffect(changed('apigwLint.extendSelect')), 'update');
  assert.equal(changeEffect(changed('apigwLint.trace.server')), 'none');
  assert.equal(changeEffect(changed('yaml.customTags')), 'none');
});
