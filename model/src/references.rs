//! Every place a template names a resource, parameter or condition: `Ref`, `Fn::GetAtt`, the
//! `${...}` of `Fn::Sub`, `DependsOn`, `Condition` and `Fn::If`. Each use keeps the scalar the name
//! is written in and the name's offset in it, so rules can point inside `Fn::Sub` strings.
//!
//! Names that the template defines locally are left out: the variables of a `Fn::Sub` and the
//! identifiers of `Fn::ForEach` loops (`AWS::LanguageExtensions`) in their fragment.

use crate::intrinsic::{self, Call};
use crate::{ResourceId, Template};
use apigw_syntax::Node;

/// What a name must be defined as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// `Ref`, `${Name}`: a resource, a parameter or a pseudo parameter.
    Value,
    /// `Fn::GetAtt`, `${Resource.Attribute}`, `DependsOn`: a resource.
    Resource,
    /// `Condition`, `Fn::If`: a condition.
    Condition,
}

#[derive(Clone, Copy, Debug)]
pub struct NameUse<'a> {
    pub name: &'a str,
    pub expects: Expect,
    /// What names it: `Ref`, `Fn::GetAtt`, `Fn::Sub`, `DependsOn`, `Condition`, `Fn::If`.
    pub via: &'static str,
    /// The scalar the name is written in, and the byte offset of the name in its value.
    pub node: &'a Node,
    pub at: usize,
    /// The resource whose definition holds the use.
    pub resource: Option<ResourceId>,
}

const FOR_EACH: &str = "Fn::ForEach::";

/// Every name use in `Resources`, `Outputs`, `Conditions`, `Rules` and SAM's `Globals`.
pub fn name_uses<'a>(template: &Template<'a>) -> Vec<NameUse<'a>> {
    let mut walker = Walker { uses: Vec::new(), loop_ids: Vec::new(), resource: None };
    let section = |name| template.root.get(name).and_then(Node::entries).unwrap_or_default();
    // Resources are walked one by one to know which one holds each use; those a loop makes
    // are nobody's in particular.
    for (index, entry) in section("Resources").iter().enumerate() {
        if entry.key.text.starts_with(FOR_EACH) {
            walker.for_each(&entry.value, &mut |walker, fragment| walker.entries(fragment, Walker::resource_body));
        } else {
            walker.resource = Some(index);
            walker.resource_body(&entry.value);
            walker.resource = None;
        }
    }
    if let Some(outputs) = template.root.get("Outputs") {
        walker.entries(outputs, Walker::output);
    }
    if let Some(conditions) = template.root.get("Conditions") {
        walker.entries(conditions, |walker, condition| walker.walk(condition, true));
    }
    for section in ["Rules", "Globals"] {
        if let Some(node) = template.root.get(section) {
            walker.walk(node, false);
        }
    }
    walker.uses
}

/// The resources each resource depends on, directly: through `DependsOn`, `Ref`, `Fn::GetAtt`
/// and `Fn::Sub` (in any branch of an `Fn::If`, so a dependency here may be one that only some
/// deployments have).
pub fn dependencies(template: &Template) -> Vec<Vec<ResourceId>> {
    let mut dependencies = vec![Vec::new(); template.resources.len()];
    for name_use in name_uses(template) {
        if let (Some(from), Some(to)) = (name_use.resource, template.resource_id(name_use.name))
            && name_use.expects != Expect::Condition
        {
            dependencies[from].push(to);
        }
    }
    dependencies
}

/// Every resource `from` depends on, directly or through other resources, as a set over the
/// resource indexes: one walk answers the question for all of them.
pub fn reachable(dependencies: &[Vec<ResourceId>], from: ResourceId) -> Vec<bool> {
    let mut seen = vec![false; dependencies.len()];
    let mut stack = vec![from];
    while let Some(id) = stack.pop() {
        for &next in &dependencies[id] {
            if !std::mem::replace(&mut seen[next], true) {
                stack.push(next);
            }
        }
    }
    seen
}

struct Walker<'a> {
    uses: Vec<NameUse<'a>>,
    /// The identifiers of the `Fn::ForEach` loops around the node being walked.
    loop_ids: Vec<&'a str>,
    resource: Option<ResourceId>,
}

impl<'a> Walker<'a> {
    fn add(&mut self, name: &'a str, expects: Expect, via: &'static str, node: &'a Node, at: usize) {
        // Inside a loop, `${Id}` and `&{Id}` in names are replaced by the transform.
        let templated = name.contains("${") || name.contains("&{");
        if name.is_empty() || templated || self.loop_ids.contains(&name) {
            return;
        }
        self.uses.push(NameUse { name, expects, via, node, at, resource: self.resource });
    }

