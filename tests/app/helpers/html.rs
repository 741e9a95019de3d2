//! Reading rendered pages: a message as the zh-CN catalogue words it, and one element's markup.

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
