//! A CloudFormation template as CloudFormation reads it: parameters, conditions, resources with
//! their types, conditions and `DependsOn`, and the values that can be known without deploying.

use std::borrow::Cow;
use std::collections::HashMap;

use apigw_syntax::{Entry, Node, Span};

use crate::intrinsic::{self, Part, Reference};

pub const PSEUDO_PARAMETERS: &[&str] = &[
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::NoValue",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
];

/// The index of a resource in [`Template::resources`].
pub type ResourceId = usize;

pub struct Template<'a> {
    pub root: &'a Node,
    /// `Transform` values such as `AWS::Serverless-2016-10-31`.
    pub transforms: Vec<&'a str>,
    pub parameters: Vec<&'a Entry>,
    pub conditions: Vec<&'a Entry>,
    pub mappings: Vec<&'a Entry>,
    pub resources: Vec<Resource<'a>>,
    /// SAM `Globals`: properties every serverless resource of a type gets unless it sets them.
    pub globals: Option<&'a Node>,
    by_id: HashMap<&'a str, ResourceId>,
}

pub struct Resource<'a> {
    pub id: &'a str,
    /// The range of the logical id: where diagnostics about the whole resource point.
    pub id_span: Span,
    pub node: &'a Node,
    pub type_name: Option<&'a str>,
    pub type_entry: Option<&'a Entry>,
    pub properties: Option<&'a Node>,
    pub condition: Option<&'a str>,
    /// `DependsOn` names, one or a list, with their ranges.
    pub depends_on: Vec<(&'a str, Span)>,
    pub depends_on_entry: Option<&'a Entry>,
    pub metadata: Option<&'a Node>,
}

impl<'a> Resource<'a> {
    pub fn property(&self, name: &str) -> Option<&'a Entry> {
        self.properties?.entry(name)
    }

    pub fn is_type(&self, type_name: &str) -> bool {
        self.type_name == Some(type_name)
    }

    pub fn depends_on(&self, id: &str) -> bool {
        self.depends_on.iter().any(|(name, _)| *name == id)
    }

    /// The CDK construct path (`MyStack/HttpApi/DefaultStage/Resource`) that the CDK writes into
    /// `Metadata: aws:cdk:path` of each resource it synthesizes.
    pub fn construct_path(&self) -> Option<&'a str> {
        self.metadata?.get("aws:cdk:path")?.as_str()
    }
}

/// A string value as far as the template tells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Text<'a> {
    Known(Cow<'a, str>),
    /// Depends on a parameter, a condition, another stack or the deployment.
    Unknown,
}

impl<'a> Text<'a> {
    pub fn known(&self) -> Option<&str> {
        match self {
            Text::Known(text) => Some(text),
            Text::Unknown => None,
        }
    }
}

