//! Text from the API (names, policy documents) may hold control characters or escape
//! sequences. They are shown escaped so nothing reaches the terminal raw.

use std::borrow::Cow;

/// Replaces every control character with a visible escape such as `\x1b` or `\n`.
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
    // C0, DEL, C1 controls, and bidi overrides that could disguise text.
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
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

    #[test]
    fn pretty_prints_json() {
        assert_eq!(pretty_json("{\"a\":1}"), "{\n  \"a\": 1\n}");
        assert_eq!(pretty_json("not json"), "not json");
    }
}

/// Standard base64 (for OSC 52 clipboard writes).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | (b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod base64_tests {
    #[test]
    fn encodes_like_rfc4648() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foo"), "Zm9v");
        assert_eq!(super::base64(b"123456789012"), "MTIzNDU2Nzg5MDEy");
    }
}
