//! API: public online voting. Anyone reads a ballot, asks for a one-time code, verifies it for
//! a pass, and votes with the pass in the `X-Vote-Pass` header; no token is needed. The office
//! reads the votes held as bursts and accepts or rejects them.

use rocket::{
    Request, Route, State, get,
    outcome::Outcome,
    post,
    request::{self, FromRequest},
    routes,
    serde::json::Json,
};
use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use utoipa::ToSchema;

use crate::{
    App,
    api::{ApiActor, error::ApiResult, json::Body, views::ApiErrorView},
    domain::{
        ids::{CampaignId, NominationId},
        voting::{self, Ballot, Cast, Challenge, CodeInput, HeldDecision, HeldGroup, VerifyInput},
    },
    http::{BALLOT_TTL, Bytes, Cached, ClientIp, IfNoneMatch, Memo},
};

/// A verified voter's pass, as sent in the `X-Vote-Pass` header.
pub struct VotePass(Option<String>);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for VotePass {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> request::Outcome<Self, Self::Error> {
        Outcome::Success(VotePass(
            req.headers()
                .get_one("X-Vote-Pass")
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty()),
        ))
    }
}

/// A code on its way.
#[derive(Serialize, ToSchema)]
pub struct CodeSentView {
    /// Minutes the code lasts.
    pub minutes: i64,
}

/// What a verified voter votes with.
#[derive(Serialize, ToSchema)]
pub struct PassView {
    /// The pass: send it as `X-Vote-Pass` with each vote. It is shown once.
    pub pass: String,
    /// When it ends (RFC 3339).
    pub expires_at: String,
}

/// What the office's decision changed.
#[derive(Serialize, ToSchema)]
pub struct HeldDecidedView {
    /// Votes accepted or rejected.
    pub votes: u64,
}

/// A campaign's ballot in its voting stage: candidates (public fields only), the totals when
/// shown, and with a pass what the voter has left today.
#[utoipa::path(get, path = "/api/v1/votes/{id}", tag = "voting", operation_id = "voting_ballot",
    params(("id" = uuid::Uuid, Path, description = "Campaign id"), ("X-Vote-Pass" = Option<String>, Header, description = "A verified voter's pass")),
    responses((status = 200, body = Ballot), (status = 404, body = ApiErrorView)))]
#[get("/votes/<id>")]
pub async fn ballot(
    app: &State<App>,
    memo: &State<Memo>,
    pass: VotePass,
    if_none_match: IfNoneMatch,
    id: CampaignId,
) -> ApiResult<Cached> {
    let today = app.config.today();
    // Without a pass the ballot is the same for everyone: kept a second, totals included.
    let key = (id.0, "", "ballot.json");
    let kept = if pass.0.is_none() {
        memo.get(key, BALLOT_TTL)
    } else {
        None
    };
    let (bytes, etag) = match kept {
        Some(kept) => kept,
        None => {
            let ballot =
                voting::ballot(app, &app.vote_totals, id.0, pass.0.as_deref(), today).await?;
            let json = serde_json::to_vec(&ballot)
                .map_err(|e| crate::error::AppError::Internal(e.to_string()))?;
            if pass.0.is_none() {
                memo.put(key, json)
            } else {
                let etag = format!("\"{}\"", &crate::pii::sha256_hex(&json)[..32]);
                (std::sync::Arc::from(json), etag)
            }
        }
    };
    Ok(Cached {
        cache_control: if pass.0.is_none() {
            "public, max-age=1"
        } else {
            "private, no-store"
        },
        ..Cached::new(
            &if_none_match,
            etag,
            rocket::http::ContentType::JSON,
            || Bytes::Shared(bytes),
        )
    })
}

/// A small sum to answer with a code request after several from one address.
#[utoipa::path(get, path = "/api/v1/votes/{id}/challenge", tag = "voting", operation_id = "voting_challenge",
    params(("id" = uuid::Uuid, Path, description = "Campaign id")),
    responses((status = 200, body = Challenge), (status = 404, body = ApiErrorView)))]
#[get("/votes/<id>/challenge")]
pub async fn challenge(app: &State<App>, id: CampaignId) -> ApiResult<Json<Challenge>> {
    Ok(Json(voting::challenge_in(app, id.0).await?))
}

