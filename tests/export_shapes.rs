//! Issue 14: exports shaped as real ones are (headers named every which way, figures twice,
//! identity only in profile URLs, the platform only in the file name; CSV, TSV, TOML, JSON)
//! load with no flags and the right fields, and each guess says what it was guessed from.
//! The fixtures under tests/fixtures/exports are our own made-up creators.

use std::path::PathBuf;

use scout::domain::creator::Platform;
use scout::domain::fees::{EngagementSource, FeeModel};
use scout::domain::money::Money;
use scout::domain::roster::Roster;
use scout::domain::tier::TierScheme;
use scout::io::roster::{
    Feed, Field, FieldMap, FileMapping, LoadReport, Profile, RosterReader, Source, Why, load,
};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/exports")
        .join(name)
}

fn load_map(name: &str, map: FieldMap) -> (Roster, LoadReport) {
    load(
        vec![Source::File(fixture(name))],
        map,
        TierScheme::default(),
        FeeModel::default(),
    )
}

fn load_clean(name: &str) -> (Roster, FileMapping) {
    let (r, rep) = load_map(name, FieldMap::default());
    assert!(rep.is_clean(), "{name}: {rep:?}");
    let mapping = rep.files[0].mapping.clone().expect("a mapping");
    (r, mapping)
}

/// The column (by name) a field is read from, and why.
fn source(m: &FileMapping, field: Field) -> (String, Why) {
    let fm = m.get(field).expect("every field has a match");
    let text = match &fm.feed {
        Feed::None => "none".to_string(),
        Feed::Columns(c) => c
            .iter()
            .map(|&i| m.names[i].clone())
            .collect::<Vec<_>>()
            .join("+"),
        Feed::Value(v) => format!("={v}"),
    };
    (text, fm.why.clone())
}

fn niches(r: &Roster, i: u32) -> Vec<&str> {
    r.niche_ids(i).iter().map(|&n| r.niches.name(n)).collect()
}

#[test]
fn a_platform_word_beside_name_gives_the_handle_and_the_platform() {
    let (r, m) = load_clean("instagram_top.csv");
    assert_eq!(r.len(), 3);
    assert_eq!(r.handle(0), "lena.lifts");
    assert_eq!(r.name(0), "Lena 🏋️ Berg");
    assert_eq!(r.platform(2), Platform::Instagram);
    assert_eq!(r.followers(1), 637_000);
    assert_eq!(niches(&r, 2), ["gaming", "tech"]);
    assert_eq!(r.country(0), Some("Sweden"));
    // `Engagement avg.` (per post) wins over `Authentic engagement`.
    assert_eq!(r.engagement_source(1), EngagementSource::FromEngagements);
    assert!((r.engagement(1).unwrap() - 15_200.0 / 637_000.0).abs() < 1e-9);
    assert_eq!(
        source(&m, Field::Handle),
        ("Influencer insta name".into(), Why::HeaderWords)
    );
    assert_eq!(
        source(&m, Field::Platform),
        (
            "=instagram".into(),
            Why::HeaderPlatform("Influencer insta name".into())
        )
    );
    assert_eq!(
        source(&m, Field::Niches),
        ("category_1+category_2".into(), Why::HeaderWords)
    );
    let ignored: Vec<&str> = m.ignored.iter().map(|&i| m.names[i].as_str()).collect();
    assert_eq!(ignored, ["S.no", "Authentic engagement"]);
    assert!(
        m.is_uncertain(),
        "guessed required fields are shown for review"
    );
}

#[test]
fn the_fixture_with_the_display_name_first_takes_the_handle_shaped_column() {
    // wide.csv holds display names under `Influencer insta name` and handles under
    // `instagram name`: the values decide.
    let (r, rep) = load(
        vec![Source::File(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wide.csv"),
        )],
        FieldMap::default(),
        TierScheme::default(),
        FeeModel::default(),
    );
    assert!(rep.is_clean(), "{rep:?}");
    assert_eq!(r.handle(0), "lena.lifts");
    assert_eq!(r.name(0), "Lena 🏋️ Berg");
}

#[test]
fn tiktoker_headers_with_avg_counts() {
    let (r, m) = load_clean("tiktokers.csv");
    assert_eq!(r.handle(1), "dance.duo");
    assert_eq!(r.name(1), "The Dance Duo");
    assert_eq!(r.platform(0), Platform::TikTok);
    assert_eq!(r.followers(0), 20_400_000);
    assert_eq!(r.avg_views(2), Some(80_000));
    assert_eq!(r.avg_likes(2), Some(9_500));
    assert_eq!(r.avg_comments(2), Some(120));
    assert_eq!(r.engagement_source(2), EngagementSource::FromLikes);
    assert_eq!(
        source(&m, Field::Followers),
        ("Subscribers count".into(), Why::HeaderWords)
    );
    assert_eq!(
        source(&m, Field::AvgViews),
        ("Views avg.".into(), Why::HeaderWords)
    );
}

