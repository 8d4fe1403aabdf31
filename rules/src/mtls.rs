//! Mutual TLS on custom domains, shared by the AGW40x rules: whether a domain has it on, and what
//! its truststore URI names. URIs are read from their parts (`Fn::Sub`, `Fn::Join`), so the CDK's
//! `Fn::Join ["", ["s3://", {Ref: Bucket}, "/key"]]` reads like the literal it becomes.

use apigw_model::api::{Bucket, DomainName};
use apigw_model::intrinsic::Part;
use apigw_model::{Model, ResourceId};
use apigw_syntax::Node;

/// Whether a domain has mutual TLS on: it has a truststore URI that is not the empty string
/// (which turns mutual TLS off).
pub fn enabled(model: &Model, domain: &DomainName) -> bool {
    domain.truststore_uri.is_some_and(|entry| model.template.text(&entry.value).known() != Some(""))
}

/// What the bucket part of a truststore URI is written as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BucketPart<'a> {
    /// A literal bucket name.
    Literal(String),
    /// `${Res}` or `Ref`: a resource of the template.
    Ref(ResourceId),
    /// `${Res.Attr}` or `Fn::GetAtt` of a resource of the template.
    GetAtt(ResourceId, &'a str),
    /// Anything else: a parameter, a pseudo parameter, a mix of text and references.
    Unknown,
}

/// A truststore URI as far as the template tells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TruststoreUri<'a> {
    /// `s3://bucket/key`.
    S3(BucketPart<'a>),
    /// `bucket/key` without the scheme: adding `s3://` makes it right.
    NoScheme,
    /// Not `s3://bucket/key`, for the reason given.
    Malformed(&'static str),
}

/// Stands for a reference in the text of a URI while it is split into bucket and key.
const REFERENCE: char = '\u{0}';

/// Reads a truststore URI value; `None` when its shape depends on something not in the template.
pub fn read<'a>(model: &Model<'a>, node: &'a Node) -> Option<TruststoreUri<'a>> {
    let parts = model.template.parts(node)?;
    let mut shape = String::new();
    let mut references = Vec::new();
    for part in &parts {
        match part {
            Part::Text(text) if text.contains(REFERENCE) => return None,
            Part::Text(text) => shape.push_str(text),
            part => {
                shape.push(REFERENCE);
                references.push(part.clone());
            }
        }
    }
    // Whether the service accepts `S3://` is not documented: any case passes.
    let Some(rest) = shape.get(..5).filter(|scheme| scheme.eq_ignore_ascii_case("s3://")).map(|_| &shape[5..]) else {
        return without_scheme(model, &shape, references.first());
    };
    let Some((bucket, key)) = rest.split_once('/') else {
        // `s3://${Param}` may well hold `bucket/key`.
        return (!rest.contains(REFERENCE))
            .then_some(TruststoreUri::Malformed("there is no object key after the bucket"));
    };
    // References before the bucket's `/` are the ones the bucket is made of.
    let bucket_references = &references[..bucket.matches(REFERENCE).count()];
    let bucket_part = match (bucket, bucket_references) {
        ("", _) => return Some(TruststoreUri::Malformed("the bucket name is empty")),
        (_, []) => BucketPart::Literal(bucket.to_string()),
        (single, [reference]) if single.len() == REFERENCE.len_utf8() => resource_part(model, reference),
        _ => BucketPart::Unknown,
    };
    // An empty key is certain only when the bucket part cannot itself hold a `/`.
    if key.is_empty() && !matches!(bucket_part, BucketPart::Unknown) {
        return Some(TruststoreUri::Malformed("there is no object key after the bucket"));
    }
    Some(TruststoreUri::S3(bucket_part))
}

/// A URI that does not start with `s3://`: certainly wrong only when its start is known.
fn without_scheme<'a>(model: &Model<'a>, shape: &str, first_reference: Option<&Part<'a>>) -> Option<TruststoreUri<'a>> {
    let known_start = shape.split(REFERENCE).next().unwrap_or("");
    if known_start.len() < shape.len() && "s3://".starts_with(&known_start.to_ascii_lowercase()) {
        // `s3:` + `${Param}` + ...: the scheme may be completed by the reference.
        let starts_with_bucket = known_start.is_empty()
            && first_reference.is_some_and(
                |part| matches!(resource_part(model, part), BucketPart::Ref(id) if bucket_of(model, id).is_some()),
            );
        if !starts_with_bucket {
            return None;
        }
    }
    if known_start.contains("://") {
        return Some(TruststoreUri::Malformed("API Gateway reads truststores only from `s3://` URIs"));
    }
    // Only `bucket/key` is repaired by the scheme: not an S3 ARN (`arn:aws:s3:::bucket/key`).
    let bucket_name = |bucket: &str| {
        bucket.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || "-.".contains(ch) || ch == REFERENCE)
    };
    let bucket_and_key =
        shape.split_once('/').is_some_and(|(bucket, key)| !bucket.is_empty() && bucket_name(bucket) && !key.is_empty());
    Some(if bucket_and_key { TruststoreUri::NoScheme } else { TruststoreUri::Malformed("it has no `s3://` scheme") })
}

