//! Reading values that may be conditional: lists written inline, behind `Fn::If` (around the list
//! or around one item) or from a parameter, and whether a value is there in every case or only in
//! some. Rules that combine two settings need the difference: a combination is certain only when
//! one side holds in every case.

use apigw_model::Model;
use apigw_syntax::Node;

use apigw_model::template::alternatives;

/// Whether a value is somewhere in a setting: `at` is the first place it is written (`None`: in
/// no case), `always` whether it is there in every case.
#[derive(Clone, Copy, Debug)]
pub struct Presence<'a> {
    pub at: Option<&'a Node>,
    pub always: bool,
}

impl<'a> Presence<'a> {
    const ABSENT: Presence<'static> = Presence { at: None, always: false };
}

/// Where a scalar setting is `matches` in some case, and whether in every case.
pub fn scalar_presence<'a>(model: &Model<'a>, node: &'a Node, matches: impl Fn(&str) -> bool) -> Presence<'a> {
    let mut presence = Presence { at: None, always: true };
    for alternative in alternatives(node) {
        match alternative.filter(|node| model.template.text(node).known().is_some_and(&matches)) {
            Some(node) => presence.at = presence.at.or(Some(node)),
            None => presence.always = false,
        }
    }
    if presence.at.is_none() { Presence::ABSENT } else { presence }
}

/// Where a boolean setting is `true` in some case, and whether in every case.
pub fn true_presence<'a>(model: &Model<'a>, node: &'a Node) -> Presence<'a> {
    scalar_presence(model, node, |text| text.eq_ignore_ascii_case("true"))
}

/// Where a list setting holds an item equal to `value` in some case, and whether in every case.
pub fn item_presence<'a>(model: &Model<'a>, list: &'a Node, value: &str) -> Presence<'a> {
    let mut presence = Presence { at: None, always: true };
    for alternative in alternatives(list) {
        let items = alternative.and_then(Node::items).unwrap_or_default();
        let mut certain = false;
        for item in items {
            let item_presence = scalar_presence(model, item, |text| text == value);
            presence.at = presence.at.or(item_presence.at);
            certain |= item_presence.always;
        }
        presence.always &= certain;
    }
    if presence.at.is_none() { Presence::ABSENT } else { presence }
}

/// Calls `visit` with each item of a list setting that is certainly known, with its node, in
/// every case of `Fn::If` around the list or an item. Items from parameters are skipped.
pub fn each_item<'a>(model: &Model<'a>, list: &'a Node, visit: &mut dyn FnMut(&str, &'a Node)) {
    for alternative in alternatives(list).into_iter().flatten() {
        for item in alternative.items().unwrap_or_default() {
            model.template.each_known(item, &mut |text, node| visit(&text, node));
        }
    }
}

/// A list setting's items when the list is certainly known: one literal list (no `Fn::If`, no
/// parameter) whose items are all known.
pub fn known_items<'a>(model: &Model<'a>, list: &'a Node) -> Option<Vec<(String, &'a Node)>> {
    list.items()?.iter().map(|item| Some((model.template.text(item).known()?.to_string(), item))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use apigw_syntax::{Document, Format, parse};

    const TEMPLATE: &str = "Conditions:\n  C: !Equals [a, b]\nParameters:\n  P: {Type: CommaDelimitedList}\nResources:\n  R:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Plain: ['*', a]\n      Item: [a, !If [C, '*', b]]\n      List: !If [C, ['*'], !Ref AWS::NoValue]\n      Param: !Ref P\n      Flag: !If [C, true, false]\n";

    fn root() -> Node {
        parse(&Document::new(TEMPLATE.to_string()), Format::Yaml).root.unwrap()
    }

    fn property<'a>(model: &Model<'a>, name: &str) -> &'a Node {
        &model.template.resources[0].property(name).unwrap().value
    }

    #[test]
    fn presence_in_every_case_or_some() {
        let root = root();
        let model = &Model::build(&root).unwrap();
        let property = |name| property(model, name);
        let plain = item_presence(model, property("Plain"), "*");
        assert!(plain.at.is_some() && plain.always);
        let item = item_presence(model, property("Item"), "*");
        assert!(item.at.is_some() && !item.always);
        let list = item_presence(model, property("List"), "*");
        assert!(list.at.is_some() && !list.always, "the NoValue branch has no `*`");
        assert!(item_presence(model, property("Param"), "*").at.is_none());
        let flag = true_presence(model, property("Flag"));
        assert!(flag.at.is_some() && !flag.always);
    }

    #[test]
    fn items_in_every_branch() {
        let root = root();
        let model = &Model::build(&root).unwrap();
        let property = |name| property(model, name);
        let mut seen = Vec::new();
        each_item(model, property("Item"), &mut |text, _| seen.push(text.to_string()));
        assert_eq!(seen, ["a", "*", "b"]);
        assert!(known_items(model, property("Item")).is_none());
        assert_eq!(known_items(model, property("Plain")).unwrap().len(), 2);
    }
}
