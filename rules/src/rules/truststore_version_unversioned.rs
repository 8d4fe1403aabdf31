use apigw_model::Model;

use crate::{Checker, Rule, declare_rule, mtls};

declare_rule! {
    /// ## What it checks
    /// A domain's `MutualTlsAuthentication.TruststoreVersion` while the truststore's bucket,
    /// defined in the same template, does not have `VersioningConfiguration.Status: Enabled`.
    ///
    /// The `Domain` of SAM Apis is checked alike.
    ///
    /// The bucket is found through the `TruststoreUri` (`${Bucket}`, or a literal equal to the
    /// bucket's `BucketName`); a status from a parameter is not reported.
    ///
    /// ## Why
    /// `TruststoreVersion` is the S3 object version of the truststore, and "to specify a
    /// version, you must have versioning enabled for the S3 bucket". Without versioning the
    /// object has no version id to name, so the domain cannot load the truststore.
    ///
    /// ## Example
    /// ```yaml
    /// TruststoreBucket:
    ///   Type: AWS::S3::Bucket
    /// Domain:
    ///   Type: AWS::ApiGatewayV2::DomainName
    ///   Properties:
    ///     DomainName: api.example.com
    ///     MutualTlsAuthentication:
    ///       TruststoreUri: !Sub s3://${TruststoreBucket}/truststore.pem
    ///       TruststoreVersion: 3sL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY
    /// ```
    ///
    /// ## Fix
    /// Turn versioning on for the bucket (`VersioningConfiguration: {Status: Enabled}`), or
    /// remove `TruststoreVersion` to use the current object.
    pub struct TruststoreVersionUnversioned {
        code: "AGW407",
        name: "truststore-version-unversioned",
        severity: Warning,
        fix: None,
    }
}

impl Rule for TruststoreVersionUnversioned {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for domain in model.domain_names.iter().filter(|domain| mtls::enabled(model, domain)) {
            let Some(version) = domain.truststore_version else { continue };
            if model.known(Some(version)).as_deref() == Some("") || model.template.branches(&version.value).is_empty() {
                continue;
            }
            let Some(bucket) = mtls::truststore_bucket(model, domain) else { continue };
            let bucket_id = model.resource_id(bucket.origin).unwrap_or("the bucket");
            let (related_span, state) = match (bucket.versioning, bucket.versioning_status) {
                (None, _) => (bucket.origin.span, "has no versioning".to_string()),
                (Some(_), None) => continue,
                (Some(_), Some(status)) => match model.known(Some(status)) {
                    Some(value) if value == "Enabled" => continue,
                    Some(value) => (status.value.span, format!("has versioning `{value}`")),
                    None => continue,
                },
            };
            let diagnostic = checker
                .at(
                    model,
                    domain.origin,
                    version.value.span,
                    format!(
                        "`TruststoreVersion` names an object version, but the truststore bucket `{bucket_id}` {state}"
                    ),
                )
                .with_related(
                    related_span,
                    format!("`{bucket_id}` needs `VersioningConfiguration: {{Status: Enabled}}`"),
                );
            checker.push(diagnostic);
        }
    }
}
