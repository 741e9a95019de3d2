//! Security headers on every response, including a Content-Security-Policy (Rocket's Shield
//! has none). Every asset is served by the app itself, so `'self'` is all a page needs.

use rocket::{
    Request, Response,
    fairing::{Fairing, Info, Kind},
    http::Header,
};

/// The fairing adding the headers.
pub struct SecurityHeaders;

const HEADERS: [(&str, &str); 6] = [
    (
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    (
        "Permissions-Policy",
        "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    ),
    ("Cross-Origin-Opener-Policy", "same-origin"),
];

#[rocket::async_trait]
impl Fairing for SecurityHeaders {
    fn info(&self) -> Info {
        Info {
            name: "Security headers",
            kind: Kind::Response,
        }
    }

    async fn on_response<'r>(&self, _req: &'r Request<'_>, res: &mut Response<'r>) {
        for (name, value) in HEADERS {
            res.set_header(Header::new(name, value));
        }
    }
}