/// Sends a one-time code to a voter's mobile phone. Limited per phone, address and network
/// (429); after a few requests from one address `challenge` and `answer` are needed (422 at
/// `challenge`); refused outside the window (409).
#[utoipa::path(post, path = "/api/v1/votes/{id}/code", tag = "voting", operation_id = "voting_code", request_body = CodeInput,
    params(("id" = uuid::Uuid, Path, description = "Campaign id")),
    responses((status = 200, body = CodeSentView), (status = 409, body = ApiErrorView), (status = 422, body = ApiErrorView), (status = 429, body = ApiErrorView)))]
#[post("/votes/<id>/code", data = "<body>")]
pub async fn code(
    app: &State<App>,
    ip: ClientIp,
    id: CampaignId,
    body: Body<CodeInput>,
) -> ApiResult<Json<CodeSentView>> {
    let input = body.into_inner()?;
    voting::request_code(app, id.0, &input, ip.0.as_deref(), app.config.today()).await?;
    Ok(Json(CodeSentView {
        minutes: app.config.vote_code_minutes,
    }))
}

/// Checks the code sent to the phone and gives the pass to vote with (422 at `code` when it is
/// wrong, expired, used or spent).
#[utoipa::path(post, path = "/api/v1/votes/{id}/verify", tag = "voting", operation_id = "voting_verify", request_body = VerifyInput,
    params(("id" = uuid::Uuid, Path, description = "Campaign id")),
    responses((status = 200, body = PassView), (status = 409, body = ApiErrorView), (status = 422, body = ApiErrorView)))]
#[post("/votes/<id>/verify", data = "<body>")]
pub async fn verify(
    app: &State<App>,
    id: CampaignId,
    body: Body<VerifyInput>,
) -> ApiResult<Json<PassView>> {
    let input = body.into_inner()?;
    let pass = voting::verify(app, id.0, &input, app.config.today()).await?;
    Ok(Json(PassView {
        pass,
        expires_at: voting::pass_expiry().format(&Rfc3339).unwrap_or_default(),
    }))
}

/// A vote for a candidate, with the pass in `X-Vote-Pass`. Refused (409) without a valid pass,
/// past the day's votes, twice for one candidate a day, or for another than the one chosen.
#[utoipa::path(post, path = "/api/v1/votes/{id}/{nomination}", tag = "voting", operation_id = "voting_cast",
    params(("id" = uuid::Uuid, Path, description = "Campaign id"), ("nomination" = uuid::Uuid, Path, description = "The candidate's nomination id"), ("X-Vote-Pass" = String, Header, description = "The voter's pass")),
    responses((status = 200, body = Cast), (status = 404, body = ApiErrorView), (status = 409, body = ApiErrorView)))]
#[post("/votes/<id>/<nomination>", rank = 2)]
pub async fn cast(
    app: &State<App>,
    ip: ClientIp,
    pass: VotePass,
    id: CampaignId,
    nomination: NominationId,
) -> ApiResult<Json<Cast>> {
    Ok(Json(
        voting::cast(
            app,
            id.0,
            pass.0.as_deref(),
            nomination.0,
            ip.0.as_deref(),
            app.config.today(),
        )
        .await?,
    ))
}

/// Votes held as bursts, grouped by category, network and reason (the office only).
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/votes/held", tag = "voting", operation_id = "voting_held", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Campaign id")),
    responses((status = 200, body = [HeldGroup]), (status = 403, body = ApiErrorView), (status = 404, body = ApiErrorView)))]
#[get("/campaigns/<id>/votes/held")]
pub async fn held(
    app: &State<App>,
    who: ApiActor,
    id: CampaignId,
) -> ApiResult<Json<Vec<HeldGroup>>> {
    Ok(Json(voting::held(&app.db, &who.0, id.0).await?))
}

/// The office accepts (`accept`) or rejects (`reject`) a group of held votes.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/votes/held", tag = "voting", operation_id = "voting_decide_held", security(("bearer" = [])), request_body = HeldDecision,
    params(("id" = uuid::Uuid, Path, description = "Campaign id")),
    responses((status = 200, body = HeldDecidedView), (status = 403, body = ApiErrorView), (status = 409, body = ApiErrorView), (status = 422, body = ApiErrorView)))]
#[post("/campaigns/<id>/votes/held", data = "<body>")]
pub async fn decide_held(
    app: &State<App>,
    who: ApiActor,
    id: CampaignId,
    body: Body<HeldDecision>,
) -> ApiResult<Json<HeldDecidedView>> {
    let input = body.into_inner()?;
    Ok(Json(HeldDecidedView {
        votes: voting::decide_held(&app.db, &who.0, id.0, &input).await?,
    }))
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![ballot, challenge, code, verify, cast, held, decide_held]
}
