use apigw_model::Model;
use apigw_model::api::{Field, Link, Origin};
use apigw_syntax::Node;

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
    /// service rejects with `-` (and `$Default` with `$default`), in the stage and in every
    /// `StageName` of a Deployment and `Stage` of an `AWS::ApiGatewayV2::ApiMapping` of the Api
    /// that names it; the invoke URL changes with it. It is not offered when the name is also
    /// written where the fix cannot rename it safely: built by a function (`!Sub`, `!Join`), or in
    /// any other string of the template (an ARN, a URL, a parameter's default).
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
        let stages = model.stages.iter().map(|stage| (stage.origin, stage.api, stage.stage_name));
        let deployments = model.deployments.iter().map(|deployment| (deployment.origin, deployment.api, deployment.stage_name));
        for (origin, api, field) in stages.chain(deployments) {
            check_name(model, checker, origin, api.and_then(|link| link.target), field);
        }
    }
}

fn check_name<'a>(model: &Model<'a>, checker: &mut Checker, origin: Origin<'a>, api: Option<usize>, field: Field<'a>) {
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
        let repaired = if name.eq_ignore_ascii_case("$default") {
            "$default".to_string()
        } else {
            name.chars().map(|ch| if is_allowed(ch) { ch } else { '-' }).collect()
        };
        // A name of nothing but replaced characters (`--`) would be no repair.
        let repairable = length <= MAX_LENGTH && repaired.chars().any(|ch| ch.is_ascii_alphanumeric());
        let fix = repairable.then(|| literal_uses(model, api, &name, node)).flatten().and_then(|uses| {
            let title = match uses.len() {
                1 => format!("Rename the stage to `{repaired}`"),
                n => format!("Rename the stage to `{repaired}` in the {n} places that name it"),
            };
            checker.fix(title, uses.into_iter().map(|node| Some(checker.editor.replace_scalar(node, &repaired))))
        });
        checker.push(checker.at(model, origin, node.span, message).with_fix(fix));
    });
}

/// The literals that name stage `name` of the Api, `node` first: the `StageName` of its stages
/// and deployments and the `Stage` of its mappings. `None` when the name is also written where
/// the fix cannot rename it (a value a function builds, an ARN, a URL, a parameter's default):
/// renaming the stage alone would break that use.
fn literal_uses<'a>(model: &Model<'a>, api: Option<usize>, name: &str, node: &'a Node) -> Option<Vec<&'a Node>> {
    let template = &model.template;
    let of_api = |link: Option<Link>| api.is_some() && link.and_then(|link| link.target) == api;
    let fields = (model.stages.iter().filter(|stage| of_api(stage.api)).map(|stage| stage.stage_name))
        .chain(model.deployments.iter().filter(|deployment| of_api(deployment.api)).map(|deployment| deployment.stage_name))
        .chain(model.api_mappings.iter().filter(|mapping| of_api(mapping.api)).map(|mapping| mapping.stage));
    let mut uses = vec![node];
    for entry in fields.flatten() {
        for named in template.branches(&entry.value) {
            if template.text(named).known() == Some(name) && !uses.iter().any(|known| std::ptr::eq(*known, named)) {
                uses.push(named);
            }
        }
    }
    let renamed = |candidate: &Node| uses.iter().any(|known| std::ptr::eq(*known, candidate));
    let all_literal = uses.iter().all(|known| known.as_str().is_some());
    let elsewhere =
        template.root.descendants().any(|other| other.scalar().is_some_and(|scalar| scalar.text.contains(name)) && !renamed(other));
    (all_literal && !elsewhere).then_some(uses)
}
