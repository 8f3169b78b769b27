//! A small JSON parser that keeps where every value and key starts (line and column,
//! 1-based, in characters), so problems can be pointed at in the text as typed; serde_json
//! only knows where it stopped. Strict RFC 8259; never panics, and nesting is bounded so
//! arbitrary input cannot overflow the stack.

/// A place in the text: 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number as written (JSON numbers are checked, not converted).
    Number(String),
    String(String),
    Array(Vec<Node>),
    /// Members in the order written; duplicates are kept (the grammar reports them).
    Object(Vec<Member>),
}

/// A value and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_pos: Pos,
    pub value: Node,
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn members(&self) -> Option<&[Member]> {
        match &self.value {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The first member named `key` (objects only).
    pub fn get(&self, key: &str) -> Option<&Member> {
        self.members()?.iter().find(|m| m.key == key)
    }

    /// What kind of value this is, for messages.
    pub fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "a list",
            Value::Object(_) => "an object",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
}

/// Deeper nesting than any policy needs is refused rather than recursed into.
pub const MAX_DEPTH: usize = 64;

/// The document in `text`, or the first syntax error with its position.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut p = Parser {
        bytes: text.as_bytes(),
        text,
        at: 0,
        line: 1,
        column: 1,
    };
    p.skip_ws();
    if p.peek().is_none() {
        return Err(p.error("the document is empty; expected a JSON object"));
    }
    let node = p.value(0)?;
    p.skip_ws();
    if p.peek().is_some() {
        return Err(p.error("unexpected text after the end of the document"));
    }
    Ok(node)
}

struct Parser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
    line: usize,
    column: usize,
}

impl Parser<'_> {
    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.column,
        }
    }

    fn error(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            pos: self.pos(),
            message: message.into(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Moves past one byte, counting lines and characters (continuation bytes of a
    /// multi-byte character do not start a new column).
    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        if b == b'\n' {
            self.line += 1;
            self.column = 1;
        } else if b & 0xC0 != 0x80 {
            self.column += 1;
        }
        Some(b)
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }

    /// What is at the cursor, quoted for a message.
    fn found(&self) -> String {
        match self.text.get(self.at..).and_then(|s| s.chars().next()) {
            None => "the end of the document".into(),
            Some(c) if c.is_control() => format!("{c:?}"),
            Some(c) => format!("'{c}'"),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error(format!("nested more than {MAX_DEPTH} levels deep")));
        }
        let pos = self.pos();
        let value = match self.peek() {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => Value::Number(self.number()?),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            _ => return Err(self.error(format!("expected a value, found {}", self.found()))),
        };
        Ok(Node { value, pos })
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, SyntaxError> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            for _ in 0..word.len() {
                self.bump();
            }
            Ok(value)
        } else {
            Err(self.error(format!("expected a value, found {}", self.found())))
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.bump(); // {
        let mut members = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.bump();
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                let what = if self.peek() == Some(b'}') {
                    "a key after the comma (a trailing comma is not allowed)".to_string()
                } else {
                    format!("a key in double quotes, found {}", self.found())
                };
                return Err(self.error(format!("expected {what}")));
            }
            let key_pos = self.pos();
            let key = self.string()?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.error(format!(
                    "expected ':' after the key \"{key}\", found {}",
                    self.found()
                )));
            }
            self.bump();
            self.skip_ws();
            let value = self.value(depth + 1)?;
            members.push(Member {
                key,
                key_pos,
                value,
            });
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    self.bump();
                }
                Some(b'}') => {
                    self.bump();
                    return Ok(Value::Object(members));
                }
                _ => {
                    return Err(self.error(format!(
                        "expected ',' or '}}' after a member, found {}",
                        self.found()
                    )))
                }
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.bump(); // [
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.bump();
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_ws();
            if self.peek() == Some(b']') {
                return Err(self
                    .error("expected a value after the comma (a trailing comma is not allowed)"));
            }
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    self.bump();
                }
                Some(b']') => {
                    self.bump();
                    return Ok(Value::Array(items));
                }
                _ => {
                    return Err(self.error(format!(
                        "expected ',' or ']' after a list item, found {}",
                        self.found()
                    )))
                }
            }
        }
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        let open = self.pos();
        self.bump(); // "
        let mut out = String::new();
        loop {
            let start = self.at;
            // Plain characters are copied as one slice (the cursor stays on a char boundary:
            // it only stops at ASCII bytes).
            let rest = &self.bytes[self.at..];
            let n = rest
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .unwrap_or(rest.len());
            // No line breaks in the run: only columns move (one per character).
            self.column += rest[..n].iter().filter(|&&b| b & 0xC0 != 0x80).count();
            self.at += n;
            out.push_str(self.text.get(start..self.at).unwrap_or_default());
            match self.peek() {
                None => {
                    return Err(SyntaxError {
                        pos: open,
                        message: "this string is never closed (missing '\"')".into(),
                    })
                }
                Some(b'"') => {
                    self.bump();
                    return Ok(out);
                }
                Some(b'\\') => out.push(self.escape()?),
                Some(_) => {
                    return Err(self.error(
                        "a control character (e.g. a line break) inside a string must be escaped",
                    ))
                }
            }
        }
    }

    fn escape(&mut self) -> Result<char, SyntaxError> {
        let at = self.pos();
        self.bump(); // backslash
        let bad = |what: &str| SyntaxError {
            pos: at,
            message: format!("invalid escape {what} in a string"),
        };
        let c = match self.bump() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let hi = self
                    .hex4()
                    .ok_or_else(|| bad("(\\u needs four hex digits)"))?;
                if (0xD800..0xDC00).contains(&hi) {
                    // A high surrogate must be followed by an escaped low one.
                    let low = if self.bytes[self.at..].starts_with(b"\\u") {
                        self.bump();
                        self.bump();
                        self.hex4()
                    } else {
                        None
                    };
                    match low {
                        Some(lo) if (0xDC00..0xE000).contains(&lo) => {
                            let code = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                            char::from_u32(code).ok_or_else(|| bad("(not a character)"))?
                        }
                        _ => return Err(bad("(an unpaired surrogate)")),
                    }
                } else {
                    char::from_u32(hi).ok_or_else(|| bad("(an unpaired surrogate)"))?
                }
            }
            _ => {
                return Err(bad(
                    "(only \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX exist)",
                ))
            }
        };
        Ok(c)
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.at..self.at + 4)?;
        let s = std::str::from_utf8(digits).ok()?;
        if !s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let v = u32::from_str_radix(s, 16).ok()?;
        for _ in 0..4 {
            self.bump();
        }
        Some(v)
    }

    fn number(&mut self) -> Result<String, SyntaxError> {
        let start = self.at;
        let digits = |p: &mut Self| {
            let from = p.at;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.bump();
            }
            p.at > from
        };
        if self.peek() == Some(b'-') {
            self.bump();
        }
        if self.peek() == Some(b'0') {
            self.bump();
            if matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("a number must not start with 0"));
            }
        } else if !digits(self) {
            return Err(self.error(format!("expected a digit, found {}", self.found())));
        }
        if self.peek() == Some(b'.') {
            self.bump();
            if !digits(self) {
                return Err(self.error("expected a digit after the decimal point"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.bump();
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.bump();
            }
            if !digits(self) {
                return Err(self.error("expected a digit in the exponent"));
            }
        }
        Ok(self
            .text
            .get(start..self.at)
            .unwrap_or_default()
            .to_string())
    }
}

