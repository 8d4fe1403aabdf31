//! `apigw-lint server`: the language server. Open documents live in a [`store::Store`]; each
//! change is applied synchronously, then linted on a blocking thread, and diagnostics are
//! published tagged with the version they were computed for. A run that finds the document
//! already edited again is dropped, so a fast typist never waits for stale work.

mod actions;
mod completion;
mod convert;
mod hover;
mod navigation;
mod settings;
mod store;

use std::path::PathBuf;
use std::sync::{Arc, OnceLock, RwLock};

use apigw_config::files::Boundary;
use apigw_rules::{FileError, Kind, ReadFile, RuleSet, lint_tree, looks_like_template};
use apigw_syntax::{Document, Format, parse};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use crate::convert::Encoding;
use crate::settings::Settings;
use crate::store::{Definition, Linted, Store};

pub struct Backend {
    client: Client,
    store: Arc<Store>,
    encoding: OnceLock<Encoding>,
    settings: Settings,
    /// Whether the client takes file watchers registered by the server.
    watch_files: std::sync::atomic::AtomicBool,
    /// The workspace folders: the project whose files templates may name.
    workspace: RwLock<Vec<PathBuf>>,
}

impl Backend {
    fn new(client: Client) -> Self {
        Backend {
            client,
            store: Arc::new(Store::default()),
            encoding: OnceLock::new(),
            settings: Settings::default(),
            watch_files: Default::default(),
            workspace: RwLock::default(),
        }
    }

    /// The folders whose files a document's template may read: the workspace folders (without
    /// any, or for a file outside them, the project above the file), and those `allow-read`
    /// in its `apigw-lint.toml` adds.
    fn boundary_for(&self, uri: &Uri) -> Option<Boundary> {
        let path = uri.to_file_path()?;
        let workspace = self.workspace.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone();
        let inside = workspace.iter().any(|folder| path.starts_with(folder));
        let project = if inside { workspace } else { vec![Boundary::project_of(&path)] };
        Some(Boundary::new(project.into_iter().chain(self.settings.allow_read_for(&path))))
    }

    fn encoding(&self) -> Encoding {
        self.encoding.get().copied().unwrap_or(Encoding::Utf16)
    }

    /// The rules for a document: the client's settings with the `apigw-lint.toml` that applies
    /// to its file, if any.
    fn rules_for(&self, uri: &Uri) -> RuleSet {
        self.settings.rules_for(uri)
    }

    /// The current text of an open document.
    fn document(&self, uri: &Uri) -> Option<(Document, Format)> {
        let (_, text, format) = self.store.snapshot(uri)?;
        Some((Document::new(text), format))
    }

    /// The lint result of a document's current version: the stored one, or computed now when a
    /// request arrives before the run for the latest edit finished.
    fn current(&self, uri: &Uri) -> Option<Arc<Linted>> {
        let version = self.store.version(uri)?;
        match self.store.linted(uri) {
            Some(linted) if linted.version == version => Some(linted),
            _ => {
                let (version, text, format) = self.store.snapshot(uri)?;
                let boundary = self.boundary_for(uri);
                self.store.store_result(uri, analyze_text(uri, version, text, format, &self.rules_for(uri), boundary.as_ref()))
            }
        }
    }

