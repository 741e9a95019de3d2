//! The application's mounted routes, as shapes a test can list: every segment that is a
//! parameter (or, in a concrete path, an id or a language tag) written `_`.

use rocket::http::Method;

use super::test_app::TestApp;

/// A path as its route's shape: `/notices/<id>/json` and `/notices/0191…/json` both give
/// `/notices/_/json`.
pub fn route_shape(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            let dynamic = segment.starts_with('<')
                || uuid::Uuid::try_parse(segment).is_ok()
                || segment == "zh-CN"
                || segment == "en";
            if dynamic { "_" } else { segment }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Every mounted route whose method `keep` accepts: its method and shape.
pub fn mounted(app: &TestApp, keep: impl Fn(Method) -> bool) -> Vec<(Method, String)> {
    app.client
        .rocket()
        .routes()
        .filter(|route| keep(route.method))
        .map(|route| (route.method, route_shape(route.uri.path())))
        .collect()
}
