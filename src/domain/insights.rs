//! Importing post results into a plan: each row of an insights export is matched to a
//! shortlist entry by its post URL, else by platform and handle, and its figures replace the
//! ones it names. No file code lives here (see `io::insights`).
//!
//! The rules, so an import can be run again and again:
//! - a row replaces the figures it names; a blank cell leaves a recorded figure as it was;
//! - a row that changes a figure already recorded is applied and reported (old -> new);
//! - the same figures again change nothing, so importing a file twice is importing it once;
//! - a second row for the same creator in one file is reported and not applied;
//! - a matched entry with no post URL takes the row's, and no published date the row's
//!   (which makes it published, as a published date typed in the planner does);
//! - a row that matches no creator is reported with its reason; the others still apply.

use std::collections::HashMap;

use super::creator::{Platform, clean_handle, handle_key};
use super::date::Date;
use super::money::Money;
use super::number::grouped;
use super::plan::{Plan, ShortlistEntry, Status};
use super::results::{ResultField, Results};
use super::text::quote_data;

/// One row of an insights file as read: where it is (`PATH:LINE`), what identifies the post,
/// and the figures it gives (a blank cell is `None`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InsightRow {
    pub at: String,
    pub post_url: Option<String>,
    pub platform: Option<Platform>,
    pub handle: Option<String>,
    pub published: Option<Date>,
    pub figures: Results,
}

/// One figure a row changed that was already recorded, as shown: `likes 1,200 -> 1,350`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub field: ResultField,
    pub old: String,
    pub new: String,
}

/// What one matched row did to its entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    pub at: String,
    /// `platform/handle` of the entry.
    pub creator: String,
    /// Figures recorded where there were none.
    pub added: usize,
    /// Figures already recorded that the row changed.
    pub changed: Vec<Change>,
    /// Figures the row gave that were already recorded with the same value.
    pub unchanged: usize,
    /// The post URL or published date the entry took from the row.
    pub filled: Vec<&'static str>,
    /// Things worth knowing that did not stop the row (a different post URL...).
    pub notes: Vec<String>,
}

/// What an import did: the rows applied, and those not applied with their reasons.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub applied: Vec<Applied>,
    /// `(PATH:LINE, reason)` of each row that was not applied.
    pub skipped: Vec<(String, String)>,
}

impl ImportReport {
    /// Whether the plan changed at all.
    pub fn changed_plan(&self) -> bool {
        self.applied
            .iter()
            .any(|a| a.added > 0 || !a.changed.is_empty() || !a.filled.is_empty())
    }
}

/// A post address reduced to what identifies the post: no scheme, `www.` or `m.`, query,
/// fragment or trailing slash, host in lower case (the path keeps its case: Instagram's
/// post codes are case-sensitive). Instagram's `/p/`, `/reel/` and `/tv/` addresses of one
/// post are one, and so are YouTube's `watch?v=ID`, `youtu.be/ID` and `shorts/ID`.
pub fn normalize_post_url(url: &str) -> Option<String> {
    let t = url.trim();
    let rest = match t.find("://") {
        Some(i) => &t[i + 3..],
        None => t,
    };
    let (before_fragment, _) = rest.split_once('#').unwrap_or((rest, ""));
    let (path_part, query) = before_fragment
        .split_once('?')
        .unwrap_or((before_fragment, ""));
    let (host, path) = path_part.split_once('/').unwrap_or((path_part, ""));
    let host = host.to_ascii_lowercase();
    let host = host.rsplit_once('@').map_or(host.as_str(), |(_, h)| h);
    let host = host.split(':').next().unwrap_or(host);
    let host = host
        .strip_prefix("www.")
        .or_else(|| host.strip_prefix("m."))
        .unwrap_or(host);
    if host.is_empty() || !host.contains('.') {
        return None;
    }
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let youtube = |id: &str| Some(format!("youtube.com/v/{id}"));
    match host {
        "youtu.be" => {
            if let Some(id) = segments.first() {
                return youtube(id);
            }
        }
        "youtube.com" => {
            if segments.first() == Some(&"watch") {
                let v = query
                    .split('&')
                    .find_map(|kv| kv.strip_prefix("v="))
                    .filter(|v| !v.is_empty());
                if let Some(id) = v {
                    return youtube(id);
                }
            }
            if let [kind, id, ..] = segments.as_slice()
                && matches!(*kind, "shorts" | "live" | "embed" | "v")
            {
                return youtube(id);
            }
        }
        "instagram.com" => {
            if let Some(i) = segments
                .iter()
                .position(|s| matches!(*s, "p" | "reel" | "reels" | "tv"))
                && let Some(code) = segments.get(i + 1)
            {
                return Some(format!("instagram.com/p/{code}"));
            }
        }
        _ => {}
    }
    let mut out = host.to_string();
    for s in segments {
        out.push('/');
        out.push_str(s);
    }
    Some(out)
}

