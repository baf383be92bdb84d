//! Roster files as real exports write them: every fixture under tests/fixtures.

use std::path::PathBuf;

use scout::domain::creator::Platform;
use scout::domain::fees::{EngagementSource, FeeModel, FeeSource};
use scout::domain::money::Money;
use scout::domain::roster::Roster;
use scout::domain::tier::TierScheme;
use scout::io::roster::{FieldMap, LoadReport, RosterReader, Source, load};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn load_with(names: &[&str], map: FieldMap) -> (Roster, LoadReport) {
    let sources = names.iter().map(|n| Source::File(fixture(n))).collect();
    load(sources, map, TierScheme::default(), FeeModel::default())
}

fn load_one(name: &str) -> (Roster, LoadReport) {
    load_with(&[name], FieldMap::default())
}

/// Rejections with the fixture folder stripped, for readable assertions.
fn rejected(report: &LoadReport) -> Vec<String> {
    let dir = format!("{}/", fixture("x").parent().unwrap().display());
    report
        .rejected
        .iter()
        .map(|r| r.to_string().replace(&dir, ""))
        .collect()
}

fn notices(report: &LoadReport) -> Vec<String> {
    let dir = format!("{}/", fixture("x").parent().unwrap().display());
    report
        .notices
        .iter()
        .map(|r| r.to_string().replace(&dir, ""))
        .collect()
}

#[test]
fn bom_crlf_blank_lines_and_header_case() {
    let (r, rep) = load_one("bom_crlf.csv");
    assert!(rep.is_clean(), "{rep:?}");
    assert_eq!(r.len(), 2);
    assert_eq!(r.handle(0), "lena.lifts");
    assert_eq!(r.followers(0), 48_200);
    assert_eq!(r.platform(1), Platform::Twitch);
    assert_eq!(r.followers(1), 5_000);
}

#[test]
fn quoted_fields_with_commas_quotes_and_line_breaks() {
    let (r, rep) = load_one("quoted.csv");
    assert!(rep.is_clean(), "{rep:?}");
    assert_eq!(
        r.name(0),
        "Ana \"Chef\" Ruiz Madrid",
        "a line break in a name becomes a space"
    );
    let niches: Vec<&str> = r.niche_ids(0).iter().map(|&n| r.niches.name(n)).collect();
    assert_eq!(niches, ["food", "travel"]);
    assert_eq!(r.rate(0), Some(Money::from_units(1_200)));
    assert_eq!(r.fee_source(0), FeeSource::Rate);
    assert_eq!(r.name(1), "Tom, the trail guy");
    assert_eq!(r.followers(1), 1_300_000);
    assert_eq!(r.rate(1), Some(Money::from_units(1_200)));
    let niches: Vec<&str> = r.niche_ids(1).iter().map(|&n| r.niches.name(n)).collect();
    assert_eq!(niches, ["outdoors", "fitness"]);
}

#[test]
fn duplicate_headers_first_wins_and_is_reported() {
    let (r, rep) = load_one("duplicate_headers.csv");
    assert_eq!(r.followers(0), 1_000);
    assert_eq!(r.followers(1), 2_000);
    // `engagement` comes before its alias `er`; both mean the engagement rate.
    assert!((r.engagement(0).unwrap() - 0.032).abs() < 1e-6);
    assert_eq!(
        notices(&rep),
        ["duplicate_headers.csv:1: column `followers` appears more than once; the first is used"]
    );
}

#[test]
fn unknown_cells_are_blank_not_errors() {
    let (r, rep) = load_one("unknown_cells.csv");
    assert!(rep.is_clean(), "{rep:?}");
    assert_eq!(r.len(), 2);
    for i in 0..2 {
        assert_eq!(r.engagement(i), None);
        assert_eq!(r.avg_views(i), None);
        assert_eq!(r.country(i), None);
        assert_eq!(r.rate(i), None);
        assert_eq!(r.email(i), None);
    }
    assert_eq!(r.followers(1), 1_300_000);
}

#[test]
fn windows_1252_is_decoded_and_reported_by_line() {
    let (r, rep) = load_one("cp1252.csv");
    assert_eq!(r.len(), 2);
    assert_eq!(r.handle(0), "café.mia");
    assert_eq!(r.name(0), "Mia Café “Bistro”");
    assert_eq!(
        notices(&rep),
        [
            "cp1252.csv:2: not UTF-8: read as Windows-1252",
            "cp1252.csv: 1 lines were not UTF-8 and were read as Windows-1252"
        ]
    );
    assert!(rep.rejected.is_empty());
}

