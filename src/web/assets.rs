//! The files under `public/`, compiled in and served from memory with a content hash as ETag.

use std::{collections::HashMap, path::PathBuf, sync::OnceLock};

use rocket::{
    Request, Route,
    http::{ContentType, Header, Status},
    response::{self, Responder, Response},
    routes,
};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub use embedded::TEMPLATES;

struct Asset {
    bytes: &'static [u8],
    content_type: ContentType,
    etag: String,
}

fn assets() -> &'static HashMap<&'static str, Asset> {
    static ASSETS: OnceLock<HashMap<&'static str, Asset>> = OnceLock::new();
    ASSETS.get_or_init(|| {
        embedded::PUBLIC
            .iter()
            .map(|(path, bytes)| {
                let extension = path.rsplit('.').next().unwrap_or_default();
                let content_type =
                    ContentType::from_extension(extension).unwrap_or(ContentType::Binary);
                let etag = format!("\"{}\"", &crate::pii::sha256_hex(bytes)[..16]);
                (
                    *path,
                    Asset {
                        bytes,
                        content_type,
                        etag,
                    },
                )
            })
            .collect()
    })
}

/// `asset(path="css/app.css")` in templates: the asset's URL with its content hash, so a new
/// release's files are fetched at once although browsers may cache each for an hour.
pub struct TeraAsset;

impl tera::Function for TeraAsset {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let path = args
            .get("path")
            .and_then(tera::Value::as_str)
            .ok_or_else(|| tera::Error::msg("asset() needs path=\"…\""))?;
        let asset = assets()
            .get(path)
            .ok_or_else(|| tera::Error::msg(format!("no asset {path}")))?;
        Ok(tera::Value::String(format!(
            "/{path}?v={}",
            asset.etag.trim_matches('"')
        )))
    }

    /// The URL is made of an embedded file's name and its hash: nothing a user supplied.
    fn is_safe(&self) -> bool {
        true
    }
}

/// An embedded asset, answering 304 when the client already has it.
pub struct Served {
    asset: &'static Asset,
    not_modified: bool,
}

impl<'r> Responder<'r, 'static> for Served {
    fn respond_to(self, _: &'r Request<'_>) -> response::Result<'static> {
        let mut response = Response::build();
        response
            .header(Header::new("ETag", self.asset.etag.clone()))
            .header(Header::new("Cache-Control", "public, max-age=3600"));
        if self.not_modified {
            response.status(Status::NotModified);
        } else {
            response.header(self.asset.content_type.clone()).sized_body(
                self.asset.bytes.len(),
                std::io::Cursor::new(self.asset.bytes),
            );
        }
        response.ok()
    }
}

/// Conditional-request header, read as a guard.
pub struct IfNoneMatch(Option<String>);

#[rocket::async_trait]
impl<'r> rocket::request::FromRequest<'r> for IfNoneMatch {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> rocket::request::Outcome<Self, Self::Error> {
        rocket::request::Outcome::Success(IfNoneMatch(
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

/// A hash of every compiled-in template: pages stored by an older release are not served by
/// a newer one.
pub fn templates_version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| {
        let mut all = Vec::new();
        for (name, source) in TEMPLATES {
            all.extend_from_slice(name.as_bytes());
            all.extend_from_slice(source.as_bytes());
        }
        crate::pii::sha256_hex(&all)[..12].to_owned()
    })
}

#[rocket::get("/<path..>", rank = 20)]
fn asset(path: PathBuf, if_none_match: IfNoneMatch) -> Option<Served> {
    let key = path.to_str()?;
    let asset = assets().get(key)?;
    let not_modified = if_none_match.matches(&asset.etag);
    Some(Served {
        asset,
        not_modified,
    })
}

/// The asset route (ranked after every page).
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![asset]
}

#[cfg(test)]
mod tests {
    use super::IfNoneMatch;

    #[test]
    fn if_none_match_takes_a_list_and_the_wildcard() {
        let header = IfNoneMatch(Some("\"abc\", \"def\"".into()));
        assert!(header.matches("\"def\""));
        assert!(!header.matches("\"xyz\""));
        assert!(IfNoneMatch(Some("*".into())).matches("\"xyz\""));
        assert!(!IfNoneMatch(None).matches("\"xyz\""));
    }
}