    /// Lints the newest text of a document and publishes the result, unless it is stale by then.
    async fn analyze(&self, uri: Uri) {
        let Some((version, text, format)) = self.store.snapshot(&uri) else { return };
        let rules = self.rules_for(&uri);
        let boundary = self.boundary_for(&uri);
        let store = self.store.clone();
        let task_uri = uri.clone();
        let linted = tokio::task::spawn_blocking(move || {
            if store.version(&task_uri) != Some(version) {
                return None;
            }
            store.store_result(&task_uri, analyze_text(&task_uri, version, text, format, &rules, boundary.as_ref()))
        })
        .await;
        match linted {
            Ok(Some(linted)) => {
                let encoding = self.encoding();
                let diagnostics = linted
                    .diagnostics
                    .iter()
                    .map(|diagnostic| convert::diagnostic(&uri, &linted.document, diagnostic, encoding))
                    .collect();
                self.client.publish_diagnostics(uri, diagnostics, Some(version)).await;
                // A definition file open in the editor is linted (and published) on its own.
                for file in linted.definitions.iter().filter(|file| !self.store.is_open(&file.uri)) {
                    let diagnostics = file
                        .diagnostics
                        .iter()
                        .map(|diagnostic| convert::diagnostic(&file.uri, &file.document, diagnostic, encoding))
                        .collect();
                    self.client.publish_diagnostics(file.uri.clone(), diagnostics, None).await;
                }
            }
            Ok(None) => {}
            Err(error) => {
                let message = format!("apigw-lint failed on {}: {error}", uri.as_str());
                self.client.log_message(MessageType::ERROR, message).await;
            }
        }
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let offers_utf8 = params
            .capabilities
            .general
            .and_then(|general| general.position_encodings)
            .is_some_and(|encodings| encodings.contains(&PositionEncodingKind::UTF8));
        let encoding = if offers_utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
        let can_watch = params
            .capabilities
            .workspace
            .and_then(|workspace| workspace.did_change_watched_files)
            .and_then(|watched| watched.dynamic_registration)
            .unwrap_or(false);
        self.watch_files.store(can_watch, std::sync::atomic::Ordering::Relaxed);
        let _ = self.encoding.set(encoding);
        #[allow(deprecated)] // `rootUri` is what clients without workspace folders send.
        let roots: Vec<Uri> = match params.workspace_folders {
            Some(folders) => folders.into_iter().map(|folder| folder.uri).collect(),
            None => params.root_uri.into_iter().collect(),
        };
        *self.workspace.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = roots.iter().filter_map(Uri::to_file_path).map(|path| path.into_owned()).collect();
        if let Err(message) = self.settings.update(params.initialization_options) {
            self.client.show_message(MessageType::ERROR, message).await;
        }
        let position_encoding = match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        };
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(position_encoding),
                text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    ..TextDocumentSyncOptions::default()
                })),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec![" ".into(), ".".into(), "{".into(), ":".into()]),
                    resolve_provider: Some(true),
                    ..CompletionOptions::default()
                }),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, actions::FIX_ALL.clone()]),
                    ..CodeActionOptions::default()
                })),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo { name: "apigw-lint".to_string(), version: Some(env!("CARGO_PKG_VERSION").to_string()) }),
            offset_encoding: None,
        })
    }

    /// Definition files and configuration files change outside the editor: watch the YAML and
    /// JSON files of the workspace and its `apigw-lint.toml` files, where the client lets servers
    /// register watchers.
    async fn initialized(&self, _: InitializedParams) {
        let registration = |id: &str, globs: &[&str]| {
            let watchers =
                globs.iter().map(|glob| FileSystemWatcher { glob_pattern: GlobPattern::String(glob.to_string()), kind: None });
            let options = DidChangeWatchedFilesRegistrationOptions { watchers: watchers.collect() };
            Registration {
                id: id.to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            }
        };
        let configuration_files = format!("**/{}", apigw_config::FILE_NAME);
        let registrations = vec![
            registration("apigw-lint-definition-files", &["**/*.yaml", "**/*.yml", "**/*.json"]),
            registration("apigw-lint-configuration-files", &[&configuration_files]),
        ];
        if self.watch_files.load(std::sync::atomic::Ordering::Relaxed) {
            let _ = self.client.register_capability(registrations).await;
        }
    }

    /// A definition file changed on disk: lint again the open templates that name it. An
    /// `apigw-lint.toml` changed: read the configuration files again and lint every open document.
    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let configurations: Vec<(PathBuf, FileChangeType)> = params
            .changes
            .iter()
            .filter_map(|change| {
                let path = change.uri.to_file_path()?;
                let is_configuration = path.file_name() == Some(std::ffi::OsStr::new(apigw_config::FILE_NAME));
                is_configuration.then(|| (path.into_owned(), change.typ))
            })
            .collect();
        let mut templates: Vec<Uri> = params.changes.iter().flat_map(|change| self.store.naming(&change.uri)).collect();
        if !configurations.is_empty() {
            self.settings.reload_configuration_files();
            // Documents under a broken file are linted with the settings alone: say why.
            for (path, _) in configurations.iter().filter(|(_, change)| *change != FileChangeType::DELETED) {
                if let Err(message) = apigw_config::Config::load(path) {
                    self.client.show_message(MessageType::ERROR, message).await;
                }
            }
            templates = self.store.uris();
        }
        templates.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        templates.dedup();
        for template in templates {
            self.analyze(template).await;
        }
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let document = params.text_document;
        let path = document.uri.to_file_path().map(|path| PathBuf::from(path.as_ref()));
        let format = Format::detect(path.as_deref(), &document.text);
        self.store.open(document.uri.clone(), document.version, document.text, format);
        self.analyze(document.uri).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        // Applied before any `.await`: handlers run concurrently, edits must not be reordered.
        let applied = self.store.change(&uri, params.text_document.version, params.content_changes, self.encoding());
        if applied.is_err() {
            let message = format!("change for a document that is not open: {}", uri.as_str());
            self.client.log_message(MessageType::WARNING, message).await;
            return;
        }
        self.analyze(uri).await;
    }

    /// New settings: every open document is linted again with them.
    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        match self.settings.update(Some(params.settings)) {
            Ok(()) => {
                for uri in self.store.uris() {
                    self.analyze(uri).await;
                }
            }
            Err(message) => self.client.show_message(MessageType::ERROR, message).await,
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let linted = self.store.linted(&uri);
        self.store.close(&uri);
        self.client.publish_diagnostics(uri, Vec::new(), None).await;
        for file in linted.iter().flat_map(|linted| &linted.definitions).filter(|file| !self.store.is_open(&file.uri)) {
            self.client.publish_diagnostics(file.uri.clone(), Vec::new(), None).await;
        }
    }

    /// On a diagnostic: its message, why its rule matters and a link to the rule's page.
    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        guarded(|| self.hover_at(params))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        guarded(|| self.complete_at(params))
    }

    /// The description of a resource type or property, left out of the completion list.
    async fn completion_resolve(&self, mut item: CompletionItem) -> Result<CompletionItem> {
        let documentation = guarded(|| item.data.as_ref().and_then(completion::documentation))?;
        item.documentation = documentation;
        Ok(item)
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        guarded(|| self.definition_of(params))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        guarded(|| self.references_of(params))
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        guarded(|| {
            let linted = self.current(&params.text_document.uri)?;
            Some(DocumentSymbolResponse::Nested(navigation::outline(&linted, self.encoding())))
        })
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        guarded(|| self.actions_for(params))
    }
}

