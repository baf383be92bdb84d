//! The config file: where it lives, its defaults (embedded from `assets/config.toml`) and
//! how a broken one is reported (the line and the key at fault).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::creator::Platform;
use crate::domain::fees::{FeeModel, Format};
use crate::domain::money::{ExchangeRate, ExchangeRates, Money};
use crate::domain::tier::{Tier, TierScheme};
use crate::io::roster::{FieldMap, Profile, io_cause, line_of, normalize_header};

/// The fully commented default config, as `scout config --default` prints it.
pub const DEFAULT_CONFIG: &str = include_str!("../../assets/config.toml");

/// Everything the config decides.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The currency of the fee model's prices and of roster rates.
    pub currency: String,
    /// Units of each other currency per unit of `currency` (`[exchange_rates]`): how a plan
    /// in another currency is priced.
    pub exchange_rates: BTreeMap<String, ExchangeRate>,
    /// The roster opened when none is given.
    pub roster: Option<PathBuf>,
    pub scheme: TierScheme,
    pub model: FeeModel,
    /// Saved column mappings (`[profiles.NAME]`), each used for files with its header.
    pub profiles: Vec<Profile>,
    /// `[outreach]`: who signs the drafts and which template they use.
    pub outreach: OutreachConfig,
}

/// The config's `[outreach]` table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutreachConfig {
    /// `{sender}`, and the drafts' `From` when it holds an address
    /// (`Ana from Brand <ana@brand.com>`).
    pub sender: Option<String>,
    /// The message template (relative paths from the config's folder); scout's own without it.
    pub template: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            currency: "USD".into(),
            exchange_rates: BTreeMap::new(),
            roster: None,
            scheme: TierScheme::default(),
            model: FeeModel::default(),
            profiles: Vec::new(),
            outreach: OutreachConfig::default(),
        }
    }
}

impl Config {
    /// The config's currency and its exchange rates, for pricing a plan in any currency.
    pub fn rates(&self) -> ExchangeRates {
        ExchangeRates {
            base: self.currency.clone(),
            rates: self.exchange_rates.clone(),
        }
    }
}

/// Why a config file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: {cause}")]
    Unreadable { path: String, cause: String },
    /// `line` 0: the parser could not say where (a nesting error), so no line is named.
    #[error("{path}{}: {message}", at_line(*.line))]
    Invalid {
        path: String,
        line: u64,
        message: String,
    },
}

