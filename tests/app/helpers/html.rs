//! Reading rendered pages: a message as the zh-CN catalogue words it, one element's markup,
//! the texts of a kind of element, and a published document's sections.

use laurel::i18n::{Lang, translate};

/// The zh-CN catalogue's text for `key` with `args`.
pub fn zh(key: &str, args: &[(&str, String)]) -> String {
    translate(Lang::ZhCn, key, args)
}

/// The markup inside the element with `id`, up to the first `close` after it.
pub fn element(html: &str, id: &str, close: &str) -> String {
    after(html, &format!("id=\"{id}\""), close)
}

/// The markup after the first tag holding `marker` (from the end of that tag) up to the first
/// `close` after it; empty when `marker` is not there.
pub fn after(html: &str, marker: &str, close: &str) -> String {
    html.split(marker)
        .nth(1)
        .and_then(|rest| rest.split_once('>'))
        .and_then(|(_, rest)| rest.split(close).next())
        .unwrap_or_default()
        .to_owned()
}

/// The text of an HTML fragment as a reader sees it (Tera's escapes undone).
pub fn unescape(html: &str) -> String {
    html.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Every `<tag class="class">…</tag>` text of a page, in order.
pub fn texts(html: &str, open: &str, close: &str) -> Vec<String> {
    html.split(open)
        .skip(1)
        .map(|rest| unescape(rest.split(close).next().unwrap_or_default().trim()))
        .collect()
}

/// A published document's category headings, each with its lines, as the page shows them.
pub fn sections(html: &str) -> Vec<(String, Vec<String>)> {
    sections_headed(html, "h2")
}

/// A page's category sections whose headings are `<heading>` elements, each with its lines.
pub fn sections_headed(html: &str, heading: &str) -> Vec<(String, Vec<String>)> {
    html.split("<section class=\"honor-section\">")
        .skip(1)
        .map(|section| {
            let name = texts(section, &format!("<{heading}>"), &format!("</{heading}>")).remove(0);
            (name, texts(section, "<span class=\"line\">", "</span>"))
        })
        .collect()
}
