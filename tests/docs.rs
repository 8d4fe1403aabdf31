//! Rule documentation is generated from the rules' doc comments: `docs/rules/<CODE>.md` and the
//! table in README.md. These tests fail when either is stale; `UPDATE_DOCS=1 cargo test --test
//! docs` rewrites them.

use std::path::{Path, PathBuf};

use apigw_rules::{FixKind, RULES};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn updating() -> bool {
    std::env::var_os("UPDATE_DOCS").is_some()
}

fn check(path: &Path, expected: &str, stale: &mut Vec<String>) {
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    if actual != expected {
        if updating() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, expected).unwrap();
        } else {
            stale.push(path.display().to_string());
        }
    }
}

#[test]
fn rule_pages_are_generated_from_the_rules() {
    let dir = root().join("docs/rules");
    let mut stale = Vec::new();
    for rule in RULES {
        check(&dir.join(format!("{}.md", rule.meta.code)), &rule.meta.page(), &mut stale);
    }
    let known: Vec<String> = RULES.iter().map(|rule| format!("{}.md", rule.meta.code)).collect();
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let name = entry.file_name().into_string().unwrap();
        if !known.contains(&name) {
            stale.push(format!("{name} documents no rule"));
        }
    }
    assert!(stale.is_empty(), "stale rule docs (run `UPDATE_DOCS=1 cargo test --test docs`): {stale:#?}");
}

#[test]
fn readme_lists_every_rule() {
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (start, end) = ("<!-- rules:start -->\n", "<!-- rules:end -->");
    let (before, rest) = readme.split_once(start).expect("README has the rules:start marker");
    let (_, after) = rest.split_once(end).expect("README has the rules:end marker");
    let mut table = String::from("| code | name | severity | fix | what it checks |\n| --- | --- | --- | --- | --- |\n");
    for rule in RULES {
        let meta = rule.meta;
        let fix = match meta.fix {
            FixKind::None => "",
            FixKind::Safe => "safe",
            FixKind::Unsafe => "unsafe",
        };
        table.push_str(&format!(
            "| [{code}](docs/rules/{code}.md) | {} | {}{} | {fix} | {} |\n",
            meta.name,
            meta.severity.as_str(),
            if meta.default { "" } else { " (off by default)" },
            meta.summary().replace('|', "\\|"),
            code = meta.code
        ));
    }
    let expected = format!("{before}{start}{table}{end}{after}");
    let mut stale = Vec::new();
    check(&path, &expected, &mut stale);
    assert!(stale.is_empty(), "README's rule table is stale (run `UPDATE_DOCS=1 cargo test --test docs`)");
}