fn at_line(line: u64) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(":{line}")
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    currency: Option<String>,
    exchange_rates: Option<BTreeMap<String, f64>>,
    roster: Option<String>,
    tiers: Option<Vec<RawTier>>,
    fees: Option<RawFees>,
    engagement_norms: Option<BTreeMap<String, f64>>,
    engagement_platform_factor: Option<BTreeMap<String, f64>>,
    reach_rate: Option<BTreeMap<String, f64>>,
    formats: Option<BTreeMap<String, Vec<RawFormat>>>,
    profiles: Option<BTreeMap<String, RawProfile>>,
    outreach: Option<RawOutreach>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawOutreach {
    sender: Option<String>,
    template: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    header: Vec<String>,
    #[serde(default)]
    map: Vec<String>,
    #[serde(default)]
    set: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTier {
    name: String,
    min_followers: u64,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFees {
    min_fee: Option<f64>,
    engagement_elasticity: Option<f64>,
    adjust_min: Option<f64>,
    adjust_max: Option<f64>,
    per_thousand: Option<BTreeMap<String, f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFormat {
    name: String,
    multiplier: f64,
}

/// The config path in use: `--config`, else `SCOUT_CONFIG`, else the platform's config folder.
pub fn config_path(cli: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = cli {
        return Some(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("SCOUT_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "scout").map(|d| d.config_dir().join("config.toml"))
}

/// Reads the config at `path`; a missing file means the defaults.
pub fn load_config(path: Option<&Path>) -> Result<Config, ConfigError> {
    let Some(path) = path else {
        return Ok(Config::default());
    };
    let label = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => {
            return Err(ConfigError::Unreadable {
                path: label,
                cause: io_cause(&e),
            });
        }
    };
    parse_config(&text, &label, path.parent())
}

/// Parses config text; `label` names it in errors, `base` resolves a relative roster path.
pub fn parse_config(text: &str, label: &str, base: Option<&Path>) -> Result<Config, ConfigError> {
    // Messages quote keys and values from the file: escaped and cut, whatever they hold.
    let invalid = |line: u64, message: String| ConfigError::Invalid {
        path: label.to_string(),
        line,
        message: crate::domain::text::escape_controls(&message),
    };
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(0, |s| line_of(text, s.start));
        invalid(line, e.message().trim().replace('\n', " "))
    })?;
    // Where a key is written, for errors found after parsing.
    let key_line = |key: &str| -> u64 {
        text.lines()
            .position(|l| {
                let t = l.trim_start();
                t.starts_with(key) && t[key.len()..].trim_start().starts_with('=')
                    || t.starts_with(&format!("[{key}]"))
            })
            .map_or(1, |i| i as u64 + 1)
    };
    let mut config = Config::default();
    if let Some(c) = raw.currency {
        let c = c.trim().to_ascii_uppercase();
        if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(invalid(
                key_line("currency"),
                format!(
                    "currency: `{}` is not a three-letter code",
                    crate::domain::text::quote_data(&c)
                ),
            ));
        }
        config.currency = c;
    }
    for (code, v) in raw.exchange_rates.unwrap_or_default() {
        let upper = code.trim().to_ascii_uppercase();
        if upper.len() != 3 || !upper.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(invalid(
                key_line(&code),
                format!(
                    "exchange_rates: `{}` is not a three-letter currency code",
                    crate::domain::text::quote_data(&code)
                ),
            ));
        }
        let rate = ExchangeRate::from_f64(v).ok_or_else(|| {
            invalid(
                key_line(&code),
                format!(
                    "exchange_rates.{code} must be a positive number of {upper} per {} (at most nine decimals)",
                    config.currency
                ),
            )
        })?;
        config.exchange_rates.insert(upper, rate);
    }
    let resolve = |p: &str| {
        let expanded = expand_home(p);
        match base {
            Some(b) if expanded.is_relative() => b.join(expanded),
            _ => expanded,
        }
    };
    if let Some(r) = raw.roster {
        config.roster = Some(resolve(&r));
    }
    if let Some(o) = raw.outreach {
        config.outreach.sender = o.sender.filter(|s| !s.trim().is_empty());
        config.outreach.template = o
            .template
            .filter(|t| !t.trim().is_empty())
            .map(|t| resolve(&t));
    }
    if let Some(tiers) = raw.tiers {
        let tiers = tiers
            .into_iter()
            .map(|t| Tier {
                name: t.name.trim().to_string(),
                min_followers: t.min_followers,
            })
            .collect();
        config.scheme = TierScheme::new(tiers)
            .map_err(|e| invalid(key_line("[[tiers]]"), format!("tiers: {e}")))?;
        // A new scheme without norms of its own keeps the defaults by name where they exist.
        let defaults = FeeModel::default();
        let default_scheme = TierScheme::default();
        config.model.engagement_norms = config
            .scheme
            .tiers()
            .iter()
            .map(|t| {
                default_scheme
                    .find(&t.name)
                    .and_then(|id| defaults.engagement_norms.get(usize::from(id.0)).copied())
                    .unwrap_or(0.03)
            })
            .collect();
    }
    let model = &mut config.model;
    if let Some(fees) = raw.fees {
        if let Some(m) = fees.min_fee {
            model.min_fee = money(m).ok_or_else(|| {
                invalid(
                    key_line("min_fee"),
                    "fees.min_fee must be a non-negative amount".into(),
                )
            })?;
        }
        if let Some(e) = fees.engagement_elasticity {
            if !(0.0..=3.0).contains(&e) {
                return Err(invalid(
                    key_line("engagement_elasticity"),
                    "fees.engagement_elasticity must be between 0 and 3".into(),
                ));
            }
            model.elasticity = e;
        }
        if let Some(a) = fees.adjust_min {
            model.adjust_min = a;
        }
        if let Some(a) = fees.adjust_max {
            model.adjust_max = a;
        }
        if !(model.adjust_min > 0.0 && model.adjust_min <= 1.0 && model.adjust_max >= 1.0) {
            return Err(invalid(
                key_line("adjust_min"),
                "fees.adjust_min must be in (0, 1] and fees.adjust_max at least 1".into(),
            ));
        }
        for (k, v) in fees.per_thousand.unwrap_or_default() {
            let p = platform_key(&k).ok_or_else(|| {
                invalid(
                    key_line(&k),
                    format!("fees.per_thousand: unknown platform `{k}`"),
                )
            })?;
            model.per_thousand[p.index()] = money(v).ok_or_else(|| {
                invalid(
                    key_line(&k),
                    format!("fees.per_thousand.{k} must be a non-negative amount"),
                )
            })?;
        }
    }
    if let Some(norms) = raw.engagement_norms {
        for (k, v) in norms {
            let id = config
                .scheme
                .find(&k)
                .filter(|id| id.is_ranked())
                .ok_or_else(|| {
                    invalid(
                        key_line(&k),
                        format!("engagement_norms: no tier named `{k}`"),
                    )
                })?;
            if !(0.0..=1.0).contains(&v) {
                return Err(invalid(
                    key_line(&k),
                    format!("engagement_norms.{k} must be a fraction between 0 and 1"),
                ));
            }
            model.engagement_norms[usize::from(id.0)] = v;
        }
    }
    for (table, target) in [
        (
            "engagement_platform_factor",
            raw.engagement_platform_factor
                .map(|m| (m, &mut model.engagement_platform_factor)),
        ),
        (
            "reach_rate",
            raw.reach_rate.map(|m| (m, &mut model.reach_rate)),
        ),
    ] {
        let Some((map, target)) = target else {
            continue;
        };
        for (k, v) in map {
            let p = platform_key(&k)
                .ok_or_else(|| invalid(key_line(&k), format!("{table}: unknown platform `{k}`")))?;
            if !(v >= 0.0 && v.is_finite() && (table != "reach_rate" || v <= 1.0)) {
                return Err(invalid(
                    key_line(&k),
                    format!("{table}.{k}: `{v}` is out of range"),
                ));
            }
            target[p.index()] = v;
        }
    }
    if let Some(formats) = raw.formats {
        for (k, list) in formats {
            let p = platform_key(&k)
                .ok_or_else(|| invalid(key_line(&k), format!("formats: unknown platform `{k}`")))?;
            if list.is_empty()
                || list.iter().any(|f| {
                    f.name.trim().is_empty() || f.multiplier.is_nan() || f.multiplier <= 0.0
                })
            {
                return Err(invalid(
                    key_line(&k),
                    format!("formats.{k}: every format needs a name and a positive multiplier"),
                ));
            }
            model.formats[p.index()] = list
                .into_iter()
                .map(|f| Format {
                    name: f.name.trim().to_string(),
                    multiplier: f.multiplier,
                })
                .collect();
        }
    }
    for (name, p) in raw.profiles.unwrap_or_default() {
        let mut map = FieldMap::default();
        for a in &p.map {
            map.add_map(a)
                .map_err(|e| invalid(key_line("map"), format!("profiles.{name}.map: {e}")))?;
        }
        for a in &p.set {
            map.add_set(a)
                .map_err(|e| invalid(key_line("set"), format!("profiles.{name}.set: {e}")))?;
        }
        config.profiles.push(Profile {
            name,
            header: p.header.iter().map(|h| normalize_header(h)).collect(),
            map,
        });
    }
    Ok(config)
}

/// Saves `profile` as `[profiles.NAME]` in the config file at `path` (created if need be),
/// replacing a profile of that name and keeping everything else, comments included.
pub fn save_profile(path: &Path, profile: &Profile) -> Result<(), String> {
    let label = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{label}: {}", io_cause(&e))),
    };
    // A broken config is not made worse: it is reported as every command reports it.
    parse_config(&text, &label, path.parent()).map_err(|e| e.to_string())?;
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| format!("{label}: {}", e.message()))?;
    let root = doc.as_table_mut();
    if !root.contains_key("profiles") {
        let mut t = toml_edit::Table::new();
        t.set_implicit(true);
        root.insert("profiles", toml_edit::Item::Table(t));
    }
    let Some(profiles) = root.get_mut("profiles").and_then(|p| p.as_table_mut()) else {
        return Err(format!("{label}: `profiles` is not a table"));
    };
    let list = |items: Vec<String>| {
        let mut a = toml_edit::Array::new();
        for i in items {
            a.push(i);
        }
        toml_edit::value(a)
    };
    let mut t = toml_edit::Table::new();
    t.insert("header", list(profile.header.clone()));
    t.insert("map", list(profile.map.map_args()));
    t.insert("set", list(profile.map.set_args()));
    profiles.insert(&profile.name, toml_edit::Item::Table(t));
    let text = doc.to_string();
    // What is written must read back: checked before the file is touched.
    parse_config(&text, &label, path.parent()).map_err(|e| e.to_string())?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {}", dir.display(), io_cause(&e)))?;
    }
    crate::io::atomic::write(path, text.as_bytes(), true)
        .map_err(|e| format!("cannot save {label}: {e}"))
}