#[test]
fn a_tsv_of_youtubers_with_channel_info() {
    let (r, m) = load_clean("youtubers.tsv");
    assert_eq!(r.len(), 3);
    assert_eq!(r.handle(0), "chef.ana");
    assert_eq!(r.name(0), "Chef Ana Cooks");
    assert_eq!(r.platform(1), Platform::YouTube);
    assert_eq!(r.followers(2), 92_000);
    assert_eq!(r.country(0), Some("Mexico"));
    assert_eq!(r.avg_views(0), Some(210_000));
    assert_eq!(niches(&r, 0), ["food & drinks"]);
    assert_eq!(
        source(&m, Field::Platform).1,
        Why::HeaderPlatform("youtuber name".into())
    );
}

#[test]
fn the_same_header_twice_reads_the_raw_figures() {
    let (r, rep) = load_map("followers_twice.csv", FieldMap::default());
    assert_eq!(r.followers(0), 221_700);
    assert_eq!(r.followers(1), 1_302_455);
    assert_eq!(r.followers(2), 48_213);
    let notices: Vec<String> = rep.notices.iter().map(|n| n.message.clone()).collect();
    assert_eq!(
        notices,
        ["column `Followers` appears more than once; column 4 (raw figures) is used"]
    );
    let m = rep.files[0].mapping.as_ref().unwrap();
    let ignored: Vec<usize> = m.ignored.clone();
    assert_eq!(ignored, [2], "the display column is ignored");
}

#[test]
fn a_raw_column_beside_a_display_one_wins() {
    let (r, m) = load_clean("raw_beside_display.csv");
    assert_eq!(r.followers(0), 221_712);
    assert_eq!(r.followers(1), 1_302_455);
    assert_eq!(r.avg_views(1), Some(309_877));
    assert_eq!(r.rate(1), Some(Money::from_cents(120_000)));
    assert_eq!(
        source(&m, Field::Followers),
        ("followers_count".into(), Why::Values("raw figures"))
    );
    assert_eq!(
        source(&m, Field::AvgViews),
        ("Avg views (raw)".into(), Why::Values("raw figures"))
    );
}

#[test]
fn profile_urls_alone_give_handle_and_platform_per_row() {
    let (r, m) = load_clean("links.csv");
    let got: Vec<(Platform, &str)> = (0..r.len() as u32)
        .map(|i| (r.platform(i), r.handle(i)))
        .collect();
    assert_eq!(
        got,
        [
            (Platform::Instagram, "lena.lifts"),
            (Platform::TikTok, "mia.moves"),
            (Platform::YouTube, "chef.ana"),
            (Platform::Twitch, "slow.sam"),
        ]
    );
    assert!((r.engagement(1).unwrap() - 0.098).abs() < 1e-6);
    assert_eq!(r.email(0), Some("lena@example.com"));
    assert_eq!(m.urls, Some(0));
    assert!(m.missing().is_empty());
    assert!(
        m.report_lines()
            .iter()
            .any(|l| l.contains("from the profile URLs in `Profile`")),
        "{:?}",
        m.report_lines()
    );
}

#[test]
fn the_platform_only_in_the_file_name() {
    let (r, m) = load_clean("tiktok_creators_2024.csv");
    assert_eq!(r.platform(0), Platform::TikTok);
    assert_eq!(r.platform(1), Platform::TikTok);
    assert_eq!(r.avg_views(1), Some(80_000));
    assert_eq!(niches(&r, 0), ["dance"]);
    assert_eq!(
        source(&m, Field::Platform),
        ("=tiktok".into(), Why::FileName)
    );
    assert!(
        m.report_lines()
            .contains(&"platform         tiktok (guessed from file name)".to_string()),
        "{:?}",
        m.report_lines()
    );
}

#[test]
fn set_and_map_win_over_every_guess() {
    let mut map = FieldMap::default();
    map.add_set("platform=instagram").unwrap();
    map.add_map("name=Genre").unwrap();
    let (r, rep) = load_map("tiktok_creators_2024.csv", map);
    assert!(rep.is_clean(), "{rep:?}");
    assert_eq!(r.platform(0), Platform::Instagram);
    assert_eq!(r.name(0), "Dance");
    assert!(niches(&r, 0).is_empty(), "a mapped column feeds no guess");
    let m = rep.files[0].mapping.as_ref().unwrap();
    assert_eq!(source(m, Field::Platform), ("=instagram".into(), Why::Set));
    assert_eq!(source(m, Field::Name), ("Genre".into(), Why::Map));
    // A --set platform beats the profile URLs too.
    let mut map = FieldMap::default();
    map.add_set("platform=blog").unwrap();
    let (r, _) = load_map("links.csv", map);
    assert!((0..r.len() as u32).all(|i| r.platform(i) == Platform::Blog));
    assert_eq!(r.handle(1), "mia.moves");
}

