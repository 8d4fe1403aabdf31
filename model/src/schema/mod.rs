//! The CloudFormation and SAM resource schemas the project vendors (`schemas/`, refreshed by
//! `scripts/refresh-schemas`), embedded and parsed lazily per type, and a validator of a resource's
//! `Properties` against them. Rules AGW005 (unknown property), AGW006 (missing required property)
//! and AGW007 (invalid value) are its three kinds of [`SchemaViolation`]; property names,
//! descriptions and allowed values also serve completion and hover.
//!
//! The validator only reports what CloudFormation would certainly reject: intrinsic functions,
//! YAML aliases and anything it cannot evaluate are skipped, and CloudFormation's coercions of
//! scalars are accepted.

mod compile;
mod describe;
mod store;
mod validate;

use apigw_syntax::{Node, Span};
use serde_json::Value as Json;

use compile::{Compiled, Id, Types};
pub use store::{resource_schema, resource_schemas};
use validate::Validator;

/// Allowed values that the API Gateway v2 API reference documents but the CloudFormation schemas
/// leave out (they type these properties as plain strings): `(type, property, values)`.
const DOCUMENTED_ENUMS: &[(&str, &str, &[&str])] = &[
    ("AWS::ApiGatewayV2::Api", "ProtocolType", &["HTTP", "WEBSOCKET"]),
    ("AWS::ApiGatewayV2::Integration", "IntegrationType", &["AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK"]),
    ("AWS::ApiGatewayV2::Integration", "ConnectionType", &["INTERNET", "VPC_LINK"]),
    ("AWS::ApiGatewayV2::Integration", "ContentHandlingStrategy", &["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"]),
    ("AWS::ApiGatewayV2::Integration", "PassthroughBehavior", &["WHEN_NO_MATCH", "NEVER", "WHEN_NO_TEMPLATES"]),
    ("AWS::ApiGatewayV2::Integration", "PayloadFormatVersion", &["1.0", "2.0"]),
    ("AWS::ApiGatewayV2::Route", "AuthorizationType", &["NONE", "AWS_IAM", "CUSTOM", "JWT"]),
    ("AWS::ApiGatewayV2::Authorizer", "AuthorizerType", &["REQUEST", "JWT"]),
    ("AWS::ApiGatewayV2::Authorizer", "AuthorizerPayloadFormatVersion", &["1.0", "2.0"]),
];

fn add_documented_enums(type_name: &str, document: &mut Json) {
    for (_, property, values) in DOCUMENTED_ENUMS.iter().filter(|(name, ..)| *name == type_name) {
        if let Some(schema) = document.pointer_mut(&format!("/properties/{property}")).and_then(Json::as_object_mut) {
            schema.entry("enum").or_insert_with(|| values.iter().map(|value| Json::from(*value)).collect());
        }
    }
}

/// What a [`SchemaViolation`] is about; each kind is one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ViolationKind {
    /// A key the schema does not allow (`additionalProperties: false`), at any depth (AGW005).
    UnknownProperty,
    /// A property the schema requires is absent (AGW006).
    MissingRequired,
    /// A value of the wrong type, outside an enum, failing a pattern, length or range (AGW007).
    InvalidValue,
}

/// One problem found by [`ResourceSchema::validate`].
#[derive(Clone, Debug, PartialEq)]
pub struct SchemaViolation {
    pub kind: ViolationKind,
    /// The key for unknown properties; the key of the object lacking a required property (or the
    /// caller's fallback at the top level); the value for invalid values.
    pub span: Span,
    pub message: String,
    /// The closest allowed property name or enum value, for a quick fix.
    pub suggestion: Option<String>,
}

/// One resource type's schema, compiled once (patterns compile on first use).
#[derive(Debug)]
pub struct ResourceSchema {
    type_name: String,
    description: Option<String>,
    /// Top-level properties that CloudFormation sets (`ApiId`): known, but not offered.
    read_only: Vec<String>,
    compiled: Compiled,
}

