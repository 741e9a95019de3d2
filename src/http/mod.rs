//! What the two faces (the pages in `web`, the JSON API in `api`) share about HTTP: the
//! client's address, the request's language, conditional requests and the one responder for
//! content that carries a strong validator, and file downloads. Neither face imports the
//! other; both import this, the domain and `i18n`.

pub mod exports;

use std::{
    collections::HashMap,
    io::Cursor,
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

use rocket::{
    Request,
    http::{ContentType, Header, Status},
    request::{FromRequest, Outcome},
    response::{self, Responder, Response},
};

use crate::{App, i18n::Lang};

/// The plain cookie holding the chosen language.
pub const LANG_COOKIE: &str = "lang";

/// The client's address: the socket peer, or the configured trusted proxy header.
#[derive(Clone, Debug)]
pub struct ClientIp(pub Option<String>);

/// Reads the client's address without a guard (responders use it too).
#[must_use]
pub fn client_ip(req: &Request<'_>) -> Option<String> {
    let app = req.rocket().state::<App>();
    let header = app.and_then(|app| app.config.client_ip_header.as_deref());
    if let Some(value) = header.and_then(|header| req.headers().get_one(header)) {
        let first = value.split(',').next().unwrap_or(value).trim();
        return Some(first.chars().take(64).collect());
    }
    req.remote().map(|addr| addr.ip().to_string())
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for ClientIp {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        Outcome::Success(ClientIp(client_ip(req)))
    }
}

/// The request's language: the `lang` cookie, then `Accept-Language`, then zh-CN.
#[must_use]
pub fn request_lang(req: &Request<'_>) -> Lang {
    req.cookies()
        .get(LANG_COOKIE)
        .and_then(|c| Lang::from_tag(c.value()))
        .or_else(|| {
            req.headers()
                .get_one("Accept-Language")
                .and_then(Lang::negotiate)
        })
        .unwrap_or_default()
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Lang {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        Outcome::Success(request_lang(req))
    }
}

/// An attachment's bytes, always as a download: the browser never renders an upload inline
/// on Laurel's origin.
#[derive(rocket::Responder)]
pub struct Download {
    bytes: Vec<u8>,
    content_type: ContentType,
    disposition: Header<'static>,
}

impl Download {
    /// A download of `bytes` under a file name, of a (sniffed) content type.
    #[must_use]
    pub fn named(filename: &str, content_type: &str, bytes: Vec<u8>) -> Download {
        let content_type = ContentType::parse_flexible(content_type).unwrap_or(ContentType::Binary);
        let encoded = rocket::http::RawStr::new(filename)
            .percent_encode()
            .to_string();
        Download {
            bytes,
            content_type,
            disposition: Header::new(
                "Content-Disposition",
                format!("attachment; filename*=UTF-8''{encoded}"),
            ),
        }
    }
}

/// The request's `If-None-Match`, read as a guard.
pub struct IfNoneMatch(Option<String>);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for IfNoneMatch {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        Outcome::Success(IfNoneMatch(
            req.headers().get_one("If-None-Match").map(str::to_owned),
        ))
    }
}

impl IfNoneMatch {
    /// Whether the client holds `etag` (the header may list several, or be `*`).
    #[must_use]
    pub fn matches(&self, etag: &str) -> bool {
        self.0.as_deref().is_some_and(|header| {
            header
                .split(',')
                .any(|candidate| candidate.trim() == etag || candidate.trim() == "*")
        })
    }
}

/// Bytes a [`Cached`] answer sends: compiled in, or shared with a cache.
#[derive(Clone)]
pub enum Bytes {
    /// Compiled into the binary.
    Static(&'static [u8]),
    /// Held by a cache.
    Shared(Arc<[u8]>),
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        match self {
            Bytes::Static(bytes) => bytes,
            Bytes::Shared(bytes) => bytes,
        }
    }
}

/// Content that never changes under its strong validator: the body, or 304 Not Modified when
/// the client already holds it; always the ETag and how long a cache may keep it.
pub struct Cached {
    /// The bytes, unless the client holds them (then 304).
    pub body: Option<Bytes>,
    /// The strong validator, quoted.
    pub etag: String,
    /// The body's type.
    pub content_type: ContentType,
    /// `Cache-Control`.
    pub cache_control: &'static str,
    /// `Vary`, when the answer depends on more than the URL.
    pub vary: Option<&'static str>,
    /// `Content-Disposition`, for a download.
    pub disposition: Option<String>,
}

impl Cached {
    /// `body` under `etag`, or a 304 when `if_none_match` holds it already.
    #[must_use]
    pub fn new(
        if_none_match: &IfNoneMatch,
        etag: String,
        content_type: ContentType,
        body: impl FnOnce() -> Bytes,
    ) -> Cached {
        Cached {
            body: (!if_none_match.matches(&etag)).then(body),
            etag,
            content_type,
            cache_control: "public, max-age=60",
            vary: None,
            disposition: None,
        }
    }
}

