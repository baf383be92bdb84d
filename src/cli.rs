//! The command line of `scout`, as the contract (shared/CONTRACT.md) defines it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::domain::filter::Filter;
use crate::domain::money::Money;
use crate::domain::number::{parse_count, parse_rate};
use crate::io::roster::FieldMap;

#[derive(Parser, Debug)]
#[command(
    name = "scout",
    version,
    about = "Plan creator (micro-influencer) campaigns from a roster: filter, shortlist against a budget, track outreach, save and export the plan.",
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Roster files (.csv, .tsv, .toml, .json, .xlsx, .xls, .ods; `-` reads CSV from standard
    /// input). With none:
    /// the rosters recorded in --plan, else the config's roster, else the built-in sample.
    #[arg(value_name = "ROSTER")]
    pub rosters: Vec<String>,

    /// The campaign plan to open and save to (TOML).
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,

    /// Campaign budget, in the plan's currency (`15000`, `15k`); `15k EUR` sets the currency
    /// (priced with the config's [exchange_rates]; only while the shortlist is empty).
    #[arg(long, value_name = "AMOUNT")]
    pub budget: Option<String>,

    #[command(flatten)]
    pub read: ReadArgs,

    #[command(flatten)]
    pub filters: FilterArgs,
}

#[derive(Subcommand, Debug)]
#[allow(clippy::large_enum_variant)] // parsed once at start-up
pub enum Command {
    /// Load rosters and report what loaded: counts by tier and platform, how each file's
    /// columns were matched to fields, and every rejected row as PATH:LINE: reason
    /// (PATH:SHEET:ROW: reason in a spreadsheet). Exit 1 when any row was rejected or a file
    /// was unreadable.
    Check {
        #[arg(value_name = "ROSTER", required = true)]
        rosters: Vec<String>,
        /// Save the first file's mapping (with --map/--set) as a named profile in the
        /// config, used from then on for every file with the same header.
        #[arg(long, value_name = "NAME")]
        save_profile: Option<String>,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Pick, without the terminal UI, the shortlist that maximizes the objective within the
    /// budget over the filtered roster, and save it as a plan; with --sweep, the optimum at
    /// every budget of a range.
    Plan(PlanArgs),
    /// Write a plan as a CSV sheet, a Markdown brief or JSON.
    Export {
        /// The plan file (TOML).
        plan: PathBuf,
        /// The format; without it, the output file's extension (.csv, .md, .json) decides,
        /// and standard output gets CSV.
        #[arg(long, value_enum)]
        format: Option<ExportFormat>,
        /// Output file; standard output without it.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        read: ConfigArg,
    },
    /// Write an outreach draft (.eml, opened by mail clients as a draft) for each shortlisted
    /// creator with an email, and a mail-merge CSV for all of them.
    Outreach(OutreachArgs),
    /// Import post results (a CSV or TSV export of post insights) into a plan, each row
    /// matched by post URL, else platform and handle; the plan is saved in place. Rows that
    /// match no creator are listed as PATH:LINE: reason, and the exit status is 1.
    Results {
        /// The plan file (TOML), updated in place.
        plan: PathBuf,
        /// The insights export (.csv, .tsv, .xlsx, .xls or .ods).
        file: PathBuf,
        /// Read FIELD from a column with another name (fields: post_url, platform, handle,
        /// published, views, reach, likes, comments, shares, saves, clicks, conversions,
        /// revenue). Repeatable.
        #[arg(long = "map", value_name = "FIELD=COLUMN[,COLUMN...]")]
        map: Vec<String>,
        /// Give every row this value (`--set platform=tiktok`). Repeatable.
        #[arg(long = "set", value_name = "FIELD=VALUE")]
        set: Vec<String>,
        /// The sheet to read in a spreadsheet (default: the first).
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// Report what would change, and save nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        read: ConfigArg,
    },
    /// Print the config path in use; with --default, the commented default config.
    Config {
        #[arg(long)]
        default: bool,
        #[command(flatten)]
        read: ConfigArg,
    },
    /// Print a shell completion script: `scout completions bash > /etc/bash_completion.d/scout`.
    Completions {
        /// The shell: bash, zsh, fish, powershell or elvish.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `scout man > ~/.local/share/man/man1/scout.1`.
    Man,
}

#[derive(Args, Debug, Clone, Default)]
pub struct ConfigArg {
    /// Config file to use instead of the default location (also SCOUT_CONFIG).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// How to read rosters: shared by every command that reads them.
#[derive(Args, Debug, Clone, Default)]
pub struct ReadArgs {
    /// Read FIELD from a column with another name; several columns for niches
    /// (`--map niches=category_1,category_2`). Repeatable.
    #[arg(long = "map", value_name = "FIELD=COLUMN[,COLUMN...]")]
    pub map: Vec<String>,

    /// Give every row this value (`--set platform=instagram`). Repeatable.
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub set: Vec<String>,

    /// Read this sheet of every spreadsheet (.xlsx, .xls, .ods) instead of its first.
    #[arg(long = "sheet", value_name = "NAME")]
    pub sheet: Option<String>,

    #[command(flatten)]
    pub config: ConfigArg,
}

impl ReadArgs {
    pub fn field_map(&self) -> Result<FieldMap, String> {
        let mut m = FieldMap::default();
        for a in &self.map {
            m.add_map(a).map_err(|e| format!("--map: {e}"))?;
        }
        for a in &self.set {
            m.add_set(a).map_err(|e| format!("--set: {e}"))?;
        }
        m.sheet = self.sheet.clone();
        Ok(m)
    }
}

/// The filters of the contract, shared by `plan` and the planner.
#[derive(Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// Only creators with this niche (repeatable: any of them).
    #[arg(long = "niche", value_name = "NICHE")]
    pub niche: Vec<String>,
    /// Only creators of this tier (repeatable).
    #[arg(long = "tier", value_name = "TIER")]
    pub tier: Vec<String>,
    /// Only creators on this platform (repeatable).
    #[arg(long = "platform", value_name = "PLATFORM")]
    pub platform: Vec<String>,
    /// Only creators in this country (repeatable).
    #[arg(long = "country", value_name = "COUNTRY")]
    pub country: Vec<String>,
    /// At least this many followers (`10k`).
    #[arg(long, value_name = "N")]
    pub min_followers: Option<String>,
    /// At most this many followers.
    #[arg(long, value_name = "N")]
    pub max_followers: Option<String>,
    /// Minimum engagement rate: `2%`, `0.02` or `2`.
    #[arg(long, value_name = "RATE")]
    pub min_engagement: Option<String>,
    /// Maximum fee per standard post.
    #[arg(long, value_name = "AMOUNT")]
    pub max_fee: Option<String>,
    /// Only creators whose handle, name or niches contain every word of TEXT.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
}

impl FilterArgs {
    /// The filter these arguments describe, or a one-line reason they do not make one.
    pub fn to_filter(&self) -> Result<Filter, String> {
        let count = |flag: &str, v: &Option<String>| -> Result<Option<u64>, String> {
            match v {
                None => Ok(None),
                Some(s) => match parse_count(s) {
                    Ok(Some(n)) => Ok(Some(n)),
                    Ok(None) => Err(format!("--{flag}: no number given")),
                    Err(e) => Err(format!("--{flag}: {e}")),
                },
            }
        };
        let min_engagement = match &self.min_engagement {
            None => None,
            Some(s) => match parse_rate(s) {
                Ok(Some(r)) => Some(r),
                Ok(None) => return Err("--min-engagement: no rate given".into()),
                Err(e) => return Err(format!("--min-engagement: {e}")),
            },
        };
        let max_fee = match &self.max_fee {
            None => None,
            Some(s) => Some(Money::parse(s).map_err(|e| format!("--max-fee: {e}"))?),
        };
        Ok(Filter {
            niches: self.niche.clone(),
            tiers: self.tier.clone(),
            platforms: self.platform.clone(),
            countries: self.country.clone(),
            min_followers: count("min-followers", &self.min_followers)?,
            max_followers: count("max-followers", &self.max_followers)?,
            min_engagement,
            max_fee,
            search: self.search.clone().unwrap_or_default(),
        })
    }
}

#[derive(Args, Debug, Clone)]
pub struct PlanArgs {
    /// Roster files; with none, the same default as the planner.
    #[arg(value_name = "ROSTER")]
    pub rosters: Vec<String>,
    /// Campaign budget (`15000`, `$15,000`, `15k`); `15k EUR` makes a plan in euros, priced
    /// with the config's [exchange_rates].
    /// With --sweep: the budget whose plan -o saves (one of the grid's; default the knee).
    #[arg(long, value_name = "AMOUNT", required_unless_present = "sweep")]
    pub budget: Option<String>,
    /// Where to save the plan (TOML).
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FILE",
        required_unless_present = "sweep"
    )]
    pub output: Option<PathBuf>,
    /// The proven optimum at every budget from FROM to TO in steps of STEP (`10k:30k:1k`):
    /// objective, creators, spend and the objective each extra 1,000 buys, the knee marked.
    /// The time limit applies to each budget.
    #[arg(long, value_name = "FROM:TO:STEP")]
    pub sweep: Option<String>,
    /// How --sweep writes its table.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = SweepFormat::Table, requires = "sweep")]
    pub format: SweepFormat,
    /// What to maximize.
    #[arg(long, value_enum, default_value_t = Objective::Engagements)]
    pub objective: Objective,
    /// Deliverables per creator.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub posts: u32,
    /// At least K creators.
    #[arg(long, value_name = "K")]
    pub min_creators: Option<u32>,
    /// At most K creators.
    #[arg(long, value_name = "K")]
    pub max_creators: Option<u32>,
    /// At most this share of the budget on any one creator (`25` or `25%`).
    #[arg(long, value_name = "PERCENT")]
    pub max_share: Option<String>,
    /// At least K creators of TIER (repeatable).
    #[arg(long = "min-tier", value_name = "TIER=K")]
    pub min_tier: Vec<String>,
    /// At least K creators with NICHE (repeatable).
    #[arg(long = "min-niche", value_name = "NICHE=K")]
    pub min_niche: Vec<String>,
    /// Campaign name (default: from the output file name).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Stop searching after this many seconds and report how far from optimal the plan can be.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub time_limit: f64,
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub filters: FilterArgs,
}

