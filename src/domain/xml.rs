//! Text inside XML, escaped once for every place that writes XML by hand: the server-drawn SVG
//! charts and the Atom feed. Both carry user input (reviewer names, titles).

/// Escapes text for XML content and attribute values; drops control characters XML 1.0 does
/// not allow (keeping line breaks and tabs).
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_quotes_and_control_characters_never_pass_through() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>\u{7}\n"),
            "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;\n"
        );
    }
}