/// The platform a post address is on, from its host.
pub fn platform_of_url(url: &str) -> Option<Platform> {
    let n = normalize_post_url(url)?;
    let host = n.split('/').next().unwrap_or("");
    let is = |d: &str| host == d || host.ends_with(&format!(".{d}"));
    Some(if is("instagram.com") || is("instagr.am") {
        Platform::Instagram
    } else if is("tiktok.com") {
        Platform::TikTok
    } else if is("youtube.com") || is("youtu.be") {
        Platform::YouTube
    } else if is("x.com") || is("twitter.com") {
        Platform::X
    } else if is("twitch.tv") {
        Platform::Twitch
    } else if is("pinterest.com") || is("pin.it") {
        Platform::Pinterest
    } else if is("linkedin.com") {
        Platform::LinkedIn
    } else if is("facebook.com") || is("fb.watch") {
        Platform::Facebook
    } else if is("snapchat.com") {
        Platform::Snapchat
    } else {
        return None;
    })
}

/// The handle a post address names, where the platform puts it in the path
/// (`tiktok.com/@NAME/video/...`, `x.com/NAME/status/...`).
pub fn handle_of_url(url: &str) -> Option<String> {
    let n = normalize_post_url(url)?;
    let mut parts = n.split('/');
    let host = parts.next()?;
    let first = parts.next()?;
    let second = parts.next();
    match platform_of_url(url)? {
        Platform::TikTok => first.strip_prefix('@').map(str::to_string),
        Platform::YouTube if host != "youtube.com" || first.starts_with('@') => {
            first.strip_prefix('@').map(str::to_string)
        }
        Platform::X if second == Some("status") => Some(first.to_string()),
        _ => None,
    }
    .filter(|h| !h.is_empty())
}

fn ident(e: &ShortlistEntry) -> String {
    format!("{}/{}", e.platform.key(), clean_handle(&e.handle))
}

fn show(f: ResultField, r: &Results, currency: &str) -> Option<String> {
    if f.is_money() {
        r.revenue.map(|m| m.display(currency))
    } else {
        r.count(f).map(grouped)
    }
}

/// Where to find entries by post URL, by platform and handle, and by handle alone.
struct Index {
    by_url: HashMap<String, usize>,
    by_key: HashMap<(Platform, String), usize>,
    by_handle: HashMap<String, Vec<usize>>,
}

impl Index {
    fn new(plan: &Plan) -> Index {
        let mut ix = Index {
            by_url: HashMap::new(),
            by_key: HashMap::new(),
            by_handle: HashMap::new(),
        };
        for (i, e) in plan.shortlist.iter().enumerate() {
            if let Some(u) = e.post_url.as_deref().and_then(normalize_post_url) {
                ix.by_url.entry(u).or_insert(i);
            }
            let (p, h) = e.key();
            ix.by_key.entry((p, h.clone())).or_insert(i);
            ix.by_handle.entry(h).or_default().push(i);
        }
        ix
    }

