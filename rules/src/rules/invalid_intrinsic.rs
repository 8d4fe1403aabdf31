use apigw_model::{Model, Template};
use apigw_model::intrinsic::{self, Call, FUNCTIONS};
use apigw_syntax::{Node, ScalarKind, Span, Value};

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Intrinsic functions that CloudFormation cannot read, in `Resources`, `Outputs`,
    /// `Conditions`, `Rules` and SAM's `Globals`: `Fn::GetAtt` that is not `[Resource, Attribute]`
    /// or `Resource.Attribute`; `Fn::Sub` with a `${` that is never closed, or a list form that is
    /// not `[string, {variables}]`; `Fn::Join` that is not `[delimiter, [values]]`; `Fn::If` that
    /// is not `[condition, value, value]`; `Ref` of something other than a name; lists of the wrong
    /// length for `Fn::Select`, `Fn::Split`, `Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or`,
    /// `Fn::FindInMap` and `Fn::Cidr`; `Fn::ForEach`, `Fn::Length` and `Fn::ToJsonString` without
    /// the `AWS::LanguageExtensions` transform; a YAML tag that names no function (`!Reff`) and a
    /// `Fn::` key that names no function.
    ///
    /// With `AWS::LanguageExtensions`, functions inside `Ref` and `Fn::GetAtt` are allowed, as the
    /// transform resolves them.
    ///
    /// ## Why
    /// CloudFormation rejects the whole template ("Template error: every Fn::Join object requires
    /// two parameters"), and an unknown tag is not even YAML that CloudFormation reads.
    ///
    /// ## Example
    /// ```yaml
    /// Target: !Join ["integrations/", !Ref Integration]
    /// IntegrationUri: !GetAtt OrdersFunction
    /// Description: !Sub "orders API ${AWS::Region"
    /// ApiId: !Reff HttpApi
    /// ```
    ///
    /// ## Fix
    /// Write the function as CloudFormation documents it: `!Join ["", ["integrations/", !Ref
    /// Integration]]`, `!GetAtt OrdersFunction.Arn`, `${AWS::Region}`, `!Ref HttpApi`.
    pub struct InvalidIntrinsic {
        code: "AGW003",
        name: "invalid-intrinsic",
        severity: Error,
        fix: None,
    }
}

/// Functions of the `Rules` section only.
const RULE_FUNCTIONS: &[&str] =
    &["Fn::Contains", "Fn::EachMemberEquals", "Fn::EachMemberIn", "Fn::RefAll", "Fn::ValueOf", "Fn::ValueOfAll"];

/// Functions that only the `AWS::LanguageExtensions` transform provides.
const EXTENSION_FUNCTIONS: &[&str] = &["Fn::ForEach", "Fn::Length", "Fn::ToJsonString"];

const SECTIONS: &[&str] = &["Resources", "Outputs", "Conditions", "Rules", "Globals"];

impl Rule for InvalidIntrinsic {
    fn check(&self, model: &Model, checker: &mut Checker) {
        let root = model.template.root;
        for node in root.descendants() {
            if let (Some(name), Some(tag)) = (intrinsic::unknown_tag(node), &node.tag)
                && !RULE_FUNCTIONS.contains(&format!("Fn::{name}").as_str())
            {
                let shown = if name.starts_with('!') { name.to_string() } else { format!("!{name}") };
                let span = if tag.span.is_empty() { node.span } else { tag.span };
                checker.push(checker.diagnostic(span, format!("`{shown}` is not an intrinsic function CloudFormation knows")));
            }
        }
        let extensions = model.template.transforms.contains(&"AWS::LanguageExtensions");
        for section in SECTIONS {
            if let Some(node) = root.get(section) {
                let template = &model.template;
                let mut walker = Walker { checker: &mut *checker, template, extensions, in_rules: *section == "Rules" };
                walker.walk(node);
            }
        }
    }
}

struct Walker<'c, 'd, 't> {
    checker: &'c mut Checker<'d>,
    template: &'t Template<'t>,
    extensions: bool,
    in_rules: bool,
}