#[test]
fn engagement_is_derived_from_likes_or_engagements_and_said() {
    let (r, rep) = load_one("derived.csv");
    assert_eq!(r.len(), 3);
    assert!((r.engagement(0).unwrap() - 0.032).abs() < 1e-6);
    assert_eq!(r.engagement_source(0), EngagementSource::FromLikes);
    assert!((r.engagement(1).unwrap() - 0.045).abs() < 1e-6);
    assert_eq!(r.engagement_source(1), EngagementSource::FromEngagements);
    // Likes take precedence over engagements; missing comments count as none.
    assert!((r.engagement(2).unwrap() - 0.01).abs() < 1e-6);
    assert_eq!(
        rejected(&rep),
        [
            "derived.csv:5: engagement rate derived from likes and comments is above 100% (520 per post, 100 followers)"
        ]
    );
    assert_eq!(
        notices(&rep),
        [
            "derived.csv: no engagement rate for 2 creators: derived as (likes + comments) / followers",
            "derived.csv: no engagement rate for 1 creators: derived as engagements / followers"
        ]
    );
}

#[test]
fn every_rejection_reason_with_its_line() {
    let (r, rep) = load_one("rejects.csv");
    assert_eq!(r.len(), 2, "good and weird.views load");
    assert_eq!(r.avg_views(1), None);
    assert_eq!(
        rejected(&rep),
        [
            "rejects.csv:3: no handle",
            "rejects.csv:4: no platform",
            "rejects.csv:5: unknown platform `myspace`",
            "rejects.csv:6: no followers",
            "rejects.csv:7: followers: `lots` is not a number",
            "rejects.csv:8: followers: `-5` is negative",
            "rejects.csv:9: engagement rate `150%` is above 100%",
            "rejects.csv:10: rate: `-20` is negative",
            "rejects.csv:11: avg_views: `-3` is negative",
            "rejects.csv:12: duplicate of instagram/good at line 2; skipped",
        ]
    );
    assert_eq!(
        notices(&rep),
        ["rejects.csv:13: avg_views: `many` is not a number; left blank"]
    );
    assert_eq!(rep.files[0].loaded, 2);
    assert_eq!(rep.files[0].rejected, 10);
}

#[test]
fn map_and_set_read_a_real_export() {
    let mut map = FieldMap::default();
    map.add_map("handle=instagram name").unwrap();
    map.add_map("name=Influencer insta name").unwrap();
    map.add_map("niches=category_1,category_2").unwrap();
    map.add_map("country=Audience country(mostly)").unwrap();
    map.add_map("avg_engagements=Engagement avg").unwrap();
    map.add_set("platform=instagram").unwrap();
    let (r, rep) = load_with(&["wide.csv"], map);
    assert!(rep.rejected.is_empty(), "{rep:?}");
    assert_eq!(r.len(), 2);
    assert_eq!(r.handle(0), "lena.lifts");
    assert_eq!(r.name(0), "Lena 🏋️ Berg");
    assert_eq!(r.followers(0), 48_500_000);
    let niches: Vec<&str> = r.niche_ids(0).iter().map(|&n| r.niches.name(n)).collect();
    assert_eq!(niches, ["fitness", "food"]);
    assert_eq!(r.country(1), Some("Japan"));
    assert_eq!(r.name(1), "東京 Foodie");
    assert_eq!(r.engagement_source(1), EngagementSource::FromEngagements);
    assert!((r.engagement(1).unwrap() - 15_200.0 / 637_000.0).abs() < 1e-6);
}

#[test]
fn a_file_without_a_required_column_says_how_to_fix_it() {
    let (r, rep) = load_one("wide.csv");
    assert_eq!(r.len(), 0);
    let failed: Vec<String> = rep.failed.iter().map(|f| f.cause.clone()).collect();
    assert_eq!(
        failed,
        [
            "no handle column (columns: Influencer insta name, instagram name, category_1, category_2, Followers, Audience country(mostly), Authentic engagement, Engagement avg); use --map handle=COLUMN"
        ]
    );
}

