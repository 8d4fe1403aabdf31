//! The whole pipeline: parse, model, every rule, and every fix applied to the text. No rule may
//! panic (lint turns a panic into an AGW000 diagnostic, which this target treats as a crash), and
//! every span and edit must lie inside the text.
#![no_main]
use apigw_rules::{RuleSet, apply_edits, lint};
use apigw_syntax::{Document, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let document = Document::new(text.to_string());
    let rules = RuleSet::all();
    for format in [Format::Yaml, Format::Json] {
        for diagnostic in lint(&document, format, &rules).diagnostics {
            assert_ne!(diagnostic.code, "AGW000", "{}", diagnostic.message);
            assert!(diagnostic.span.end as usize <= text.len());
            if let Some(fix) = &diagnostic.fix {
                for edit in &fix.edits {
                    assert!(edit.span.end as usize <= text.len());
                }
                let _ = apply_edits(text, &fix.edits);
            }
        }
    }
});