impl Walker<'_, '_, '_> {
    fn report(&mut self, span: Span, message: String) {
        let diagnostic = self.checker.diagnostic(span, message);
        self.checker.push(diagnostic);
    }

    fn walk(&mut self, node: &Node) {
        if let Some(call) = intrinsic::call(node) {
            self.check(&call);
            if call.name == "Fn::Transform" {
                // A macro's parameters are its own business.
                return;
            }
            if call.node.tag.is_none() {
                return self.walk(call.arg);
            }
        } else if let Some(entries) = node.entries() {
            // Loops are keys among others: `Resources: {Fn::ForEach::Topics: [...], Queue: {...}}`.
            for entry in entries.iter().filter(|entry| entry.key.text.starts_with("Fn::ForEach::")) {
                self.check(&Call { name: &entry.key.text, name_span: entry.key.span, arg: &entry.value, node });
            }
        }
        if let Some(entries) = node.entries() {
            entries.iter().for_each(|entry| self.walk(&entry.value));
        } else if let Some(items) = node.items() {
            items.iter().for_each(|item| self.walk(item));
        }
    }

    fn check(&mut self, call: &Call) {
        let name = short(call.name);
        let known = FUNCTIONS.contains(&name) || (self.in_rules && RULE_FUNCTIONS.contains(&name));
        if !known {
            self.report(call.name_span, format!("`{name}` is not an intrinsic function CloudFormation knows"));
            return;
        }
        if EXTENSION_FUNCTIONS.contains(&name) && !self.extensions {
            self.report(call.name_span, format!("`{name}` needs `Transform: AWS::LanguageExtensions`"));
        }
        let arg = call.arg;
        let items = arg.items();
        let count = items.map_or(0, <[Node]>::len);
        match name {
            "Ref" | "Condition" => match intrinsic::arg_str(arg) {
                Some("") => self.report(call.name_span, format!("`{name}` needs a name")),
                Some(_) => {}
                None if name == "Ref" && self.extensions && arg_is_function(call) => {}
                None => self.report(arg.span, format!("`{name}` takes a name, not {}", describe_arg(call))),
            },
            "Fn::GetAtt" => self.get_att(call),
            "Fn::Sub" => self.sub(call),
            "Fn::Join" => match items {
                Some([delimiter, values]) => {
                    if delimiter.as_str().is_none() {
                        self.report(delimiter.span, format!("the delimiter of `Fn::Join` must be a string, not {}", what(delimiter)));
                    }
                    if values.items().is_none() && !is_function(values) {
                        self.report(values.span, format!("`Fn::Join` joins a list, not {}", what(values)));
                    }
                    // A `Ref` to a list parameter is a list; a `Ref` to a resource never is.
                    if let Some(reference) = intrinsic::reference(values)
                        && reference.attribute.is_none()
                        && self.template.resource(reference.target).is_some()
                    {
                        let message = format!("`Fn::Join` joins a list, but `{}` is a resource: its `Ref` is one value", reference.target);
                        self.report(values.span, message);
                    }
                }
                _ => self.shape(call, "`[delimiter, [values]]`"),
            },
            "Fn::If" => match items {
                Some([condition, _, _]) if condition.as_str().is_some() => {}
                Some([condition, _, _]) => {
                    self.report(condition.span, format!("the first item of `Fn::If` must be a condition name, not {}", what(condition)))
                }
                _ => self.shape(call, "`[condition, value if true, value if false]`"),
            },
            "Fn::Select" if count != 2 => self.shape(call, "`[index, [values]]`"),
            "Fn::Split" if count != 2 => self.shape(call, "`[delimiter, string]`"),
            "Fn::Equals" if count != 2 => self.shape(call, "`[value, value]`"),
            "Fn::Not" if count != 1 => self.shape(call, "`[condition]`"),
            "Fn::And" | "Fn::Or" if !(2..=10).contains(&count) => self.shape(call, "a list of 2 to 10 conditions"),
            "Fn::FindInMap" if count != 3 && !(self.extensions && count == 4) => {
                self.shape(call, "`[MapName, TopLevelKey, SecondLevelKey]`")
            }
            "Fn::Cidr" if count != 3 => self.shape(call, "`[ipBlock, count, cidrBits]`"),
            "Fn::ForEach" => match items {
                Some([identifier, _, fragment]) if identifier.as_str().is_some() && fragment.entries().is_some() => {}
                _ => self.shape(call, "`[Identifier, [values], {OutputKey: OutputValue}]`"),
            },
            _ => {}
        }
    }

    /// Reports a function whose argument has the wrong shape, unless the argument is itself a
    /// function (whose result this rule does not know).
    fn shape(&mut self, call: &Call, expected: &str) {
        if arg_is_function(call) {
            return;
        }
        let found = describe_arg(call);
        self.report(call.name_span, format!("`{}` expects {expected}, not {found}", short(call.name)));
    }

    fn get_att(&mut self, call: &Call) {
        let arg = call.arg;
        if let Some(text) = intrinsic::arg_str(arg) {
            if !text.split_once('.').is_some_and(|(resource, attribute)| !resource.is_empty() && !attribute.is_empty()) {
                let found = if text.is_empty() { "nothing".to_string() } else { format!("`{text}`") };
                let message = format!("`Fn::GetAtt` expects `Resource.Attribute` or `[Resource, Attribute]`, not {found}");
                let span = self.checker.editor.scalar_range(arg, 0..text.len()).unwrap_or(arg.span);
                self.report(span, message);
            }
            return;
        }
        match arg.items() {
            Some([resource, attribute]) => {
                let resource_ok = resource.as_str().is_some_and(|name| !name.is_empty()) || (self.extensions && is_function(resource));
                if !resource_ok {
                    self.report(resource.span, format!("`Fn::GetAtt` needs a resource name, not {}", what(resource)));
                }
                if attribute.as_str().is_none() && !is_function(attribute) {
                    self.report(attribute.span, format!("`Fn::GetAtt` needs an attribute name, not {}", what(attribute)));
                }
            }
            _ => self.shape(call, "`[Resource, Attribute]` or `Resource.Attribute`"),
        }
    }

    fn sub(&mut self, call: &Call) {
        let (template, variables) = match call.arg.items() {
            Some([template, variables]) => (template, Some(variables)),
            Some(_) => return self.shape(call, "a string or `[string, {variables}]`"),
            None => (call.arg, None),
        };
        if let Some(variables) = variables
            && variables.entries().is_none()
            && !is_function(variables)
        {
            self.report(variables.span, format!("the variables of `Fn::Sub` must be a mapping, not {}", what(variables)));
        }
        let Some(text) = intrinsic::arg_str(template) else {
            match variables {
                Some(_) if !is_function(template) => {
                    self.report(template.span, format!("`Fn::Sub` needs a string, not {}", what(template)))
                }
                None if !arg_is_function(call) => self.shape(call, "a string or `[string, {variables}]`"),
                _ => {}
            }
            return;
        };
        if let Err(open) = intrinsic::sub_placeholders(text) {
            let span = self.checker.editor.scalar_range(template, open..text.len()).unwrap_or(template.span);
            self.report(span, "`${` is never closed with `}` (write `${!Literal}` for a literal `${`)".to_string());
        }
    }
}