    /// The entry a row is for, or why none is.
    fn find(&self, plan: &Plan, row: &InsightRow) -> Result<usize, String> {
        let url = row.post_url.as_deref().filter(|u| !u.trim().is_empty());
        if let Some(n) = url.and_then(normalize_post_url)
            && let Some(&i) = self.by_url.get(&n)
        {
            return Ok(i);
        }
        let platform = row.platform.or_else(|| url.and_then(platform_of_url));
        let handle = row
            .handle
            .clone()
            .filter(|h| !clean_handle(h).is_empty())
            .or_else(|| url.and_then(handle_of_url));
        let Some(handle) = handle else {
            return Err(match url {
                Some(u) => format!(
                    "post {} is not the post URL of any creator in the plan, and the row has no handle to match by",
                    quote_data(u.trim())
                ),
                None => "no post URL and no handle to match the row by".into(),
            });
        };
        let key = handle_key(&handle);
        match platform {
            Some(p) => self.by_key.get(&(p, key)).copied().ok_or_else(|| {
                format!(
                    "{}/{} is not in the plan",
                    p.key(),
                    quote_data(clean_handle(&handle))
                )
            }),
            None => match self.by_handle.get(&key).map(Vec::as_slice) {
                Some([i]) => Ok(*i),
                Some(many) => {
                    let names: Vec<&str> = many
                        .iter()
                        .map(|&i| plan.shortlist[i].platform.key())
                        .collect();
                    Err(format!(
                        "{} is in the plan on {}: add a platform column, or --set platform=NAME",
                        quote_data(clean_handle(&handle)),
                        names.join(" and ")
                    ))
                }
                None => Err(format!(
                    "{} is not in the plan",
                    quote_data(clean_handle(&handle))
                )),
            },
        }
    }
}

/// Applies `rows` to the plan as one edit (one undo step), in `currency` for the messages.
pub fn import(plan: &mut Plan, rows: &[InsightRow]) -> ImportReport {
    let currency = plan.campaign.currency.clone();
    let index = Index::new(plan);
    let mut report = ImportReport::default();
    // Entry -> the row that matched it first.
    let mut seen: HashMap<usize, String> = HashMap::new();
    let mut plan_rows: Vec<(usize, &InsightRow)> = Vec::new();
    for row in rows {
        match index.find(plan, row) {
            Err(reason) => report.skipped.push((row.at.clone(), reason)),
            Ok(i) => {
                if let Some(first) = seen.get(&i) {
                    report.skipped.push((
                        row.at.clone(),
                        format!(
                            "a second row for {} (the first is {first}): not applied; one row per creator",
                            quote_data(&ident(&plan.shortlist[i]))
                        ),
                    ));
                } else {
                    seen.insert(i, row.at.clone());
                    plan_rows.push((i, row));
                }
            }
        }
    }
    let mut after = plan.shortlist.clone();
    for (i, row) in plan_rows {
        let e = &mut after[i];
        let mut a = Applied {
            at: row.at.clone(),
            creator: quote_data(&ident(e)),
            added: 0,
            changed: Vec::new(),
            unchanged: 0,
            filled: Vec::new(),
            notes: Vec::new(),
        };
        for f in ResultField::ALL {
            let Some(new) = show(f, &row.figures, &currency) else {
                continue;
            };
            let old = show(f, &e.results, &currency);
            let same = if f.is_money() {
                e.results.revenue == row.figures.revenue
            } else {
                e.results.count(f) == row.figures.count(f)
            };
            if same {
                a.unchanged += 1;
                continue;
            }
            if f.is_money() {
                e.results.revenue = row.figures.revenue;
            } else {
                e.results.set_count(f, row.figures.count(f));
            }
            match old {
                None => a.added += 1,
                Some(old) => a.changed.push(Change { field: f, old, new }),
            }
        }
        if let Some(u) = row
            .post_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        {
            match e.post_url.as_deref() {
                None => {
                    e.post_url = Some(u.to_string());
                    a.filled.push("post URL");
                }
                Some(mine) if normalize_post_url(mine) != normalize_post_url(u) => {
                    a.notes.push(format!(
                        "the row's post {} is not the plan's {}: matched by platform and handle, the plan's URL kept",
                        quote_data(u),
                        quote_data(mine)
                    ));
                }
                Some(_) => {}
            }
        }
        if let Some(d) = row.published
            && e.published.is_none()
        {
            e.published = Some(d);
            a.filled.push("published date");
            // As in the planner: a published date moves a counted entry to published.
            if e.is_counted() && e.status != Status::Published {
                a.notes
                    .push(format!("status {} → published", e.status.key()));
                e.status = Status::Published;
            }
        }
        report.applied.push(a);
    }
    if report.changed_plan() {
        plan.edit_entries("import results", |entries| {
            entries.clone_from_slice(&after);
        });
    }
    report
}

