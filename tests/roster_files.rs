//! Roster files as real exports write them: every fixture under tests/fixtures.

use scout::domain::creator::Platform;
use scout::domain::fees::{EngagementSource, ExpectationSource, FeeModel, FeeSource};
use scout::domain::filter::{Filter, SortKey, sort_rows};
use scout::domain::money::Money;
use scout::domain::plan::ShortlistEntry;
use scout::domain::roster::Roster;
use scout::domain::tier::TierScheme;
use scout::io::roster::{FieldMap, LoadReport, RosterReader, Source, load};

mod common;
use common::fixture;

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
            "cp1252.csv: 1 line was not UTF-8 and was read as Windows-1252"
        ]
    );
    assert!(rep.rejected.is_empty());
}

#[test]
fn engagement_is_derived_from_likes_or_engagements_and_said() {
    let (r, rep) = load_one("derived.csv");
    assert_eq!(r.len(), 4);
    assert!((r.engagement(0).unwrap() - 0.032).abs() < 1e-6);
    assert_eq!(r.engagement_source(0), EngagementSource::FromLikes);
    assert!((r.engagement(1).unwrap() - 0.045).abs() < 1e-6);
    assert_eq!(r.engagement_source(1), EngagementSource::FromEngagements);
    // Likes take precedence over engagements; missing comments count as none.
    assert!((r.engagement(2).unwrap() - 0.01).abs() < 1e-6);
    // Issue 11: a rate above 100% loads as it is, with a warning (it was rejected).
    assert!((r.engagement(3).unwrap() - 5.2).abs() < 1e-5);
    assert!(rejected(&rep).is_empty(), "{rep:?}");
    assert_eq!(
        notices(&rep),
        [
            "derived.csv:5: engagement rate 520.0% is above 100% (engagements per post exceed followers); kept",
            "derived.csv: no engagement rate for 3 creators: derived as (likes + comments) / followers",
            "derived.csv: no engagement rate for 1 creator: derived as engagements / followers"
        ]
    );
}

#[test]
fn every_rejection_reason_with_its_line() {
    let (r, rep) = load_one("rejects.csv");
    // Issue 11: toomuch (150%) loads with a warning; a negative rate is still rejected.
    assert_eq!(r.len(), 3, "good, toomuch and weird.views load");
    assert_eq!(r.handle(1), "toomuch");
    assert!((r.engagement(1).unwrap() - 1.5).abs() < 1e-6);
    assert_eq!(r.avg_views(2), None);
    assert_eq!(
        rejected(&rep),
        [
            "rejects.csv:3: no handle",
            "rejects.csv:4: no platform",
            "rejects.csv:5: unknown platform `myspace`",
            "rejects.csv:6: no followers",
            "rejects.csv:7: followers: `lots` is not a number",
            "rejects.csv:8: followers: `-5` is negative",
            "rejects.csv:10: rate: `-20` is negative",
            "rejects.csv:11: avg_views: `-3` is negative",
            "rejects.csv:14: engagement_rate: `-2%` is negative",
        ]
    );
    // Issue 11: the duplicate is reported and fills blanks, it is not a rejection.
    assert_eq!(
        notices(&rep),
        [
            "rejects.csv:9: engagement rate 150.0% is above 100% (engagements per post exceed followers); kept",
            "rejects.csv:12: duplicate of instagram/good at line 2: nothing to fill; skipped",
            "rejects.csv:13: avg_views: `many` is not a number; left blank"
        ]
    );
    assert_eq!(rep.files[0].loaded, 3);
    assert_eq!(rep.files[0].rejected, 9);
    assert_eq!(rep.files[0].duplicates, 1);
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
    let (r, rep) = load_one("no_platform.csv");
    assert_eq!(r.len(), 0);
    let failed: Vec<String> = rep.failed.iter().map(|f| f.cause.clone()).collect();
    assert_eq!(
        failed,
        [
            "no platform column (columns: rank, handle, influence_score, posts, followers, avg_likes, 60_day_eng_rate, new_post_avg_like, total_likes, country); use --set platform=NAME or --map platform=COLUMN"
        ]
    );
}

