//! Rosters in spreadsheets (.xlsx, .xls, .ods): each format's fixture read as a user sees
//! it, rejects as PATH:SHEET:ROW, `--sheet`, and `scout check` / `scout plan` on them.
//! The fixtures come from tests/fixtures/make_sheets.py.

use scout::domain::creator::Platform;
use scout::domain::fees::FeeModel;
use scout::domain::money::Money;
use scout::domain::roster::Roster;
use scout::domain::tier::TierScheme;
use scout::io::roster::{FieldMap, LoadReport, Source, load};

mod common;
use common::{fixture, scout_in_fixtures as scout, text};

const FORMATS: [&str; 3] = ["sheets.xlsx", "sheets.xls", "sheets.ods"];

fn load_sheet(name: &str, sheet: Option<&str>) -> (Roster, LoadReport) {
    let map = FieldMap {
        sheet: sheet.map(str::to_string),
        ..FieldMap::default()
    };
    load(
        vec![Source::File(fixture(name))],
        map,
        TierScheme::default(),
        FeeModel::default(),
    )
}

/// Messages with the fixture folder stripped.
fn short(lines: impl IntoIterator<Item = String>) -> Vec<String> {
    let dir = format!("{}/", fixture("x").parent().unwrap().display());
    lines.into_iter().map(|l| l.replace(&dir, "")).collect()
}

fn creator(r: &Roster, platform: Platform, handle: &str) -> u32 {
    r.find(platform, handle)
        .unwrap_or_else(|| panic!("{platform:?}/{handle} loaded"))
}

#[test]
fn each_format_reads_its_first_sheet_as_a_user_sees_it() {
    for name in FORMATS {
        let (r, rep) = load_sheet(name, None);
        assert!(rep.failed.is_empty(), "{name}: {:?}", rep.failed);
        assert_eq!(r.len(), 4, "{name}");

        // 48200 stored as a float; 4.1% stored as 0.041 in a percent-formatted cell.
        let lena = creator(&r, Platform::Instagram, "lena.lifts");
        assert_eq!(r.followers(lena), 48_200, "{name}");
        assert_eq!(r.name(lena), "Lena Berg", "{name}");
        assert!((r.engagement(lena).unwrap() - 0.041).abs() < 1e-6, "{name}");
        assert_eq!(r.avg_views(lena), Some(12_000), "{name}");
        assert_eq!(r.rate(lena), Some(Money::from_units(450)), "{name}");
        let niches: Vec<&str> = r
            .niche_ids(lena)
            .iter()
            .map(|&n| r.niches.name(n))
            .collect();
        assert_eq!(niches, ["fitness", "nutrition"], "{name}");

        // `@` and case as in CSV; an #N/A error cell is a blank, not a reject.
        let tom = creator(&r, Platform::YouTube, "trail.tom");
        assert_eq!(r.followers(tom), 120_000, "{name}");
        assert_eq!(r.avg_views(tom), None, "{name}");
        assert_eq!(r.rate(tom), None, "{name}");
        assert!((r.engagement(tom).unwrap() - 0.021).abs() < 1e-6, "{name}");

        // Text cells go through the same parsers: `48.2k`, a bare 3.2 is percent.
        let kai = creator(&r, Platform::TikTok, "kai.cooks");
        assert_eq!(r.followers(kai), 48_200, "{name}");
        assert!((r.engagement(kai).unwrap() - 0.032).abs() < 1e-6, "{name}");
        assert_eq!(r.rate(kai), Some(Money::from_cents(12_050)), "{name}");

        let sol = creator(&r, Platform::Pinterest, "sol.sketches");
        assert_eq!(r.followers(sol), 2_500, "{name}");

        assert_eq!(
            short(rep.rejected.iter().map(|r| r.to_string())),
            [format!("{name}:Creators:5: no platform")],
        );
        assert_eq!(rep.rejected[0].sheet.as_deref(), Some("Creators"));
        assert_eq!(rep.rejected[0].line, 5);
        assert_eq!(rep.files[0].sheet.as_deref(), Some("Creators"));
    }
}

#[test]
fn an_xlsx_percentage_above_100_reads_as_shown() {
    // 150% is stored as 1.5; as a bare number it would be read as 1.5%.
    let (r, rep) = load_sheet("viral.xlsx", None);
    assert!(rep.rejected.is_empty(), "{rep:?}");
    let big = creator(&r, Platform::TikTok, "big.echo");
    assert!((r.engagement(big).unwrap() - 1.5).abs() < 1e-6);
    let small = creator(&r, Platform::Instagram, "small.echo");
    assert!((r.engagement(small).unwrap() - 0.05).abs() < 1e-6);
}

#[test]
fn sheet_option_reads_another_sheet_below_its_title_line() {
    for name in FORMATS {
        // Matched ignoring case, as a user types it.
        let (r, rep) = load_sheet(name, Some("agencies"));
        assert!(rep.failed.is_empty(), "{name}: {:?}", rep.failed);
        assert_eq!(r.len(), 1, "{name}");
        let mira = creator(&r, Platform::Pinterest, "mira.makes");
        assert_eq!(r.followers(mira), 15_000);
        assert_eq!(r.name(mira), "Mira Holt");
        assert_eq!(
            short(rep.rejected.iter().map(|r| r.to_string())),
            [format!("{name}:Agencies:4: followers: `-5` is negative")],
        );
        assert_eq!(
            short(rep.notices.iter().map(|n| n.to_string())),
            [format!(
                "{name}:Agencies:1: `Agency picks, spring` is taken for a title; the header is row 2"
            )],
        );
    }
}