impl<'a> Template<'a> {
    /// Reads a document root as a template: a mapping with `AWSTemplateFormatVersion`, or with
    /// `Resources` whose entries have typed resources. Anything else is not a template.
    pub fn read(root: &'a Node) -> Option<Template<'a>> {
        let resources_node = root.get("Resources");
        let typed = resources_node
            .and_then(Node::entries)
            .is_some_and(|entries| entries.iter().any(|entry| entry.value.get("Type").and_then(Node::as_str).is_some_and(|t| t.contains("::"))));
        if !typed && root.entry("AWSTemplateFormatVersion").is_none() {
            return None;
        }
        let section = |name| root.get(name).and_then(Node::entries).map(|entries| entries.iter().collect()).unwrap_or_default();
        let transforms = match root.get("Transform") {
            Some(node) => match node.items() {
                Some(items) => items.iter().filter_map(Node::as_str).collect(),
                None => node.as_str().into_iter().collect(),
            },
            None => Vec::new(),
        };
        let resources: Vec<Resource<'a>> = resources_node
            .and_then(Node::entries)
            .unwrap_or_default()
            .iter()
            .map(Resource::read)
            .collect();
        let mut by_id = HashMap::with_capacity(resources.len());
        for (index, resource) in resources.iter().enumerate() {
            by_id.entry(resource.id).or_insert(index);
        }
        Some(Template {
            root,
            transforms,
            parameters: section("Parameters"),
            conditions: section("Conditions"),
            mappings: section("Mappings"),
            resources,
            globals: root.get("Globals"),
            by_id,
        })
    }

    /// A document with no template around it (a standalone OpenAPI definition): no parameters,
    /// no resources, so every value that is not literal stays unknown.
    pub fn empty(root: &'a Node) -> Template<'a> {
        Template {
            root,
            transforms: Vec::new(),
            parameters: Vec::new(),
            conditions: Vec::new(),
            mappings: Vec::new(),
            resources: Vec::new(),
            globals: None,
            by_id: HashMap::new(),
        }
    }

    /// The SAM `Globals` entry for a property of a serverless resource type (`HttpApi`, `Function`…).
    pub fn global(&self, section: &str, name: &str) -> Option<&'a Entry> {
        self.globals?.get(section)?.entry(name)
    }

    pub fn is_sam(&self) -> bool {
        self.transforms.iter().any(|transform| transform.starts_with("AWS::Serverless"))
    }

    pub fn resource_id(&self, id: &str) -> Option<ResourceId> {
        self.by_id.get(id).copied()
    }

    pub fn resource(&self, id: &str) -> Option<&Resource<'a>> {
        self.resource_id(id).map(|index| &self.resources[index])
    }