#[test]
fn at_handles_platform_names_and_country_codes_are_read_from_their_values() {
    let (r, m) = load_clean("at_handles.csv");
    assert_eq!(r.handle(0), "lena.lifts");
    assert_eq!(r.platform(1), Platform::TikTok);
    assert_eq!(r.followers(2), 310_000);
    assert_eq!(r.country(2), Some("DE"));
    assert_eq!(
        source(&m, Field::Handle),
        ("Who".into(), Why::Values("@handles"))
    );
    assert_eq!(
        source(&m, Field::Country),
        ("Where".into(), Why::Values("countries"))
    );
}

#[test]
fn a_toml_export_with_a_youtuber_key() {
    let (r, m) = load_clean("youtubers.toml");
    assert_eq!(r.len(), 2);
    assert_eq!(r.handle(0), "chef.ana");
    assert_eq!(r.platform(0), Platform::YouTube);
    assert_eq!(r.followers(0), 1_300_000);
    assert_eq!(r.avg_views(1), Some(18_000));
    assert_eq!(niches(&r, 0), ["food", "travel"]);
    assert_eq!(
        source(&m, Field::Handle),
        ("Youtuber".into(), Why::HeaderWords)
    );
}

#[test]
fn a_json_export_with_url_and_suffixed_keys() {
    let (r, m) = load_clean("accounts.json");
    assert_eq!(r.handle(1), "mia.moves");
    assert_eq!(r.platform(1), Platform::TikTok);
    assert_eq!(r.followers(1), 1_300_000);
    assert!((r.engagement(0).unwrap() - 0.041).abs() < 1e-6);
    assert_eq!(r.email(0), Some("lena@example.com"));
    assert_eq!(r.rate(1), Some(Money::from_cents(120_000)));
    assert_eq!(
        source(&m, Field::Engagement),
        ("engagement_rate_pct".into(), Why::HeaderWords)
    );
}

#[test]
fn every_missing_required_field_is_named_at_once_with_its_fix() {
    let (r, rep) = load_map("nothing_known.csv", FieldMap::default());
    assert_eq!(r.len(), 0);
    let failed: Vec<String> = rep.failed.iter().map(|f| f.cause.clone()).collect();
    assert_eq!(
        failed,
        [
            "no handle column, no platform column, no followers column (columns: a, b, c); use --map handle=COLUMN; use --set platform=NAME or --map platform=COLUMN; use --map followers=COLUMN"
        ]
    );
    let m = rep.files[0]
        .mapping
        .as_ref()
        .expect("a mapping even for a failed file");
    assert_eq!(
        m.missing(),
        [Field::Handle, Field::Platform, Field::Followers]
    );
}

#[test]
fn a_contract_csv_is_matched_by_name_with_no_guess() {
    let (_, rep) = load(
        vec![Source::File(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dup_a.csv"),
        )],
        FieldMap::default(),
        TierScheme::default(),
        FeeModel::default(),
    );
    let m = rep.files[0].mapping.as_ref().unwrap();
    assert!(m.fields.iter().all(|f| f.why == Why::Named));
    assert!(m.ignored.is_empty());
    assert!(!m.is_uncertain());
    assert!(m.gaps(3).is_empty());
}

#[test]
fn a_profile_is_used_for_a_file_with_its_header() {
    let mut map = FieldMap::default();
    map.add_map("handle=c").unwrap();
    map.add_map("followers=a").unwrap();
    map.add_set("platform=twitch").unwrap();
    let profile = Profile {
        name: "letters".into(),
        header: vec!["a".into(), "b".into(), "c".into()],
        map,
    };
    let mut roster = Roster::new(TierScheme::default(), FeeModel::default());
    let mut reader = RosterReader::new(
        vec![Source::File(fixture("nothing_known.csv"))],
        FieldMap::default(),
    )
    .with_profiles(vec![profile.clone()]);
    reader.run(&mut roster);
    let rep = reader.into_report();
    assert!(rep.is_clean(), "{rep:?}");
    assert_eq!(roster.handle(0), "lena.lifts");
    assert_eq!(roster.platform(0), Platform::Twitch);
    let m = rep.files[0].mapping.as_ref().unwrap();
    assert_eq!(m.profile.as_deref(), Some("letters"));
    assert_eq!(
        source(m, Field::Handle),
        ("c".into(), Why::Profile("letters".into()))
    );
    // Not for another header.
    let mut roster = Roster::new(TierScheme::default(), FeeModel::default());
    let mut reader = RosterReader::new(
        vec![Source::File(fixture("at_handles.csv"))],
        FieldMap::default(),
    )
    .with_profiles(vec![profile]);
    reader.run(&mut roster);
    assert_eq!(
        reader.report().files[0].mapping.as_ref().unwrap().profile,
        None
    );
}
