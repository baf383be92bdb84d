//! The planner's outreach message: `m` previews the message to the selected creator, filled
//! in from the template (`domain::outreach`); in the preview `s` saves it to a file and `c`
//! copies its text to the clipboard. The copy is left for the event loop to write to the
//! terminal as OSC 52 ([`osc52`]): the state never touches the terminal.

use std::path::{Path, PathBuf};

use super::action::{Action, InputKind};
use super::app::{App, Focus, Input, Overlay};
use super::line_input::LineInput;
use super::state::overlay::MessagePreview;
use crate::domain::creator::Platform;
use crate::domain::outreach::{Draft, Sender, Template, Values, recipient};
use crate::domain::plan::ShortlistEntry;

/// The template and sender the planner's messages use, from the config or the plan (or
/// scout's own template).
#[derive(Clone, Debug)]
pub struct OutreachSetup {
    /// The template, or why it cannot be used (shown when `m` is pressed).
    pub template: Result<Template, String>,
    /// The config's `[outreach] sender`.
    pub sender: Option<String>,
}

impl Default for OutreachSetup {
    fn default() -> Self {
        OutreachSetup {
            template: Ok(Template::default_template()),
            sender: None,
        }
    }
}

/// The bytes that ask a terminal to put `text` on the clipboard: OSC 52 (`ESC ] 52 ; c ;
/// base64 BEL`), which xterm, kitty, WezTerm, iTerm2, Windows Terminal, foot and tmux (with
/// `set-clipboard on`) obey. The text is base64, so nothing in it can act on the terminal.
pub fn osc52(text: &str) -> String {
    format!(
        "\x1b]52;c;{}\x07",
        crate::io::outreach::base64(text.as_bytes())
    )
}

impl App {
    /// Uses `setup` for the messages (start-up sets it from the config and the plan).
    pub fn set_outreach(&mut self, setup: OutreachSetup) {
        self.outreach = setup;
    }

    /// Text the event loop must copy to the clipboard, taken once.
    pub fn take_clipboard(&mut self) -> Option<String> {
        self.clipboard.take()
    }

    /// The creator a message goes to: the shortlist pane's entry, else the roster table's
    /// selected creator (their entry when listed, else the entry adding them would make).
    fn message_entry(&self) -> Option<(ShortlistEntry, bool)> {
        if self.focus == Focus::Shortlist {
            return self.selected_entry().map(|e| (e.clone(), true));
        }
        let i = self.selected_creator()?;
        let v = self.roster.view(i);
        let plan = &self.session.file.plan;
        if let Some(pos) = plan.position(v.platform, v.handle) {
            return Some((plan.shortlist[pos].clone(), true));
        }
        let c = &plan.campaign;
        Some((
            ShortlistEntry::from_roster(&self.roster, i, c.posts, c.format.as_deref()),
            false,
        ))
    }

    /// The message to `entry`, or why there is none (a broken template).
    fn draft_for(&self, entry: &ShortlistEntry) -> Result<Draft, String> {
        let template = self.outreach.template.as_ref().map_err(Clone::clone)?;
        let values = Values::for_entry(
            entry,
            &self.session.file.plan.campaign,
            self.roster.model(),
            self.outreach.sender.as_deref(),
        );
        Ok(template.render(&values))
    }

    /// `m`: the preview of the message to the selected creator.
    pub(crate) fn open_message(&mut self) -> Overlay {
        let Some((entry, listed)) = self.message_entry() else {
            self.message = Some(if self.focus == Focus::Shortlist {
                "the shortlist is empty: Space on a creator adds one".into()
            } else {
                "no creator selected".into()
            });
            return Overlay::None;
        };
        match self.draft_for(&entry) {
            Ok(draft) => {
                let to = match recipient(&entry) {
                    None => Err("no email in the plan: copy the text for a direct message".into()),
                    Some(Ok((Some(name), addr))) => Ok(format!("{name} <{addr}>")),
                    Some(Ok((None, addr))) => Ok(addr),
                    Some(Err(why)) => Err(why),
                };
                Overlay::Message(Box::new(MessagePreview {
                    platform: entry.platform,
                    handle: entry.handle,
                    to,
                    listed,
                    draft,
                    scroll: 0,
                }))
            }
            Err(e) => {
                self.message = Some(format!("no message: {e}"));
                Overlay::None
            }
        }
    }

