use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use apigw_lint::discover::candidates;
use apigw_lint::render::{Totals, github, json, junit, parseable, sarif, text};
use apigw_lint::{FileReport, lint_file};
use apigw_rules::{RULES, RuleSet, Severity, find};
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
    /// Not these rules: codes, code prefixes or names, comma-separated.
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
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
        None => check(cli.check),
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let rules = match RuleSet::select(&args.select, &args.ignore) {
        Ok(rules) => rules,
        Err(message) => return usage_error(&message),
    };
    let candidates = match candidates(&args.paths) {
        Ok(candidates) => candidates,
        Err(message) => return usage_error(&message),
    };
    let results: Vec<_> = candidates
        .par_iter()
        .map(|candidate| (candidate, lint_file(&candidate.path, candidate.explicit, &rules)))
        .collect();
    let mut reports: Vec<FileReport> = Vec::new();
    let mut io_failed = false;
    for (candidate, result) in results {
        match result {
            Ok(Some(report)) => reports.push(report),
            Ok(None) => {}
            Err(error) => {
                eprintln!("apigw-lint: {}: {error}", candidate.path.display());
                io_failed = true;
            }
        }
    }
    let totals = Totals::of(&reports);
    let output = match args.format {
        OutputFormat::Json => json::render(&reports),
        OutputFormat::Sarif => sarif::render(&reports, &rules.rules().collect::<Vec<_>>()),
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
        let severity = match meta.severity {
            Severity::Error => "error",
            Severity::Warning => "warn",
            Severity::Info => "info",
        };
        out.push_str(&format!("{}  {:<38} {:<5}  fix: {}\n", meta.code, meta.name, severity, fix_text(meta.fix)));
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

fn usage_error(message: &str) -> ExitCode {
    eprintln!("apigw-lint: {message}");
    ExitCode::from(2)
}