fn platform_key(k: &str) -> Option<Platform> {
    Platform::parse(k)
}

fn money(v: f64) -> Option<Money> {
    if v < 0.0 {
        None
    } else {
        Money::from_units_f64(v)
    }
}

/// `~/x` means the home folder.
pub fn expand_home(p: &str) -> PathBuf {
    if let Some(rest) = p.strip_prefix("~/")
        && let Some(home) = directories::BaseDirs::new()
    {
        return home.home_dir().join(rest);
    }
    PathBuf::from(p)
}

/// The folder for recovery files and other data scout keeps for itself.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SCOUT_DATA_DIR").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "scout").map(|d| d.data_dir().to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_default_is_the_default() {
        let parsed = parse_config(DEFAULT_CONFIG, "default", None).unwrap();
        assert_eq!(parsed, Config::default());
    }

    #[test]
    fn an_empty_file_means_defaults() {
        assert_eq!(parse_config("", "c", None).unwrap(), Config::default());
    }

    #[test]
    fn five_tiers_with_a_mid_tier() {
        let text = r#"
[[tiers]]
name = "nano"
min_followers = 1000
[[tiers]]
name = "micro"
min_followers = 10000
[[tiers]]
name = "mid"
min_followers = 50000
[[tiers]]
name = "macro"
min_followers = 500000
[[tiers]]
name = "mega"
min_followers = 1000000

[engagement_norms]
mid = 0.02
"#;
        let c = parse_config(text, "c", None).unwrap();
        assert_eq!(c.scheme.len(), 5);
        assert_eq!(c.scheme.name(c.scheme.tier_of(60_000)), "mid");
        assert_eq!(
            c.model.engagement_norms,
            vec![0.05, 0.03, 0.02, 0.015, 0.01]
        );
    }

    fn error_of(text: &str) -> String {
        parse_config(text, "cfg.toml", None)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn broken_configs_name_the_line_and_key() {
        assert_eq!(
            error_of("currency = \"USD\"\ncolour = 3\n"),
            "cfg.toml:2: unknown field `colour`, expected one of `currency`, `exchange_rates`, `roster`, `tiers`, `fees`, `engagement_norms`, `engagement_platform_factor`, `reach_rate`, `formats`, `profiles`, `outreach`"
        );
        assert_eq!(
            error_of("\n[fees]\nmin_fee = \"ten\"\n"),
            "cfg.toml:3: invalid type: string \"ten\", expected f64"
        );
        assert_eq!(
            error_of("[fees.per_thousand]\nmyspace = 3.0\n"),
            "cfg.toml:2: fees.per_thousand: unknown platform `myspace`"
        );
        assert_eq!(
            error_of("[engagement_norms]\ngiga = 0.1\n"),
            "cfg.toml:2: engagement_norms: no tier named `giga`"
        );
        assert_eq!(
            error_of(
                "[[tiers]]\nname = \"a\"\nmin_followers = 10\n[[tiers]]\nname = \"b\"\nmin_followers = 5\n"
            ),
            "cfg.toml:1: tiers: tier minimums must increase: `b` (5) is not above `a` (10)"
        );
        assert_eq!(
            error_of("currency = \"dollars\""),
            "cfg.toml:1: currency: `DOLLARS` is not a three-letter code"
        );
        assert_eq!(
            error_of("currency = "),
            "cfg.toml:1: string values must be quoted, expected literal string"
        );
    }

    #[test]
    fn a_missing_file_means_defaults_and_an_unreadable_one_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.toml");
        assert_eq!(load_config(Some(&missing)).unwrap(), Config::default());
        let err = load_config(Some(dir.path())).unwrap_err().to_string();
        assert!(err.starts_with(&dir.path().display().to_string()), "{err}");
    }

    #[test]
    fn exchange_rates_are_read_exactly_and_checked() {
        let c = parse_config(
            "currency = \"usd\"\n[exchange_rates]\nEUR = 0.92\njpy = 150\n",
            "c",
            None,
        )
        .unwrap();
        let rates = c.rates();
        let eur = rates.conversion_to("EUR").unwrap().unwrap();
        assert_eq!(eur.describe(), "× 0.92 EUR per USD");
        assert_eq!(eur.apply(Money::from_units(10)), Money::from_cents(920));
        let jpy = rates.conversion_to("jpy").unwrap().unwrap();
        assert_eq!(jpy.apply(Money::from_units(10)), Money::from_units(1_500));
        assert!(rates.conversion_to("GBP").is_err());
        assert_eq!(
            error_of("[exchange_rates]\nEUR = -1\n"),
            "cfg.toml:2: exchange_rates.EUR must be a positive number of EUR per USD (at most nine decimals)"
        );
        assert_eq!(
            error_of("[exchange_rates]\neuro = 0.9\n"),
            "cfg.toml:2: exchange_rates: `euro` is not a three-letter currency code"
        );
    }

    #[test]
    fn relative_roster_paths_follow_the_config() {
        let c = parse_config("roster = \"r.csv\"", "c", Some(Path::new("/etc/scout"))).unwrap();
        assert_eq!(c.roster, Some(PathBuf::from("/etc/scout/r.csv")));
    }

    #[test]
    fn outreach_sender_and_template() {
        let c = parse_config(
            "[outreach]\nsender = \"Ana from Brand <ana@brand.com>\"\ntemplate = \"pitch.md\"\n",
            "c",
            Some(Path::new("/etc/scout")),
        )
        .unwrap();
        assert_eq!(
            c.outreach,
            OutreachConfig {
                sender: Some("Ana from Brand <ana@brand.com>".into()),
                template: Some(PathBuf::from("/etc/scout/pitch.md")),
            }
        );
        assert_eq!(
            error_of("[outreach]\nsignature = \"x\"\n"),
            "cfg.toml:2: unknown field `signature`, expected `sender` or `template`"
        );
    }
}
