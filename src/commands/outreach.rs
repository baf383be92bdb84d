//! `scout outreach PLAN [--template FILE] -o DIR [--mark-contacted]`: an `.eml` draft for
//! each shortlisted creator with an email, and a mail-merge sheet for all of them.
//!
//! Creators still at `shortlisted` are the ones written to (those contacted or beyond have
//! heard from the brand already; declined ones are left alone). A missing value falls back
//! and is reported once per creator on standard error; an email that is not an address is
//! reported and gets no draft. With `--mark-contacted`, the creators whose draft was written
//! move to `contacted` as one edit, recorded in the plan's `[[history]]`, and the plan is
//! saved the one safe way (its previous version kept as `PLAN.bak`).

use std::collections::HashSet;
use std::path::Path;

use super::{CmdResult, config};
use crate::cli::OutreachArgs;
use crate::domain::creator::{Platform, clean_handle};
use crate::domain::date::Date;
use crate::domain::outreach::{Placeholder, Sender, Values, describe_fallbacks, recipient};
use crate::domain::plan::Status;
use crate::domain::text::quote_data;
use crate::io::outreach::{
    MERGE_FILE, MergeRow, draft_file_name, eml, mail_merge_csv, now_secs, read_template,
    rfc5322_date, template_path, unique_in,
};

pub fn run(args: &OutreachArgs) -> CmdResult {
    let (config, _) = config(&args.read)?;
    let mut file = crate::io::plan::load(&args.plan).map_err(|e| e.to_string())?;
    let template = read_template(
        template_path(
            args.template.as_deref(),
            Some((&args.plan, &file.doc)),
            &config.outreach,
        )
        .as_deref(),
    )?;
    let out = &args.output;
    make_folder(out)?;

    let sender_text = config.outreach.sender.as_deref();
    let sender = Sender::parse(sender_text.unwrap_or(""));
    if sender_text.is_none() && template.placeholders().contains(&Placeholder::Sender) {
        eprintln!(
            "scout: no sender in the config ([outreach] sender = \"Name <address>\"): {{sender}} reads \"{}\" and the drafts have no From",
            Placeholder::Sender.fallback()
        );
    }
    let date = rfc5322_date(now_secs());
    let plan = &file.plan;
    let mut taken: HashSet<String> = HashSet::from([MERGE_FILE.to_ascii_lowercase()]);
    let mut rows = Vec::new();
    let mut drafted: Vec<(Platform, String)> = Vec::new();
    let (mut no_email, mut not_address, mut beyond) = (0usize, 0usize, 0usize);
    for e in &plan.shortlist {
        if e.status != Status::Shortlisted {
            beyond += 1;
            continue;
        }
        let who = format!(
            "{}/{}",
            e.platform.key(),
            quote_data(clean_handle(&e.handle))
        );
        let values = Values::for_entry(e, &plan.campaign, &config.model, sender_text);
        let draft = template.render(&values);
        // The sender is the config's, the same for everyone: said once above.
        let fell_back = describe_fallbacks(
            draft
                .fallbacks
                .iter()
                .filter(|f| f.placeholder != Placeholder::Sender),
        );
        if let Some(r) = &fell_back {
            eprintln!("scout: {who}: {r}");
        }
        let mut notes: Vec<String> = fell_back.into_iter().collect();
        let mut draft_file = String::new();
        match recipient(e) {
            None => {
                no_email += 1;
                notes.insert(0, "no email: no draft".into());
            }
            Some(Err(why)) => {
                not_address += 1;
                eprintln!("scout: {who}: {why}; no draft written");
                notes.insert(0, format!("{why}: no draft"));
            }
            Some(Ok((name, address))) => {
                let path = unique_in(
                    out,
                    &draft_file_name(e.platform.key(), &e.handle),
                    &mut taken,
                );
                let message = eml(&draft, Some((name.as_deref(), &address)), &sender, &date);
                crate::io::atomic::write(&path, message.as_bytes(), false)
                    .map_err(|err| format!("cannot write {}: {err}", path.display()))?;
                draft_file = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                drafted.push((e.platform, e.handle.clone()));
            }
        }
        rows.push(MergeRow {
            email: e.email.clone().unwrap_or_default(),
            values,
            url: e.profile_url().unwrap_or_default(),
            draft,
            draft_file: draft_file.clone(),
            status: if args.mark_contacted && !draft_file.is_empty() {
                Status::Contacted
            } else {
                e.status
            }
            .key()
            .to_string(),
            note: notes.join("; "),
        });
    }
    let merge = out.join(MERGE_FILE);
    crate::io::atomic::write(&merge, mail_merge_csv(&rows).as_bytes(), false)
        .map_err(|err| format!("cannot write {}: {err}", merge.display()))?;

    let mut summary = format!(
        "wrote {} draft{} and {} ({} creator{}) to {}",
        drafted.len(),
        plural(drafted.len()),
        MERGE_FILE,
        rows.len(),
        plural(rows.len()),
        out.display()
    );
    if no_email > 0 {
        summary.push_str(&format!("; {no_email} without an email"));
    }
    if not_address > 0 {
        summary.push_str(&format!(
            "; {not_address} with an email that is not an address"
        ));
    }
    if beyond > 0 {
        summary.push_str(&format!(
            "; {beyond} past shortlisted (contacted or beyond, or declined) left out"
        ));
    }
    if args.mark_contacted && !drafted.is_empty() {
        let label = format!(
            "scout outreach: drafts written to {}; shortlisted -> contacted",
            out.display()
        );
        let moved = file
            .plan
            .move_status(&label, &drafted, Status::Shortlisted, Status::Contacted);
        crate::io::plan::append_history(&mut file.doc, Date::today_utc(), &label, &moved);
        file.save(&args.plan)?;
        summary.push_str(&format!(
            "; moved {} to contacted in {}",
            moved.len(),
            args.plan.display()
        ));
    }
    println!("{summary}");
    Ok(0)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The output folder, made when missing; a file in its place is an error naming it.
fn make_folder(dir: &Path) -> Result<(), String> {
    if dir.exists() && !dir.is_dir() {
        return Err(format!(
            "{}: not a folder: -o names the folder the drafts go to",
            dir.display()
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        format!(
            "{}: cannot create the folder: {}",
            dir.display(),
            crate::io::roster::io_cause(&e)
        )
    })
}