#[derive(Args, Debug, Clone)]
pub struct OutreachArgs {
    /// The plan file (TOML).
    pub plan: PathBuf,
    /// The message template (plain text or Markdown with {first_name}, {handle}, {fee}...;
    /// a first line `Subject: ...` sets the subject). Default: the plan's
    /// campaign.outreach_template, else the config's [outreach] template, else scout's own.
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// The folder for the drafts and mail-merge.csv (made when missing).
    #[arg(short = 'o', long = "output", value_name = "DIR", required = true)]
    pub output: PathBuf,
    /// Move the creators whose draft was written from shortlisted to contacted, as one
    /// change recorded in the plan's [[history]] (the previous plan kept as PLAN.bak).
    #[arg(long)]
    pub mark_contacted: bool,
    #[command(flatten)]
    pub read: ConfigArg,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Objective {
    Engagements,
    Reach,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SweepFormat {
    Table,
    Csv,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Md,
    Json,
}

impl From<ExportFormat> for crate::io::export::ExportFormat {
    fn from(f: ExportFormat) -> Self {
        match f {
            ExportFormat::Csv => Self::Csv,
            ExportFormat::Md => Self::Markdown,
            ExportFormat::Json => Self::Json,
        }
    }
}

/// The subcommand a command line is for (`plan` in `scout plan --budget`), as clap reads it,
/// errors ignored: where a usage error points for help. `None` for the planner's own
/// arguments or an error before any subcommand.
pub fn subcommand_of<I, T>(args: I) -> Option<String>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    use clap::CommandFactory;
    Cli::command()
        .ignore_errors(true)
        .try_get_matches_from(args)
        .ok()?
        .subcommand_name()
        .map(str::to_owned)
}

/// A command-line error as one line naming what is wrong and where help is:
/// ``missing required argument <PLAN> (see `scout export --help`)``. clap's own rendering
/// puts the argument on the lines after the first (`the following required arguments were
/// not provided:`), so it is built here from the error's context instead. Whatever the user
/// typed is quoted with [`quote_data`](crate::domain::text::quote_data): no control
/// character reaches the terminal.
pub fn usage_error_line(e: &clap::Error, subcommand: Option<&str>) -> String {
    use crate::domain::text::{escape_controls, quote_data};
    use clap::error::{ContextKind, ContextValue, ErrorKind};

    let strings = |kind| -> Vec<String> {
        match e.get(kind) {
            Some(ContextValue::String(s)) => vec![quote_data(s)],
            Some(ContextValue::Strings(v)) => v.iter().map(|s| quote_data(s)).collect(),
            Some(ContextValue::StyledStr(s)) => vec![quote_data(&s.to_string())],
            Some(ContextValue::StyledStrs(v)) => {
                v.iter().map(|s| quote_data(&s.to_string())).collect()
            }
            _ => Vec::new(),
        }
    };
    let one = |kind| strings(kind).into_iter().next();
    let arg = one(ContextKind::InvalidArg);
    let value = one(ContextKind::InvalidValue);
    let list = |v: &[String]| {
        v.iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    // clap's first line, escaped: the fallback for an error without the context needed.
    let first_line = || {
        let text = e.render().to_string();
        let first = text.lines().next().unwrap_or("bad arguments");
        escape_controls(first.trim_start_matches("error: ").trim())
    };
    let what = match (e.kind(), arg) {
        (ErrorKind::MissingRequiredArgument, _) => {
            let missing = strings(ContextKind::InvalidArg);
            match missing.len() {
                0 => first_line(),
                1 => format!("missing required argument {}", missing[0]),
                _ => format!("missing required arguments {}", missing.join(", ")),
            }
        }
        (ErrorKind::InvalidValue, Some(arg)) => {
            let valid = strings(ContextKind::ValidValue);
            let expected = if valid.is_empty() {
                String::new()
            } else {
                format!(": one of {}", list(&valid))
            };
            match value.as_deref() {
                None | Some("") => format!("{arg} needs a value{expected}"),
                Some(v) => format!("invalid value `{v}` for {arg}{expected}"),
            }
        }
        (ErrorKind::ValueValidation, Some(arg)) => {
            let cause = std::error::Error::source(e)
                .map(|c| escape_controls(c.to_string().lines().next().unwrap_or("")))
                .filter(|c| !c.is_empty())
                .map(|c| format!(": {c}"))
                .unwrap_or_default();
            format!(
                "invalid value `{}` for {arg}{cause}",
                value.unwrap_or_default()
            )
        }
        (ErrorKind::UnknownArgument, Some(arg)) => {
            let mut m = if arg.starts_with('-') {
                format!("unknown option `{arg}`")
            } else {
                format!("unexpected argument `{arg}`")
            };
            if let Some(s) = one(ContextKind::SuggestedArg) {
                m.push_str(&format!("; did you mean `{s}`?"));
            } else if arg.parse::<f64>().is_ok() {
                // `--budget -5`: clap's tip, `use '-- -5'`, would make it a file name.
                m.push_str(&format!(
                    " (a value starting with `-` goes after `=`: `--option={arg}`)"
                ));
            } else if let Some(tip) =
                one(ContextKind::Suggested).filter(|t| !t.starts_with("to pass"))
            {
                // `'plan --budget' exists`
                m.push_str(&format!("; {tip}"));
            }
            m
        }
        (ErrorKind::InvalidSubcommand, _) => {
            let sub = one(ContextKind::InvalidSubcommand).unwrap_or_default();
            let mut m = format!("unknown command `{sub}`");
            let suggested = strings(ContextKind::SuggestedSubcommand);
            if !suggested.is_empty() {
                m.push_str(&format!("; did you mean {}?", list(&suggested)));
            }
            m
        }
        (ErrorKind::ArgumentConflict, Some(arg)) => {
            let prior = strings(ContextKind::PriorArg);
            if prior.is_empty() {
                format!("{arg} cannot be used here")
            } else {
                format!("{arg} cannot be used with {}", prior.join(", "))
            }
        }
        (ErrorKind::TooManyValues, Some(arg)) => match value {
            Some(v) => format!("unexpected value `{v}` for {arg}"),
            None => format!("too many values for {arg}"),
        },
        (ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues, Some(arg)) => {
            format!("wrong number of values for {arg}")
        }
        (ErrorKind::NoEquals, Some(arg)) => format!("{arg} needs `=` before its value"),
        (ErrorKind::InvalidUtf8, _) => "an argument is not valid UTF-8".to_owned(),
        (ErrorKind::MissingSubcommand, _) => {
            let valid = strings(ContextKind::ValidSubcommand);
            if valid.is_empty() {
                "missing a command".to_owned()
            } else {
                format!("missing a command: one of {}", list(&valid))
            }
        }
        _ => first_line(),
    };
    let help = match subcommand {
        Some(s) => format!("scout {} --help", quote_data(s)),
        None => "scout --help".to_owned(),
    };
    format!("{what} (see `{help}`)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subcommand_is_found_through_errors() {
        let of =
            |args: &[&str]| subcommand_of(std::iter::once("scout").chain(args.iter().copied()));
        assert_eq!(of(&["plan", "--budget"]).as_deref(), Some("plan"));
        assert_eq!(
            of(&["export", "--format", "xml"]).as_deref(),
            Some("export")
        );
        assert_eq!(of(&["results"]).as_deref(), Some("results"));
        // The planner's own arguments, and an error before any subcommand.
        assert_eq!(of(&["roster.csv", "--zzz"]), None);
        assert_eq!(of(&["--plan"]), None);
    }

    #[test]
    fn every_usage_error_is_one_clean_line_naming_the_argument() {
        let line = |args: &[&str]| {
            let e = Cli::try_parse_from(std::iter::once("scout").chain(args.iter().copied()))
                .expect_err("a usage error");
            usage_error_line(
                &e,
                subcommand_of(std::iter::once("scout").chain(args.iter().copied())).as_deref(),
            )
        };
        for (args, names) in [
            (&["export"][..], "<PLAN>"),
            (
                &["plan", "--budget", "1", "--objective", "most"],
                "--objective",
            ),
            (
                &["plan", "--budget", "1", "-o", "p", "--max-creators", "-1"],
                "-1",
            ),
            (&["check", "r.csv", "--sheet"], "--sheet"),
            (
                &["plan", "--budget", "-5"],
                "unknown option `-5` (a value starting with `-` goes after `=`: `--option=-5`)",
            ),
            (
                &["check", "r.csv", "--\u{1b}]52;c;aGk\u{7}"],
                "--\\x1b]52;c;aGk\\x07",
            ),
        ] {
            let m = line(args);
            assert!(m.contains(names), "{args:?}: {m}");
            assert!(!crate::domain::text::has_unsafe(&m), "{args:?}: {m:?}");
            assert!(m.ends_with("--help`)"), "{args:?}: {m}");
        }
    }
}
