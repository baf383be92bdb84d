//! Text from data files made safe to show and to save.
//!
//! Roster and plan files can hold bytes that a terminal obeys: ESC sequences (OSC 52 writes
//! the clipboard, CSI clears the screen), C1 controls (`U+009B` is a one-character CSI) and
//! bidirectional overrides that reorder what a line appears to say. Two rules keep them
//! inside scout:
//! - [`clean_line`] and [`clean_note`] drop them when a file is read, so the roster, the
//!   plan, every export and every saved plan hold none (a note keeps its tabs and line
//!   breaks; one-line fields turn them into spaces);
//! - [`quote_data`] is how every message quotes text that came from a file: controls shown
//!   escaped (`\x1b`), and cut at [`QUOTE_CHARS`] characters with `…`.

use std::borrow::Cow;

/// Characters of data a message quotes before cutting it with `…`.
pub const QUOTE_CHARS: usize = 80;

/// Whether `c` must never reach a terminal from data: C0 and C1 controls, DEL, and the
/// bidirectional embeddings, overrides and isolates (and the line and paragraph
/// separators, which some terminals treat as line breaks).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
                | '\u{2028}' | '\u{2029}' | '\u{061c}'
        )
}

/// A quick test on bytes that is false for almost all real text: no byte that can start
/// an unsafe character (C0, DEL, the lead bytes of C1 and of the U+2000 block, U+061C).
fn may_be_unsafe(s: &str) -> bool {
    s.bytes()
        .any(|b| b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xe2 || b == 0xd8)
}

/// Whether `s` holds anything [`is_unsafe`].
pub fn has_unsafe(s: &str) -> bool {
    may_be_unsafe(s) && s.chars().any(is_unsafe)
}

/// A one-line field (handle, name, niche, country, header...): tabs and line breaks become
/// spaces, every other unsafe character is dropped. Borrowed when nothing changes.
pub fn clean_line(s: &str) -> Cow<'_, str> {
    if !has_unsafe(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}') {
            out.push(' ');
        } else if !is_unsafe(c) {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A note: tabs and line breaks are kept (`\r\n` and a lone `\r` become `\n`), every other
/// unsafe character is dropped. Borrowed when nothing changes.
pub fn clean_note(s: &str) -> Cow<'_, str> {
    if !may_be_unsafe(s) || !s.chars().any(|c| is_unsafe(c) && !matches!(c, '\t' | '\n')) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' | '\n' => out.push(c),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            c if is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Data quoted in a message: unsafe characters escaped (`\t`, `\n`, `\x1b`, `\u{202e}`),
/// and cut at [`QUOTE_CHARS`] characters with `…`. The one way messages quote file text.
pub fn quote_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(QUOTE_CHARS * 4) + 8);
    for (n, c) in s.chars().enumerate() {
        if n == QUOTE_CHARS {
            out.push('…');
            break;
        }
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if is_unsafe(c) && (c as u32) < 0x100 => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// A message from a parser that may hold data (a TOML or JSON error): unsafe characters
/// escaped as [`quote_data`] does, and cut at a few lines' worth of characters.
pub fn escape_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(1024));
    for (n, c) in s.chars().enumerate() {
        if n == 4 * QUOTE_CHARS {
            out.push('…');
            break;
        }
        if is_unsafe(c) {
            out.push_str(&quote_data(c.encode_utf8(&mut [0; 4])));
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether a message that is about to be shown holds nothing a terminal would obey.
pub fn is_clean_message(s: &str) -> bool {
    !has_unsafe(s)
}

/// Text for HTML or Markdown: `&`, `<`, `>` and `"` as entities, so a name like
/// `<img onerror=...>` is shown, never run.
pub fn escape_html(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OSC52: &str = "\x1b]52;c;aGVsbG8=\x07";
    const CLEAR: &str = "\x1b[2J\x1b[H";

    #[test]
    fn one_line_fields_lose_every_control() {
        let s = format!("ev{OSC52}il{CLEAR}\u{9b}31m\u{202e}gnp.exe\tx\ny");
        let c = clean_line(&s);
        assert_eq!(c, "ev]52;c;aGVsbG8=il[2J[H31mgnp.exe x y");
        assert!(!has_unsafe(&c));
        assert!(matches!(clean_line("plain ☕ text"), Cow::Borrowed(_)));
    }

    #[test]
    fn notes_keep_tabs_and_line_breaks() {
        let s = format!("a\tb\r\nc\rd{OSC52}\u{2066}e\n");
        let c = clean_note(&s);
        assert_eq!(c, "a\tb\nc\nd]52;c;aGVsbG8=e\n");
        assert!(matches!(clean_note("a\tb\nc"), Cow::Borrowed(_)));
    }

    #[test]
    fn quotes_escape_and_cut() {
        assert_eq!(
            quote_data("a\x1b[2Jb\u{9b}\u{202e}\n"),
            "a\\x1b[2Jb\\x9b\\u{202e}\\n"
        );
        let long = "é".repeat(200);
        let q = quote_data(&long);
        assert_eq!(q.chars().count(), QUOTE_CHARS + 1);
        assert!(q.ends_with('…'));
        assert!(is_clean_message(&quote_data(OSC52)));
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            escape_html("<img src=x onerror=\"alert(1)\">&"),
            "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;"
        );
    }
}
