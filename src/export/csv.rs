//! `--format csv`: one row per account, RFC 4180 (CRLF line ends, fields with a comma,
//! quote or line break quoted, quotes doubled). Control characters are written as visible
//! escapes (`\n`, `\x1b`), so every row is one line and nothing reaches a terminal raw.

use super::Index;
use crate::text::safe;

const HEADER: [&str; 8] = [
    "id",
    "name",
    "email",
    "state",
    "joined_method",
    "joined_at",
    "parent_id",
    "ou_path",
];

pub(super) fn render(index: &Index) -> String {
    let mut out = String::new();
    row(&mut out, HEADER.iter().copied());
    for (parent, a) in index.accounts_in_order() {
        let path = index.path(parent);
        row(
            &mut out,
            [
                a.id.as_str(),
                &a.name,
                &a.email,
                a.state.as_api_str(),
                &a.joined_method,
                &a.joined_at,
                parent,
                &path,
            ],
        );
    }
    out
}

fn row<'a>(out: &mut String, fields: impl IntoIterator<Item = &'a str>) {
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&field(f));
    }
    out.push_str("\r\n");
}

/// One field, quoted when it must be.
fn field(text: &str) -> String {
    let text = safe(text);
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_are_quoted_only_when_they_must_be() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "two\\nlines");
        assert_eq!(field("\u{1b}[31mred"), "\\x1b[31mred");
        assert_eq!(field("<Prod> ünïcødé 🚀"), "<Prod> ünïcødé 🚀");
    }
}
