//! The YAML front end: any text parses to a tree or to errors with positions inside the text.
#![no_main]
use apigw_syntax::{Document, Format, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let document = Document::new(text.to_string());
    let tree = parse(&document, Format::Yaml);
    for error in &tree.errors {
        assert!(error.span.end as usize <= text.len());
    }
    if let Some(root) = &tree.root {
        for node in root.descendants() {
            assert!(node.span.start <= node.span.end && node.span.end as usize <= text.len());
        }
    }
});