/// What the schema says about one property, for hover and completion.
#[derive(Clone, Debug, PartialEq)]
pub struct PropertyInfo<'a> {
    pub name: &'a str,
    pub description: Option<&'a str>,
    /// JSON type names (`"string"`, `"object"`, …); empty when the schema does not constrain it.
    pub types: Vec<&'static str>,
    /// The enum (or const) values, as written in the schema.
    pub allowed_values: Vec<String>,
    pub required: bool,
    /// Set by CloudFormation (an output such as `ApiId`), not by templates.
    pub read_only: bool,
}

impl ResourceSchema {
    /// `None` when the text is not a resource schema (a test checks every embedded one).
    fn parse(text: &str) -> Option<ResourceSchema> {
        let mut document: Json = serde_json::from_str(text).ok()?;
        let type_name = document.get("typeName")?.as_str()?.to_owned();
        add_documented_enums(&type_name, &mut document);
        let description = document.get("description").and_then(Json::as_str).map(str::to_owned);
        let read_only = document
            .get("readOnlyProperties")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .filter_map(|pointer| pointer.as_str()?.strip_prefix("/properties/"))
            .filter(|name| !name.contains('/'))
            .map(str::to_owned)
            .collect();
        let compiled = Compiled::new(&document);
        Some(ResourceSchema { type_name, description, read_only, compiled })
    }

    pub fn type_name(&self) -> &str {
        &self.type_name
    }

    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// The top-level properties a template may set, in schema order (read-only ones left out),
    /// for completion and closest-name fixes.
    pub fn property_names(&self) -> impl Iterator<Item = &str> {
        self.compiled.rules[self.compiled.root]
            .properties
            .iter()
            .map(|(name, _)| name.as_str())
            .filter(|name| !self.read_only.iter().any(|r| r == name))
    }

    /// The keys an object at a path of keys may have (the top level for an empty path, without
    /// read-only properties), in schema order, for completion of nested properties.
    pub fn property_names_at(&self, path: &[&str]) -> Vec<&str> {
        if path.is_empty() {
            return self.property_names().collect();
        }
        let mut id = self.compiled.root;
        for name in path {
            match self.find_property(id, name) {
                Some(next) => id = next,
                None => return Vec::new(),
            }
        }
        let rules = &self.compiled.rules;
        let mut objects = self.included(id, true);
        // A list of objects: the keys of its items.
        let items: Vec<Id> = objects.iter().filter_map(|&rule| rules[rule].items).collect();
        for item in items {
            objects.extend(self.included(item, true));
        }
        let mut names: Vec<&str> = Vec::new();
        for rule in objects {
            for (name, _) in &rules[rule].properties {
                if !names.contains(&name.as_str()) {
                    names.push(name);
                }
            }
        }
        names
    }

    /// What `Fn::GetAtt` can read from a resource of this type: its read-only properties.
    pub fn attributes(&self) -> &[String] {
        &self.read_only
    }

