//! The model builder and the value readers on any document that parses.
#![no_main]
use apigw_model::Model;
use apigw_syntax::{Document, Format, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let document = Document::new(text.to_string());
    for format in [Format::Yaml, Format::Json] {
        let tree = parse(&document, format);
        let Some(model) = tree.root.as_ref().and_then(Model::build) else { continue };
        for resource in &model.template.resources {
            for node in resource.node.descendants() {
                let _ = model.template.text(node);
                let _ = model.template.parts(node);
                let _ = model.template.branches(node);
            }
        }
        let _ = apigw_model::references::name_uses(&model.template);
    }
});
