// The extension in a real VS Code, one session for every test, each file's tests in order (see
// harness.ts).

import { after, before } from 'node:test';

import { cloudFormationTests } from './cloudformation';
import { closeVsCode, openVsCode, suite } from './harness';
import { samTests } from './sam';

before(openVsCode);
after(closeVsCode);

suite('CloudFormation', cloudFormationTests);
suite('SAM', samTests);
