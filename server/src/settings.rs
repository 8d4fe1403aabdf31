//! The client's settings: `initializationOptions` and `workspace/didChangeConfiguration` carry
//! `{select: [...], extendSelect: [...], ignore: [...], severity: {CODE: "error"|"warning"|"info"|"off"}}`, either as
//! the whole object or under the key `apigwLint` (as editors that send their whole settings tree
//! do). They combine with `apigw-lint.toml` as the command line's `--select`/`--extend-select`/`--ignore` do, and
//! their severities win over the file's.

use std::sync::{Arc, RwLock};

use apigw_config::{CommandLine, Resolver};
use apigw_rules::RuleSet;
use serde_json::Value;
use tower_lsp_server::ls_types::Uri;

/// The settings in force.
pub struct Settings {
    current: RwLock<Arc<Current>>,
}

struct Current {
    /// The rules of each file: the settings with the `apigw-lint.toml` that applies to it.
    resolver: Resolver,
    /// The settings alone: for documents without a file, or whose `apigw-lint.toml` is broken.
    alone: RuleSet,
    /// The settings the resolver was built from, to build it again when files change.
    command_line: CommandLine,
}

/// The key under which a client's settings tree holds ours.
const SECTION: &str = "apigwLint";

impl Default for Settings {
    fn default() -> Self {
        let current = Current { resolver: Resolver::default(), alone: RuleSet::defaults(), command_line: CommandLine::default() };
        Settings { current: RwLock::new(Arc::new(current)) }
    }
}

impl Settings {
    /// Takes new settings from the client; `null` means none. Settings with a mistake are
    /// refused whole, and the ones in force stay.
    pub fn update(&self, value: Option<Value>) -> Result<(), String> {
        let mut value = value.unwrap_or(Value::Null);
        if let Some(section) = value.get_mut(SECTION) {
            value = section.take();
        }
        let context = |error: String| format!("apigw-lint settings: {error}");
        let command_line: CommandLine = match value {
            Value::Null => CommandLine::default(),
            value => serde_json::from_value(value).map_err(|error| context(error.to_string()))?,
        };
        let alone = command_line.rules().map_err(context)?;
        let resolver = Resolver::new(None, command_line.clone()).map_err(context)?;
        *self.current.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(Current { resolver, alone, command_line });
        Ok(())
    }

    /// Forgets the `apigw-lint.toml` files read so far: the resolver caches each file, and which
    /// one applies to each folder, so edited, added and removed files need a new one.
    pub fn reload_configuration_files(&self) {
        let mut current = self.current.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        // Without an explicit file `Resolver::new` reads nothing, and cannot fail.
        if let Ok(resolver) = Resolver::new(None, current.command_line.clone()) {
            *current = Arc::new(Current { resolver, alone: current.alone.clone(), command_line: current.command_line.clone() });
        }
    }

    /// The folders outside the project whose files the `apigw-lint.toml` of a file lets
    /// templates read.
    pub fn allow_read_for(&self, path: &std::path::Path) -> Vec<std::path::PathBuf> {
        self.current.read().unwrap_or_else(|poisoned| poisoned.into_inner()).resolver.allow_read_for(path)
    }

    /// The rules for a document.
    pub fn rules_for(&self, uri: &Uri) -> RuleSet {
        let current = self.current.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone();
        match uri.to_file_path() {
            Some(path) => current.resolver.rules_for(&path).unwrap_or_else(|_| current.alone.clone()),
            None => current.alone.clone(),
        }
    }
}
