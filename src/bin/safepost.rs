//! `safepost`: the SafePost engine on the command line, for IT and for batch work.
//!
//! Exit codes: 0 all went well; 1 some input was rejected (a URL that cannot be read,
//! an invalid policy) or `check` found a problem at medium severity or above; 2 the
//! command itself failed (bad arguments, unreadable file, invalid policy for `check`).

use std::fs;
use std::io::{self, BufRead, BufWriter, Read, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use safepost::{AccountKind, CheckContext, Engine, Policy, SiteVerdict, Surface, UrlError};
use serde_json::json;

#[path = "safepost/check.rs"]
mod check;
#[path = "safepost/contact.rs"]
mod contact;
#[path = "safepost/deploy/mod.rs"]
mod deploy;

#[derive(Parser)]
#[command(
    name = "safepost",
    version,
    about = "Checks sites against the Trust's social-media policy (Policy A2)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Classify URLs: approved, unapproved, exception or not social (§5.1).
    Url {
        /// URLs or bare hosts; `-` reads one per line from standard input.
        #[arg(required = true)]
        urls: Vec<String>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// An IT policy file (JSON) to use instead of the embedded default.
        #[arg(long, value_name = "FILE")]
        policy: Option<String>,
    },
    /// Work with IT policy files.
    Policy {
        #[command(subcommand)]
        command: PolicyCommand,
    },
    /// Check draft text against §5.5, §5.6 and §6.1, as the extension does before posting.
    Check {
        /// The text file to check; `-` (the default) reads standard input.
        #[arg(default_value = "-")]
        file: String,
        /// `text` for people, `json` for one result, `jsonl` to check each input line as
        /// its own text, writing one `{"findings": [...]}` line per input line, in order.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// The account the text would be posted from.
        #[arg(long, value_enum, default_value_t = AccountKind::Unknown)]
        account: AccountKind,
        /// Where the text would appear.
        #[arg(long, value_enum, default_value_t = Surface::Post)]
        surface: Surface,
        /// Catalogue id of the platform, e.g. `facebook` (passed on in the context; no
        /// shipped rule depends on the platform yet).
        #[arg(long)]
        platform: Option<String>,
        /// An IT policy file (JSON) to use instead of the embedded default.
        #[arg(long, value_name = "FILE")]
        policy: Option<String>,
        /// Run the fast checker only (words, personal data, rules), not the deeper check that
        /// reads for meaning. The default runs both, as the extension does.
        #[arg(long)]
        fast_only: bool,
    },
    /// Build and test the roster of pupils, former pupils and parents (§5.3, §5.6).
    Roster {
        #[command(subcommand)]
        command: contact::RosterCommand,
    },
    /// Say whether a person is a pupil, a former pupil under 18 or a parent (§5.3, §5.6).
    Person(contact::PersonArgs),
    /// Write an IT policy file as a management tool takes it (a `.reg` file, a Linux or
    /// Firefox policy file, the Google Admin box, a macOS profile), with the entry that
    /// force-installs the extension. The policy is validated first; nothing is written when
    /// it has a problem.
    Deploy(deploy::DeployArgs),
    /// List the platform catalogue: ids to use in a policy, names, categories, domains.
    Platforms {
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

#[derive(Subcommand)]
enum PolicyCommand {
    /// Check an IT policy file and list every problem with its field path.
    Validate {
        /// The policy file (JSON); `-` reads standard input.
        file: String,
    },
    /// Print the embedded default policy (the Trust's Policy A2), a starting point for IT.
    Default,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Aligned text for people.
    Human,
    /// One JSON array.
    Json,
    /// One JSON object per line, in input order.
    Jsonl,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CheckFormat {
    Text,
    Json,
    Jsonl,
}

const EXIT_REJECTED: u8 = 1;
const EXIT_FAILED: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Url {
            urls,
            format,
            policy,
        } => run_url(&urls, format, policy.as_deref()),
        Command::Policy {
            command: PolicyCommand::Validate { file },
        } => run_validate(&file),
        Command::Policy {
            command: PolicyCommand::Default,
        } => {
            println!("{}", Policy::embedded_default().to_json_pretty());
            Ok(true)
        }
        Command::Platforms { format } => run_platforms(format),
        Command::Roster { command } => contact::run_roster(command),
        Command::Person(args) => contact::run_person(args),
        Command::Deploy(args) => deploy::run(args),
        Command::Check {
            file,
            format,
            account,
            surface,
            platform,
            policy,
            fast_only,
        } => {
            let context = CheckContext {
                platform,
                account,
                surface,
            };
            valid_engine(policy.as_deref())
                .and_then(|engine| check::run(&file, format, &context, &engine, fast_only))
        }
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(EXIT_REJECTED),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("safepost: {e}");
            ExitCode::from(EXIT_FAILED)
        }
    }
}

fn read_input(file: &str) -> io::Result<String> {
    String::from_utf8(read_bytes(file)?).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{file} is not UTF-8 text: save it as UTF-8 and try again"),
        )
    })
}

/// The bytes of `file`, or of standard input for `-`.
pub(crate) fn read_bytes(file: &str) -> io::Result<Vec<u8>> {
    if file == "-" {
        let mut bytes = Vec::new();
        io::stdin().read_to_end(&mut bytes)?;
        Ok(bytes)
    } else {
        fs::read(file).map_err(|e| io::Error::new(e.kind(), format!("cannot read {file}: {e}")))
    }
}