#[test]
fn a_real_export_loads_with_no_flags() {
    // Issue 14: what `map_and_set_read_a_real_export` needed six flags for is matched.
    let (r, rep) = load_one("wide.csv");
    assert!(rep.is_clean(), "{rep:?}");
    assert_eq!(r.handle(0), "lena.lifts");
    assert_eq!(r.name(0), "Lena 🏋️ Berg");
    assert_eq!(r.platform(1), Platform::Instagram);
    let niches: Vec<&str> = r.niche_ids(0).iter().map(|&n| r.niches.name(n)).collect();
    assert_eq!(niches, ["fitness", "food"]);
    assert_eq!(r.country(1), Some("Japan"));
    assert_eq!(r.engagement_source(1), EngagementSource::FromEngagements);
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
    // Issue 11: a duplicate is reported, not rejected (it only fills blanks).
    assert!(rejected(&rep).is_empty(), "{rep:?}");
    assert_eq!(
        notices(&rep),
        [
            "quoted.csv:2: duplicate of tiktok/chef.ana at quoted.csv:2: nothing to fill; skipped",
            "quoted.csv:4: duplicate of youtube/trail.tom at quoted.csv:4: nothing to fill; skipped",
        ]
    );
    assert_eq!(rep.files[1].duplicates, 2);
}

#[test]
fn a_duplicate_fills_the_blanks_of_the_first_and_says_which() {
    for block in [1, 64, 1 << 20] {
        let sources = ["dup_a.csv", "dup_b.csv"]
            .iter()
            .map(|n| Source::File(fixture(n)))
            .collect();
        let mut r = Roster::new(TierScheme::default(), FeeModel::default());
        let mut reader = RosterReader::new(sources, FieldMap::default()).with_block_bytes(block);
        reader.run(&mut r);
        let rep = reader.into_report();
        assert!(rep.is_clean(), "{rep:?}");
        let handles: Vec<&str> = (0..r.len() as u32).map(|i| r.handle(i)).collect();
        assert_eq!(handles, ["mia.moves", "Lena.Lifts", "solo", "new.one"]);
        assert_eq!(
            notices(&rep),
            [
                "dup_a.csv:5: duplicate of tiktok/mia.moves at line 2: filled name, niches",
                "dup_b.csv:2: duplicate of tiktok/mia.moves at dup_a.csv:2: filled email, country, language, engagement_rate, avg_views, avg_likes, rate",
                // The filled rate is surprising: said at the row it came from.
                "dup_b.csv:2: engagement rate 119.0% is above 100% (engagements per post exceed followers); kept",
                "dup_b.csv:3: duplicate of instagram/Lena.Lifts at dup_a.csv:3: nothing to fill; skipped",
                "dup_b.csv:4: duplicate of youtube/solo at dup_a.csv:4: filled email",
            ],
            "block {block}"
        );
        let mia = r.view(0);
        // The first file's row came first: its own values stay, the blanks come from the
        // duplicates in the order met.
        assert_eq!(mia.followers, 20_000);
        assert_eq!(mia.name, "Mia Within");
        assert_eq!(mia.niches, ["dance"]);
        assert_eq!(mia.email, Some("mia@example.com"));
        assert_eq!((mia.country, mia.language), (Some("US"), Some("en")));
        assert_eq!(mia.avg_views, Some(30_000));
        assert_eq!(mia.avg_likes, Some(25_000));
        assert_eq!(mia.rate, Some(Money::from_units(120)));
        assert_eq!(mia.fee, Money::from_units(120));
        assert_eq!(mia.fee_source, FeeSource::Rate);
        // Figures are re-derived from what was filled.
        assert_eq!(mia.expected_engagements, 25_000);
        assert_eq!(mia.expected_reach, 30_000);
        assert_eq!(mia.engagement_source, Some(EngagementSource::FromLikes));
        // Nothing the first had was overwritten.
        let lena = r.view(1);
        assert_eq!(
            (lena.name, lena.email, lena.followers),
            ("Lena Berg", Some("lena@example.com"), 48_200)
        );
        assert_eq!(lena.niches, ["fitness"]);
        assert_eq!(lena.avg_views, Some(24_000));
        assert_eq!(lena.rate, Some(Money::from_units(450)));
        let solo = r.view(2);
        assert_eq!(
            (solo.name, solo.email),
            ("Solo 🎸", Some("solo@example.com"))
        );
        assert_eq!(r.name(3), "New 🆕");
        // Search sees filled text: it reads the arena.
        let (text, off) = r.text_arena();
        assert!(text[off[0] as usize..off[1] as usize].contains("mia@example.com"));
        assert_eq!(rep.files[0].duplicates, 1);
        assert_eq!(rep.files[1].duplicates, 3);
        assert_eq!(rep.files[1].loaded, 1);
    }
}