/// An amount in a row's revenue cell, in the plan's currency.
pub fn parse_revenue(cell: &str, currency: &str) -> Result<Option<Money>, String> {
    if super::number::is_unknown(cell) {
        return Ok(None);
    }
    Money::parse_in(cell, currency).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::plan::Campaign;
    use crate::domain::results::outcome_tests::entry;

    #[test]
    fn post_urls_match_however_they_are_written() {
        let n = |u: &str| normalize_post_url(u);
        let same = [
            "https://www.instagram.com/p/CxYz12/",
            "http://instagram.com/p/CxYz12?igsh=abc&utm_source=x",
            "HTTPS://INSTAGRAM.COM/reel/CxYz12",
            "instagram.com/lena.lifts/p/CxYz12/#comments",
            "https://m.instagram.com/tv/CxYz12",
        ];
        for u in same {
            assert_eq!(n(u).as_deref(), Some("instagram.com/p/CxYz12"), "{u}");
        }
        assert_ne!(n("instagram.com/p/cxyz12"), n("instagram.com/p/CxYz12"));
        for u in [
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42",
            "https://youtu.be/dQw4w9WgXcQ?si=x",
            "youtube.com/shorts/dQw4w9WgXcQ/",
        ] {
            assert_eq!(n(u).as_deref(), Some("youtube.com/v/dQw4w9WgXcQ"), "{u}");
        }
        assert_eq!(
            n("https://www.tiktok.com/@Mo.Cooks/video/7301?lang=en").as_deref(),
            Some("tiktok.com/@Mo.Cooks/video/7301")
        );
        assert_eq!(n("not a url"), None);
        assert_eq!(n(""), None);
        assert_eq!(
            platform_of_url("https://vm.tiktok.com/ZM123/"),
            Some(Platform::TikTok)
        );
        assert_eq!(platform_of_url("https://example.com/x"), None);
        assert_eq!(
            handle_of_url("https://www.tiktok.com/@mo.cooks/video/1").as_deref(),
            Some("mo.cooks")
        );
        assert_eq!(
            handle_of_url("https://x.com/ana/status/99").as_deref(),
            Some("ana")
        );
        assert_eq!(handle_of_url("https://instagram.com/p/abc"), None);
    }

    fn plan() -> Plan {
        let mut p = Plan::new(Campaign::default());
        let mut a = entry("lena.lifts", 50_000, 10_000, 400);
        a.post_url = Some("https://www.instagram.com/p/AAA/".into());
        let mut b = entry("mo.cooks", 30_000, 8_000, 300);
        b.platform = Platform::TikTok;
        let c = entry("mo.cooks", 30_000, 8_000, 300);
        p.shortlist = vec![a, b, c];
        p
    }

    fn row(at: &str) -> InsightRow {
        InsightRow {
            at: format!("insights.csv:{at}"),
            ..InsightRow::default()
        }
    }

    #[test]
    fn rows_match_by_url_then_platform_and_handle_and_a_second_import_changes_nothing() {
        let mut p = plan();
        let mut r1 = row("2");
        r1.post_url = Some("instagram.com/p/AAA?utm=1".into());
        r1.figures.likes = Some(1_200);
        r1.figures.reach = Some(9_000);
        let mut r2 = row("3");
        r2.post_url = Some("https://www.tiktok.com/@mo.cooks/video/42".into());
        r2.published = Date::parse("2026-12-14").ok();
        r2.figures.views = Some(30_000);
        r2.figures.revenue = Some(Money::from_units(120));
        let rows = vec![r1, r2];
        let report = import(&mut p, &rows);
        assert!(report.skipped.is_empty(), "{:?}", report.skipped);
        assert_eq!(report.applied[0].creator, "instagram/lena.lifts");
        assert_eq!(report.applied[0].added, 2);
        // Matched by the platform and handle in the URL; the URL and the date are taken.
        let b = &report.applied[1];
        assert_eq!((b.creator.as_str(), b.added), ("tiktok/mo.cooks", 2));
        assert_eq!(b.filled, ["post URL", "published date"]);
        assert_eq!(b.notes, ["status confirmed → published"]);
        assert_eq!(p.shortlist[1].status, Status::Published);
        assert_eq!(
            p.shortlist[1].post_url.as_deref(),
            Some("https://www.tiktok.com/@mo.cooks/video/42")
        );
        assert_eq!(p.shortlist[0].results.likes, Some(1_200));
        assert_eq!(p.shortlist[2].results, Results::default());
        // Again: nothing changes, nothing is duplicated, and no edit is recorded.
        let before = p.clone();
        let again = import(&mut p, &rows);
        assert!(!again.changed_plan());
        assert_eq!(again.applied.iter().map(|a| a.unchanged).sum::<usize>(), 4);
        assert_eq!(p, before);
        // One undo takes the whole first import back.
        p.undo().unwrap();
        assert_eq!(p.shortlist, plan().shortlist);
    }

    #[test]
    fn changes_are_reported_blanks_keep_figures_and_duplicates_and_strangers_are_named() {
        let mut p = plan();
        p.shortlist[0].results.likes = Some(1_000);
        p.shortlist[0].results.comments = Some(50);
        p.shortlist[0].results.revenue = Some(Money::from_units(99));
        let mut r = row("2");
        r.platform = Some(Platform::Instagram);
        r.handle = Some("@Lena.Lifts".into());
        r.figures.likes = Some(1_350);
        r.figures.revenue = Some(Money::from_cents(10_050));
        let mut dup = r.clone();
        dup.at = "insights.csv:5".into();
        dup.figures.likes = Some(1);
        let mut ambiguous = row("6");
        ambiguous.handle = Some("mo.cooks".into());
        ambiguous.figures.likes = Some(1);
        let mut stranger = row("7");
        stranger.platform = Some(Platform::YouTube);
        stranger.handle = Some("nobody\u{1b}[2J".into());
        let mut lost = row("8");
        lost.post_url = Some("https://instagram.com/p/ZZZ".into());
        let empty = row("9");
        let report = import(&mut p, &[r, dup, ambiguous, stranger, lost, empty]);
        let a = &report.applied[0];
        assert_eq!(
            a.changed,
            vec![
                Change {
                    field: ResultField::Likes,
                    old: "1,000".into(),
                    new: "1,350".into()
                },
                Change {
                    field: ResultField::Revenue,
                    old: "$99".into(),
                    new: "$100.50".into()
                }
            ]
        );
        assert_eq!(
            p.shortlist[0].results.comments,
            Some(50),
            "a blank keeps it"
        );
        assert_eq!(p.shortlist[0].results.likes, Some(1_350));
        let skipped: Vec<(&str, &str)> = report
            .skipped
            .iter()
            .map(|(a, r)| (a.as_str(), r.as_str()))
            .collect();
        assert_eq!(skipped.len(), 5, "{skipped:?}");
        assert_eq!(skipped[0].0, "insights.csv:5");
        assert!(
            skipped[0].1.contains("the first is insights.csv:2"),
            "{skipped:?}"
        );
        assert!(
            skipped[1].1.contains("on tiktok and instagram"),
            "{skipped:?}"
        );
        assert_eq!(skipped[2].1, "youtube/nobody\\x1b[2J is not in the plan");
        assert!(
            skipped[3].1.contains("not the post URL of any creator"),
            "{skipped:?}"
        );
        assert_eq!(
            skipped[4].1,
            "no post URL and no handle to match the row by"
        );
    }

    #[test]
    fn a_different_post_url_is_kept_and_said() {
        let mut p = plan();
        let mut r = row("2");
        r.platform = Some(Platform::Instagram);
        r.handle = Some("lena.lifts".into());
        r.post_url = Some("https://instagram.com/p/BBB".into());
        r.figures.saves = Some(3);
        let report = import(&mut p, &[r]);
        assert!(report.applied[0].notes[0].contains("the plan's URL kept"));
        assert_eq!(
            p.shortlist[0].post_url.as_deref(),
            Some("https://www.instagram.com/p/AAA/")
        );
        assert_eq!(p.shortlist[0].results.saves, Some(3));
    }
}