    pub(crate) fn update_message(&mut self, mut m: Box<MessagePreview>, action: Action) -> Overlay {
        match action {
            Action::Down | Action::WheelDown => m.scroll += 1,
            Action::Up | Action::WheelUp => m.scroll = m.scroll.saturating_sub(1),
            Action::PageDown => m.scroll += self.page(),
            Action::PageUp => m.scroll = m.scroll.saturating_sub(self.page()),
            Action::CopyMessage => {
                self.clipboard = Some(m.draft.body.clone());
                self.message = Some(format!(
                    "copied the message to @{} to the clipboard ({} characters; the terminal must allow OSC 52)",
                    crate::domain::creator::clean_handle(&m.handle),
                    m.draft.body.chars().count()
                ));
            }
            Action::SaveMessage => {
                let proposed = self.proposed_message_path(m.platform, &m.handle, m.to.is_ok());
                return Overlay::Input(Input {
                    kind: InputKind::MessagePath,
                    line: LineInput::with_value(&proposed.display().to_string()),
                    error: None,
                    target: Some((m.platform, m.handle.clone())),
                    then_quit: false,
                });
            }
            Action::Cancel | Action::PreviewMessage => return Overlay::None,
            _ => {}
        }
        Overlay::Message(m)
    }

    /// `instagram-lena.lifts.eml` (`.txt` without an email) in the plan's folder, else the
    /// current one.
    fn proposed_message_path(&self, platform: Platform, handle: &str, email: bool) -> PathBuf {
        let name = crate::io::outreach::draft_file_name(platform.key(), handle);
        let name = if email {
            name
        } else {
            name.replace(".eml", ".txt")
        };
        match self.session.path.as_deref().and_then(Path::parent) {
            Some(dir) if !dir.as_os_str().is_empty() => dir.join(name),
            _ => PathBuf::from(name),
        }
    }

    /// Saves the message to the creator `target` at `text` (a path): an `.eml` draft by that
    /// extension, else the text. Written atomically; the message says where.
    pub(crate) fn save_message(
        &mut self,
        target: Option<(Platform, String)>,
        text: &str,
    ) -> Result<(), String> {
        if text.is_empty() {
            return Err("type a file name".into());
        }
        let (platform, handle) = target.ok_or("no creator selected")?;
        let entry = match self.session.file.plan.position(platform, &handle) {
            Some(pos) => self.session.file.plan.shortlist[pos].clone(),
            None => {
                let i = self
                    .roster
                    .find(platform, &handle)
                    .ok_or("the creator is no longer in the roster")?;
                let c = &self.session.file.plan.campaign;
                ShortlistEntry::from_roster(&self.roster, i, c.posts, c.format.as_deref())
            }
        };
        let draft = self.draft_for(&entry)?;
        let path = PathBuf::from(text);
        let is_eml = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("eml"));
        let bytes = if is_eml {
            let to = recipient(&entry).and_then(Result::ok);
            let sender = Sender::parse(self.outreach.sender.as_deref().unwrap_or(""));
            crate::io::outreach::eml(
                &draft,
                to.as_ref().map(|(n, a)| (n.as_deref(), a.as_str())),
                &sender,
                &crate::io::outreach::rfc5322_date(crate::io::outreach::now_secs()),
            )
        } else {
            draft.to_text()
        };
        crate::io::atomic::write(&path, bytes.as_bytes(), false)
            .map_err(|e| format!("cannot save {}: {e}", path.display()))?;
        self.message = Some(format!(
            "saved the message to @{} as {}",
            crate::domain::creator::clean_handle(&handle),
            path.display()
        ));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_is_escape_52_base64_bel() {
        assert_eq!(osc52("hi"), "\x1b]52;c;aGk=\x07");
        // Whatever the text holds, only base64 goes between the sequence's ends.
        let out = osc52("Léa\x1b]52;c;evil\x07\n");
        assert_eq!(out.as_bytes()[..7], *b"\x1b]52;c;");
        assert_eq!(out.as_bytes().last(), Some(&0x07));
        let payload = &out[7..out.len() - 1];
        assert!(
            payload
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
        );
        assert_eq!(payload, "TMOpYRtdNTI7YztldmlsBwo=");
    }
}
