use std::io::{IsTerminal, Write};
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::process::ExitCode;

use apigw_lint::discover::{Candidate, candidates};
use apigw_lint::render::{Totals, github, json, junit, parseable, sarif, text};
use apigw_config::files::Boundary;
use apigw_lint::{FileReport, NotLinted, fix_file, lint_file, unread_templates};
use apigw_rules::{Applicability, RULES, RuleSet, find};
use apigw_config::{CommandLine, Resolver};
use clap::{Args, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

/// Lints AWS API Gateway v2 definitions: CloudFormation, SAM, OpenAPI and CDK output.
#[derive(Parser)]
#[command(name = "apigw-lint", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    check: CheckArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Lint files and folders (the default command).
    Check(CheckArgs),
    /// Print a rule's documentation.
    Rule {
        /// A code (AGW401) or name (multiple-unkeyed-mappings).
        code: String,
    },
    /// List every rule.
    Rules,
    /// Run the language server on standard input and output.
    Server {
        /// Accepted for clients that pass it (vscode-languageclient); stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

#[derive(Args, Default)]
struct CheckArgs {
    /// Files and folders to lint (folders recursively, honouring .gitignore).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// Only these rules: codes, code prefixes (AGW4) or names, comma-separated.
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Also these rules (such as those off by default): codes, code prefixes or names, comma-separated.
    #[arg(long, value_delimiter = ',')]
    extend_select: Vec<String>,
    /// Not these rules: codes, code prefixes or names, comma-separated.
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Use this configuration file for every file (instead of the nearest apigw-lint.toml).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Lint what .gitignore and the default excludes (node_modules, .aws-sam, virtualenvs, …) leave out.
    #[arg(long)]
    no_ignore: bool,
    /// Apply safe fixes to the files, then report what remains.
    #[arg(long)]
    fix: bool,
    /// With --fix or --diff, also apply unsafe fixes.
    #[arg(long)]
    unsafe_fixes: bool,
    /// Show the fixes as a diff without writing them; exit 1 when there are any.
    #[arg(long, conflicts_with = "fix")]
    diff: bool,
    /// Write the report to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// When to color text output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

#[derive(Clone, Copy, ValueEnum, Default)]
enum OutputFormat {
    /// Code frames and a summary line, for people.
    #[default]
    Text,
    /// One stable JSON array of diagnostics.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML.
    Junit,
    /// cfn-lint's `file:line:column:end_line:end_column:code:message`.
    Parseable,
}

#[derive(Clone, Copy, ValueEnum, Default)]
enum Color {
    #[default]
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check(args)) => check(args),
        Some(Command::Rule { code }) => rule(&code),
        Some(Command::Rules) => rules(),
        Some(Command::Server { .. }) => server(),
        None => check(cli.check),
    }
}

fn check(args: CheckArgs) -> ExitCode {
    if let Err(message) = RuleSet::select(&args.select, &args.extend_select, &args.ignore) {
        return usage_error(&message);
    }
    let command_line = CommandLine {
        select: args.select.clone(),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
        ..CommandLine::default()
    };
    let resolver = match Resolver::new(args.config.as_deref(), command_line) {
        Ok(resolver) => resolver,
        Err(message) => return usage_error(&message),
    };
    let candidates = match candidates(&args.paths, args.no_ignore) {
        Ok(candidates) => candidates,
        Err(message) => return usage_error(&message),
    };
    // The project, and the folders its configuration lets templates read besides.
    let boundary_of = |candidate: &Candidate| {
        Boundary::new(std::iter::once(candidate.project.clone()).chain(resolver.allow_read_for(&candidate.path)))
    };
    let mut rule_sets = Vec::with_capacity(candidates.len());
    for candidate in &candidates {
        match resolver.rules_for(&candidate.path) {
            Ok(rules) => rule_sets.push(rules),
            Err(message) => return usage_error(&message),
        }
    }
    if args.fix || args.diff {
        let applicability = if args.unsafe_fixes { Applicability::Unsafe } else { Applicability::Safe };
        let fixes: Vec<_> = candidates
            .par_iter()
            .zip(&rule_sets)
            .map(|(candidate, rules)| fix_file(candidate, rules, applicability, &boundary_of(candidate)))
            .collect();
        let mut fixed = Vec::new();
        for result in fixes {
            match result {
                Ok(Some(fix)) => fixed.push(fix),
                Ok(None) => {}
                Err(error) => return usage_error(&error.to_string()),
            }
        }
        let applied: usize = fixed.iter().map(|fix| fix.applied).sum();
        if args.diff {
            let mut out = String::new();
            for fix in &fixed {
                let path = fix.path.display().to_string();
                let diff = similar::TextDiff::from_lines(&fix.before, &fix.after);
                out.push_str(&diff.unified_diff().header(&path, &path).to_string());
            }
            out.push_str(&format!("Would apply {} in {}.\n", plural(applied, "fix"), plural(fixed.len(), "file")));
            emit(&out);
            return if fixed.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) };
        }
        // A file that cannot be written does not stop the others (each write is whole or nothing,
        // so the rest are as safe to write); the run still fails, with exit 2 once all are done.
        let (mut fixes_written, mut files_written, mut write_failed) = (0, 0, false);
        for fix in &fixed {
            match apigw_lint::write_fix(fix) {
                Ok(apigw_lint::Written::Written) => {
                    fixes_written += fix.applied;
                    files_written += 1;
                }
                // The editor's save wins; the file is linted below as it now is.
                Ok(apigw_lint::Written::Changed) => {
                    eprintln!("apigw-lint: {}: changed since it was linted; not fixed", fix.path.display());
                }
                Err(reason) => {
                    eprintln!("apigw-lint: {}: {reason}; the file is unchanged", fix.path.display());
                    write_failed = true;
                }
            }
        }
        if fixes_written > 0 {
            eprintln!("Applied {} in {}.", plural(fixes_written, "fix"), plural(files_written, "file"));
        }
        if write_failed {
            return ExitCode::from(2);
        }
    }
    let results: Vec<_> = candidates
        .par_iter()
        .zip(&rule_sets)
        .map(|(candidate, rules)| (candidate, lint_file(candidate, rules, &boundary_of(candidate))))
        .collect();
    let mut reports: Vec<FileReport> = Vec::new();
    let mut io_failed = false;
    // Per manifest, the templates it names that were not linted: missing, or refused with why.
    let mut unread: BTreeMap<&PathBuf, Vec<(PathBuf, Option<String>)>> = BTreeMap::new();
    // Files read that turned out to be neither templates nor definitions.
    let mut skipped = 0;
    for (candidate, result) in results {
        match (result, &candidate.manifest) {
            (Ok(file_reports), _) => {
                skipped += usize::from(file_reports.is_empty());
                reports.extend(file_reports.into_iter().map(|report| FileReport { stack: candidate.stack.clone(), ..report }));
            }
            (Err(NotLinted::Missing), Some(manifest)) => unread.entry(manifest).or_default().push((candidate.path.clone(), None)),
            (Err(NotLinted::Refused(why)), Some(manifest)) => {
                unread.entry(manifest).or_default().push((candidate.path.clone(), Some(why)));
            }
            (Err(NotLinted::Refused(why)), None) => reports.push(FileReport::not_read(&candidate.path, &why)),
            (Err(NotLinted::Missing), None) => {
                eprintln!("apigw-lint: {}: {}", candidate.path.display(), std::io::Error::from(std::io::ErrorKind::NotFound));
                io_failed = true;
            }
            (Err(NotLinted::Io(error)), _) => {
                eprintln!("apigw-lint: {}: {error}", candidate.path.display());
                io_failed = true;
            }
        }
    }
    for (manifest, templates) in unread {
        match unread_templates(manifest, &templates) {
            Ok(report) => reports.push(report),
            Err(error) => {
                eprintln!("apigw-lint: {}: {error}", manifest.display());
                io_failed = true;
            }
        }
    }
    let reports = without_repeats(reports);
    let totals = Totals { skipped, ..Totals::of(&reports) };
    let output = match args.format {
        OutputFormat::Json => json::render(&reports),
        OutputFormat::Sarif => sarif::render(&reports, &RULES.iter().collect::<Vec<_>>()),
        OutputFormat::Github => github::render(&reports),
        OutputFormat::Junit => junit::render(&reports),
        OutputFormat::Parseable => parseable::render(&reports),
        OutputFormat::Text => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    args.output.is_none() && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            let mut out: String = reports.par_iter().map(|report| text::file(report, color)).collect();
            out.push_str(&text::summary(&totals));
            out.push('\n');
            out
        }
    };
    match &args.output {
        Some(path) => {
            if let Err(error) = std::fs::write(path, &output) {
                return usage_error(&format!("{}: {error}", path.display()));
            }
        }
        None => emit(&output),
    }
    if io_failed {
        ExitCode::from(2)
    } else if totals.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn server() -> ExitCode {
    match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => {
            runtime.block_on(apigw_server::run_stdio());
            ExitCode::SUCCESS
        }
        Err(error) => usage_error(&format!("cannot start the server: {error}")),
    }
}

