//! `apigw-lint.toml`: which rules run, at which severity, for which files. The file that applies
//! to a template is the nearest one in its folder or a parent folder (or the one given with
//! `--config`); override globs are relative to the folder of the file that declares them.
//!
//! ```toml
//! select = ["AGW"]                 # codes, code prefixes or rule names; default: the default rules
//! extend-select = ["AGW901"]       # rules added to the selection (such as those off by default)
//! ignore = ["AGW106"]
//! allow-read = ["../shared"]       # folders outside the project whose files templates may name
//! [severity]
//! AGW608 = "error"                 # error, warning (or warn), info, or off
//! [[overrides]]
//! files = ["legacy/**"]
//! ignore = ["AGW4"]
//! severity = { AGW901 = "info" }
//! [[overrides]]                    # what OpenAPI files are for, over what their content says
//! files = ["api/openapi.yaml"]
//! openapi = "http"                 # "http": linted as an HTTP API's; "rest": left alone
//! [[overrides]]                    # CDK output: by construct path (`*` within a segment)
//! constructs = ["MyStack/Legacy*/**"]
//! ignore = ["AGW901"]
//! ```

pub mod files;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use apigw_rules::{DefinitionKind, RuleSet, Severity, closest};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

pub const FILE_NAME: &str = "apigw-lint.toml";

/// The rule options that the top level and each override have.
#[derive(Default, Debug, Clone)]
struct Options {
    select: Option<Vec<String>>,
    extend_select: Vec<String>,
    ignore: Vec<String>,
    severity: BTreeMap<String, Level>,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    /// `warn` too, the spelling of ruff and ESLint.
    #[serde(alias = "warn")]
    Warning,
    Info,
    Off,
}

// `File` and `Override` list the options' fields rather than `#[serde(flatten)]` them: through
// a flattened struct, toml reports a mistake at the start of the table, without the known keys.
#[derive(Deserialize, Default, Debug)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct File {
    select: Option<Vec<String>>,
    extend_select: Vec<String>,
    ignore: Vec<String>,
    severity: BTreeMap<String, Level>,
    /// Folders outside the project whose files templates may name, relative to this file.
    allow_read: Vec<PathBuf>,
    overrides: Vec<Override>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct Override {
    files: Option<Vec<String>>,
    /// Globs over CDK construct paths: the override applies to the diagnostics of those
    /// constructs (in the files that `files` matches, when both are given).
    constructs: Option<Vec<String>>,
    /// What the OpenAPI files `files` matches are for.
    openapi: Option<OpenApi>,
    select: Option<Vec<String>>,
    extend_select: Vec<String>,
    ignore: Vec<String>,
    severity: BTreeMap<String, Level>,
}

#[derive(Deserialize, Debug, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum OpenApi {
    Http,
    Rest,
}

impl OpenApi {
    fn kind(self) -> DefinitionKind {
        match self {
            OpenApi::Http => DefinitionKind::Http,
            OpenApi::Rest => DefinitionKind::Rest,
        }
    }
}

/// An override, ready to apply.
#[derive(Debug)]
struct Scoped {
    /// `None` matches every file.
    files: Option<GlobSet>,
    constructs: Option<Vec<String>>,
    openapi: Option<OpenApi>,
    options: Options,
}

/// A loaded configuration file.
#[derive(Debug)]
pub struct Config {
    path: PathBuf,
    options: Options,
    /// `allow-read`, joined to this file's folder.
    allow_read: Vec<PathBuf>,
    overrides: Vec<Scoped>,
}

/// What the command line, or an editor's settings, adds to the configuration file: `select`
/// (when not empty) replaces the configured selection, `extend_select` and `ignore` add to
/// theirs, and `severity` overrides the file's levels (`off` ignores the rule).
#[derive(Deserialize, Default, Debug, Clone, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct CommandLine {
    pub select: Vec<String>,
    #[serde(rename = "extendSelect")]
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    pub severity: BTreeMap<String, Level>,
}

impl CommandLine {
    /// The rules these options select when no configuration file applies. Also the check that
    /// every pattern names a rule.
    pub fn rules(&self) -> Result<RuleSet, String> {
        let mut rules = RuleSet::select(&self.select, &self.extend_select, &self.ignored())?;
        self.set_levels(&mut rules)?;
        Ok(rules)
    }