/// The work of the requests, run under [`guarded`].
impl Backend {
    fn hover_at(&self, params: HoverParams) -> Option<Hover> {
        let position = params.text_document_position_params;
        let linted = self.current(&position.text_document.uri)?;
        let encoding = self.encoding();
        let offset = convert::offset(&linted.document, position.position, encoding)?;
        let under: Vec<&apigw_rules::Diagnostic> =
            linted.diagnostics.iter().filter(|diagnostic| diagnostic.span.contains(offset)).collect();
        let Some(first) = under.first() else {
            return hover::hover(&linted, offset).map(|(text, span)| Hover {
                contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: text }),
                range: Some(convert::range(&linted.document, span, encoding)),
            });
        };
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: hover::diagnostics(&under) }),
            range: Some(convert::range(&linted.document, first.span, encoding)),
        })
    }

    fn complete_at(&self, params: CompletionParams) -> Option<CompletionResponse> {
        let position = params.text_document_position;
        let (document, format) = self.document(&position.text_document.uri)?;
        if format != Format::Yaml {
            return None;
        }
        let encoding = self.encoding();
        let offset = convert::offset(&document, position.position, encoding)?;
        let word = |length: usize| {
            let start = offset.saturating_sub(length);
            convert::range(&document, apigw_syntax::Span::new(start, offset), encoding)
        };
        let items = completion::complete(document.text(), offset, word);
        (!items.is_empty()).then_some(CompletionResponse::Array(items))
    }

    fn definition_of(&self, params: GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
        let position = params.text_document_position_params;
        let uri = position.text_document.uri;
        let linted = self.current(&uri)?;
        let encoding = self.encoding();
        let offset = convert::offset(&linted.document, position.position, encoding)?;
        let definition = navigation::name_at(&linted, offset).and_then(|name| name.definition);
        definition.map(|span| GotoDefinitionResponse::Scalar(Location::new(uri, convert::range(&linted.document, span, encoding))))
    }

    fn references_of(&self, params: ReferenceParams) -> Option<Vec<Location>> {
        let position = params.text_document_position;
        let uri = position.text_document.uri;
        let linted = self.current(&uri)?;
        let encoding = self.encoding();
        let offset = convert::offset(&linted.document, position.position, encoding)?;
        let name = navigation::name_at(&linted, offset)?;
        let declaration = name.definition.filter(|_| params.context.include_declaration);
        let locations = declaration
            .into_iter()
            .chain(name.uses)
            .map(|span| Location::new(uri.clone(), convert::range(&linted.document, span, encoding)))
            .collect();
        Some(locations)
    }

    fn actions_for(&self, params: CodeActionParams) -> Option<CodeActionResponse> {
        let linted = self.current(&params.text_document.uri)?;
        let rules = self.rules_for(&params.text_document.uri);
        let actions = actions::code_actions(&params, &linted, &rules, self.encoding());
        (!actions.is_empty()).then_some(actions)
    }
}

