// A CDK policy-validation plugin: during `cdk synth`, runs apigw-lint on the synthesized templates
// and reports its findings as violations, so that the synth fails with each finding at its
// construct path in CDK's own validation report.
//
//   Validations.of(app).addPlugins(new ApigwLintValidator());          // aws-cdk-lib ≥ 2.2xx
//   new App({ policyValidationBeta1: [new ApigwLintValidator()] });    // older aws-cdk-lib
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type {
  IPolicyValidationContextBeta1, IPolicyValidationPluginBeta1, PolicyValidationPluginReportBeta1, PolicyViolationBeta1,
} from 'aws-cdk-lib';
import { resolveBinary } from './binary';

export { resolveBinary } from './binary';

export type Severity = 'error' | 'warning' | 'info';

export interface ApigwLintValidatorProps {
  /** The apigw-lint binary. Default: APIGW_LINT_PATH, then the package's bin/, then the PATH. */
  readonly binary?: string;
  /** An apigw-lint.toml for every template (default: the nearest one above each template). */
  readonly config?: string;
  /** The least severe finding that is a violation (default: `error`). */
  readonly minimumSeverity?: Severity;
}

/** One element of `apigw-lint --format json`. */
export interface Finding {
  readonly file: string;
  readonly code: string;
  readonly name: string;
  readonly severity: Severity;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly resource?: string;
  readonly construct?: string;
  readonly fix?: { readonly title: string };
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export class ApigwLintValidator implements IPolicyValidationPluginBeta1 {
  public readonly name = 'apigw-lint';
  public readonly version: string = require('../../package.json').version;
  private readonly props: ApigwLintValidatorProps;

  constructor(props: ApigwLintValidatorProps = {}) {
    this.props = props;
  }

  public validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    try {
      return this.lint(context.templatePaths);
    } catch (error) {
      // CDK turns an exception of a plugin into a report that does not fail the synth: a linter
      // that did not run must not look like a clean result.
      const description = `apigw-lint did not run: ${error instanceof Error ? error.message : String(error)}`;
      // CDK prints violations by resource, and this one has none.
      console.error(description);
      return {
        success: false,
        violations: [{ ruleName: 'apigw-lint', description, severity: 'error', violatingResources: [] }],
        pluginVersion: this.version,
      };
    }
  }

  private lint(templatePaths: readonly string[]): PolicyValidationPluginReportBeta1 {
    const binary = resolveBinary({
      explicit: this.props.binary,
      env: process.env,
      packageRoot: path.join(__dirname, '..', '..'),
      platform: process.platform,
    });
    const templates = withNestedStacks(templatePaths);
    const args = ['--format', 'json', ...(this.props.config ? ['--config', this.props.config] : []), ...templates];
    const run = spawnSync(binary, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (run.error) {
      throw new Error(`cannot run ${binary}: ${run.error.message}`);
    }
    // 0: no errors, 1: errors found; anything else is a failure to lint (a bad configuration).
    if (run.status !== 0 && run.status !== 1) {
      throw new Error(`${binary} failed (exit ${run.status ?? run.signal}): ${run.stderr.trim()}`);
    }
    const minimum = RANK[this.props.minimumSeverity ?? 'error'];
    const findings = (JSON.parse(run.stdout) as Finding[]).filter((finding) => RANK[finding.severity] <= minimum);
    const violations = findings.map(toViolation);
    return { success: violations.length === 0, violations, pluginVersion: this.version };
  }
}

/** A finding as CDK reports it: the rule, the message, the resource and where in the template. */
export function toViolation(finding: Finding): PolicyViolationBeta1 {
  const resource = {
    resourceLogicalId: finding.resource ?? '',
    templatePath: path.resolve(finding.file),
    locations: [`line ${finding.line}, column ${finding.column}`],
    // Newer aws-cdk-lib reads it to show the construct and its creation stack trace.
    ...(finding.construct ? { constructPath: finding.construct } : {}),
  };
  return {
    // The code is what users acknowledge (`apigw-lint::AGW401`) and what apigw-lint.toml names.
    ruleName: finding.code,
    description: `${finding.code} ${finding.name}: ${finding.message}`,
    severity: finding.severity,
    violatingResources: [resource],
    ...(finding.fix ? { fix: finding.fix.title } : {}),
    ruleMetadata: { documentation: `apigw-lint rule ${finding.code}` },
  };
}

/**
 * The templates and the templates of the nested stacks they deploy (CDK writes each nested
 * stack's template as an asset named in the `aws:asset:path` metadata of its
 * `AWS::CloudFormation::Stack`), which CDK does not list among the templates to validate.
 */
export function withNestedStacks(templates: readonly string[]): string[] {
  const all: string[] = [];
  const visit = (template: string, depth: number) => {
    if (all.includes(template) || depth > 8) {
      return;
    }
    all.push(template);
    let parsed: { Resources?: Record<string, { Type?: string; Metadata?: Record<string, unknown> }> };
    try {
      parsed = JSON.parse(fs.readFileSync(template, 'utf8'));
    } catch {
      return; // apigw-lint reports what it cannot read.
    }
    for (const resource of Object.values(parsed.Resources ?? {})) {
      const asset = resource.Metadata?.['aws:asset:path'];
      if (resource.Type === 'AWS::CloudFormation::Stack' && typeof asset === 'string' && asset.endsWith('.template.json')) {
        visit(path.join(path.dirname(template), asset), depth + 1);
      }
    }
  };
  templates.forEach((template) => visit(template, 0));
  return all;
}