/// Whether a node is a function call whose value is only known when deployed.
fn is_function(node: &Node) -> bool {
    intrinsic::call(node).is_some()
}

/// Whether a call's argument is another function (for the short form the argument is the
/// tagged node itself, so never).
fn arg_is_function(call: &Call) -> bool {
    call.node.tag.is_none() && is_function(call.arg)
}

/// How a call's argument reads in a message.
fn describe_arg(call: &Call) -> String {
    if call.node.tag.is_some() { describe_value(call.arg) } else { what(call.arg) }
}

/// How a value that has the wrong shape reads in a message.
fn what(node: &Node) -> String {
    match intrinsic::call(node) {
        Some(call) => format!("`{}`", short(call.name)),
        None => describe_value(node),
    }
}

/// How a value reads in a message, its tag aside.
fn describe_value(node: &Node) -> String {
    match &node.value {
        Value::Sequence(items) => format!("a list of {}", plural(items.len(), "item")),
        Value::Scalar(scalar) if scalar.kind == ScalarKind::Null => "nothing".to_string(),
        Value::Mapping(_) => "a mapping".to_string(),
        Value::Alias(_) => "an alias".to_string(),
        Value::Scalar(_) => format!("a {}", node.type_name()),
    }
}

/// A function's name without a loop's name (`Fn::ForEach::Topics` is `Fn::ForEach`).
fn short(name: &str) -> &str {
    if name.starts_with("Fn::ForEach::") { "Fn::ForEach" } else { name }
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 { format!("1 {noun}") } else { format!("{count} {noun}s") }
}