fn resource_part<'a>(model: &Model<'a>, part: &Part<'a>) -> BucketPart<'a> {
    match *part {
        Part::Ref(name) => model.template.resource_id(name).map_or(BucketPart::Unknown, BucketPart::Ref),
        Part::GetAtt(name, attribute) => {
            model.template.resource_id(name).map_or(BucketPart::Unknown, |id| BucketPart::GetAtt(id, attribute))
        }
        _ => BucketPart::Unknown,
    }
}

/// The `AWS::S3::Bucket` that a resource of the template is.
pub fn bucket_of<'m, 'a>(model: &'m Model<'a>, id: ResourceId) -> Option<&'m Bucket<'a>> {
    model.buckets.iter().find(|bucket| bucket.origin.resource == Some(id))
}

/// The bucket of the template that a truststore URI certainly names: by `Ref`, or by a literal
/// equal to the bucket's `BucketName`.
pub fn truststore_bucket<'m, 'a>(model: &'m Model<'a>, domain: &DomainName<'a>) -> Option<&'m Bucket<'a>> {
    let TruststoreUri::S3(part) = read(model, &domain.truststore_uri?.value)? else { return None };
    match part {
        BucketPart::Ref(id) => bucket_of(model, id),
        BucketPart::Literal(name) => {
            model.buckets.iter().find(|bucket| model.known(bucket.bucket_name).as_deref() == Some(name.as_str()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use apigw_syntax::{Document, Format, parse};

    fn uri(value: &str) -> Option<TruststoreUri<'static>> {
        let text = format!(
            "Parameters:\n  P: {{Type: String}}\nResources:\n  Bucket: {{Type: AWS::S3::Bucket}}\n  Fn: {{Type: AWS::Lambda::Function}}\n  D:\n    Type: AWS::ApiGatewayV2::DomainName\n    Properties:\n      U: {value}\n"
        );
        let root: &'static Node = Box::leak(Box::new(parse(&Document::new(text), Format::Yaml).root.unwrap()));
        let model: &'static Model = Box::leak(Box::new(Model::build(root).unwrap()));
        read(model, &model.template.resource("D").unwrap().property("U").unwrap().value)
    }

    #[test]
    fn reads_every_spelling() {
        assert_eq!(uri("s3://certs/ca.pem"), Some(TruststoreUri::S3(BucketPart::Literal("certs".into()))));
        assert_eq!(uri("!Sub 's3://${Bucket}/ca.pem'"), Some(TruststoreUri::S3(BucketPart::Ref(0))));
        assert_eq!(uri("!Join ['', ['s3://', !Ref Bucket, /ca.pem]]"), Some(TruststoreUri::S3(BucketPart::Ref(0))));
        assert_eq!(uri("!Sub 's3://${Bucket.Arn}/ca.pem'"), Some(TruststoreUri::S3(BucketPart::GetAtt(0, "Arn"))));
        assert_eq!(uri("!Sub 's3://${P}-certs/ca.pem'"), Some(TruststoreUri::S3(BucketPart::Unknown)));
    }

    #[test]
    fn finds_what_is_certainly_wrong() {
        assert_eq!(uri("certs/ca.pem"), Some(TruststoreUri::NoScheme));
        assert_eq!(uri("!Sub '${Bucket}/ca.pem'"), Some(TruststoreUri::NoScheme));
        assert!(matches!(uri("https://certs.s3.amazonaws.com/ca.pem"), Some(TruststoreUri::Malformed(_))));
        assert!(matches!(uri("s3://certs"), Some(TruststoreUri::Malformed(_))));
        assert!(matches!(uri("s3://certs/"), Some(TruststoreUri::Malformed(_))));
        assert!(matches!(uri("s3:///ca.pem"), Some(TruststoreUri::Malformed(_))));
        assert!(matches!(uri("arn:aws:s3:::certs/ca.pem"), Some(TruststoreUri::Malformed(_))));
    }

    #[test]
    fn never_guesses() {
        assert_eq!(uri("!Ref P"), None);
        assert_eq!(uri("!Sub '${P}/ca.pem'"), None);
        assert_eq!(uri("!Sub 's3://${P}'"), None);
        assert_eq!(uri("!Sub 's3://${P}/'"), Some(TruststoreUri::S3(BucketPart::Unknown)));
        assert_eq!(uri("!Sub 's3:${P}'"), None);
        assert_eq!(uri("!Sub 'S3:${P}/ca.pem'"), None);
        assert_eq!(uri("!If [C, s3://a/b, s3://c/d]"), None);
    }
}