fn engine_for(policy_file: Option<&str>) -> io::Result<Result<Engine, String>> {
    let Some(file) = policy_file else {
        return Ok(Ok(Engine::with_default_policy()));
    };
    let text = read_input(file)?;
    Ok(Engine::from_policy_json(&text).map_err(|e| format!("{file}: {e}")))
}

/// The engine for a policy that must be valid: its problems are listed and the command fails.
fn valid_engine(policy_file: Option<&str>) -> io::Result<Engine> {
    engine_for(policy_file)?.map_err(|problems| {
        eprintln!("safepost: {problems}");
        io::Error::other("the policy is not valid")
    })
}

/// A value's name in JSON, as a heading: `pupil_elsewhere` → `PUPIL ELSEWHERE`.
pub(crate) fn heading(value: impl serde::Serialize) -> String {
    let name = serde_json::to_value(value).expect("names serialise");
    name.as_str()
        .unwrap_or_default()
        .to_uppercase()
        .replace('_', " ")
}

/// Classifies each URL; returns whether every one could be read.
fn run_url(urls: &[String], format: Format, policy_file: Option<&str>) -> io::Result<bool> {
    let engine = match engine_for(policy_file)? {
        Ok(engine) => engine,
        Err(problems) => {
            eprintln!("safepost: {problems}");
            return Ok(false);
        }
    };
    let mut out = BufWriter::new(io::stdout().lock());
    let mut all_read = true;
    let mut first = true;
    if format == Format::Json {
        out.write_all(b"[")?;
    }
    let mut emit = |input: &str, out: &mut BufWriter<io::StdoutLock>| -> io::Result<()> {
        let result = engine.check_url(input);
        all_read &= result.is_ok();
        match format {
            Format::Human => write_human(out, input, &result),
            Format::Json | Format::Jsonl => {
                if format == Format::Json && !std::mem::take(&mut first) {
                    out.write_all(b",")?;
                }
                match &result {
                    Ok(verdict) => serde_json::to_writer(&mut *out, verdict)?,
                    Err(e) => serde_json::to_writer(
                        &mut *out,
                        &json!({ "input": input, "error": e.to_string() }),
                    )?,
                }
                if format == Format::Jsonl {
                    out.write_all(b"\n")?;
                }
                Ok(())
            }
        }
    };
    for url in urls {
        if url == "-" {
            for line in io::stdin().lock().split(b'\n') {
                let line = line?;
                let text = String::from_utf8_lossy(&line);
                emit(text.trim_end_matches('\r'), &mut out)?;
            }
        } else {
            emit(url, &mut out)?;
        }
    }
    if format == Format::Json {
        out.write_all(b"]\n")?;
    }
    out.flush()?;
    Ok(all_read)
}

fn write_human(
    out: &mut impl Write,
    input: &str,
    result: &Result<SiteVerdict, UrlError>,
) -> io::Result<()> {
    match result {
        Ok(v) => {
            let status = heading(v.status);
            let host = v.host.as_deref().unwrap_or(input);
            writeln!(out, "{status:<11} {host}\n            {}", v.message)
        }
        Err(e) => writeln!(out, "{:<11} {input}\n            {e}", "ERROR"),
    }
}

fn run_validate(file: &str) -> io::Result<bool> {
    let text = read_input(file)?;
    match Engine::from_policy_json(&text) {
        Ok(engine) => {
            let p = engine.policy();
            let roster = match &p.roster {
                Some(r) => format!(
                    " Roster built {}: {} name hashes at {} academies.",
                    r.built,
                    r.academies
                        .iter()
                        .map(|a| a.pupils.len() + a.former_pupils.len() + a.parents.len())
                        .sum::<usize>(),
                    r.academies.len()
                ),
                None => String::new(),
            };
            println!(
                "{file}: valid. Approved platforms: {}; unapproved platforms: {}; {} exception(s).{roster}",
                p.approved.join(", "),
                serde_json::to_value(p.unapproved_action)
                    .expect("actions serialise")
                    .as_str()
                    .unwrap_or_default(),
                p.exceptions.len()
            );
            if let Ok(raw) = serde_json::from_str(&text) {
                for note in deploy::schema_notes(&raw) {
                    println!("Note: {note}");
                }
            }
            Ok(true)
        }
        Err(e) => {
            println!("{file}: {e}");
            Ok(false)
        }
    }
}

fn run_platforms(format: Format) -> io::Result<bool> {
    let catalogue = safepost::Catalogue::embedded();
    let mut out = BufWriter::new(io::stdout().lock());
    let rows: Vec<_> = catalogue
        .platforms()
        .iter()
        .map(|p| json!({ "id": p.id, "name": p.name, "category": p.category, "named_in_policy": p.named_in_policy, "domains": p.domains }))
        .collect();
    match format {
        Format::Human => {
            for p in catalogue.platforms() {
                let category = serde_json::to_value(p.category).expect("categories serialise");
                writeln!(
                    out,
                    "{:<16} {:<24} {:<13} {}",
                    p.id,
                    p.name,
                    category.as_str().unwrap_or_default(),
                    p.domains.join(" ")
                )?;
            }
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &rows)?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for row in rows {
                serde_json::to_writer(&mut out, &row)?;
                writeln!(out)?;
            }
        }
    }
    out.flush()?;
    Ok(true)
}
