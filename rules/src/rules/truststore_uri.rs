use apigw_model::Model;
use apigw_model::api::DomainName;
use apigw_model::intrinsic;
use apigw_syntax::Node;

use crate::mtls::{self, BucketPart, TruststoreUri as Uri};
use crate::{Checker, Diagnostic, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A domain's `MutualTlsAuthentication.TruststoreUri` that is not of the form
    /// `s3://bucket/key`, or that names a bucket of the template wrongly.
    ///
    /// Domains are `AWS::ApiGatewayV2::DomainName`s and the `Domain` of SAM Apis.
    ///
    /// Wrong forms are a missing scheme, another scheme, no bucket and no key. Wrong buckets are:
    /// - a literal equal to the logical id of an `AWS::S3::Bucket` whose name is not that id
    ///   (CloudFormation generates it, or `BucketName` says another name): the bucket is called
    ///   by its logical id instead of its name;
    /// - `${Bucket.Arn}` (or another attribute) of a bucket: an ARN or domain name, not a name;
    /// - `${Res}` of a resource that is not a bucket.
    ///
    /// The URI is read through `Fn::Sub` and `Fn::Join` (the CDK writes
    /// `Fn::Join ["", ["s3://", {Ref: Bucket}, "/key"]]`) and each branch of an `Fn::If`. What
    /// depends on a parameter is not reported, nor is a literal bucket name that the template
    /// does not define: it may be a bucket of another stack.
    ///
    /// ## Why
    /// API Gateway reads the truststore from "an Amazon S3 URL ... for example
    /// `s3://bucket-name/key-name`". Any other value fails the domain at deploy time, and a URI
    /// that names the wrong bucket fails with an access error that does not say why.
    ///
    /// ## Example
    /// ```yaml
    /// Domain:
    ///   Type: AWS::ApiGatewayV2::DomainName
    ///   Properties:
    ///     DomainName: api.example.com
    ///     DomainNameConfigurations:
    ///       - CertificateArn: !Ref Certificate
    ///         EndpointType: REGIONAL
    ///         SecurityPolicy: TLS_1_2
    ///     MutualTlsAuthentication:
    ///       TruststoreUri: !Sub ${TruststoreBucket}/truststore.pem
    /// ```
    ///
    /// ## Fix
    /// Write `s3://` before the bucket (the safe fix does this for a URI without a scheme) and
    /// name the template's bucket with `${Bucket}`.
    pub struct TruststoreUri {
        code: "AGW404",
        name: "truststore-uri",
        severity: Error,
        fix: Safe,
    }
}

impl Rule for TruststoreUri {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for domain in &model.domain_names {
            let Some(entry) = domain.truststore_uri else { continue };
            for node in model.template.branches(&entry.value) {
                // An empty URI turns mutual TLS off.
                // A `${...}` in a plain string is a placeholder filled in before deploy.
                if model.template.text(node).known().is_some_and(|uri| uri.is_empty() || uri.contains("${")) {
                    continue;
                }
                let Some(uri) = mtls::read(model, node) else { continue };
                if let Some(diagnostic) = diagnose(model, checker, domain, node, uri) {
                    checker.push(diagnostic);
                }
            }
        }
    }
}

fn diagnose<'a>(
    model: &Model<'a>,
    checker: &Checker,
    domain: &DomainName<'a>,
    node: &'a Node,
    uri: Uri<'a>,
) -> Option<Diagnostic> {
    let at = |message: String| checker.at(model, domain.origin, node.span, message);
    match uri {
        Uri::NoScheme => {
            let edit = text_start(node).and_then(|start| checker.editor.prefix_string(start, "s3://"));
            let fix = checker.fix("Add `s3://`", [edit]);
            Some(
                at("the truststore URI has no `s3://` scheme: API Gateway expects `s3://bucket/key`".to_string())
                    .with_fix(fix),
            )
        }
        Uri::Malformed(reason) => {
            Some(at(format!("the truststore URI is not of the form `s3://bucket/key`: {reason}")))
        }
        Uri::S3(BucketPart::Literal(name)) => {
            let id = model.template.resource_id(&name)?;
            let bucket = mtls::bucket_of(model, id)?;
            let actual = match bucket.bucket_name {
                None => "gets its name from CloudFormation".to_string(),
                Some(entry) => match model.known(Some(entry)) {
                    Some(actual) if actual == name => return None,
                    Some(actual) => format!("is named `{actual}`"),
                    None => return None,
                },
            };
            Some(
                at(format!("`{name}` is the logical id of a bucket of this template, not its name: write `${{{name}}}` in an `Fn::Sub`"))
                    .with_related(bucket.origin.span, format!("`{name}` {actual}")),
            )
        }
        Uri::S3(BucketPart::GetAtt(id, attribute)) => {
            let bucket = mtls::bucket_of(model, id)?;
            let name = model.template.resources[id].id;
            Some(
                at(format!(
                    "`{name}.{attribute}` is not a bucket name: write `${{{name}}}`, whose value is the bucket's name"
                ))
                .with_related(bucket.origin.span, format!("`{name}` is defined here")),
            )
        }
        Uri::S3(BucketPart::Ref(id)) => {
            let resource = &model.template.resources[id];
            let type_name = resource.type_name.filter(|type_name| is_other_aws_type(type_name))?;
            Some(
                at(format!(
                    "`{}` is an `{type_name}`, not an S3 bucket: the truststore URI needs a bucket name",
                    resource.id
                ))
                .with_related(resource.id_span, format!("`{}` is defined here", resource.id)),
            )
        }
        Uri::S3(BucketPart::Unknown) => None,
    }
}

/// An AWS resource type whose `Ref` is certainly no bucket name. Custom resources and other
/// providers' types may return anything.
fn is_other_aws_type(type_name: &str) -> bool {
    type_name.starts_with("AWS::")
        && !["AWS::S3::Bucket", "AWS::S3Express::DirectoryBucket", "AWS::CloudFormation::CustomResource"]
            .contains(&type_name)
}

/// The string scalar where a value's text starts: the literal itself, an `Fn::Sub` template or
/// the first item of an `Fn::Join` (when that is a string).
fn text_start(node: &Node) -> Option<&Node> {
    if node.as_str().is_some() {
        return Some(node);
    }
    let call = intrinsic::call(node)?;
    let start = match call.name {
        "Fn::Sub" => match call.arg.items() {
            Some(items) => items.first()?,
            None => call.arg,
        },
        "Fn::Join" => call.arg.items()?.get(1)?.items()?.first()?,
        _ => return None,
    };
    start.scalar().is_some().then_some(start)
}