/// Parses and lints one version of a document. Files that are not templates get no diagnostics;
/// one that does not parse gets its syntax error only when it looks like a template.
fn analyze_text(uri: &Uri, version: i32, text: String, format: Format, rules: &RuleSet, boundary: Option<&Boundary>) -> Linted {
    let document = Document::new(text);
    let tree = parse(&document, format);
    // Definition files are read from beside the document, when it is a file, inside its boundary.
    let folder = uri.to_file_path().and_then(|path| path.parent().map(PathBuf::from));
    let read = |relative: &str| match (&folder, boundary) {
        (Some(folder), Some(boundary)) => boundary.read_text(&folder.join(relative)).map_err(FileError::from),
        _ => Err(FileError::Missing),
    };
    let result = lint_tree(&document, &tree, rules, folder.is_some().then_some(&read as ReadFile));
    let shown = match result.kind {
        Kind::Template => true,
        Kind::Unparsable => looks_like_template(document.text()),
        Kind::Other => false,
    };
    let diagnostics = if shown { result.diagnostics } else { Vec::new() };
    let definitions = result
        .definitions
        .into_iter()
        .filter_map(|file| {
            let relative = std::path::Path::new(&file.path).components().filter(|part| *part != std::path::Component::CurDir);
            let path = folder.as_ref()?.join(relative.collect::<PathBuf>());
            Some(Definition { uri: Uri::from_file_path(path)?, document: file.document, diagnostics: file.diagnostics })
        })
        .collect();
    Linted { version, document, tree, diagnostics, definitions }
}

/// Runs a request's work; a panic becomes an internal-error response and a log line, and the
/// server goes on serving.
fn guarded<T>(work: impl FnOnce() -> Option<T>) -> Result<Option<T>> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|panic| {
        let reason = panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned());
        let mut error = tower_lsp_server::jsonrpc::Error::internal_error();
        error.message = format!("apigw-lint failed on this request: {}", reason.unwrap_or_default()).into();
        error
    })
}

/// The server on standard input and output.
pub async fn run_stdio() {
    let (service, socket) = LspService::new(Backend::new);
    Server::new(tokio::io::stdin(), tokio::io::stdout(), socket).serve(service).await;
}

/// The service, for tests that speak to it over in-memory pipes.
pub fn service() -> (LspService<Backend>, tower_lsp_server::ClientSocket) {
    LspService::new(Backend::new)
}