    /// A top-level property.
    pub fn property(&self, name: &str) -> Option<PropertyInfo<'_>> {
        self.property_at(&[name])
    }

    /// A property at a path of keys (`["CorsConfiguration", "AllowOrigins"]`); arrays are
    /// stepped through, so the path names only keys.
    pub fn property_at(&self, path: &[&str]) -> Option<PropertyInfo<'_>> {
        let (last, parents) = path.split_last()?;
        let mut parent = self.compiled.root;
        for name in parents {
            parent = self.find_property(parent, name)?;
        }
        let id = self.find_property(parent, last)?;
        let rules = &self.compiled.rules;
        let own = self.included(id, false);
        let any = self.included(id, true);
        let name = self.property_name(parent, last)?;
        let types = any.iter().map(|&i| rules[i].accepted_types()).fold(Types::default(), Types::union);
        let mut allowed_values = Vec::new();
        for value in any.iter().filter_map(|&i| rules[i].allowed.as_ref()).flatten() {
            let text = value.as_str().map_or_else(|| value.to_string(), str::to_owned);
            if !allowed_values.contains(&text) {
                allowed_values.push(text);
            }
        }
        Some(PropertyInfo {
            name,
            description: own.iter().find_map(|&i| rules[i].description.as_deref()),
            types: types.names().collect(),
            allowed_values,
            required: self.included(parent, false).iter().any(|&i| rules[i].required.iter().any(|r| r == last)),
            read_only: parents.is_empty() && self.read_only.iter().any(|r| r == last),
        })
    }

    /// The properties CloudFormation requires at the top level, exactly as the schema lists them
    /// (conditional requirements such as the Api's `Name` unless `Body` are not in schemas).
    pub fn required(&self) -> &[String] {
        &self.compiled.rules[self.compiled.root].required
    }

    /// Validates a resource's `Properties` node (`None` when the resource has none), reporting
    /// each violation through `report`, in document order. `fallback` is where missing top-level
    /// properties are reported: the `Properties` key, or the resource's logical ID when there is
    /// no `Properties`. `is_intrinsic` says which nodes are intrinsic functions (`{"Ref": …}`,
    /// `{"Fn::If": …}`); those, and any tagged node (`!Ref`), are values of unknown content that
    /// are never checked.
    pub fn validate(
        &self,
        properties: Option<&Node>,
        fallback: Span,
        is_intrinsic: &dyn Fn(&Node) -> bool,
        report: &mut dyn FnMut(SchemaViolation),
    ) {
        let mut validator = Validator::new(&self.compiled.rules, &self.type_name, &self.read_only, is_intrinsic);
        let mut found = Vec::new();
        match properties.filter(|node| !node.is_null()) {
            None => {
                for name in self.required() {
                    found.push(SchemaViolation {
                        kind: ViolationKind::MissingRequired,
                        span: fallback,
                        message: format!("missing required property `{name}` of `{}`", self.type_name),
                        suggestion: None,
                    });
                }
            }
            Some(node) if validator.is_opaque(node) => {}
            Some(node) if node.entries().is_none() => found.push(SchemaViolation {
                kind: ViolationKind::InvalidValue,
                span: node.span,
                message: format!("expected an object of properties, found {}", validate::found(node)),
                suggestion: None,
            }),
            Some(node) => validator.check(node, self.compiled.root, fallback, 0, &mut found),
        }
        found.sort_by_key(|violation| violation.span.start);
        // Overlapping rules (a `$ref` and its sibling) may find the same thing twice.
        for (index, violation) in found.iter().enumerate() {
            if !found[..index].contains(violation) {
                report(violation.clone());
            }
        }
    }

    /// The rule of property `name` of an object rule, looking through `$ref`, `allOf`, `anyOf`
    /// and array `items`.
    fn find_property(&self, parent: Id, name: &str) -> Option<Id> {
        let rules = &self.compiled.rules;
        self.included(parent, true).into_iter().find_map(|id| {
            rules[id].properties.iter().find(|(n, _)| n == name).map(|(_, sub)| *sub).or_else(|| {
                let items = rules[id].items?;
                self.find_property(items, name)
            })
        })
    }

    /// The name as the schema spells it (the same string, borrowed from the schema).
    fn property_name(&self, parent: Id, name: &str) -> Option<&str> {
        let rules = &self.compiled.rules;
        self.included(parent, true).into_iter().find_map(|id| {
            rules[id].properties.iter().find(|(n, _)| n == name).map(|(n, _)| n.as_str()).or_else(|| {
                let items = rules[id].items?;
                self.property_name(items, name)
            })
        })
    }

    /// A rule and those it includes (`$ref`, `allOf`, and with `any` the `anyOf` branches), the
    /// rule itself first.
    fn included(&self, id: Id, any: bool) -> Vec<Id> {
        let rules = &self.compiled.rules;
        let mut seen = vec![id];
        let mut next = 0;
        while next < seen.len() && seen.len() < 256 {
            let rule = &rules[seen[next]];
            let branches = if any { rule.any_of.as_slice() } else { &[] };
            for &sub in rule.all_of.iter().chain(branches.iter().flatten()) {
                if !seen.contains(&sub) {
                    seen.push(sub);
                }
            }
            next += 1;
        }
        seen
    }
}

