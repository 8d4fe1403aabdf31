//! Go to definition, find references and the document outline, for logical ids, parameters and
//! conditions, on the syntax tree of the document's current version.

use apigw_model::{Model, Template};
use apigw_model::references::{Expect, NameUse, name_uses};
use apigw_rules::Editor;
use apigw_syntax::{Document, Format, Span};
use tower_lsp_server::ls_types::{DocumentSymbol, SymbolKind};

use crate::convert::{self, Encoding};
use crate::store::Linted;

/// A name that can be navigated: where it is defined and where it is used.
pub struct Name {
    pub definition: Option<Span>,
    pub uses: Vec<Span>,
}

/// The source range of a name use: the name itself inside its scalar where offsets map exactly,
/// else the whole scalar.
fn span_of(editor: &Editor, name_use: &NameUse) -> Span {
    editor.scalar_range(name_use.node, name_use.at..name_use.at + name_use.name.len()).unwrap_or(name_use.node.span)
}

/// The name use at `offset`, with its range.
pub fn use_at<'a>(document: &Document, format: Format, template: &Template<'a>, offset: usize) -> Option<(NameUse<'a>, Span)> {
    let editor = Editor::new(document, format);
    name_uses(template).into_iter().map(|name_use| (name_use, span_of(&editor, &name_use))).find(|(_, span)| span.contains(offset))
}

/// The name at `offset`, whether the cursor is on a use or on the definition.
pub fn name_at(linted: &Linted, offset: usize) -> Option<Name> {
    let (document, format) = (&linted.document, linted.tree.format);
    let root = linted.tree.root.as_ref()?;
    let template = Template::read(root)?;
    let editor = Editor::new(document, format);
    let uses = name_uses(&template);
    let span_of = |name_use: &NameUse| span_of(&editor, name_use);
    let definitions = |expects: Expect, name: &str| -> Option<Span> {
        let in_section = |section: &str| root.get(section)?.entry(name).map(|entry| entry.key.span);
        match expects {
            Expect::Condition => in_section("Conditions"),
            _ => in_section("Resources").or_else(|| in_section("Parameters")),
        }
    };
    // On a use: that name. On a definition key: the name it defines.
    let (name, expects) = match uses.iter().find(|name_use| span_of(name_use).contains(offset)) {
        Some(name_use) => (name_use.name, name_use.expects),
        None => ["Resources", "Parameters", "Conditions"].into_iter().find_map(|section| {
            let entry = root.get(section)?.entries()?.iter().find(|entry| entry.key.span.contains(offset))?;
            let expects = if section == "Conditions" { Expect::Condition } else { Expect::Value };
            Some((entry.key.text.as_str(), expects))
        })?,
    };
    let is_condition = expects == Expect::Condition;
    let uses = uses
        .iter()
        .filter(|name_use| name_use.name == name && (name_use.expects == Expect::Condition) == is_condition)
        .map(span_of)
        .collect();
    Some(Name { definition: definitions(expects, name), uses })
}

/// The outline: each Api with its routes, integrations, authorizers, stages and deployments; each
/// custom domain with its mappings; every other resource on its own.
pub fn outline(linted: &Linted, encoding: Encoding) -> Vec<DocumentSymbol> {
    let document = &linted.document;
    let Some(model) = linted.tree.root.as_ref().and_then(Model::build) else { return Vec::new() };
    let template = &model.template;
    let resources = &template.resources;
    let mut parent: Vec<Option<usize>> = vec![None; resources.len()];
    let mut link = |child: Option<usize>, owner: Option<usize>| {
        if let (Some(child), Some(owner)) = (child, owner) {
            parent[child] = Some(owner);
        }
    };
    let api_resource = |link: Option<apigw_model::api::Link>| {
        link.and_then(|link| link.target).and_then(|api| model.apis[api].origin.resource)
    };
    // Everything that names its Api through `ApiId` nests under it.
    let owned_by_api = model.routes.iter().map(|e| (e.origin, e.api))
        .chain(model.integrations.iter().map(|e| (e.origin, e.api)))
        .chain(model.authorizers.iter().map(|e| (e.origin, e.api)))
        .chain(model.stages.iter().map(|e| (e.origin, e.api)))
        .chain(model.deployments.iter().map(|e| (e.origin, e.api)))
        .chain(model.route_responses.iter().map(|e| (e.origin, e.api)));
    for (origin, api) in owned_by_api {
        link(origin.resource, api_resource(api));
    }
    for mapping in &model.api_mappings {
        let domain = mapping.domain.and_then(|link| link.target).and_then(|domain| model.domain_names[domain].origin.resource);
        link(mapping.origin.resource, domain);
    }
    let route_keys: Vec<(usize, String)> = model
        .routes
        .iter()
        .filter_map(|route| Some((route.origin.resource?, route.route_key.as_ref()?.text.clone()?)))
        .collect();
    let symbol = |index: usize, children: Vec<DocumentSymbol>| {
        let resource = &resources[index];
        let type_name = resource.type_name.unwrap_or("");
        let route_key = route_keys.iter().find(|(route, _)| *route == index).map(|(_, key)| key.clone());
        let detail = match route_key {
            Some(key) => format!("{key} ({type_name})"),
            None => type_name.to_string(),
        };
        #[allow(deprecated)]
        DocumentSymbol {
            name: resource.id.to_string(),
            detail: Some(detail),
            kind: kind(type_name),
            tags: None,
            deprecated: None,
            range: convert::range(document, Span { start: resource.id_span.start, end: resource.node.span.end }, encoding),
            selection_range: convert::range(document, resource.id_span, encoding),
            children: (!children.is_empty()).then_some(children),
        }
    };
    (0..resources.len())
        .filter(|&index| parent[index].is_none())
        .map(|owner| {
            let children = (0..resources.len()).filter(|&child| parent[child] == Some(owner)).map(|child| symbol(child, Vec::new())).collect();
            symbol(owner, children)
        })
        .collect()
}

fn kind(type_name: &str) -> SymbolKind {
    match type_name.rsplit("::").next().unwrap_or("") {
        "Api" | "HttpApi" | "WebSocketApi" | "RestApi" => SymbolKind::MODULE,
        "Route" => SymbolKind::METHOD,
        "Integration" | "Function" => SymbolKind::FUNCTION,
        "Authorizer" => SymbolKind::KEY,
        "Stage" | "Deployment" => SymbolKind::EVENT,
        "DomainName" => SymbolKind::NAMESPACE,
        "ApiMapping" => SymbolKind::PROPERTY,
        _ => SymbolKind::OBJECT,
    }
}