    pub fn parameter(&self, name: &str) -> Option<&'a Entry> {
        self.parameters.iter().copied().find(|entry| entry.key.text == name)
    }

    pub fn has_condition(&self, name: &str) -> bool {
        self.conditions.iter().any(|entry| entry.key.text == name)
    }

    /// Whether `Ref` can name this: a resource, a parameter or a pseudo parameter.
    pub fn defines(&self, name: &str) -> bool {
        self.by_id.contains_key(name) || self.parameter(name).is_some() || PSEUDO_PARAMETERS.contains(&name)
    }

    /// Every name a `Ref` may use, for suggestions.
    pub fn names(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.resources.iter().map(|resource| resource.id).chain(self.parameters.iter().map(|entry| entry.key.text.as_str()))
    }

    /// The resource a `Ref`/`Fn::GetAtt` node names, with the attribute for `GetAtt`.
    pub fn referenced(&self, node: &'a Node) -> Option<(ResourceId, Reference<'a>)> {
        let reference = intrinsic::reference(node)?;
        Some((self.resource_id(reference.target)?, reference))
    }

    /// Whether two resources certainly exist together: both unconditional, or under one condition.
    /// Resources under different conditions might exclude each other, so they are not compared.
    pub fn coexist(&self, a: ResourceId, b: ResourceId) -> bool {
        self.resources[a].condition == self.resources[b].condition
    }

    /// The string a node certainly evaluates to.
    pub fn text(&self, node: &'a Node) -> Text<'a> {
        if let Some(text) = node.as_str() {
            return Text::Known(Cow::Borrowed(text));
        }
        let Some(call) = intrinsic::call(node) else { return Text::Unknown };
        match call.name {
            "Fn::Sub" | "Fn::Join" => match self.parts(node) {
                Some(parts) => match parts.as_slice() {
                    [] => Text::Known(Cow::Borrowed("")),
                    [Part::Text(text)] => Text::Known(Cow::Owned(text.clone())),
                    _ => Text::Unknown,
                },
                None => Text::Unknown,
            },
            "Fn::If" => match if_branches(call.arg) {
                Some((_, then, otherwise)) => {
                    let (then, otherwise) = (self.text(then), self.text(otherwise));
                    if then == otherwise { then } else { Text::Unknown }
                }
                None => Text::Unknown,
            },
            _ => Text::Unknown,
        }
    }

    /// Calls `visit` with each value a node may take that is certainly known, with its range:
    /// every branch of `Fn::If` (a branch of `AWS::NoValue` leaves the property out). Values that
    /// are not known are skipped, so checks built on this never guess.
    pub fn each_known(&self, node: &'a Node, visit: &mut dyn FnMut(Cow<'a, str>, &'a Node)) {
        if let Some(call) = intrinsic::call(node)
            && call.name == "Fn::If"
        {
            if let Some((_, then, otherwise)) = if_branches(call.arg) {
                self.each_known(then, visit);
                self.each_known(otherwise, visit);
            }
            return;
        }
        if let Text::Known(text) = self.text(node) {
            visit(text, node);
        }
    }

    /// The value nodes a node may take through `Fn::If` branches (without `AWS::NoValue`), for
    /// checks of structured values (lists, objects).
    pub fn branches(&self, node: &'a Node) -> Vec<&'a Node> {
        alternatives(node).into_iter().flatten().collect()
    }

    /// A string value as pieces of text and references: plain strings, `Fn::Sub` (with its
    /// variables map) and `Fn::Join`, nested. `None` when the node is no such value.
    pub fn parts(&self, node: &'a Node) -> Option<Vec<Part<'a>>> {
        let mut parts = Vec::new();
        self.collect_parts(node, &mut parts, 0)?;
        Some(merge_text(parts))
    }

    fn collect_parts(&self, node: &'a Node, out: &mut Vec<Part<'a>>, depth: usize) -> Option<()> {
        if depth > 16 {
            return None;
        }
        if let Some(text) = node.as_str() {
            out.push(Part::Text(text.to_string()));
            return Some(());
        }
        let call = intrinsic::call(node)?;
        match call.name {
            "Ref" => out.push(Part::Ref(intrinsic::arg_str(call.arg)?)),
            "Fn::GetAtt" => {
                let reference = intrinsic::get_att(call.arg)?;
                out.push(Part::GetAtt(reference.target, reference.attribute.unwrap_or("")));
            }
            "Fn::Sub" => {
                let (template, variables) = match call.arg.items() {
                    Some([template, variables]) => (intrinsic::arg_str(template)?, variables.entries()),
                    Some(_) => return None,
                    None => (intrinsic::arg_str(call.arg)?, None),
                };
                for part in intrinsic::sub_parts(template)? {
                    let variable = match part {
                        Part::Ref(name) => variables.and_then(|vars| vars.iter().find(|entry| entry.key.text == name)),
                        _ => None,
                    };
                    match variable {
                        Some(entry) => {
                            if self.collect_parts(&entry.value, out, depth + 1).is_none() {
                                out.push(Part::Unknown);
                            }
                        }
                        None => out.push(part),
                    }
                }
            }
            "Fn::Join" => {
                let [delimiter, items] = call.arg.items()? else { return None };
                let delimiter = delimiter.as_str()?;
                let items = items.items()?;
                for (index, item) in items.iter().enumerate() {
                    if index > 0 && !delimiter.is_empty() {
                        out.push(Part::Text(delimiter.to_string()));
                    }
                    if self.collect_parts(item, out, depth + 1).is_none() {
                        out.push(Part::Unknown);
                    }
                }
            }
            _ => out.push(Part::Unknown),
        }
        Some(())
    }
}

/// The values a node may take through `Fn::If`, in order; `None` stands for a branch of
/// `AWS::NoValue`, where the property is left out.
pub fn alternatives(node: &Node) -> Vec<Option<&Node>> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        match intrinsic::call(node) {
            Some(call) if call.name == "Fn::If" => {
                if let Some((_, then, otherwise)) = if_branches(call.arg) {
                    stack.push(otherwise);
                    stack.push(then);
                }
            }
            Some(call) if call.name == "Ref" && intrinsic::arg_str(call.arg) == Some("AWS::NoValue") => out.push(None),
            _ => out.push(Some(node)),
        }
    }
    out
}

/// `Fn::If`'s `[condition, then, else]`.
pub fn if_branches(arg: &Node) -> Option<(&str, &Node, &Node)> {
    let [condition, then, otherwise] = arg.items()? else { return None };
    Some((condition.as_str()?, then, otherwise))
}

