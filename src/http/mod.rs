//! What the two faces (the pages in `web`, the JSON API in `api`) share about HTTP: the
//! client's address, the request's language, and file downloads. Neither face imports the
//! other; both import this, the domain and `i18n`.

use rocket::{
    Request,
    http::{ContentType, Header},
    request::{FromRequest, Outcome},
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
