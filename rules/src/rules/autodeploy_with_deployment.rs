use apigw_model::Model;
use apigw_model::intrinsic;

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// An `AWS::ApiGatewayV2::Stage` with `AutoDeploy: true` that also sets `DeploymentId`.
    ///
    /// ## Why
    /// With automatic deployment, API Gateway creates the stage's deployments itself and owns its
    /// deployment id: the resource schema says `DeploymentId` "can't be updated if autoDeploy is
    /// enabled", and the service answers a stage request with both with a
    /// `BadRequestException`. The `Deployment` resource next to it serves nothing either.
    ///
    /// ## Example
    /// ```yaml
    /// ProdStage:
    ///   Type: AWS::ApiGatewayV2::Stage
    ///   Properties:
    ///     ApiId: !Ref Api
    ///     StageName: prod
    ///     AutoDeploy: true
    ///     DeploymentId: !Ref Deployment
    /// ```
    ///
    /// ## Fix
    /// Remove `DeploymentId` (the safe fix) and the `Deployment` resource if nothing else uses
    /// it, or turn `AutoDeploy` off to deploy explicitly.
    pub struct AutodeployWithDeployment {
        code: "AGW303",
        name: "autodeploy-with-deployment",
        severity: Error,
        fix: Safe,
    }
}

impl Rule for AutodeployWithDeployment {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for stage in &model.stages {
            let (Some(auto_deploy), Some(deployment)) = (stage.auto_deploy, stage.deployment.map(|link| link.entry))
            else {
                continue;
            };
            if !model.known(Some(auto_deploy)).is_some_and(|text| text.eq_ignore_ascii_case("true")) {
                continue;
            }
            // `Fn::If` may leave the property out, and `AWS::NoValue` does; a null is AGW007's.
            if deployment.value.is_null()
                || intrinsic::call(&deployment.value).is_some_and(|call| call.name == "Fn::If")
                || model.template.branches(&deployment.value).is_empty()
            {
                continue;
            }
            let fix = stage.origin.fields.and_then(|fields| {
                checker.fix("Remove `DeploymentId`", [checker.editor.remove_entry(fields, deployment)])
            });
            let diagnostic = checker
                .at(model, stage.origin, deployment.key.span, "`DeploymentId` on a stage with `AutoDeploy: true`: API Gateway manages the deployments of an auto-deployed stage")
                .with_related(auto_deploy.value.span, "automatic deployment is turned on here")
                .with_fix(fix);
            checker.push(diagnostic);
        }
    }
}