#[test]
fn unreadable_files_are_errors_that_name_them() {
    let (r, rep) = load_with(
        &["missing.csv", "quoted.csv", "roster.numbers"],
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
            "roster.numbers: unsupported roster format `.numbers` (use .csv, .tsv, .toml, .json, .xlsx, .xls or .ods)"
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

#[test]
fn viral_creators_load_with_their_rate_kept_and_a_capped_warning() {
    let (r, rep) = load_one("viral.csv");
    assert!(rep.is_clean(), "{rep:?}");
    assert_eq!(r.len(), 9, "every row loads, CRLF and emoji names included");
    let rate = |i: u32| r.engagement(i).unwrap();
    // 25,000 likes + 1,200 comments on 20,000 followers.
    assert!((rate(0) - 1.31).abs() < 1e-6);
    assert_eq!(r.engagement_source(0), EngagementSource::FromLikes);
    assert_eq!(r.name(0), "Duo 💃🕺");
    assert!((rate(1) - 1.25).abs() < 1e-6);
    assert_eq!(r.engagement_source(1), EngagementSource::Given);
    // 36,000 engagements on 900 followers: 40 as a fraction survives 4-byte storage.
    assert!((rate(2) - 40.0).abs() < 1e-4);
    assert_eq!(r.name(2), "Family 👨‍👩‍👧");
    assert!((rate(7) - 1.1).abs() < 1e-6, "a bare 110 is percent");
    // The fee adjustment stays within its band.
    let model = FeeModel::default();
    for i in [0, 1, 2] {
        assert_eq!(r.fee_estimate(i).adjustment, model.adjust_max);
    }
    assert_eq!(
        notices(&rep),
        [
            "viral.csv:2: engagement rate 131.0% is above 100% (engagements per post exceed followers); kept",
            "viral.csv:3: engagement rate 125.0% is above 100% (engagements per post exceed followers); kept",
            "viral.csv:4: engagement rate 4000.0% is above 100% (engagements per post exceed followers); kept",
            "viral.csv:6: engagement rate 150.0% is above 100% (engagements per post exceed followers); kept",
            "viral.csv:7: engagement rate 120.0% is above 100% (engagements per post exceed followers); kept",
            "viral.csv: ... and 2 more creators with an engagement rate above 100%",
            "viral.csv: no engagement rate for 2 creators: derived as (likes + comments) / followers",
            "viral.csv: no engagement rate for 2 creators: derived as engagements / followers",
        ]
    );
}

#[test]
fn rates_above_100_percent_filter_and_sort_like_any_other() {
    let (r, _) = load_one("viral.csv");
    let filter = Filter {
        min_engagement: Some(1.0),
        ..Filter::default()
    };
    let rows = filter.apply(&r).unwrap();
    assert_eq!(rows, [0, 1, 2, 4, 5, 6, 7]);
    let filter = Filter {
        min_engagement: Some(1.3),
        ..Filter::default()
    };
    assert_eq!(filter.apply(&r).unwrap(), [0, 2, 4, 6]);
    let mut all: Vec<u32> = (0..r.len() as u32).collect();
    sort_rows(&r, &mut all, SortKey::Engagement, true);
    // 4000%, 150%, 140%, 131%, 125%, 120%, 110%, 4.1%, 2%.
    assert_eq!(all, [2, 4, 6, 0, 1, 5, 7, 3, 8]);
}

#[test]
fn expectations_come_from_per_post_averages_first() {
    let (r, _) = load_one("viral.csv");
    let check = |i: u32, eng: u64, eng_src: ExpectationSource, reach_src: ExpectationSource| {
        let e = r.expectation(i);
        assert_eq!(
            (e.engagements, e.engagements_source, e.reach_source),
            (eng, eng_src, reach_src),
            "@{}",
            r.handle(i)
        );
    };
    // 25,000 likes + 1,200 comments per post, not followers x a rate.
    check(
        0,
        26_200,
        ExpectationSource::AvgLikes,
        ExpectationSource::ReachRate,
    );
    check(
        1,
        10_625,
        ExpectationSource::FollowersRate,
        ExpectationSource::ReachRate,
    );
    check(
        2,
        36_000,
        ExpectationSource::AvgEngagements,
        ExpectationSource::ReachRate,
    );
    check(
        3,
        1_976,
        ExpectationSource::FollowersRate,
        ExpectationSource::AvgViews,
    );
    assert_eq!(r.expected_reach(3), 24_000);
    // A 2% rate on 10,000 followers would say 200; the roster's averages say 320.
    check(
        8,
        320,
        ExpectationSource::AvgLikes,
        ExpectationSource::ReachRate,
    );
    // Every consumer reads the same figure: the view, the column behind sorts and
    // filters, and plan entries (the optimizer's candidates read the column too).
    for i in 0..r.len() as u32 {
        let e = r.expectation(i);
        let v = r.view(i);
        assert_eq!(v.expected_engagements, e.engagements);
        assert_eq!(v.engagements_source, e.engagements_source);
        assert_eq!(r.engagements_column()[i as usize] as u64, e.engagements);
        assert_eq!(r.reach_column()[i as usize] as u64, e.reach);
        let entry = ShortlistEntry::from_roster(&r, i, 2, None);
        assert_eq!(entry.expected_engagements, 2 * e.engagements);
        assert_eq!(entry.expected_reach, 2 * e.reach);
    }
}

#[test]
fn figures_that_disagree_load_marked_with_a_warning() {
    let (r, rep) = load_one("impossible.csv");
    assert!(rep.is_clean(), "{rep:?}");
    assert_eq!(r.len(), 8, "nothing is rejected");
    let flagged: Vec<&str> = (0..r.len() as u32)
        .filter(|&i| r.figures_disagree(i))
        .map(|i| r.handle(i))
        .collect();
    // No views known, followers x a rate (an estimate, not a per-post average), or as many
    // engagements as views: not flagged.
    assert_eq!(flagged, ["zero.views", "ten.times", "likes.over"]);
    assert!(r.view(0).figures_disagree);
    assert!(!r.view(4).figures_disagree);
    let warnings: Vec<String> = notices(&rep)
        .into_iter()
        .filter(|n| n.contains("average views"))
        .collect();
    assert_eq!(
        warnings,
        [
            "impossible.csv:2: 333,000 engagements per post but 0 average views: one of them is wrong; loaded, marked ?",
            "impossible.csv:3: 10,000 engagements per post but 1,000 average views: one of them is wrong; loaded, marked ?",
            "impossible.csv:4: 620 engagements per post but 500 average views: one of them is wrong; loaded, marked ?",
        ]
    );
}
