//! Request guards: who is signed in (then, layered on top, which role they hold). The client's
//! address and the language are the faces' shared guards, in `crate::http`.

use rocket::{
    Request, State,
    http::{Cookie, SameSite, Status},
    outcome::{IntoOutcome, try_outcome},
    request::{FromRequest, Outcome},
};

use crate::domain::actor::Role;
use crate::http::client_ip;
use crate::{App, domain::accounts, domain::actor::Actor};

/// The private cookie holding the session token.
pub const SESSION_COOKIE: &str = "laurel_session";
/// The signed-in user of this request, looked up once and cached for the request.
struct CachedActor(Option<Actor>);

/// The signed-in user, if any.
pub async fn current_actor<'r>(req: &'r Request<'_>) -> Option<&'r Actor> {
    req.local_cache_async(async {
        let Some(app) = req.rocket().state::<App>() else {
            return CachedActor(None);
        };
        let Some(token) = req.cookies().get_private(SESSION_COOKIE) else {
            return CachedActor(None);
        };
        let actor = accounts::session_actor(&app.db, token.value(), client_ip(req))
            .await
            .unwrap_or_else(|e| {
                rocket::error_!("session lookup: {e}");
                None
            });
        CachedActor(actor)
    })
    .await
    .0
    .as_ref()
}

/// The signed-in user is the cached one (sync access for responders).
#[must_use]
pub fn cached_actor<'r>(req: &'r Request<'_>) -> Option<&'r Actor> {
    req.local_cache(|| CachedActor(None)).0.as_ref()
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Actor {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        current_actor(req)
            .await
            .cloned()
            .or_error((Status::Unauthorized, ()))
    }
}

macro_rules! role_guard {
    ($(#[$doc:meta])* $name:ident, $role:path) => {
        $(#[$doc])*
        pub struct $name(pub Actor);

        #[rocket::async_trait]
        impl<'r> FromRequest<'r> for $name {
            type Error = ();

            async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
                let actor = try_outcome!(req.guard::<Actor>().await);
                if actor.role == $role {
                    Outcome::Success($name(actor))
                } else {
                    Outcome::Error((Status::Forbidden, ()))
                }
            }
        }
    };
}

role_guard!(
    /// The office (组织方): manages campaigns, units and users.
    Admin,
    Role::Admin
);
role_guard!(
    /// A unit's recommender: writes its unit's nominations.
    Recommender,
    Role::Recommender
);

/// A cookie with Laurel's attributes: HttpOnly, SameSite=Lax, Secure when configured.
#[must_use]
pub fn cookie(app: &State<App>, name: &'static str, value: String) -> Cookie<'static> {
    Cookie::build((name, value))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(app.config.secure_cookies)
        .path("/")
        .build()
}