/// The candidate closest to `word` when it is close enough to be a likely typo: an optimal
/// string alignment distance (a swap of neighbours is one edit), ignoring case, of at most
/// `max(2, len / 3)` and less than the word's length.
fn closest<'c>(word: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    let lower = word.to_lowercase();
    let length = word.chars().count();
    let limit = (length / 3).max(2).min(length.saturating_sub(1));
    candidates
        .filter(|candidate| *candidate != word)
        .map(|candidate| (distance(&lower, &candidate.to_lowercase()), distance(word, candidate), candidate))
        .filter(|(d, _, _)| *d <= limit)
        .min_by_key(|(d, exact, _)| (*d, *exact))
        .map(|(_, _, candidate)| candidate)
}

/// Optimal string alignment distance over chars.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0; (a.len() + 1) * width];
    for (i, cell) in d.iter_mut().step_by(width).enumerate() {
        *cell = i;
    }
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best =
                (d[(i - 1) * width + j] + 1).min(d[i * width + j - 1] + 1).min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use apigw_syntax::{Document, Format, parse};

    use super::*;

    /// `{"Ref": …}` and `{"Fn::…": …}` with one key, as the template layer will decide.
    fn intrinsic(node: &Node) -> bool {
        matches!(node.entries(), Some([entry]) if entry.key.text == "Ref" || entry.key.text.starts_with("Fn::"))
    }

    /// Validates the `Properties` of a one-resource YAML snippet (`Type:` and `Properties:`);
    /// each violation as (kind, text at its span, message).
    fn check(yaml: &str) -> Vec<(ViolationKind, String, String)> {
        check_with_suggestions(yaml).into_iter().map(|(kind, text, message, _)| (kind, text, message)).collect()
    }

    fn check_with_suggestions(yaml: &str) -> Vec<(ViolationKind, String, String, Option<String>)> {
        let tree = parse(&Document::new(yaml.into()), Format::Yaml);
        assert!(tree.errors.is_empty(), "{:?}", tree.errors);
        let root = tree.root.expect("a document");
        let type_name = root.get("Type").and_then(Node::as_str).expect("a Type");
        let schema = resource_schema(type_name).expect("a vendored type");
        let fallback = root.entry("Properties").or(root.entry("Type")).unwrap().key.span;
        let mut found = Vec::new();
        schema.validate(root.get("Properties"), fallback, &intrinsic, &mut |v| {
            found.push((v.kind, yaml[v.span.range()].to_owned(), v.message, v.suggestion));
        });
        found
    }

    use ViolationKind::*;

    fn one(kind: ViolationKind, text: &str, message: &str) -> Vec<(ViolationKind, String, String)> {
        vec![(kind, text.to_owned(), message.to_owned())]
    }

    #[test]
    fn unknown_property_with_suggestion() {
        let found =
            check_with_suggestions("Type: AWS::ApiGatewayV2::Api\nProperties:\n  Nmae: x\n  ProtocolType: HTTP\n");
        assert_eq!(
            found,
            vec![(
                UnknownProperty,
                "Nmae".to_owned(),
                "unknown property `Nmae` of `AWS::ApiGatewayV2::Api`; did you mean `Name`?".to_owned(),
                Some("Name".to_owned())
            )]
        );
        assert_eq!(
            check("Type: AWS::ApiGatewayV2::Api\nProperties:\n  Colour: x\n"),
            one(UnknownProperty, "Colour", "unknown property `Colour` of `AWS::ApiGatewayV2::Api`"),
        );
    }

    #[test]
    fn nested_unknown_property() {
        let yaml = "Type: AWS::ApiGatewayV2::Api\nProperties:\n  Name: a\n  CorsConfiguration:\n    AllowOrigin: ['*']\n    MaxAge: 600\n";
        assert_eq!(
            check(yaml),
            one(
                UnknownProperty,
                "AllowOrigin",
                "unknown property `AllowOrigin` in `CorsConfiguration` of `AWS::ApiGatewayV2::Api`; did you mean `AllowOrigins`?"
            ),
        );
        // Through an array's items and a $ref; the item lacking a property is reported at itself.
        let yaml = "Type: AWS::IAM::Role\nProperties:\n  AssumeRolePolicyDocument: {}\n  Policies:\n    - {PolicyName: p, PolicyDocument: {}, Extra: 1}\n    - {PolicyDocument: {}}\n";
        assert_eq!(
            check(yaml),
            vec![
                (
                    UnknownProperty,
                    "Extra".to_owned(),
                    "unknown property `Extra` in `Policies[0]` of `AWS::IAM::Role`".to_owned()
                ),
                (
                    MissingRequired,
                    "{PolicyDocument: {}}".to_owned(),
                    "missing required property `PolicyName` in `Policies[1]` of `AWS::IAM::Role`".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn names_for_completion() {
        let api = resource_schema("AWS::ApiGatewayV2::Api").unwrap();
        assert!(api.property_names_at(&[]).contains(&"ProtocolType"));
        assert_eq!(
            api.property_names_at(&["CorsConfiguration"]),
            ["AllowCredentials", "AllowHeaders", "AllowMethods", "AllowOrigins", "ExposeHeaders", "MaxAge"]
        );
        let domain = resource_schema("AWS::ApiGatewayV2::DomainName").unwrap();
        assert!(domain.property_names_at(&["DomainNameConfigurations"]).contains(&"SecurityPolicy"));
        assert!(api.attributes().contains(&"ApiEndpoint".to_string()));
    }

    #[test]
    fn missing_required() {
        assert_eq!(
            check("Type: AWS::ApiGatewayV2::Route\nProperties:\n  RouteKey: GET /\n"),
            one(MissingRequired, "Properties", "missing required property `ApiId` of `AWS::ApiGatewayV2::Route`"),
        );
        // No Properties at all: reported at the fallback.
        assert_eq!(
            check("Type: AWS::ApiGatewayV2::Route\n"),
            vec![
                (
                    MissingRequired,
                    "Type".to_owned(),
                    "missing required property `RouteKey` of `AWS::ApiGatewayV2::Route`".to_owned()
                ),
                (
                    MissingRequired,
                    "Type".to_owned(),
                    "missing required property `ApiId` of `AWS::ApiGatewayV2::Route`".to_owned()
                ),
            ]
        );
        // Nested, at the key of the object that lacks it (the object branch of an anyOf).
        assert_eq!(
            check("Type: AWS::Serverless::HttpApi\nProperties:\n  DefinitionUri:\n    Bucket: b\n"),
            one(
                MissingRequired,
                "DefinitionUri",
                "missing required property `Key` in `DefinitionUri` of `AWS::Serverless::HttpApi`"
            ),
        );
        // The Api's conditional Name is not in the schema, and no requirement is invented.
        assert_eq!(check("Type: AWS::ApiGatewayV2::Api\nProperties: {}\n"), vec![]);
        assert_eq!(check("Type: AWS::ApiGatewayV2::Api\n"), vec![]);
    }

    #[test]
    fn missing_one_of_several() {
        let yaml = "Type: AWS::IAM::Policy\nProperties:\n  PolicyName: p\n  PolicyDocument: {}\n";
        assert_eq!(
            check(yaml),
            one(
                MissingRequired,
                "Properties",
                "missing required property `Users`, `Groups` or `Roles` of `AWS::IAM::Policy`"
            ),
        );
        assert_eq!(
            check("Type: AWS::IAM::Policy\nProperties:\n  PolicyName: p\n  PolicyDocument: {}\n  Roles: [r]\n"),
            vec![]
        );
    }

    #[test]
    fn enum_violation() {
        let found = check_with_suggestions(
            "Type: AWS::ApiGatewayV2::DomainName\nProperties:\n  DomainName: example.com\n  RoutingMode: ROUTING_RULE_ONY\n",
        );
        assert_eq!(
            found,
            vec![(
                InvalidValue,
                "ROUTING_RULE_ONY".to_owned(),
                "`ROUTING_RULE_ONY` is not one of API_MAPPING_ONLY, ROUTING_RULE_THEN_API_MAPPING, ROUTING_RULE_ONLY; did you mean `ROUTING_RULE_ONLY`?".to_owned(),
                Some("ROUTING_RULE_ONLY".to_owned()),
            )]
        );
        assert_eq!(
            check(
                "Type: AWS::Lambda::Function\nProperties:\n  Code: {ZipFile: x}\n  Role: arn:aws:iam::123456789012:role/r\n  PackageType: FOO\n"
            ),
            one(InvalidValue, "FOO", "`FOO` is not one of Image, Zip"),
        );
        // Numeric enums compare as numbers.
        assert_eq!(check("Type: AWS::Logs::LogGroup\nProperties:\n  RetentionInDays: \"14\"\n"), vec![]);
        assert_eq!(
            check("Type: AWS::Logs::LogGroup\nProperties:\n  RetentionInDays: 15\n").first().map(|f| f.1.clone()),
            Some("15".to_owned())
        );
        // The enum of one anyOf branch, the other branch taking objects.
        assert_eq!(
            check("Type: AWS::Serverless::Function\nProperties:\n  Tracing: Foo\n"),
            one(InvalidValue, "Foo", "`Foo` is not one of Active, PassThrough, Disabled"),
        );
    }

    #[test]
    fn type_range_and_pattern_violations() {
        assert_eq!(
            check("Type: AWS::ApiGatewayV2::Api\nProperties:\n  DisableExecuteApiEndpoint: [a]\n"),
            one(InvalidValue, "[a]", "expected a boolean, found an array"),
        );
        assert_eq!(
            check("Type: AWS::ApiGatewayV2::Api\nProperties:\n  FailOnWarnings: maybe\n"),
            one(InvalidValue, "maybe", "expected a boolean, found `maybe`"),
        );
        assert_eq!(
            check("Type: AWS::ApiGatewayV2::Api\nProperties:\n  CorsConfiguration: '*'\n"),
            one(InvalidValue, "'*'", "expected an object, found `*`"),
        );
        assert_eq!(
            check(
                "Type: AWS::ApiGatewayV2::Stage\nProperties:\n  ApiId: a\n  StageName: s\n  DefaultRouteSettings:\n    ThrottlingBurstLimit: 1.5\n"
            ),
            one(InvalidValue, "1.5", "expected an integer, found 1.5"),
        );
        assert_eq!(
            check("Type: AWS::ApiGatewayV2::Api\nProperties:\n  Name:\n"),
            one(InvalidValue, "", "expected a string, found null"),
        );
        assert_eq!(
            check("Type: AWS::Serverless::HttpApi\nProperties:\n  Description:\n"),
            vec![],
            "SAM may drop nulls"
        );
        let rule = "Type: AWS::ApiGatewayV2::RoutingRule\nProperties:\n  DomainNameArn: arn\n  Conditions: []\n  Actions: []\n";
        assert_eq!(
            check(&format!("{rule}  Priority: 1000001\n")),
            one(InvalidValue, "1000001", "1000001 is above the maximum 1000000"),
        );
        assert_eq!(check(&format!("{rule}  Priority: '0'\n")), one(InvalidValue, "'0'", "0 is below the minimum 1"));
        let permission = "Type: AWS::Lambda::Permission\nProperties:\n  FunctionName: f\n  Action: lambda:InvokeFunction\n  Principal: apigateway.amazonaws.com\n";
        assert_eq!(
            check(&format!("{permission}  SourceAccount: '12345'\n")),
            one(InvalidValue, "'12345'", "`12345` is shorter than the minimum length 12"),
        );
        assert_eq!(
            check(&format!("{permission}  SourceAccount: '12345678901x'\n")),
            one(InvalidValue, "'12345678901x'", "`12345678901x` must be 12 characters and contain only digits (pattern `^\\d{12}$`)"),
        );
        assert_eq!(check(&format!("{permission}  SourceAccount: 123456789012\n")), vec![], "a number is a string");
        assert_eq!(
            check("Type: AWS::ApiGatewayV2::Model\nProperties: [a]\n"),
            one(InvalidValue, "[a]", "expected an object of properties, found an array"),
        );
    }

    #[test]
    fn coercions_are_accepted() {
        let yaml = "Type: AWS::ApiGatewayV2::Api
Properties:
  Name: true
  Description: 42
  DisableExecuteApiEndpoint: \"true\"
  FailOnWarnings: False
  Tags: {team: 7}
";
        assert_eq!(check(yaml), vec![]);
        let yaml = "Type: AWS::ApiGatewayV2::Stage
Properties:
  ApiId: a
  StageName: s
  DefaultRouteSettings: {ThrottlingBurstLimit: \"30\", ThrottlingRateLimit: '2.5', DetailedMetricsEnabled: 'false'}
";
        assert_eq!(check(yaml), vec![]);
        // format: json takes an object or a string.
        assert_eq!(
            check(
                "Type: AWS::ApiGatewayV2::Model\nProperties: {ApiId: a, Name: n, Schema: '{\"type\": \"object\"}'}\n"
            ),
            vec![]
        );
        assert_eq!(
            check("Type: AWS::ApiGatewayV2::Model\nProperties: {ApiId: a, Name: n, Schema: {type: object}}\n"),
            vec![]
        );
    }

    #[test]
    fn intrinsics_are_skipped() {
        let yaml = "Type: AWS::ApiGatewayV2::Api
Properties:
  Name: !Ref X
  Description: {Fn::Sub: '${AWS::StackName}'}
  DisableExecuteApiEndpoint: !If [C, true, !Ref AWS::NoValue]
  FailOnWarnings: {Ref: AWS::NoValue}
  CorsConfiguration: {Fn::If: [C, {AllowOrigin: x}, {Ref: AWS::NoValue}]}
  Tags: &tags {a: b}
  Version: *tags
  BodyS3Location: !GetAtt Bucket.Location
";
        assert_eq!(check(yaml), vec![]);
        assert_eq!(check("Type: AWS::ApiGatewayV2::Route\nProperties: !If [C, {}, {}]\n"), vec![]);
        // Intrinsic items never fail the item type.
        assert_eq!(
            check(
                "Type: AWS::ApiGatewayV2::Api\nProperties:\n  CorsConfiguration:\n    AllowOrigins: [!Ref Origin, {Fn::Sub: x}, [a]]\n"
            ),
            one(InvalidValue, "[a]", "expected a string, found an array"),
        );
    }

    #[test]
    fn any_of_reports_the_intended_branch() {
        let yaml = "Type: AWS::Serverless::Function
Properties:
  Events:
    Get:
      Type: Api
      Properties: {Path: /, Method: get, Paht: /x}
";
        let found = check(yaml);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].0, found[0].1.as_str()), (UnknownProperty, "Paht"));
        assert_eq!(
            found[0].2,
            "unknown property `Paht` in `Events.Get.Properties` of `AWS::Serverless::Function`; did you mean `Path`?"
        );
        let valid = "Type: AWS::Serverless::Function\nProperties:\n  Events:\n    Get: {Type: HttpApi, Properties: {Path: /, Method: get}}\n";
        assert_eq!(check(valid), vec![]);
        assert_eq!(
            check("Type: AWS::Serverless::HttpApi\nProperties:\n  DefinitionUri: [a]\n"),
            one(InvalidValue, "[a]", "expected an object or a string, found an array"),
        );
    }

    #[test]
    fn schema_information() {
        let api = resource_schema("AWS::ApiGatewayV2::Api").unwrap();
        assert_eq!(api.type_name(), "AWS::ApiGatewayV2::Api");
        assert!(api.description().unwrap().contains("creates an API"));
        assert!(api.property_names().any(|name| name == "Name"));
        assert!(!api.property_names().any(|name| name == "ApiId"), "read-only properties are not offered");
        assert!(api.required().is_empty());
        let cors = api.property("CorsConfiguration").unwrap();
        assert_eq!(cors.types, vec!["object"]);
        assert!(cors.description.unwrap().starts_with("A CORS configuration"));
        let origins = api.property_at(&["CorsConfiguration", "AllowOrigins"]).unwrap();
        assert_eq!((origins.name, origins.types.clone()), ("AllowOrigins", vec!["array"]));
        assert!(api.property("ApiId").unwrap().read_only);
        assert!(api.property("Nope").is_none());

        let route = resource_schema("AWS::ApiGatewayV2::Route").unwrap();
        assert_eq!(route.required(), ["RouteKey", "ApiId"]);
        assert!(route.property("ApiId").unwrap().required);
        let domain = resource_schema("AWS::ApiGatewayV2::DomainName").unwrap();
        assert_eq!(
            domain.property("RoutingMode").unwrap().allowed_values,
            ["API_MAPPING_ONLY", "ROUTING_RULE_THEN_API_MAPPING", "ROUTING_RULE_ONLY"]
        );
        let function = resource_schema("AWS::Serverless::Function").unwrap();
        let tracing = function.property("Tracing").unwrap();
        assert_eq!((tracing.types, tracing.allowed_values.len()), (vec!["object", "string"], 3));
    }

    #[test]
    fn every_schema_validates_an_empty_and_a_junk_resource() {
        let junk = parse(&Document::new("{Zzzzzz: [1, {a: b}], Name: {x: [null]}}".into()), Format::Yaml).root.unwrap();
        for schema in resource_schemas() {
            let mut count = 0;
            schema.validate(Some(&junk), Span::default(), &intrinsic, &mut |_| count += 1);
            assert!(count >= 1, "{} accepts junk", schema.type_name());
            schema.validate(None, Span::default(), &intrinsic, &mut |v| assert_eq!(v.kind, MissingRequired));
        }
    }

    /// Patterns Rust's regex cannot compile are skipped; this keeps the list short and known.
    #[test]
    fn nearly_every_pattern_compiles() {
        let mut failing = Vec::new();
        for schema in resource_schemas() {
            for rule in &schema.compiled.rules {
                let patterns = rule.pattern.iter().chain(rule.pattern_properties.iter().map(|(p, _)| p));
                for pattern in patterns {
                    if pattern.regex().is_none() && !failing.contains(&pattern.source) {
                        failing.push(pattern.source.clone());
                    }
                }
            }
        }
        // Look-behind (`(?<!\.)`) in AWS::Lambda::Function's Code.S3Bucket.
        assert!(failing.len() <= 2, "{failing:#?}");
    }

    #[test]
    fn closest_names() {
        let names = ["Name", "Description", "AllowOrigins", "Id"];
        assert_eq!(closest("Nmae", names.into_iter()), Some("Name"));
        assert_eq!(closest("name", names.into_iter()), Some("Name"));
        assert_eq!(closest("Descripton", names.into_iter()), Some("Description"));
        assert_eq!(closest("AllowOrigin", names.into_iter()), Some("AllowOrigins"));
        assert_eq!(closest("Colour", names.into_iter()), None);
        assert_eq!(closest("Xy", names.into_iter()), None, "a word is not a typo of anything as short");
        assert_eq!(distance("ab", "ba"), 1);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
