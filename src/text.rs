//! Text from the API (names, policy documents) may hold control characters, escape
//! sequences, or characters whose width terminals disagree on. They are shown escaped so
//! nothing reaches the terminal raw and a row is as wide as the layout assumed.

use std::borrow::Cow;

/// Replaces every control character, and every character terminals disagree on (see
/// `needs_escape`), with a visible escape such as `\x1b`, `\n` or `\u{200b}`.
pub fn safe(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs_escape(c) {
            match c {
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
                c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Like `safe`, but keeps newlines (for multi-line policy documents).
pub fn safe_multiline(s: &str) -> String {
    s.split('\n')
        .map(|line| safe(line).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

fn needs_escape(c: char) -> bool {
    c.is_control() || invisible_or_ambiguous(c)
}

/// Characters that draw nothing, or whose width terminals (and ratatui) disagree on, and
/// marks that reorder text: shown raw they shift borders, leave junk cells, or disguise a
/// name. Mostly Unicode's Default_Ignorable_Code_Point set, plus fillers and separators.
fn invisible_or_ambiguous(c: char) -> bool {
    matches!(c,
        // Soft hyphen, combining grapheme joiner, Arabic letter mark (bidi).
        '\u{ad}' | '\u{34f}' | '\u{61c}'
        // Hangul fillers: blank, yet some terminals give them a width of 2.
        | '\u{115f}' | '\u{1160}' | '\u{3164}' | '\u{ffa0}'
        // Khmer inherent vowels, Mongolian variation selectors and vowel separator.
        | '\u{17b4}' | '\u{17b5}' | '\u{180b}'..='\u{180f}'
        // Zero-width space, ZWNJ, ZWJ (joins emoji sequences), LRM, RLM.
        | '\u{200b}'..='\u{200f}'
        // Line and paragraph separators: some terminals break the line.
        | '\u{2028}' | '\u{2029}'
        // Bidi embeddings and overrides (LRE, RLE, PDF, LRO, RLO).
        | '\u{202a}'..='\u{202e}'
        // Word joiner, invisible operators, bidi isolates, deprecated format characters.
        | '\u{2060}'..='\u{206f}'
        // Braille blank: looks like a space, is not one.
        | '\u{2800}'
        // Variation selectors (text/emoji presentation changes the width).
        | '\u{fe00}'..='\u{fe0f}'
        // Byte order mark / zero-width no-break space.
        | '\u{feff}'
        // Reserved format characters and interlinear annotations.
        | '\u{fff0}'..='\u{fffb}'
        // Shorthand format controls, musical formatting.
        | '\u{1bca0}'..='\u{1bca3}' | '\u{1d173}'..='\u{1d17a}'
        // Tags (emoji flag sequences) and variation selectors supplement.
        | '\u{e0000}'..='\u{e0fff}'
    )
}

/// Pretty-prints JSON policy content; returns it unchanged when it is not JSON.
pub fn pretty_json(content: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(content) {
        Ok(v) => serde_json::to_string_pretty(&v).unwrap_or_else(|_| content.to_string()),
        Err(_) => content.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_control_characters() {
        assert_eq!(safe("plain"), "plain");
        assert_eq!(safe("a\u{1b}[31mb"), "a\\x1b[31mb");
        assert_eq!(safe("x\ny"), "x\\ny");
        assert_eq!(safe("\u{9b}"), "\\x9b");
        assert_eq!(safe_multiline("a\nb\u{7}"), "a\nb\\x07");
    }

    /// Escapes each of `chars` in the middle of a name, and checks that the result is
    /// exactly as wide as ratatui measures it and as many cells as it has characters.
    fn assert_escaped(class: &str, chars: &[char]) {
        use unicode_width::UnicodeWidthStr;
        for &c in chars {
            let name = format!("a{c}b");
            let shown = safe(&name);
            let want = format!("a\\u{{{:x}}}b", c as u32);
            let want = if (c as u32) < 0x100 {
                format!("a\\x{:02x}b", c as u32)
            } else {
                want
            };
            assert_eq!(shown, want, "{class}: U+{:04X}", c as u32);
            assert!(shown.is_ascii(), "{class}: U+{:04X}", c as u32);
            assert_eq!(shown.width(), shown.len(), "{class}: U+{:04X}", c as u32);
            assert_eq!(rendered(&shown), shown, "{class}: U+{:04X}", c as u32);
        }
    }

    /// What ratatui puts in the cells of a row when it draws `s`.
    fn rendered(s: &str) -> String {
        use ratatui::buffer::Buffer;
        use ratatui::layout::Rect;
        use ratatui::text::Line;
        use ratatui::widgets::Widget;
        use unicode_width::UnicodeWidthStr;
        let area = Rect::new(0, 0, 40, 1);
        let mut buf = Buffer::empty(area);
        Line::raw(s).render(area, &mut buf);
        // Walk the row as a terminal does: a wide symbol covers the cells after it.
        let (mut row, mut x) = (String::new(), 0);
        while x < area.width {
            let symbol = buf[(x, 0)].symbol();
            row.push_str(symbol);
            x += (symbol.width() as u16).max(1);
        }
        row.trim_end().to_string()
    }

    #[test]
    fn escapes_zero_width_characters() {
        let zero_width = [
            '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{ad}',
        ];
        assert_escaped("zero-width", &zero_width);
    }

    #[test]
    fn escapes_fillers() {
        let fillers = ['\u{3164}', '\u{115f}', '\u{1160}', '\u{ffa0}', '\u{2800}'];
        assert_escaped("filler", &fillers);
    }

    #[test]
    fn escapes_variation_selectors_and_tags() {
        let selectors = [
            '\u{fe00}',
            '\u{fe0e}',
            '\u{fe0f}',
            '\u{e0100}',
            '\u{e01ef}',
            '\u{e0067}',
        ];
        assert_escaped("variation selector", &selectors);
    }

    #[test]
    fn escapes_bidi_controls() {
        let bidi = [
            '\u{200e}', '\u{200f}', '\u{61c}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}',
            '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
        ];
        assert_escaped("bidi", &bidi);
    }

    #[test]
    fn escapes_line_separators() {
        assert_escaped("separator", &['\u{2028}', '\u{2029}', '\u{85}']);
    }

    #[test]
    fn zwj_sequences_fall_apart_into_their_visible_parts() {
        // Family: man, woman, girl. Terminals show it as one glyph (2 cells) or three (6).
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        let shown = safe(family);
        assert_eq!(shown, "\u{1f468}\\u{200d}\u{1f469}\\u{200d}\u{1f467}");
        // Heart with emoji presentation: 1 or 2 cells depending on the terminal.
        assert_eq!(safe("\u{2764}\u{fe0f}"), "\u{2764}\\u{fe0f}");
        // What is left is as wide in ratatui as unicode-width says, cell for cell.
        use unicode_width::UnicodeWidthStr;
        assert_eq!(shown.width(), 3 * 2 + 2 * "\\u{200d}".len());
        assert_eq!(rendered(&shown), shown);
    }

    #[test]
    fn keeps_text_terminals_agree_on() {
        // Accents (precomposed and combining), CJK, plain emoji, and ordinary spaces.
        for s in [
            "Zürich",
            "e\u{301}t\u{e9}",
            "東京 本社",
            "prod \u{1f680}",
            "a b",
        ] {
            assert!(matches!(safe(s), Cow::Borrowed(_)), "{s:?} was changed");
        }
    }

    #[test]
    fn pretty_prints_json() {
        assert_eq!(pretty_json("{\"a\":1}"), "{\n  \"a\": 1\n}");
        assert_eq!(pretty_json("not json"), "not json");
    }
}
