//! A single-line text field: the text, a cursor, and the edits people expect from one
//! (move by character, jump to either end, delete either side, paste). No terminal code:
//! dialogs own one and draw it with [`LineInput::window`].

use unicode_width::UnicodeWidthChar;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    /// Byte offset of the cursor, always on a character boundary.
    cursor: usize,
    /// The text is the current value, shown selected: the first character typed replaces it.
    fresh: bool,
}

impl LineInput {
    /// A field holding `text` (the current value), cursor at the end. Typing replaces it;
    /// moving the cursor or deleting edits it instead.
    pub fn with_value(text: &str) -> LineInput {
        LineInput {
            text: text.to_string(),
            cursor: text.len(),
            fresh: !text.is_empty(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the text is still the untouched current value.
    pub fn is_fresh(&self) -> bool {
        self.fresh
    }

    /// Cursor position in characters from the start.
    pub fn cursor_chars(&self) -> usize {
        self.text[..self.cursor].chars().count()
    }

    /// Inserts a character at the cursor. Control characters are refused: the field holds
    /// one line of plain text.
    pub fn insert(&mut self, c: char) {
        if c.is_control() {
            return;
        }
        if self.fresh {
            self.text.clear();
            self.cursor = 0;
            self.fresh = false;
        }
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
    }

    /// Inserts pasted text; line breaks and tabs become spaces, other control characters go.
    pub fn paste(&mut self, s: &str) {
        for c in s.chars() {
            match c {
                '\n' | '\r' | '\t' => self.insert(' '),
                c => self.insert(c),
            }
        }
    }

    /// Deletes the character before the cursor.
    pub fn backspace(&mut self) {
        self.fresh = false;
        if let Some(c) = self.text[..self.cursor].chars().next_back() {
            self.cursor -= c.len_utf8();
            self.text.remove(self.cursor);
        }
    }

    /// Deletes the character under the cursor.
    pub fn delete(&mut self) {
        self.fresh = false;
        if self.cursor < self.text.len() {
            self.text.remove(self.cursor);
        }
    }

    pub fn left(&mut self) {
        self.fresh = false;
        if let Some(c) = self.text[..self.cursor].chars().next_back() {
            self.cursor -= c.len_utf8();
        }
    }

    pub fn right(&mut self) {
        self.fresh = false;
        if let Some(c) = self.text[self.cursor..].chars().next() {
            self.cursor += c.len_utf8();
        }
    }

    pub fn home(&mut self) {
        self.fresh = false;
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.fresh = false;
        self.cursor = self.text.len();
    }

    /// Empties the field.
    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
        self.fresh = false;
    }

    /// The part of the text to show in `width` columns so the cursor stays visible, and the
    /// cursor's column inside it. Wide characters (CJK, emoji) take two columns.
    pub fn window(&self, width: usize) -> (String, usize) {
        let width = width.max(2);
        let chars: Vec<(usize, char)> = self.text.char_indices().collect();
        let cur = chars
            .iter()
            .position(|&(b, _)| b >= self.cursor)
            .unwrap_or(chars.len());
        let w = |c: char| c.width().unwrap_or(0);
        // Start from the cursor and take characters to the left while they fit, keeping one
        // column for the cursor itself.
        let mut start = cur;
        let mut used = 1;
        while start > 0 && used + w(chars[start - 1].1) <= width {
            start -= 1;
            used += w(chars[start].1);
        }
        let mut out = String::new();
        let mut col = 0;
        let mut cursor_col = 0;
        for (k, &(_, c)) in chars.iter().enumerate().skip(start) {
            if k == cur {
                cursor_col = col;
            }
            if col + w(c) > width {
                break;
            }
            out.push(c);
            col += w(c);
        }
        if cur == chars.len() {
            cursor_col = col;
        }
        (out, cursor_col.min(width.saturating_sub(1)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_replaces_a_fresh_value_and_editing_keeps_it() {
        let mut i = LineInput::with_value("1500");
        i.insert('9');
        assert_eq!(i.text(), "9");
        let mut i = LineInput::with_value("1500");
        i.backspace();
        assert_eq!(i.text(), "150");
        let mut i = LineInput::with_value("1500");
        i.home();
        i.insert('$');
        assert_eq!(i.text(), "$1500");
    }

    #[test]
    fn cursor_moves_by_character_over_multibyte_text() {
        let mut i = LineInput::default();
        i.paste("héllo 世界");
        assert_eq!(i.cursor_chars(), 8);
        i.left();
        i.left();
        i.insert('!');
        assert_eq!(i.text(), "héllo !世界");
        i.home();
        i.right();
        i.delete();
        assert_eq!(i.text(), "hllo !世界");
        i.end();
        i.backspace();
        assert_eq!(i.text(), "hllo !世");
        // Nothing to delete past either end.
        i.delete();
        i.home();
        i.backspace();
        assert_eq!(i.text(), "hllo !世");
    }

    #[test]
    fn paste_flattens_lines_and_drops_control_characters() {
        let mut i = LineInput::default();
        i.paste("call\nback\x1b[31m\tsoon");
        assert_eq!(i.text(), "call back[31m soon");
    }

    #[test]
    fn window_keeps_the_cursor_visible() {
        let mut i = LineInput::default();
        i.paste("abcdefghij");
        assert_eq!(i.window(5), ("ghij".to_string(), 4));
        i.home();
        assert_eq!(i.window(5), ("abcde".to_string(), 0));
        i.right();
        i.right();
        assert_eq!(i.window(20), ("abcdefghij".to_string(), 2));
        let mut wide = LineInput::default();
        wide.paste("世界世界");
        let (text, col) = wide.window(5);
        assert_eq!((text.as_str(), col), ("世界", 4));
    }
}