#[test]
fn an_unknown_sheet_is_one_line_listing_the_sheets() {
    for name in FORMATS {
        let (r, rep) = load_sheet(name, Some("Influencers"));
        assert!(r.is_empty());
        assert_eq!(
            short(rep.failed.iter().map(|f| f.to_string())),
            [format!(
                "{name}: no sheet `Influencers` (sheets: `Creators`, `Agencies`)"
            )],
        );
    }
}

#[test]
fn a_file_that_is_no_spreadsheet_is_one_line_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("creators.xlsx");
    std::fs::copy(fixture("quoted.csv"), &fake).unwrap();
    let (_, rep) = load(
        vec![Source::File(fake.clone())],
        FieldMap::default(),
        TierScheme::default(),
        FeeModel::default(),
    );
    let msg = rep.failed[0].to_string();
    assert!(
        msg.starts_with(&format!("{}: not a readable .xlsx file: ", fake.display())),
        "{msg}"
    );
    assert!(!msg.contains('\n'), "{msg}");
}

#[test]
fn hostile_sheets_are_bounded() {
    // A creator and a cell at XFD1048576: read cell by cell, it costs two cells (as one
    // dense grid it would be 17 billion); the far cell is under no header, so not a row.
    let (r, rep) = load_sheet("far_cells.xlsx", None);
    assert_eq!(r.len(), 1);
    assert!(rep.is_clean(), "{rep:?}");

    // The .xls twin: a number at row 65,536, column 65,536. calamine would build a grid of
    // 4 billion cells when it opens the file (an allocation failure aborts the process).
    let (_, rep) = load_sheet("far_cells.xls", None);
    assert_eq!(
        short(rep.failed.iter().map(|f| f.to_string())),
        ["far_cells.xls: its sheets span more than 16777216 cells; the file is not read"]
    );

    // An .ods of 1 KB whose one value is repeated across 16,384 columns and a million rows:
    // calamine would expand it to 16 billion cells. Refused, the file named.
    let mut ods = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    ods.start_file("mimetype", stored).unwrap();
    std::io::Write::write_all(&mut ods, b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    ods.start_file("content.xml", stored).unwrap();
    std::io::Write::write_all(
        &mut ods,
        br#"<?xml version="1.0" encoding="UTF-8"?><office:document-content><office:body><office:spreadsheet><table:table table:name="Bomb"><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#,
    )
    .unwrap();
    let bytes = ods.finish().unwrap().into_inner();
    assert!(bytes.len() < 2048);
    let (_, rep) = load(
        vec![Source::Memory {
            name: "bomb.ods".into(),
            bytes: bytes.into(),
        }],
        FieldMap::default(),
        TierScheme::default(),
        FeeModel::default(),
    );
    assert_eq!(
        short(rep.failed.iter().map(|f| f.to_string())),
        [
            "bomb.ods: its sheets' repeated rows and columns make 16384000000 cells, more than 16777216; the file is not read"
        ]
    );

    // A file past the bound is refused before a byte is read (a sparse file: no disk used).
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.ods");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len((256 << 20) + 1).unwrap();
    let (_, rep) = load(
        vec![Source::File(big)],
        FieldMap::default(),
        TierScheme::default(),
        FeeModel::default(),
    );
    assert_eq!(
        short(rep.failed.iter().map(|f| {
            f.to_string()
                .replace(&format!("{}/", dir.path().display()), "")
        })),
        ["big.ods: a spreadsheet of 256 MiB: more than the 256 MiB read; save the sheet as CSV"]
    );
}

#[test]
fn scout_check_reads_each_spreadsheet() {
    for name in FORMATS {
        let out = scout(&["check", name]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        assert_eq!(
            text(&out.stdout),
            format!(
                "loaded 4 creators from 1 file; 1 row rejected\n\
                 by tier: nano 1, micro 2, macro 1, mega 0, unranked 0\n\
                 by platform: instagram 1, tiktok 1, youtube 1, pinterest 1\n\
                 columns of {name}:\n  \
                 handle           `handle`\n  \
                 platform         `platform`\n  \
                 followers        `followers`\n  \
                 name             `name`\n  \
                 niches           `niches`\n  \
                 engagement_rate  `engagement_rate`\n  \
                 avg_views        `avg_views`\n  \
                 rate             `rate`\n  \
                 not in the file: avg_likes, avg_comments, avg_engagements, country, language, email, url\n  \
                 ignored columns: joined\n\
                 {name}:Creators:5: no platform\n"
            )
        );
        let out = scout(&["check", "--sheet", "Nope", name]);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            text(&out.stderr),
            format!("error: {name}: no sheet `Nope` (sheets: `Creators`, `Agencies`)\n")
        );
    }
    // With other files, each line says where it is.
    let out = scout(&["check", "quoted.csv", "sheets.xlsx", "--sheet", "Agencies"]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("  sheets.xlsx:Agencies: 1 loaded, 1 rejected\n"),
        "{stdout}"
    );
}

#[test]
fn a_plan_records_the_sheet_it_was_built_from() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("spring.toml");
    let out = scout(&[
        "plan",
        "sheets.ods",
        "--sheet",
        "Agencies",
        "--budget",
        "2000",
        "-o",
        plan.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let saved = std::fs::read_to_string(&plan).unwrap();
    assert!(saved.contains("sheet = \"Agencies\""), "{saved}");
    let file = scout::io::plan::load(&plan).unwrap();
    let rosters = &file.plan.campaign.rosters;
    assert_eq!(rosters.len(), 1);
    assert_eq!(rosters[0].sheet.as_deref(), Some("Agencies"));
    assert_eq!(file.plan.shortlist[0].handle, "mira.makes");
}
