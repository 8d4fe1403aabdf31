use apigw_model::Model;
use apigw_model::api::{Field, Origin};

use crate::characters::first_invalid;
use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A `StageName` of an `AWS::ApiGatewayV2::Stage` (or the stage a `Deployment` deploys to, or
    /// the stage SAM creates for an `AWS::Serverless::HttpApi` or `WebSocketApi`) that is neither
    /// `$default` nor 1 to 128 letters, digits, `-` and `_`.
    ///
    /// Each branch of an `Fn::If` is checked; a name from a parameter is not.
    ///
    /// ## Why
    /// The stage name is the first segment of the invoke URL, and API Gateway accepts only these
    /// characters ("Stage names can contain only alphanumeric characters, hyphens, and
    /// underscores, or be $default. Maximum length is 128 characters."). CloudFormation fails the
    /// stage at deploy time.
    ///
    /// ## Example
    /// ```yaml
    /// ProdStage:
    ///   Type: AWS::ApiGatewayV2::Stage
    ///   Properties:
    ///     ApiId: !Ref Api
    ///     StageName: prod.v1
    /// ```
    ///
    /// ## Fix
    /// Rename the stage, for example `prod-v1`. The unsafe fix replaces each character the
    /// service rejects with `-` (and `$Default` with `$default`); the invoke URL changes with it.
    pub struct InvalidStageName {
        code: "AGW301",
        name: "invalid-stage-name",
        severity: Error,
        fix: Unsafe,
    }
}

const MAX_LENGTH: usize = 128;

fn is_allowed(ch: char) -> bool {
    ch.is_ascii_alphanumeric() || ch == '-' || ch == '_'
}

impl Rule for InvalidStageName {
    fn check(&self, model: &Model, checker: &mut Checker) {
        let stages = model.stages.iter().map(|stage| (stage.origin, stage.stage_name));
        let deployments = model.deployments.iter().map(|deployment| (deployment.origin, deployment.stage_name));
        for (origin, field) in stages.chain(deployments) {
            check_name(model, checker, origin, field);
        }
    }
}

fn check_name<'a>(model: &Model<'a>, checker: &mut Checker, origin: Origin<'a>, field: Field<'a>) {
    let Some(entry) = field else { return };
    model.template.each_known(&entry.value, &mut |name, node| {
        if name == "$default" {
            return;
        }
        let length = name.chars().count();
        let problem = if name.is_empty() {
            "is empty".to_string()
        } else if length > MAX_LENGTH {
            format!("has {length} characters, more than {MAX_LENGTH}")
        } else if let Some(problem) = first_invalid(&name, is_allowed) {
            problem
        } else {
            return;
        };
        let message = format!(
            "stage name `{name}` {problem}: a stage name is `$default` or up to {MAX_LENGTH} letters, digits, `-` and `_`"
        );
        // Only a literal written as such is rewritten; a value built by a function stays as is.
        let repaired = if name.eq_ignore_ascii_case("$default") {
            "$default".to_string()
        } else {
            name.chars().map(|ch| if is_allowed(ch) { ch } else { '-' }).collect()
        };
        // A name of nothing but replaced characters (`--`) would be no repair.
        let fixable = node.as_str().is_some() && length <= MAX_LENGTH && repaired.chars().any(|ch| ch.is_ascii_alphanumeric());
        let fix = fixable
            .then(|| checker.fix(format!("Rename the stage to `{repaired}`"), [Some(checker.editor.replace_scalar(node, &repaired))]))
            .flatten();
        checker.push(checker.at(model, origin, node.span, message).with_fix(fix));
    });
}