fn rule(code: &str) -> ExitCode {
    match find(code) {
        Some(rule) => {
            emit(&rule.meta.page());
            ExitCode::SUCCESS
        }
        None => usage_error(&format!("no rule `{code}` (see `apigw-lint rules`)")),
    }
}

fn rules() -> ExitCode {
    let mut out = String::new();
    for rule in RULES {
        let meta = rule.meta;
        let selection = if meta.default { "" } else { "  off by default" };
        // The severity as apigw-lint.toml spells it.
        let severity = meta.severity.as_str();
        out.push_str(&format!("{}  {:<38} {:<7}  fix: {}{selection}\n", meta.code, meta.name, severity, fix_text(meta.fix)));
    }
    emit(&out);
    ExitCode::SUCCESS
}

fn fix_text(fix: apigw_rules::FixKind) -> &'static str {
    match fix {
        apigw_rules::FixKind::None => "none",
        apigw_rules::FixKind::Safe => "safe",
        apigw_rules::FixKind::Unsafe => "unsafe",
    }
}

/// Writes to stdout; a closed pipe (`apigw-lint rules | head`) is not a failure.
fn emit(output: &str) {
    let _ = std::io::stdout().lock().write_all(output.as_bytes());
}

/// One report per file: a definition file linted on its own and again with the template that
/// names it keeps the second, which knows the template's functions and settings. A file that a
/// template names for a REST API keeps none, HTTP API rules do not apply to it, unless the
/// configuration declares it an HTTP API's.
fn without_repeats(reports: Vec<FileReport>) -> Vec<FileReport> {
    if reports.iter().all(|report| report.named_by.is_none() && report.rest_definitions.is_empty()) {
        return reports;
    }
    let canonical = |path: &PathBuf| std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
    let identity = |report: &FileReport| canonical(&report.path);
    let named: HashSet<PathBuf> = reports.iter().filter(|report| report.named_by.is_some()).map(identity).collect();
    let rest: HashSet<PathBuf> = reports.iter().flat_map(|report| &report.rest_definitions).map(canonical).collect();
    let mut seen = HashSet::new();
    reports
        .into_iter()
        .filter(|report| report.named_by.is_some() || !named.contains(&identity(report)))
        .filter(|report| report.named_by.is_some() || report.declared_http || !rest.contains(&identity(report)))
        .filter(|report| seen.insert(identity(report)))
        .collect()
}

fn plural(count: usize, noun: &str) -> String {
    let suffix = match (count, noun.ends_with('x')) {
        (1, _) => "",
        (_, true) => "es",
        _ => "s",
    };
    format!("{count} {noun}{suffix}")
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("apigw-lint: {message}");
    ExitCode::from(2)
}
