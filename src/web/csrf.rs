//! Cross-site request forgery protection (Rocket 0.5 has none built in).
//!
//! Every browser gets a random seed in a private (encrypted, authenticated) cookie, renewed at
//! sign-in and sign-out. Forms carry `_csrf`, the HMAC of a fixed label under that seed; a
//! state-changing request must carry it (as the first form field, or the `X-CSRF-Token`
//! header), compared in constant time, and must not come from another site (`Sec-Fetch-Site`,
//! `Origin`). The check runs in a fairing on every request, after Rocket's `_method` override,
//! so no route can forget it; a failing request is rerouted to a 403 page before any handler
//! runs. The JSON API is exempt: it takes bearer tokens, never cookies.

use rocket::{
    Data, Request, Route,
    fairing::{Fairing, Info, Kind},
    http::{CookieJar, Method, uri::Origin},
    routes,
};

use crate::{error::AppError, pii};

/// The private cookie holding the CSRF seed.
pub const CSRF_COOKIE: &str = "laurel_csrf";
/// The form field carrying the token.
pub const CSRF_FIELD: &str = "_csrf";
const REJECTED_PATH: &str = "/_csrf_rejected";

fn token_for(seed: &str) -> String {
    pii::hmac_sha256_hex(seed.as_bytes(), b"laurel-csrf-v1")
}

/// The token for this browser's forms, creating its seed on first use.
#[must_use]
pub fn token(cookies: &CookieJar<'_>, secure: bool) -> String {
    if let Some(seed) = cookies.get_private(CSRF_COOKIE) {
        return token_for(seed.value());
    }
    renew(cookies, secure)
}

/// Replaces the seed (at sign-in and sign-out), returning the new token.
pub fn renew(cookies: &CookieJar<'_>, secure: bool) -> String {
    let seed = pii::random_token(32).unwrap_or_else(|_| uuid::Uuid::new_v4().simple().to_string());
    let token = token_for(&seed);
    cookies.add_private(
        rocket::http::Cookie::build((CSRF_COOKIE, seed))
            .http_only(true)
            .same_site(rocket::http::SameSite::Lax)
            .secure(secure)
            .path("/"),
    );
    token
}

/// The `_csrf` value in the first bytes of a urlencoded or multipart body.
fn token_in_body(head: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(head);
    if let Some(start) = text.find("name=\"_csrf\"") {
        // multipart: the value follows the part's blank line.
        let rest = &text[start..];
        let value = rest.split("\r\n\r\n").nth(1)?;
        return Some(value.split("\r\n").next()?.trim().to_owned());
    }
    text.split('&')
        .find_map(|pair| pair.strip_prefix("_csrf="))
        .map(|v| v.chars().take_while(char::is_ascii_hexdigit).collect())
}

fn cross_site(req: &Request<'_>) -> bool {
    if req.headers().get_one("Sec-Fetch-Site") == Some("cross-site") {
        return true;
    }
    match (
        req.headers().get_one("Origin"),
        req.headers().get_one("Host"),
    ) {
        (Some(origin), Some(host)) => {
            let origin_host = origin.split("://").nth(1).unwrap_or(origin);
            origin_host != host
        }
        (Some(_), None) => true,
        _ => false,
    }
}

/// The fairing that checks every state-changing request.
pub struct CsrfFairing;

#[rocket::async_trait]
impl Fairing for CsrfFairing {
    fn info(&self) -> Info {
        Info {
            name: "CSRF",
            kind: Kind::Request,
        }
    }

    async fn on_request(&self, req: &mut Request<'_>, data: &mut Data<'_>) {
        if matches!(req.method(), Method::Get | Method::Head | Method::Options)
            || req.uri().path().starts_with("/api/")
        {
            return;
        }
        let expected = req
            .cookies()
            .get_private(CSRF_COOKIE)
            .map(|seed| token_for(seed.value()));
        let sent = match req.headers().get_one("X-CSRF-Token") {
            Some(header) => Some(header.to_owned()),
            None => token_in_body(data.peek(512).await),
        };
        let valid = match (expected, sent) {
            (Some(expected), Some(sent)) => {
                pii::constant_time_eq(expected.as_bytes(), sent.as_bytes())
            }
            _ => false,
        };
        if !valid || cross_site(req) {
            req.set_method(Method::Get);
            req.set_uri(Origin::parse(REJECTED_PATH).expect("a valid static path"));
        }
    }
}

#[rocket::get("/_csrf_rejected")]
fn rejected() -> AppError {
    AppError::Csrf
}

/// The page a rejected request is rerouted to.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![rejected]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_is_found_in_a_urlencoded_body() {
        assert_eq!(
            token_in_body(b"_method=put&_csrf=abc123&x=1").as_deref(),
            Some("abc123")
        );
    }

    #[test]
    fn token_is_found_in_a_multipart_body() {
        let body =
            b"--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ndeadbeef\r\n--XyZ\r\n";
        assert_eq!(token_in_body(body).as_deref(), Some("deadbeef"));
    }

    #[test]
    fn a_body_without_a_token_has_none() {
        assert_eq!(token_in_body(b"title=x&csrf=1").as_deref(), None);
    }
}
