//! Security headers on every response, including a Content-Security-Policy (Rocket's Shield
//! has none, and is switched off so no header is set twice). Every asset is served by the app
//! itself, so `'self'` is all a page needs.
//!
//! What a response gets depends on what a browser can do with it. The framing, script and
//! feature policies act only on a document, so they go with pages and with anything a browser
//! might show as one (downloads, PDFs, images, errors). JSON is data: it gets the short policy
//! OWASP gives for APIs. The stylesheets and scripts compiled into the app (uploads are only
//! ever JPEG, PNG or PDF) need only `nosniff`; the longer set cost a tenth of the cheapest
//! responses' throughput (README, Performance) and did nothing for them.
//!
//! Every response that does not say it may be cached gets `Cache-Control: no-store`, and a
//! refusal for too many requests says when to retry.

use rocket::{
    Request, Response,
    fairing::{Fairing, Info, Kind},
    http::{Header, Status},
};

/// What a refusal for too many requests tells the client to wait, in seconds.
const RETRY_AFTER_SECONDS: u32 = 60;

/// The fairing adding the headers.
pub struct SecurityHeaders;

const NOSNIFF: (&str, &str) = ("X-Content-Type-Options", "nosniff");
const NO_FRAMES: (&str, &str) = ("X-Frame-Options", "DENY");

/// For pages and anything that might be shown as one.
const DOCUMENT: [(&str, &str); 6] = [
    (
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    ),
    NOSNIFF,
    NO_FRAMES,
    ("Referrer-Policy", "same-origin"),
    (
        "Permissions-Policy",
        "camera=(), microphone=(), geolocation=()",
    ),
    ("Cross-Origin-Opener-Policy", "same-origin"),
];

/// For JSON: it loads nothing, runs nothing and is framed nowhere.
const DATA: [(&str, &str); 3] = [
    (
        "Content-Security-Policy",
        "default-src 'none'; frame-ancestors 'none'",
    ),
    NOSNIFF,
    NO_FRAMES,
];

/// For the app's own stylesheets and scripts.
const ASSET: [(&str, &str); 1] = [NOSNIFF];

/// The headers for a response with this `Content-Type` (read as the header's text: parsing
/// it would cost the cheapest responses more than the check).
fn policies(content_type: Option<&str>) -> &'static [(&'static str, &'static str)] {
    let essence = content_type
        .and_then(|value| value.split(';').next())
        .unwrap_or_default()
        .trim();
    let is = |kind: &str| essence.eq_ignore_ascii_case(kind);
    if is("text/css") || is("text/javascript") {
        &ASSET
    } else if is("application/json") {
        &DATA
    } else {
        &DOCUMENT
    }
}

#[rocket::async_trait]
impl Fairing for SecurityHeaders {
    fn info(&self) -> Info {
        Info {
            name: "Security headers",
            kind: Kind::Response,
        }
    }

    async fn on_response<'r>(&self, _req: &'r Request<'_>, res: &mut Response<'r>) {
        for &(name, value) in policies(res.headers().get_one("Content-Type")) {
            res.set_header(Header::new(name, value));
        }
        // Only what says it may be kept is kept: the assets and published pages say so; every
        // other response may hold private data or a session's page (a CSRF token, a name).
        if !res.headers().contains("Cache-Control") {
            res.set_header(Header::new("Cache-Control", "no-store"));
        }
        if res.status() == Status::TooManyRequests && !res.headers().contains("Retry-After") {
            res.set_header(Header::new("Retry-After", RETRY_AFTER_SECONDS.to_string()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{ASSET, DATA, DOCUMENT, policies};

    #[test]
    fn only_stylesheets_scripts_and_json_get_less_than_a_page() {
        assert_eq!(policies(Some("text/css; charset=utf-8")), &ASSET);
        assert_eq!(policies(Some("Text/JavaScript")), &ASSET);
        assert_eq!(policies(Some("application/json")), &DATA);
        for other in [
            Some("text/html; charset=utf-8"),
            Some("application/pdf"),
            Some("image/svg+xml"),
            Some("image/png"),
            Some("text/plain"),
            Some("text/css-but-not"),
            None,
        ] {
            assert_eq!(policies(other), &DOCUMENT, "{other:?}");
        }
    }
}
