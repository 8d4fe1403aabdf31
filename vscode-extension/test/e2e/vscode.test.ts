// The extension in a real VS Code, one session for every test: a CloudFormation template, a SAM
// template and an OpenAPI definition, each file's tests in order (see harness.ts).

import { after, before } from 'node:test';

import { cloudFormationTests } from './cloudformation';
import { closeVsCode, openVsCode, suite } from './harness';
import { openApiTests } from './openapi';
import { samTests } from './sam';

before(openVsCode);
after(closeVsCode);

suite('CloudFormation', cloudFormationTests);
suite('SAM', samTests);
suite('OpenAPI', openApiTests);