    /// `ignore` and the rules turned `off`.
    fn ignored(&self) -> Vec<String> {
        let off = self.severity.iter().filter(|(_, level)| **level == Level::Off).map(|(code, _)| code.clone());
        self.ignore.iter().cloned().chain(off).collect()
    }

    /// Applied after the configuration file's levels, so that these win.
    fn set_levels(&self, rules: &mut RuleSet) -> Result<(), String> {
        for (pattern, level) in &self.severity {
            if let Some(severity) = level.severity() {
                rules.set_severity(pattern, severity)?;
            }
        }
        Ok(())
    }
}

impl Level {
    /// The severity of diagnostics at this level; none when the rule is off.
    fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
            Level::Off => None,
        }
    }
}

impl Config {
    pub fn load(path: &Path) -> Result<Config, String> {
        // The file may be a pull request's: a symlink to a secret must not reach an error message.
        let bytes = files::read_regular(path).map_err(|refusal| format!("{}: not read: {}", path.display(), refusal.reason()))?;
        let text = String::from_utf8(bytes).map_err(|_| format!("{}: not read: {}", path.display(), files::Refusal::NotText.reason()))?;
        Config::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Config, String> {
        let file: File = toml::from_str(text).map_err(|error| parse_error(path, text, &error))?;
        let mut overrides = Vec::new();
        for entry in file.overrides {
            if entry.files.is_none() && entry.constructs.is_none() {
                return Err(format!("{}: an override needs `files`, `constructs` or both", path.display()));
            }
            if entry.openapi.is_some() && (entry.files.is_none() || entry.constructs.is_some()) {
                return Err(format!("{}: `openapi` says what files are: it needs `files`, without `constructs`", path.display()));
            }
            let files = match &entry.files {
                Some(patterns) => {
                    let mut globs = GlobSetBuilder::new();
                    for pattern in patterns {
                        let glob = Glob::new(pattern).map_err(|error| format!("{}: `{pattern}`: {error}", path.display()))?;
                        globs.add(glob);
                    }
                    Some(globs.build().map_err(|error| format!("{}: {error}", path.display()))?)
                }
                None => None,
            };
            let options =
                Options { select: entry.select, extend_select: entry.extend_select, ignore: entry.ignore, severity: entry.severity };
            overrides.push(Scoped { files, constructs: entry.constructs, openapi: entry.openapi, options });
        }
        let folder = path.parent().unwrap_or(Path::new("."));
        let allow_read = file.allow_read.iter().map(|allowed| folder.join(allowed)).collect();
        let options = Options { select: file.select, extend_select: file.extend_select, ignore: file.ignore, severity: file.severity };
        let config = Config { path: path.to_path_buf(), options, allow_read, overrides };
        // Check every pattern now, so that a typo is reported once, with the file's name.
        config.rules_for(&config.folder().join("-"), &CommandLine::default())?;
        for scoped in &config.overrides {
            config.apply(&scoped.options)?;
        }
        Ok(config)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn folder(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// The rules and severities for one file.
    pub fn rules_for(&self, file: &Path, command_line: &CommandLine) -> Result<RuleSet, String> {
        let relative = file.strip_prefix(self.folder()).unwrap_or(file);
        let mut options = self.options.clone();
        let applies = |scoped: &&Scoped| scoped.files.as_ref().is_none_or(|globs| globs.is_match(relative));
        let file_wide = self.overrides.iter().filter(applies).filter(|scoped| scoped.constructs.is_none());
        for extra in file_wide.map(|scoped| &scoped.options) {
            if extra.select.is_some() {
                options.select.clone_from(&extra.select);
            }
            options.extend_select.extend(extra.extend_select.iter().cloned());
            options.ignore.extend(extra.ignore.iter().cloned());
            options.severity.extend(extra.severity.iter().map(|(k, v)| (k.clone(), *v)));
        }
        if !command_line.select.is_empty() {
            options.select = Some(command_line.select.clone());
        }
        options.extend_select.extend(command_line.extend_select.iter().cloned());
        options.ignore.extend(command_line.ignored());
        let mut rules = self.apply(&options)?;
        command_line.set_levels(&mut rules)?;
        // The last override that says what the file is decides, as later overrides win elsewhere.
        if let Some(openapi) = self.overrides.iter().filter(applies).filter_map(|scoped| scoped.openapi).next_back() {
            rules.set_definition_kind(openapi.kind());
        }
        for scoped in self.overrides.iter().filter(applies) {
            let Some(constructs) = &scoped.constructs else { continue };
            let extra = &scoped.options;
            let mut ignore = extra.ignore.clone();
            ignore.extend(extra.severity.iter().filter(|(_, level)| **level == Level::Off).map(|(code, _)| code.clone()));
            let severities: Vec<(String, Severity)> =
                extra.severity.iter().filter_map(|(code, level)| Some((code.clone(), level.severity()?))).collect();
            rules
                .scope_constructs(constructs, extra.select.as_deref().unwrap_or_default(), &ignore, &severities)
                .map_err(|error| format!("{}: {error}", self.path.display()))?;
        }
        Ok(rules)
    }

    fn apply(&self, options: &Options) -> Result<RuleSet, String> {
        let context = |error: String| format!("{}: {error}", self.path.display());
        let mut ignore = options.ignore.clone();
        ignore.extend(options.severity.iter().filter(|(_, level)| **level == Level::Off).map(|(code, _)| code.clone()));
        let mut rules =
            RuleSet::select(options.select.as_deref().unwrap_or_default(), &options.extend_select, &ignore).map_err(context)?;
        for (pattern, level) in &options.severity {
            if let Some(severity) = level.severity() {
                rules.set_severity(pattern, severity).map_err(context)?;
            }
        }
        Ok(rules)
    }
}

/// `path:line:column: message`, at the key or value in question, with the known name closest
/// to an unknown key or value. The message and the position only, without the line itself:
/// what a symlinked secret holds stays out of the output.
fn parse_error(path: &Path, text: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim_end();
    let position = error.span().map_or(String::new(), |span| {
        let before = text.get(..span.start).unwrap_or(text);
        let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
        format!(":{}:{}", before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
    });
    // serde's "unknown field `selct`, expected one of `select`, …" (or "unknown variant"): the
    // unknown name, then the known ones, each between backticks.
    let mut names = message.split('`').skip(1).step_by(2);
    let unknown = names.next().filter(|_| message.starts_with("unknown field") || message.starts_with("unknown variant"));
    let suggestion =
        unknown.and_then(|unknown| closest(unknown, names)).map_or(String::new(), |known| format!("; did you mean `{known}`?"));
    format!("{}{position}: {message}{suggestion}", path.display())
}

/// Finds and loads the configuration of each folder once.
#[derive(Default)]
pub struct Resolver {
    explicit: Option<Config>,
    command_line: CommandLine,
    /// Folder → the configuration file that applies there, if any.
    found: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    loaded: Mutex<HashMap<PathBuf, std::sync::Arc<Config>>>,
}

impl Resolver {
    /// `explicit` is `--config`: then no other file is looked for.
    pub fn new(explicit: Option<&Path>, command_line: CommandLine) -> Result<Resolver, String> {
        let explicit = explicit.map(Config::load).transpose()?;
        Ok(Resolver { explicit, command_line, ..Resolver::default() })
    }

    /// The folders outside the project whose files the configuration of a file lets templates
    /// name (`allow-read`).
    pub fn allow_read_for(&self, file: &Path) -> Vec<PathBuf> {
        if let Some(config) = &self.explicit {
            return config.allow_read.clone();
        }
        let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        let config = self.nearest(absolute.parent().unwrap_or(Path::new("/"))).and_then(|path| self.load(&path).ok());
        config.map_or_else(Vec::new, |config| config.allow_read.clone())
    }

    /// The rules for a file, from the configuration that applies to it.
    pub fn rules_for(&self, file: &Path) -> Result<RuleSet, String> {
        if let Some(config) = &self.explicit {
            return config.rules_for(file, &self.command_line);
        }
        let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        match self.nearest(absolute.parent().unwrap_or(Path::new("/"))) {
            Some(path) => {
                let config = self.load(&path)?;
                config.rules_for(&absolute, &self.command_line)
            }
            None => self.command_line.rules(),
        }
    }

    fn nearest(&self, folder: &Path) -> Option<PathBuf> {
        if let Some(found) = self.found.lock().ok()?.get(folder) {
            return found.clone();
        }
        let candidate = folder.join(FILE_NAME);
        let found = if candidate.is_file() { Some(candidate) } else { folder.parent().and_then(|parent| self.nearest(parent)) };
        if let Ok(mut cache) = self.found.lock() {
            cache.insert(folder.to_path_buf(), found.clone());
        }
        found
    }

    fn load(&self, path: &Path) -> Result<std::sync::Arc<Config>, String> {
        if let Some(config) = self.loaded.lock().ok().and_then(|cache| cache.get(path).cloned()) {
            return Ok(config);
        }
        let config = std::sync::Arc::new(Config::load(path)?);
        if let Ok(mut cache) = self.loaded.lock() {
            cache.insert(path.to_path_buf(), config.clone());
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"
select = ["AGW"]
ignore = ["AGW010"]
[severity]
AGW005 = "warning"
AGW007 = "off"
[[overrides]]
files = ["legacy/**"]
ignore = ["AGW4"]
severity = { AGW105 = "info" }
[[overrides]]
constructs = ["MyStack/Legacy*/**"]
ignore = ["AGW901"]
"#;

    fn codes(rules: &RuleSet) -> Vec<&'static str> {
        rules.rules().map(|rule| rule.meta.code).collect()
    }

    #[test]
    fn options_and_overrides() {
        let config = Config::parse(Path::new("/repo/apigw-lint.toml"), EXAMPLE).unwrap();
        let main = config.rules_for(Path::new("/repo/api/template.yaml"), &CommandLine::default()).unwrap();
        assert!(codes(&main).contains(&"AGW401") && !codes(&main).contains(&"AGW010") && !codes(&main).contains(&"AGW007"));
        let unknown = main.rules().find(|rule| rule.meta.code == "AGW005").unwrap();
        assert_eq!(main.severity(unknown.meta), Severity::Warning);
        let legacy = config.rules_for(Path::new("/repo/legacy/old.yaml"), &CommandLine::default()).unwrap();
        assert!(!codes(&legacy).iter().any(|code| code.starts_with("AGW4")));
        let race = legacy.rules().find(|rule| rule.meta.code == "AGW105").unwrap();
        assert_eq!(legacy.severity(race.meta), Severity::Info);
        let cli = CommandLine { select: vec!["AGW105".into()], ..CommandLine::default() };
        assert_eq!(codes(&config.rules_for(Path::new("/repo/a.yaml"), &cli).unwrap()), ["AGW105"]);
    }

    #[test]
    fn editor_levels_override_the_file() {
        let config = Config::parse(Path::new("/repo/apigw-lint.toml"), EXAMPLE).unwrap();
        let settings: CommandLine =
            serde_json::from_value(serde_json::json!({"ignore": ["AGW401"], "severity": {"AGW00": "error", "AGW105": "off"}}))
                .unwrap();
        let rules = config.rules_for(Path::new("/repo/a.yaml"), &settings).unwrap();
        // The file says AGW005 = "warning"; the prefix AGW00 in the settings wins.
        let unknown = rules.rules().find(|rule| rule.meta.code == "AGW005").unwrap();
        assert_eq!(rules.severity(unknown.meta), Severity::Error);
        assert!(!codes(&rules).contains(&"AGW105") && !codes(&rules).contains(&"AGW401") && !codes(&rules).contains(&"AGW010"));
        let alone = settings.rules().unwrap();
        assert!(codes(&alone).contains(&"AGW010") && !codes(&alone).contains(&"AGW105"));
        let typo: Result<CommandLine, _> = serde_json::from_value(serde_json::json!({"selct": ["AGW1"]}));
        assert_eq!(typo.unwrap_err().to_string(), "unknown field `selct`, expected one of `select`, `extendSelect`, `ignore`, `severity`");
    }

    #[test]
    fn construct_overrides_scope_rules_to_cdk_constructs() {
        let text = "[[overrides]]\nconstructs = [\"MyStack/Legacy*/**\"]\nignore = [\"AGW106\"]\nseverity = { AGW506 = \"error\" }\n";
        let config = Config::parse(Path::new("/repo/apigw-lint.toml"), text).unwrap();
        // File-wide, every rule still runs: the override narrows only those constructs' diagnostics.
        let rules = config.rules_for(Path::new("/repo/cdk.out/MyStack.template.json"), &CommandLine::default()).unwrap();
        assert!(codes(&rules).contains(&"AGW106"));
        let error = Config::parse(Path::new("c/apigw-lint.toml"), "[[overrides]]\nignore = [\"AGW901\"]\n").unwrap_err();
        assert_eq!(error, "c/apigw-lint.toml: an override needs `files`, `constructs` or both");
        let error = Config::parse(Path::new("c/apigw-lint.toml"), "[[overrides]]\nconstructs = [\"A/**\"]\nignore = [\"AGW999\"]\n").unwrap_err();
        assert_eq!(error, "c/apigw-lint.toml: `AGW999` matches no rule (see `apigw-lint rules`)");
        let error = Config::parse(Path::new("c/apigw-lint.toml"), "[[overrides]]\nconstructs = [\"A/[\"]\n").unwrap_err();
        assert!(error.starts_with("c/apigw-lint.toml: `A/[`: "), "{error}");
    }

    /// `openapi` declares what the matching files are; the last override that says so wins, and
    /// it needs `files` (it is about files, not constructs).
    #[test]
    fn overrides_declare_what_openapi_files_are() {
        let text = "[[overrides]]\nfiles = [\"api/**\"]\nopenapi = \"rest\"\n[[overrides]]\nfiles = [\"api/http.yaml\"]\nopenapi = \"http\"\n";
        let config = Config::parse(Path::new("/repo/apigw-lint.toml"), text).unwrap();
        let kind = |file: &str| config.rules_for(Path::new(file), &CommandLine::default()).unwrap().definition_kind();
        assert_eq!(kind("/repo/api/rest.yaml"), Some(DefinitionKind::Rest));
        assert_eq!(kind("/repo/api/http.yaml"), Some(DefinitionKind::Http));
        assert_eq!(kind("/repo/template.yaml"), None);
        let error = Config::parse(Path::new("c/apigw-lint.toml"), "[[overrides]]\nconstructs = [\"A/**\"]\nopenapi = \"http\"\n").unwrap_err();
        assert_eq!(error, "c/apigw-lint.toml: `openapi` says what files are: it needs `files`, without `constructs`");
        let error = Config::parse(Path::new("c/apigw-lint.toml"), "[[overrides]]\nfiles = [\"a\"]\nopenapi = \"soap\"\n").unwrap_err();
        assert!(error.contains("unknown variant `soap`, expected `http` or `rest`"), "{error}");
    }

    /// AGW901 is off by default: `extend-select` (in the file, an override or the command line)
    /// or a `select` naming it turns it on.
    #[test]
    fn rules_off_by_default_run_when_selected() {
        let file = |text: &str| Config::parse(Path::new("/repo/apigw-lint.toml"), text).unwrap();
        let rules = |config: &Config, command_line: &CommandLine| codes(&config.rules_for(Path::new("/repo/a.yaml"), command_line).unwrap());
        let plain = file("");
        assert!(!rules(&plain, &CommandLine::default()).contains(&"AGW901"));
        assert!(rules(&plain, &CommandLine::default()).contains(&"AGW105"));
        let extended = CommandLine { extend_select: vec!["AGW901".into()], ..CommandLine::default() };
        assert!(rules(&plain, &extended).contains(&"AGW901") && rules(&plain, &extended).contains(&"AGW105"));
        assert!(rules(&file("extend-select = [\"AGW901\"]\n"), &CommandLine::default()).contains(&"AGW901"));
        let in_override = file("[[overrides]]\nfiles = [\"*.yaml\"]\nextend-select = [\"stage-access-logging\"]\n");
        assert!(rules(&in_override, &CommandLine::default()).contains(&"AGW901"));
        assert_eq!(rules(&file("select = [\"AGW9\"]\n"), &CommandLine::default()), ["AGW901", "AGW902", "AGW903", "AGW904", "AGW905"]);
        assert!(!rules(&file("extend-select = [\"AGW901\"]\nignore = [\"AGW901\"]\n"), &CommandLine::default()).contains(&"AGW901"));
    }

    #[test]
    fn mistakes_are_reported_with_the_file() {
        let error = Config::parse(Path::new("c/apigw-lint.toml"), "ignore = [\"AGW999\"]\n").unwrap_err();
        assert_eq!(error, "c/apigw-lint.toml: `AGW999` matches no rule (see `apigw-lint rules`)");
        let error = Config::parse(Path::new("c/apigw-lint.toml"), "ignore = [\"AGW4O1\"]\n").unwrap_err();
        assert_eq!(error, "c/apigw-lint.toml: `AGW4O1` matches no rule; did you mean `AGW401`?");
        let error = Config::parse(Path::new("c/apigw-lint.toml"), "selct = []\n").unwrap_err();
        let expected = "one of `select`, `extend-select`, `ignore`, `severity`, `allow-read`, `overrides`";
        assert_eq!(error, format!("c/apigw-lint.toml:1:1: unknown field `selct`, expected {expected}; did you mean `select`?"));
        // The line itself is not shown: a symlinked secret stays out of the message.
        let error = Config::parse(Path::new("c/apigw-lint.toml"), "select = []
TOKEN=ghp_secret value
").unwrap_err();
        assert_eq!(error, "c/apigw-lint.toml:2:7: string values must be quoted, expected literal string");
        let error = Config::parse(Path::new("c/apigw-lint.toml"), "[severity]\nAGW401 = \"fatal\"\n").unwrap_err();
        assert_eq!(error, "c/apigw-lint.toml:2:10: unknown variant `fatal`, expected one of `error`, `warn`, `warning`, `info`, `off`");
    }

    /// Mistakes in an override, and in values, are reported where they are.
    #[test]
    fn mistakes_are_reported_where_they_are() {
        let parse = |text: &str| Config::parse(Path::new("c/apigw-lint.toml"), text).unwrap_err();
        let expected = "one of `files`, `constructs`, `openapi`, `select`, `extend-select`, `ignore`, `severity`";
        assert_eq!(
            parse("[[overrides]]\nfiles = [\"a\"]\n  ignroe = []\n"),
            format!("c/apigw-lint.toml:3:3: unknown field `ignroe`, expected {expected}; did you mean `ignore`?")
        );
        assert_eq!(
            parse("[[overrides]]\nfiles = [\"a\"]\nallow-read = []\n"),
            format!("c/apigw-lint.toml:3:1: unknown field `allow-read`, expected {expected}")
        );
        assert_eq!(parse("select = \"AGW4\"\n"), "c/apigw-lint.toml:1:10: invalid type: string \"AGW4\", expected a sequence");
        assert_eq!(
            parse("[severity]\n\"AGW4\" = \"warnig\"\n"),
            "c/apigw-lint.toml:2:10: unknown variant `warnig`, expected one of `error`, `warn`, `warning`, `info`, `off`; did you mean `warning`?"
        );
        // Columns count characters, not bytes.
        assert_eq!(parse("ignore = [\"é\"] # é\nselct = 1\n").split(": ").next(), Some("c/apigw-lint.toml:2:1"));
        assert_eq!(parse("[severity]\n\"é\" = \"fatal\"\n").split(": ").next(), Some("c/apigw-lint.toml:2:7"));
    }

    /// `apigw-lint rules` used to print `warn`: the file and editor settings take it too.
    #[test]
    fn warn_is_warning() {
        let config = Config::parse(Path::new("/repo/apigw-lint.toml"), "[severity]\nAGW105 = \"warn\"\n").unwrap();
        let rules = config.rules_for(Path::new("/repo/a.yaml"), &CommandLine::default()).unwrap();
        let race = rules.rules().find(|rule| rule.meta.code == "AGW105").unwrap();
        assert_eq!(rules.severity(race.meta), Severity::Warning);
        let settings: CommandLine = serde_json::from_value(serde_json::json!({"severity": {"AGW105": "warn"}})).unwrap();
        assert_eq!(settings.severity["AGW105"], Level::Warning);
    }

    #[test]
    fn the_json_schema_accepts_the_example_and_rejects_mistakes() {
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../../docs/apigw-lint.schema.json")).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let example: toml::Value = toml::from_str(EXAMPLE).unwrap();
        let example = serde_json::to_value(example).unwrap();
        assert!(validator.is_valid(&example));
        assert!(!validator.is_valid(&serde_json::json!({"selct": []})));
        assert!(!validator.is_valid(&serde_json::json!({"severity": {"AGW401": "fatal"}})));
        assert!(validator.is_valid(&serde_json::json!({"severity": {"AGW401": "warn"}})));
        assert!(!validator.is_valid(&serde_json::json!({"overrides": [{"ignore": ["AGW901"]}]})));
    }
}
