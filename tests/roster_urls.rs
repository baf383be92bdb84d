//! Profile URLs from the roster reach the plan: a `url` column (or a handle given as a URL)
//! is kept with the creator, becomes the shortlisted entry's `url`, and is exported as
//! written, rather than an address rebuilt from platform and handle.

use std::fs;
use std::path::Path;

use scout::domain::fees::FeeModel;
use scout::domain::plan::ShortlistEntry;
use scout::domain::roster::Roster;
use scout::domain::tier::TierScheme;
use scout::io::roster::{Field, FieldMap, LoadReport, Source};

mod common;
use common::scout;

fn load_any(path: &Path) -> (Roster, LoadReport) {
    scout::io::roster::load(
        vec![Source::File(path.into())],
        FieldMap::default(),
        TierScheme::default(),
        FeeModel::default(),
    )
}

fn load(path: &Path) -> Roster {
    let (roster, report) = load_any(path);
    assert!(report.is_clean(), "{report:?}");
    roster
}

const ROSTER: &str = "handle,platform,followers,Profile URL,email
lena.lifts,instagram,48200,https://www.instagram.com/lena.lifts/?hl=en,lena@example.com
mia.moves,tiktok,1.3M,,
";

#[test]
fn a_url_column_is_kept_and_becomes_the_entry_url() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("creators.csv");
    fs::write(&path, ROSTER).unwrap();
    let r = load(&path);
    assert_eq!(
        r.url(0),
        Some("https://www.instagram.com/lena.lifts/?hl=en")
    );
    assert_eq!(r.url(1), None);
    // The other text fields are where they were.
    assert_eq!(
        (r.handle(0), r.email(0)),
        ("lena.lifts", Some("lena@example.com"))
    );
    let e = ShortlistEntry::from_roster(&r, 0, 1, None);
    assert_eq!(
        e.url.as_deref(),
        Some("https://www.instagram.com/lena.lifts/?hl=en")
    );
    // No URL in the roster: none stored, one built from platform and handle.
    let e = ShortlistEntry::from_roster(&r, 1, 1, None);
    assert_eq!(e.url, None);
    assert_eq!(
        e.profile_url().as_deref(),
        Some("https://tiktok.com/@mia.moves")
    );
    assert_eq!(Field::parse("Profile URL"), Some(Field::Url));
    assert_eq!(Field::parse("link"), Some(Field::Url));
}

#[test]
fn a_handle_given_as_a_url_is_the_url_too_and_a_url_column_alone_gives_the_handles() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("links.csv");
    fs::write(
        &path,
        "Profile,Subscribers\nhttps://www.instagram.com/lena.lifts/,48200\ntiktok.com/@mia.moves,1.3M\n",
    )
    .unwrap();
    let r = load(&path);
    assert_eq!(r.handle(0), "lena.lifts");
    assert_eq!(r.url(0), Some("https://www.instagram.com/lena.lifts/"));
    assert_eq!(r.handle(1), "mia.moves");
    assert_eq!(r.url(1), Some("tiktok.com/@mia.moves"));
    let path = dir.path().join("handles.csv");
    fs::write(
        &path,
        "handle,followers\nhttps://youtube.com/@chef.ana,1300000\n",
    )
    .unwrap();
    let r = load(&path);
    assert_eq!(r.handle(0), "chef.ana");
    assert_eq!(r.url(0), Some("https://youtube.com/@chef.ana"));
}

#[test]
fn a_duplicate_fills_a_missing_url() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dups.csv");
    fs::write(
        &path,
        "handle,platform,followers,url\nlena.lifts,instagram,48200,\nmia,tiktok,100,\nLena.Lifts,instagram,48200,https://instagram.com/lena.lifts\n",
    )
    .unwrap();
    let (roster, _) = load_any(&path);
    assert_eq!(roster.len(), 2);
    assert_eq!(roster.url(0), Some("https://instagram.com/lena.lifts"));
    assert_eq!(roster.url(1), None);
    assert_eq!(roster.handle(1), "mia");
}

#[test]
fn the_plan_and_its_csv_export_carry_the_roster_url() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("creators.csv");
    fs::write(&roster, ROSTER).unwrap();
    let plan = dir.path().join("plan.toml");
    let o = scout(&[
        "plan",
        roster.to_str().unwrap(),
        "--budget",
        "1000000",
        "-o",
        plan.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = fs::read_to_string(&plan).unwrap();
    assert!(
        text.contains("url = \"https://www.instagram.com/lena.lifts/?hl=en\""),
        "{text}"
    );
    let o = scout(&["export", plan.to_str().unwrap(), "--format", "csv"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = String::from_utf8(o.stdout).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = header
        .iter()
        .position(|h| *h == "url")
        .expect("a url column");
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let lena = rows
        .iter()
        .find(|r| r.iter().any(|c| c.contains("lena.lifts")))
        .expect("lena in the export");
    assert_eq!(lena[col], "https://www.instagram.com/lena.lifts/?hl=en");
}