    /// A name written as a whole scalar (`DependsOn: Api`, `Condition: IsProd`).
    fn add_scalar(&mut self, node: &'a Node, expects: Expect, via: &'static str) {
        if let Some(name) = node.as_str() {
            self.add(name, expects, via, node, 0);
        }
    }

    /// The entries of a template section (or of a loop's fragment in it), each read by `entry`;
    /// loops, which may nest, are entered.
    fn entries(&mut self, section: &'a Node, entry: fn(&mut Self, &'a Node)) {
        for item in section.entries().unwrap_or_default() {
            if item.key.text.starts_with(FOR_EACH) {
                self.for_each(&item.value, &mut |walker, fragment| walker.entries(fragment, entry));
            } else {
                entry(self, &item.value);
            }
        }
    }

    fn resource_body(&mut self, node: &'a Node) {
        for entry in node.entries().unwrap_or_default() {
            match entry.key.text.as_str() {
                "DependsOn" => match entry.value.items() {
                    Some(items) => items.iter().for_each(|item| self.add_scalar(item, Expect::Resource, "DependsOn")),
                    None => self.add_scalar(&entry.value, Expect::Resource, "DependsOn"),
                },
                "Condition" => self.add_scalar(&entry.value, Expect::Condition, "Condition"),
                "Type" => {}
                _ => self.walk(&entry.value, false),
            }
        }
    }

    fn output(&mut self, node: &'a Node) {
        for entry in node.entries().unwrap_or_default() {
            match entry.key.text.as_str() {
                "Condition" => self.add_scalar(&entry.value, Expect::Condition, "Condition"),
                _ => self.walk(&entry.value, false),
            }
        }
    }

    /// `Fn::ForEach::Name: [Identifier, Collection, Fragment]`: the identifier is defined inside
    /// the fragment only.
    fn for_each(&mut self, node: &'a Node, fragment: &mut dyn FnMut(&mut Self, &'a Node)) {
        let Some([identifier, collection, body]) = node.items() else {
            self.walk(node, false);
            return;
        };
        self.walk(collection, false);
        let identifier = identifier.as_str();
        self.loop_ids.extend(identifier);
        fragment(self, body);
        if identifier.is_some() {
            self.loop_ids.pop();
        }
    }

    /// Any value. `in_condition` is set where `{Condition: Name}` names a condition: in
    /// `Conditions` and inside `Fn::And`, `Fn::Or` and `Fn::Not`.
    fn walk(&mut self, node: &'a Node, in_condition: bool) {
        if let Some(call) = intrinsic::call(node) {
            self.call(call);
            return;
        }
        if in_condition
            && let Some(call) = intrinsic::condition_call(node)
        {
            self.add_scalar(call.arg, Expect::Condition, "Condition");
            return;
        }
        self.children(node);
    }

    /// The children of a node, without reading the node itself as a function (for a tagged
    /// node the argument is the node itself).
    fn children(&mut self, node: &'a Node) {
        if let Some(entries) = node.entries() {
            for entry in entries {
                if entry.key.text.starts_with(FOR_EACH) {
                    self.for_each(&entry.value, &mut |walker, fragment| walker.walk(fragment, false));
                } else {
                    self.walk(&entry.value, false);
                }
            }
        } else if let Some(items) = node.items() {
            items.iter().for_each(|item| self.walk(item, false));
        }
    }

    fn argument(&mut self, call: &Call<'a>, in_condition: bool) {
        if call.node.tag.is_some() {
            match call.arg.items() {
                Some(items) => items.iter().for_each(|item| self.walk(item, in_condition)),
                None => self.children(call.arg),
            }
        } else {
            self.walk(call.arg, in_condition);
        }
    }

    fn call(&mut self, call: Call<'a>) {
        match call.name {
            "Ref" => match intrinsic::arg_str(call.arg) {
                Some(name) => self.add(name, Expect::Value, "Ref", call.arg, 0),
                None => self.argument(&call, false),
            },
            "Condition" => match intrinsic::arg_str(call.arg) {
                Some(name) => self.add(name, Expect::Condition, "Condition", call.arg, 0),
                None => self.argument(&call, false),
            },
            "Fn::GetAtt" => self.get_att(&call),
            "Fn::Sub" => self.sub(&call),
            "Fn::If" => {
                if let Some([condition, ..]) = call.arg.items() {
                    self.add_scalar(condition, Expect::Condition, "Fn::If");
                }
                self.argument(&call, false);
            }
            "Fn::And" | "Fn::Or" | "Fn::Not" => self.argument(&call, true),
            // A macro's parameters are its own business.
            "Fn::Transform" => {}
            name if name.starts_with(FOR_EACH) => {
                self.for_each(call.arg, &mut |walker, fragment| walker.walk(fragment, false))
            }
            _ => self.argument(&call, false),
        }
    }

    fn get_att(&mut self, call: &Call<'a>) {
        if let Some(text) = intrinsic::arg_str(call.arg) {
            if let Some((resource, _)) = text.split_once('.') {
                self.add(resource, Expect::Resource, "Fn::GetAtt", call.arg, 0);
            }
            return;
        }
        match call.arg.items() {
            Some([resource, attribute]) if resource.as_str().is_some() => {
                self.add_scalar(resource, Expect::Resource, "Fn::GetAtt");
                self.walk(attribute, false);
            }
            _ => self.argument(call, false),
        }
    }

    fn sub(&mut self, call: &Call<'a>) {
        let (template, variables) = match call.arg.items() {
            // Variables from a function (or malformed ones, AGW003's business) may define any name.
            Some([_, variables]) if variables.entries().is_none() => return self.argument(call, false),
            Some([template, variables]) => (template, Some(variables)),
            Some(_) => return self.argument(call, false),
            None => (call.arg, None),
        };
        let Some(text) = intrinsic::arg_str(template) else { return self.argument(call, false) };
        let defined = |name: &str| variables.and_then(|variables| variables.entry(name)).is_some();
        for placeholder in intrinsic::sub_placeholders(text).unwrap_or_default() {
            let name = placeholder.name;
            if placeholder.literal || defined(name) {
                continue;
            }
            match name.split_once('.') {
                Some((resource, _)) if !defined(resource) => {
                    self.add(resource, Expect::Resource, "Fn::Sub", template, placeholder.name_at)
                }
                Some(_) => {}
                None => self.add(name, Expect::Value, "Fn::Sub", template, placeholder.name_at),
            }
        }
        if let Some(variables) = variables {
            self.walk(variables, false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use apigw_syntax::{Document, Format, parse};

    fn uses(yaml: &str) -> Vec<(String, Expect, &'static str, usize)> {
        let root = parse(&Document::new(yaml.to_string()), Format::Yaml).root.unwrap();
        let template = Template::read(&root).unwrap();
        name_uses(&template).iter().map(|u| (u.name.to_string(), u.expects, u.via, u.at)).collect()
    }

    #[test]
    fn every_spelling_of_a_reference() {
        let found = uses(
            "Conditions:\n  A: !Equals [!Ref P, x]\n  B: !And [{Condition: A}, !Condition A]\nResources:\n  R:\n    Type: AWS::SNS::Topic\n    DependsOn: [S]\n    Condition: B\n    Properties:\n      X: !Sub ['${P}-${V}-${S.Arn}-${!Lit}', {V: !GetAtt [S, Arn]}]\n      Y: {\"Fn::If\": [A, !GetAtt S.Arn, !Ref AWS::NoValue]}\n",
        );
        let expected = [
            ("S", Expect::Resource, "DependsOn", 0),
            ("B", Expect::Condition, "Condition", 0),
            ("P", Expect::Value, "Fn::Sub", 2),
            ("S", Expect::Resource, "Fn::Sub", 12),
            ("S", Expect::Resource, "Fn::GetAtt", 0),
            ("A", Expect::Condition, "Fn::If", 0),
            ("S", Expect::Resource, "Fn::GetAtt", 0),
            ("AWS::NoValue", Expect::Value, "Ref", 0),
            ("P", Expect::Value, "Ref", 0),
            ("A", Expect::Condition, "Condition", 0),
            ("A", Expect::Condition, "Condition", 0),
        ];
        let expected: Vec<_> = expected.iter().map(|(n, e, v, a)| (n.to_string(), *e, *v, *a)).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn loop_identifiers_are_defined_in_their_fragment() {
        let found = uses(
            "AWSTemplateFormatVersion: 2010-09-09\nTransform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Topics:\n    - Name\n    - !Ref Names\n    - Topic${Name}:\n        Type: AWS::SNS::Topic\n        Properties:\n          TopicName: !Sub '${Name}-${AWS::StackName}'\n          DisplayName: !Ref Name\n",
        );
        let names: Vec<_> = found.iter().map(|(n, ..)| n.as_str()).collect();
        assert_eq!(names, ["Names", "AWS::StackName"]);
    }
}