#[test]
fn tsv_json_and_toml_and_merging_several_files() {
    let (r, rep) = load_with(
        &["roster.tsv", "roster.json", "roster.toml", "quoted.csv"],
        FieldMap::default(),
    );
    assert_eq!(r.len(), 5);
    assert_eq!(r.followers(0), 12_000);
    assert_eq!(r.handle(1), "json.one");
    assert_eq!(r.platform(1), Platform::YouTube);
    let niches: Vec<&str> = r.niche_ids(1).iter().map(|&n| r.niches.name(n)).collect();
    assert_eq!(niches, ["tech", "gaming"]);
    assert!((r.engagement(1).unwrap() - 0.021).abs() < 1e-6);
    assert_eq!(r.handle(2), "toml.one");
    assert_eq!(r.rate(2), Some(Money::from_units(300)));
    assert_eq!(
        rejected(&rep),
        [
            "roster.json:3: unknown platform `myspace`",
            "roster.toml:9: followers: `-1` is negative"
        ]
    );
    assert_eq!(rep.files.len(), 4);
}

#[test]
fn duplicates_across_files_name_the_first_file() {
    let (r, rep) = load_with(&["quoted.csv", "quoted.csv"], FieldMap::default());
    assert_eq!(r.len(), 2);
    assert_eq!(
        rejected(&rep),
        [
            "quoted.csv:2: duplicate of tiktok/chef.ana at quoted.csv:2; skipped",
            "quoted.csv:4: duplicate of youtube/trail.tom at quoted.csv:4; skipped",
        ]
    );
}

#[test]
fn unreadable_files_are_errors_that_name_them() {
    let (r, rep) = load_with(
        &["missing.csv", "quoted.csv", "roster.xlsx"],
        FieldMap::default(),
    );
    assert_eq!(r.len(), 2, "the readable file still loads");
    let failed: Vec<String> = rep
        .failed
        .iter()
        .map(|f| {
            f.to_string().replace(
                &format!("{}/", fixture("x").parent().unwrap().display()),
                "",
            )
        })
        .collect();
    assert_eq!(
        failed,
        [
            "missing.csv: no such file",
            "roster.xlsx: unsupported roster format `.xlsx` (use .csv, .tsv, .toml or .json)"
        ]
    );
}

#[test]
fn a_stepped_load_gives_the_same_roster_as_a_blocking_one() {
    let sources = || {
        vec![
            Source::File(fixture("rejects.csv")),
            Source::File(fixture("quoted.csv")),
        ]
    };
    let (whole, whole_report) = load(
        sources(),
        FieldMap::default(),
        TierScheme::default(),
        FeeModel::default(),
    );
    let mut stepped = Roster::new(TierScheme::default(), FeeModel::default());
    // Small blocks, so the load arrives in many small parts.
    let mut reader = RosterReader::new(sources(), FieldMap::default()).with_block_bytes(64);
    let mut steps = 0;
    while !reader.step(&mut stepped, 1) {
        steps += 1;
        assert!(steps < 100);
    }
    assert!(steps >= 1, "{steps} steps");
    assert_eq!(stepped.len(), whole.len());
    for i in 0..whole.len() as u32 {
        assert_eq!(stepped.view(i), whole.view(i));
    }
    assert_eq!(reader.into_report(), whole_report);
}

#[test]
fn the_bundled_sample_is_rich_enough() {
    let (r, rep) = load(
        vec![scout::commands::sample_source()],
        FieldMap::default(),
        TierScheme::default(),
        FeeModel::default(),
    );
    assert!(rep.is_clean(), "{rep:?}");
    assert!(r.len() >= 300);
    assert!(r.niches.len() >= 12);
    let platforms: std::collections::BTreeSet<u8> = r.platform_column().iter().copied().collect();
    assert!(platforms.len() >= 5);
    let tiers: std::collections::BTreeSet<u8> = r.tier_column().iter().copied().collect();
    assert_eq!(tiers.len(), 5, "every tier and unranked");
    let with_rate = (0..r.len() as u32).filter(|&i| r.rate(i).is_some()).count();
    assert!(
        (r.len() / 4..r.len() / 2).contains(&with_rate),
        "about a third have a rate: {with_rate}"
    );
    assert!((0..r.len() as u32).all(|i| r.email(i).is_none_or(|e| e.ends_with("@example.com"))));
    assert!((0..r.len() as u32).any(|i| r.avg_views(i).is_some()));
}
