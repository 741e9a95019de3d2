//! The files under `public/`, compiled in and served from memory with a content hash as ETag.

use std::{collections::HashMap, path::PathBuf, sync::OnceLock};

use rocket::{Route, http::ContentType, routes};

use crate::http::{Bytes, Cached, IfNoneMatch};

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
fn asset(path: PathBuf, if_none_match: IfNoneMatch) -> Option<Cached> {
    let asset = assets().get(path.to_str()?)?;
    Some(Cached {
        cache_control: "public, max-age=3600",
        ..Cached::new(
            &if_none_match,
            asset.etag.clone(),
            asset.content_type.clone(),
            || Bytes::Static(asset.bytes),
        )
    })
}

/// The asset route (ranked after every page).
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![asset]
}