/// `text` without the whitespace outside strings (what AWS counts is every character, so
/// this is what minifying saves). Works on invalid JSON too: only quotes and escapes matter.
pub fn minify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            out.push(c);
        }
    }
    out
}

/// The node as compact JSON (for quoting a Condition in a trace).
pub fn to_compact(node: &Node) -> String {
    let mut out = String::new();
    write_compact(node, &mut out);
    out
}

fn write_compact(node: &Node, out: &mut String) {
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    match &node.value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(n),
        Value::String(s) => out.push_str(&quote(s)),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_compact(item, out);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, m) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&quote(&m.key));
                out.push(':');
                write_compact(&m.value, out);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_where_they_start() {
        let doc =
            parse("{\r\n  \"a\": [1, \"é\", {\"b\": null}],\n\t\"c\": true\n}").expect("valid");
        let a = doc.get("a").expect("a");
        assert_eq!(a.key_pos, Pos { line: 2, column: 3 });
        assert_eq!(a.value.pos, Pos { line: 2, column: 8 });
        let Value::Array(items) = &a.value.value else {
            panic!("a list: {a:?}")
        };
        assert_eq!(
            items[2].pos,
            Pos {
                line: 2,
                column: 17
            },
            "é is one column"
        );
        assert_eq!(
            doc.get("c").map(|c| c.key_pos),
            Some(Pos { line: 3, column: 2 })
        );
    }

    #[test]
    fn escapes_decode_and_surrogates_pair() {
        let doc = parse(r#"["\ud83d\ude80 \u00e9\n\"\/"]"#).expect("valid");
        let Value::Array(items) = doc.value else {
            panic!("a list")
        };
        assert_eq!(items[0].as_str(), Some("🚀 é\n\"/"));
        let e = parse(r#"["\ud83d x"]"#).expect_err("unpaired");
        assert!(e.message.contains("unpaired surrogate"), "{e:?}");
        assert_eq!(e.pos, Pos { line: 1, column: 3 });
    }

    #[test]
    fn compact_output_round_trips() {
        let text = "{ \"a\" : [ 1.5e3 , \"x\\\"y\" , false , null ] }";
        let doc = parse(text).expect("valid");
        assert_eq!(to_compact(&doc), minify(text));
        let again = parse(&to_compact(&doc)).expect("still valid");
        assert_eq!(to_compact(&again), to_compact(&doc));
    }
}
