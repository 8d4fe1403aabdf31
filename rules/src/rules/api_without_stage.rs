use apigw_model::Model;
use apigw_model::api::{Dialect, Link};
use apigw_model::intrinsic;

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// An `AWS::ApiGatewayV2::Api` with routes (`Route` resources, or an OpenAPI `Body` or
    /// `BodyS3Location`) but no `AWS::ApiGatewayV2::Stage` and no quick-create `Target`.
    ///
    /// ## Why
    /// Routes are served only through a stage: without one the Api deploys fine and every
    /// request fails, as there is no invoke URL at all. Quick create (`Target`) makes a
    /// `$default` stage itself, so such an Api is not reported; nor is a SAM Api, which always gets
    /// a stage, nor a definition file on its own (whoever imports it creates the stages).
    ///
    /// A stage whose `ApiId` the template cannot resolve (behind `Fn::If`, for example) is
    /// assumed to belong to the Api.
    ///
    /// ## Example
    /// ```yaml
    /// Api:
    ///   Type: AWS::ApiGatewayV2::Api
    ///   Properties: {Name: orders, ProtocolType: HTTP}
    /// GetOrders:
    ///   Type: AWS::ApiGatewayV2::Route
    ///   Properties: {ApiId: !Ref Api, RouteKey: GET /orders, Target: !Sub 'integrations/${Integration}'}
    /// ```
    ///
    /// ## Fix
    /// Add a stage, for example `$default` with `AutoDeploy: true`.
    pub struct ApiWithoutStage {
        code: "AGW304",
        name: "api-without-stage",
        severity: Warning,
        fix: None,
    }
}

impl Rule for ApiWithoutStage {
    fn check(&self, model: &Model, checker: &mut Checker) {
        if model.stages.iter().any(|stage| stage.api.is_some_and(may_be_template_api)) {
            return;
        }
        for (index, api) in model.apis.iter().enumerate() {
            // A definition file on its own says nothing about stages.
            let staged = model.stages_of(index).next().is_some() || api.target.is_some() || api.origin.dialect == Dialect::OpenApi;
            if staged {
                continue;
            }
            let first_route = model.routes_of(index).next();
            let body =
                api.body.or(api.body_s3_location).filter(|entry| !model.template.branches(&entry.value).is_empty());
            let mut diagnostic = checker.at(
                model,
                api.origin,
                api.origin.span,
                "this Api has routes but no stage: nothing is served until an `AWS::ApiGatewayV2::Stage` deploys it",
            );
            if let Some(route) = first_route {
                let name = model.route_name(route);
                diagnostic = diagnostic.with_related(route.origin.span, format!("`{name}` is a route of this Api"));
            } else if let Some(entry) = body {
                diagnostic =
                    diagnostic.with_related(entry.key.span, format!("`{}` defines its routes", entry.key.text));
            } else {
                continue;
            }
            checker.push(diagnostic);
        }
    }
}

/// Whether an `ApiId` that did not resolve might still name an Api of the template (through
/// `Fn::If`, `Fn::FindInMap`, ...). A literal id, a `Ref`/`Fn::GetAtt` (of a parameter or of a
/// resource that is no Api) and an import never do.
fn may_be_template_api(link: Link) -> bool {
    if link.target.is_some() || link.entry.value.as_str().is_some() {
        return false;
    }
    intrinsic::call(&link.entry.value).is_none_or(|call| !matches!(call.name, "Ref" | "Fn::GetAtt" | "Fn::ImportValue"))
}