fn merge_text(parts: Vec<Part<'_>>) -> Vec<Part<'_>> {
    let mut merged: Vec<Part<'_>> = Vec::with_capacity(parts.len());
    for part in parts {
        match (merged.last_mut(), part) {
            (Some(Part::Text(previous)), Part::Text(text)) => previous.push_str(&text),
            (_, part) => merged.push(part),
        }
    }
    merged
}

impl<'a> Resource<'a> {
    fn read(entry: &'a Entry) -> Resource<'a> {
        let node = &entry.value;
        let depends_on_entry = node.entry("DependsOn");
        let depends_on = match depends_on_entry.map(|entry| &entry.value) {
            Some(value) => match value.items() {
                Some(items) => items.iter().filter_map(|item| Some((item.as_str()?, item.span))).collect(),
                None => value.as_str().map(|name| (name, value.span)).into_iter().collect(),
            },
            None => Vec::new(),
        };
        let type_entry = node.entry("Type");
        Resource {
            id: &entry.key.text,
            id_span: entry.key.span,
            node,
            type_name: type_entry.and_then(|entry| entry.value.as_str()),
            type_entry,
            properties: node.get("Properties").filter(|properties| properties.entries().is_some()),
            condition: node.get("Condition").and_then(Node::as_str),
            depends_on,
            depends_on_entry,
            metadata: node.get("Metadata"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use apigw_syntax::{Document, Format, parse};

    fn root(yaml: &str) -> Node {
        parse(&Document::new(yaml.to_string()), Format::Yaml).root.unwrap()
    }

    const TEMPLATE: &str = "Parameters:\n  Stage: {Type: String}\nConditions:\n  Prod: !Equals [!Ref Stage, prod]\nResources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n  Integ:\n    Type: AWS::ApiGatewayV2::Integration\n    Condition: Prod\n    DependsOn: [Api]\n    Properties:\n      A: !Sub 'integrations/${Integ}'\n      B: !Join ['', ['integrations/', !Ref Integ]]\n      C: !If [Prod, 'a b', 'c']\n      D: !Sub ['x-${V}', {V: !Ref Stage}]\n      E: !Join ['/', [a, b]]\n      F: !Ref Stage\n";

    #[test]
    fn reads_sections_and_resources() {
        let root = root(TEMPLATE);
        let template = Template::read(&root).unwrap();
        assert_eq!(template.resources.len(), 2);
        let integ = template.resource("Integ").unwrap();
        assert_eq!(integ.condition, Some("Prod"));
        assert!(integ.depends_on("Api"));
        assert!(template.defines("Stage") && template.defines("AWS::Region") && !template.defines("Nope"));
        assert!(!template.coexist(0, 1));
    }

    #[test]
    fn values_are_known_or_unknown_never_guessed() {
        let root = root(TEMPLATE);
        let template = Template::read(&root).unwrap();
        let integ = template.resource("Integ").unwrap();
        let prop = |name| &integ.property(name).unwrap().value;
        let expected = vec![Part::Text("integrations/".into()), Part::Ref("Integ")];
        assert_eq!(template.parts(prop("A")).unwrap(), expected);
        assert_eq!(template.parts(prop("B")).unwrap(), expected);
        assert_eq!(template.text(prop("C")), Text::Unknown);
        let mut seen = Vec::new();
        template.each_known(prop("C"), &mut |text, _| seen.push(text.into_owned()));
        assert_eq!(seen, ["a b", "c"]);
        assert_eq!(template.parts(prop("D")).unwrap(), [Part::Text("x-".into()), Part::Ref("Stage")]);
        assert_eq!(template.text(prop("E")).known(), Some("a/b"));
        assert_eq!(template.text(prop("F")), Text::Unknown);
    }

    #[test]
    fn not_a_template() {
        assert!(Template::read(&root("services:\n  web: {image: x}\n")).is_none());
    }
}