impl<'r> Responder<'r, 'static> for Cached {
    fn respond_to(self, _: &'r Request<'_>) -> response::Result<'static> {
        let mut response = Response::build();
        response
            .raw_header("ETag", self.etag)
            .raw_header("Cache-Control", self.cache_control);
        if let Some(vary) = self.vary {
            response.raw_header("Vary", vary);
        }
        match self.body {
            Some(body) => {
                response.header(self.content_type);
                if let Some(disposition) = self.disposition {
                    response.raw_header("Content-Disposition", disposition);
                }
                response.sized_body(body.as_ref().len(), Cursor::new(body));
            }
            None => {
                response.status(Status::NotModified);
            }
        }
        response.ok()
    }
}

/// What a [`Memo`] keeps bytes under: a record, the language, and which rendering.
pub type MemoKey = (uuid::Uuid, &'static str, &'static str);

/// Bytes made alike for everyone who asks (a campaign's public ballot and its totals), kept
/// for a short time so that a crowd reads them from memory; each with its strong validator.
///
/// When the bytes grow old, one request makes them again while the others are given the old
/// ones meanwhile (for at most another `ttl`): a crowd never makes the same bytes many times
/// over at the same instant.
#[derive(Default)]
pub struct Memo {
    entries: RwLock<HashMap<MemoKey, Kept>>,
}

/// Bytes kept: when they were made, the bytes, their validator, and since when a request has
/// been making them again.
struct Kept {
    at: Instant,
    bytes: Arc<[u8]>,
    etag: String,
    renewing: Option<Instant>,
}

/// Entries a [`Memo`] keeps at most before it starts again.
const MEMO_MAX: usize = 1024;

impl Memo {
    /// The bytes under `key` and their validator, if made less than `ttl` ago, or if another
    /// request is making them again (since less than `ttl`). `None` tells the caller to make
    /// them and [`Memo::put`] them.
    #[must_use]
    pub fn get(&self, key: MemoKey, ttl: Duration) -> Option<(Arc<[u8]>, String)> {
        let shared = |kept: &Kept| Some((Arc::clone(&kept.bytes), kept.etag.clone()));
        {
            let entries = self.entries.read().ok()?;
            let kept = entries.get(&key)?;
            if kept.at.elapsed() < ttl || kept.renewing.is_some_and(|at| at.elapsed() < ttl) {
                return shared(kept);
            }
        }
        let mut entries = self.entries.write().ok()?;
        let kept = entries.get_mut(&key)?;
        if kept.at.elapsed() < ttl || kept.renewing.is_some_and(|at| at.elapsed() < ttl) {
            // Another request renewed them, or took it on, meanwhile.
            return shared(kept);
        }
        kept.renewing = Some(Instant::now());
        None
    }

    /// Keeps `bytes` under `key`; returns them shared, with their validator.
    pub fn put(&self, key: MemoKey, bytes: Vec<u8>) -> (Arc<[u8]>, String) {
        let etag = format!("\"{}\"", &crate::pii::sha256_hex(&bytes)[..32]);
        let bytes: Arc<[u8]> = Arc::from(bytes);
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= MEMO_MAX {
                entries.clear();
            }
            entries.insert(
                key,
                Kept {
                    at: Instant::now(),
                    bytes: Arc::clone(&bytes),
                    etag: etag.clone(),
                    renewing: None,
                },
            );
        }
        (bytes, etag)
    }
}

/// How long a public ballot is kept: its totals are read at most once a second.
pub const BALLOT_TTL: Duration = Duration::from_secs(1);

#[cfg(test)]
mod tests {
    use super::{IfNoneMatch, Memo};

    #[test]
    fn old_bytes_are_made_again_by_one_request_while_the_others_get_them_meanwhile() {
        let memo = Memo::default();
        let key = (uuid::Uuid::nil(), "", "test");
        let ttl = std::time::Duration::from_millis(50);
        assert!(memo.get(key, ttl).is_none(), "nothing kept yet");
        let (_, first) = memo.put(key, b"one".to_vec());
        assert_eq!(
            memo.get(key, ttl).map(|(_, etag)| etag),
            Some(first.clone())
        );
        std::thread::sleep(ttl);
        assert!(
            memo.get(key, ttl).is_none(),
            "the first to come makes them again"
        );
        let (bytes, etag) = memo.get(key, ttl).expect("the others get the old ones");
        assert_eq!((&*bytes, etag), (&b"one"[..], first.clone()));
        let (_, second) = memo.put(key, b"two".to_vec());
        assert_ne!(second, first);
        assert_eq!(memo.get(key, ttl).map(|(_, etag)| etag), Some(second));
        // A request that took it on and never came back is replaced after another `ttl`.
        std::thread::sleep(ttl);
        assert!(memo.get(key, ttl).is_none());
        assert!(memo.get(key, ttl).is_some());
        std::thread::sleep(ttl);
        assert!(memo.get(key, ttl).is_none(), "taken on again");
    }

    #[test]
    fn if_none_match_takes_a_list_and_the_wildcard() {
        let header = IfNoneMatch(Some("\"abc\", \"def\"".into()));
        assert!(header.matches("\"def\""));
        assert!(!header.matches("\"xyz\""));
        assert!(IfNoneMatch(Some("*".into())).matches("\"xyz\""));
        assert!(!IfNoneMatch(None).matches("\"xyz\""));
    }
}
