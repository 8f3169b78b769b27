//! The one text field used by every prompt, picker and the filter: a line of text with a
//! cursor, the editing keys people expect (from the keymap's text layer) and paste.

use std::ops::Deref;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::keymap::{action_for, Action, Scope};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// The cursor, as a count of chars before it.
    cursor: usize,
}

impl TextInput {
    /// A field holding `text`, with the cursor at its end.
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        let cursor = text.chars().count();
        TextInput { text, cursor }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The text before and after the cursor (for drawing it).
    pub fn split_at_cursor(&self) -> (&str, &str) {
        self.text.split_at(self.byte_at(self.cursor))
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    /// Applies an editing key; `true` when the text changed. Keys that are neither
    /// editing keys nor printable characters are left to the caller.
    pub fn on_key(&mut self, key: &KeyEvent) -> bool {
        match action_for(Scope::Text, key) {
            Some(action) => self.edit(action),
            None => match key.code {
                KeyCode::Char(c)
                    if !key
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
                {
                    self.insert(&c.to_string())
                }
                _ => false,
            },
        }
    }

    /// Inserts pasted text at the cursor. Line breaks and tabs become spaces and other
    /// control characters are dropped, so a paste never submits or confirms anything.
    pub fn paste(&mut self, text: &str) -> bool {
        let clean: String = text
            .trim_end_matches(['\r', '\n'])
            .chars()
            .filter_map(|c| match c {
                '\r' | '\n' | '\t' => Some(' '),
                c if c.is_control() => None,
                c => Some(c),
            })
            .collect();
        self.insert(&clean)
    }

    fn insert(&mut self, s: &str) -> bool {
        if s.is_empty() || s.chars().any(char::is_control) {
            return false;
        }
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, s);
        self.cursor += s.chars().count();
        true
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Removes the chars in `from..to` (char positions); `true` when any were.
    fn remove(&mut self, from: usize, to: usize) -> bool {
        if from >= to {
            return false;
        }
        let (a, b) = (self.byte_at(from), self.byte_at(to));
        self.text.replace_range(a..b, "");
        self.cursor = from;
        true
    }

    /// Where the word before the cursor starts (spaces before it belong to it).
    fn word_start(&self) -> usize {
        let before: Vec<char> = self.text.chars().take(self.cursor).collect();
        let mut at = before.len();
        while at > 0 && before[at - 1].is_whitespace() {
            at -= 1;
        }
        while at > 0 && !before[at - 1].is_whitespace() {
            at -= 1;
        }
        at
    }

    fn edit(&mut self, action: Action) -> bool {
        match action {
            Action::CursorLeft => self.cursor = self.cursor.saturating_sub(1),
            Action::CursorRight => self.cursor = (self.cursor + 1).min(self.len()),
            Action::LineStart => self.cursor = 0,
            Action::LineEnd => self.cursor = self.len(),
            Action::DeleteBack => return self.remove(self.cursor.saturating_sub(1), self.cursor),
            Action::DeleteForward => {
                return self.remove(self.cursor, (self.cursor + 1).min(self.len()))
            }
            Action::DeleteWordBack => return self.remove(self.word_start(), self.cursor),
            Action::ClearLine => return self.remove(0, self.cursor),
            _ => {}
        }
        false
    }
}

impl Deref for TextInput {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl PartialEq<&str> for TextInput {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl From<&str> for TextInput {
    fn from(s: &str) -> Self {
        TextInput::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }
    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }
    fn typed(s: &str) -> TextInput {
        let mut t = TextInput::default();
        for c in s.chars() {
            t.on_key(&key(KeyCode::Char(c)));
        }
        t
    }

    #[test]
    fn typing_inserts_at_the_cursor() {
        let mut t = typed("prd");
        t.on_key(&key(KeyCode::Left));
        t.on_key(&key(KeyCode::Char('o')));
        assert_eq!(t.as_str(), "prod");
        assert_eq!(t.split_at_cursor(), ("pro", "d"));
    }

    #[test]
    fn home_end_and_emacs_keys_move_the_cursor() {
        let mut t = typed("Workloads");
        t.on_key(&key(KeyCode::Home));
        t.on_key(&key(KeyCode::Char('>')));
        t.on_key(&ctrl('e'));
        t.on_key(&key(KeyCode::Char('<')));
        t.on_key(&ctrl('a'));
        t.on_key(&key(KeyCode::Right));
        assert_eq!(t.split_at_cursor(), (">", "Workloads<"));
        t.on_key(&key(KeyCode::End));
        assert_eq!(t.split_at_cursor(), (">Workloads<", ""));
    }

    #[test]
    fn backspace_and_delete_remove_one_char_either_side() {
        let mut t = typed("abcd");
        t.on_key(&key(KeyCode::Left));
        t.on_key(&key(KeyCode::Left));
        assert!(t.on_key(&key(KeyCode::Backspace)));
        assert_eq!(t.as_str(), "acd");
        assert!(t.on_key(&key(KeyCode::Delete)));
        assert_eq!(t.as_str(), "ad");
        t.on_key(&key(KeyCode::Home));
        assert!(
            !t.on_key(&key(KeyCode::Backspace)),
            "nothing before the cursor"
        );
        t.on_key(&key(KeyCode::End));
        assert!(!t.on_key(&key(KeyCode::Delete)), "nothing after the cursor");
    }

    #[test]
    fn ctrl_w_deletes_the_word_before_the_cursor_and_ctrl_u_the_line_before_it() {
        let mut t = typed("Root / Work loads  ");
        assert!(t.on_key(&ctrl('w')));
        assert_eq!(t.as_str(), "Root / Work ");
        t.on_key(&key(KeyCode::Left));
        t.on_key(&key(KeyCode::Left));
        assert!(t.on_key(&ctrl('u')));
        assert_eq!(t.as_str(), "k ");
        assert_eq!(t.split_at_cursor(), ("", "k "));
    }

    #[test]
    fn multibyte_text_is_edited_by_chars() {
        let mut t = typed("zürich-ü");
        t.on_key(&key(KeyCode::Backspace));
        t.on_key(&key(KeyCode::Backspace));
        assert_eq!(t.as_str(), "zürich");
        t.on_key(&key(KeyCode::Home));
        t.on_key(&key(KeyCode::Right));
        t.on_key(&key(KeyCode::Delete));
        assert_eq!(t.as_str(), "zrich");
        assert_eq!(t.split_at_cursor(), ("z", "rich"));
    }

    #[test]
    fn a_pasted_newline_becomes_a_space_and_a_trailing_one_is_dropped() {
        let mut t = typed("a");
        assert!(t.paste("Prod\nPayments\r\n"));
        assert_eq!(t.as_str(), "aProd Payments");
        assert!(t.paste("\u{1b}[31mx\t"));
        assert_eq!(t.as_str(), "aProd Payments[31mx ");
        assert!(!t.paste("\n"));
    }

    #[test]
    fn control_chords_that_are_not_editing_keys_are_left_alone() {
        let mut t = typed("x");
        assert!(!t.on_key(&ctrl('r')));
        assert!(!t.on_key(&key(KeyCode::Enter)));
        assert!(!t.on_key(&key(KeyCode::Esc)));
        assert_eq!(t.as_str(), "x");
    }
}
