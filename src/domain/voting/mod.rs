//! Public online voting (网上投票, national practice: 专家评审 + 参考网上投票). During the voting
//! stage's window anyone may vote for the candidates of each category, once verified by a
//! one-time code sent to their phone through `outbound`. The campaign's rules say how many
//! votes a person has a day in each category and whether they may go to several candidates.
//!
//! Every rule holds inside the database: a vote takes a numbered slot of its voter's day
//! (a unique index), one vote per candidate and day where votes may go to several candidates
//! (another), one candidate per voter and category where they may not (a primary key), and
//! every limit and burst is a counter incremented in one statement. Phones are kept only as
//! keyed hashes; codes and passes only as hashes.
//!
//! Votes that arrive in a burst from one network (too many in a minute, or at the same second
//! of minute after minute) are held out of the totals until the office accepts or rejects them.

mod casting;
pub mod limits;

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Instant,
};

use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

use crate::{
    App, db,
    domain::{
        actor::Actor,
        audit::{self, Change},
        now,
        stages::{
            self, Lifecycle, StageKind, VotingRules,
            gate::{self, Action},
        },
        values::Phone,
    },
    entity::{
        campaign, category,
        nomination::{self, NominationStatus},
        unit,
        vote::{self, VoteStatus},
        vote_code, vote_pass,
    },
    error::{AppError, AppResult, FieldErrors},
    group_commit::Queue,
    outbound::{Message, Recipient},
};

/// Catalogue keys of the refusals this area makes that no template names.
pub const MESSAGE_KEYS: [&str; 13] = [
    "error-voting-fixed",
    "error-vote-phone",
    "error-vote-code-wrong",
    "error-vote-code-expired",
    "error-vote-code-used",
    "error-vote-code-attempts",
    "error-vote-code-send",
    "error-vote-challenge",
    "error-vote-not-verified",
    "error-vote-limit",
    "error-vote-already",
    "error-vote-one-candidate",
    "error-vote-window",
];

/// How long a verified voter's pass lasts.
const PASS_HOURS: i64 = 12;

/// A vote's flag when it came in a burst from one network within a minute.
pub const BURST_MINUTE: &str = "burst_minute";
/// A vote's flag when its network voted at the same second of minute after minute.
pub const BURST_PATTERN: &str = "burst_pattern";

/// The voting stage of a campaign: its window and rules.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Window {
    /// First day.
    pub opens_on: Date,
    /// Last day.
    pub closes_on: Date,
    /// The rules.
    pub rules: VotingRules,
}

fn window_of(life: &Lifecycle) -> Option<Window> {
    let stage = life.stage(StageKind::Voting)?;
    Some(Window {
        opens_on: stage.opens_on?,
        closes_on: stage.closes_on?,
        rules: stage.voting?,
    })
}

/// A campaign open for votes today (the stage and its window), with its window.
async fn open_campaign(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
    today: Date,
) -> AppResult<(campaign::Model, Lifecycle, Window)> {
    let (found, life) = stages::require_on(db, campaign_id, Action::Vote, today).await?;
    let window = window_of(&life).ok_or(AppError::NotFound)?;
    Ok((found, life, window))
}

/// The keyed hash a voter's phone is kept as.
fn voter_hash(app: &App, phone: &Phone) -> String {
    app.pii.fingerprint(&format!("voter:{}", phone.as_str()))
}

/// A mobile number, or the field error.
fn mobile(input: &str) -> AppResult<Phone> {
    match Phone::parse(input) {
        Ok(phone) if phone.is_mobile() => Ok(phone),
        _ => {
            let mut errors = FieldErrors::default();
            errors.add("phone", "error-vote-phone");
            Err(AppError::Invalid(errors))
        }
    }
}

fn field_error(field: &str, key: &'static str) -> AppError {
    let mut errors = FieldErrors::default();
    errors.add(field, key);
    AppError::Invalid(errors)
}

/// A small sum a person answers after many code requests from one address.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Challenge {
    /// The question (`3 + 4`).
    pub question: String,
    /// What the form sends back with the answer: the sum's terms, an expiry and a keyed hash.
    pub token: String,
}

/// A new challenge, good for ten minutes.
///
/// # Errors
/// When the system's random source fails.
pub fn challenge(app: &App) -> AppResult<Challenge> {
    let mut bytes = [0u8; 2];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(e.to_string()))?;
    let (a, b) = (1 + bytes[0] % 9, 1 + bytes[1] % 9);
    let expires = (now() + Duration::minutes(10)).unix_timestamp();
    let body = format!("{a}.{b}.{expires}");
    let mac = app.pii.fingerprint(&format!("challenge:{body}"));
    Ok(Challenge {
        question: format!("{a} + {b}"),
        token: format!("{body}.{mac}"),
    })
}

/// A new challenge for a voter of a campaign in its voting stage.
///
/// # Errors
/// [`AppError::NotFound`] for a campaign that is not voting, as its ballot.
pub async fn challenge_in(app: &App, campaign_id: Uuid) -> AppResult<Challenge> {
    campaign::Entity::find_by_id(campaign_id)
        .one(&app.db)
        .await?
        .filter(|c| c.stage == StageKind::Voting)
        .ok_or(AppError::NotFound)?;
    challenge(app)
}

/// Whether `answer` solves the challenge `token` (unexpired, made here).
#[must_use]
pub fn solves(app: &App, token: &str, answer: &str) -> bool {
    let parts: Vec<&str> = token.split('.').collect();
    let [a, b, expires, mac] = parts.as_slice() else {
        return false;
    };
    let body = format!("{a}.{b}.{expires}");
    let expected = app.pii.fingerprint(&format!("challenge:{body}"));
    if !crate::pii::constant_time_eq(expected.as_bytes(), mac.as_bytes()) {
        return false;
    }
    let fresh = expires
        .parse::<i64>()
        .is_ok_and(|at| at >= now().unix_timestamp());
    let sum = a
        .parse::<u32>()
        .ok()
        .zip(b.parse::<u32>().ok())
        .map(|(a, b)| a + b);
    fresh && sum.is_some_and(|sum| answer.trim().parse::<u32>().ok() == Some(sum))
}

/// A code request as the voter fills it in.
#[derive(Clone, Debug, Default, Serialize, Deserialize, rocket::FromForm, utoipa::ToSchema)]
#[serde(default)]
pub struct CodeInput {
    /// The voter's mobile number.
    #[field(default = String::new())]
    pub phone: String,
    /// The challenge's token, when one was asked.
    #[field(default = String::new())]
    pub challenge: String,
    /// The answer to it.
    #[field(default = String::new())]
    pub answer: String,
}

/// Sends a one-time code to a voter's phone. Limited per phone, address and network per hour
/// (in the database); after a few requests from one address, a challenge must be answered.
///
/// # Errors
/// [`AppError::Refused`] outside the voting window or when the message cannot be sent;
/// [`AppError::Invalid`] for a number that is not a mobile one, or a missing or wrong answer
/// to the challenge (field `challenge`); [`AppError::TooManyRequests`] past a limit.
pub async fn request_code(
    app: &App,
    campaign_id: Uuid,
    input: &CodeInput,
    ip: Option<&str>,
    today: Date,
) -> AppResult<()> {
    let db = &app.db;
    let (found, _, _) = open_campaign(db, campaign_id, today).await?;
    let phone = mobile(&input.phone)?;
    let hash = voter_hash(app, &phone);
    let at = now();
    let hour = limits::window_of(at, 3600);
    let address = ip.unwrap_or("unknown");
    // Counted before anything is checked, so refused requests count too.
    let from_address = limits::within(
        db,
        &format!("code-ip:{address}"),
        hour,
        app.config.vote_codes_per_address_hour,
    )
    .await?;
    limits::within(
        db,
        &format!("code-net:{}", limits::prefix_of(ip)),
        hour,
        app.config.vote_codes_per_prefix_hour,
    )
    .await?;
    if u64::try_from(from_address).unwrap_or(u64::MAX) > app.config.vote_challenge_after
        && !solves(app, &input.challenge, &input.answer)
    {
        return Err(field_error("challenge", "error-vote-challenge"));
    }
    limits::within(
        db,
        &format!("code-phone:{hash}"),
        hour,
        app.config.vote_codes_per_phone_hour,
    )
    .await?;
    let mut digits = [0u8; 4];
    getrandom::fill(&mut digits).map_err(|e| AppError::Internal(e.to_string()))?;
    let code = format!("{:06}", u32::from_le_bytes(digits) % 1_000_000);
    let minutes = app.config.vote_code_minutes;
    vote_code::ActiveModel {
        id: Set(Uuid::now_v7()),
        campaign_id: Set(found.id),
        phone_hash: Set(hash.clone()),
        code_hash: Set(app.pii.fingerprint(&format!("code:{hash}:{code}"))),
        attempts: Set(0),
        expires_at: Set(at + Duration::minutes(minutes)),
        used_at: Set(None),
        created_at: Set(at),
    }
    .insert(db)
    .await?;
    let text = app
        .outbound
        .sms_template
        .replace("{code}", &code)
        .replace("{minutes}", &minutes.to_string());
    let message = Message {
        to: Recipient::Phone(phone.as_str().to_owned()),
        subject: found.title.clone(),
        text,
        params: [
            ("code".to_owned(), code),
            ("minutes".to_owned(), minutes.to_string()),
        ]
        .into(),
    };
    app.outbound.send(&message).await.map_err(|e| {
        rocket::error!("voting code to a voter of {}: {e}", found.id);
        AppError::Refused("error-vote-code-send", vec![])
    })
}

/// A code as the voter types it back.
#[derive(Clone, Debug, Default, Serialize, Deserialize, rocket::FromForm, utoipa::ToSchema)]
#[serde(default)]
pub struct VerifyInput {
    /// The voter's mobile number.
    #[field(default = String::new())]
    pub phone: String,
    /// The six-digit code.
    #[field(default = String::new())]
    pub code: String,
}

/// Checks a code against the newest one sent to the phone for this campaign: right, unexpired,
/// unused, within its attempts. Returns the pass the voter votes with (its hash is kept).
///
/// # Errors
/// [`AppError::Invalid`] at `code`: wrong, expired, used already, or too many wrong tries;
/// at `phone` for a number that is not a mobile one; [`AppError::Refused`] outside the window.
pub async fn verify(
    app: &App,
    campaign_id: Uuid,
    input: &VerifyInput,
    today: Date,
) -> AppResult<String> {
    let db = &app.db;
    let (found, _, _) = open_campaign(db, campaign_id, today).await?;
    let phone = mobile(&input.phone)?;
    let hash = voter_hash(app, &phone);
    let latest = vote_code::Entity::find()
        .filter(vote_code::Column::CampaignId.eq(found.id))
        .filter(vote_code::Column::PhoneHash.eq(hash.as_str()))
        .order_by_desc(vote_code::Column::CreatedAt)
        .one(db)
        .await?
        .ok_or_else(|| field_error("code", "error-vote-code-wrong"))?;
    let at = now();
    if latest.used_at.is_some() {
        return Err(field_error("code", "error-vote-code-used"));
    }
    if latest.expires_at < at {
        return Err(field_error("code", "error-vote-code-expired"));
    }
    if latest.attempts >= app.config.vote_code_attempts {
        return Err(field_error("code", "error-vote-code-attempts"));
    }
    let typed = app
        .pii
        .fingerprint(&format!("code:{hash}:{}", input.code.trim()));
    if !crate::pii::constant_time_eq(typed.as_bytes(), latest.code_hash.as_bytes()) {
        vote_code::Entity::update_many()
            .col_expr(
                vote_code::Column::Attempts,
                Expr::col(vote_code::Column::Attempts).add(1),
            )
            .filter(vote_code::Column::Id.eq(latest.id))
            .exec(db)
            .await?;
        return Err(field_error("code", "error-vote-code-wrong"));
    }
    // Used once: of two requests with the same code, one marks it.
    let marked = vote_code::Entity::update_many()
        .col_expr(vote_code::Column::UsedAt, Expr::value(Some(at)))
        .filter(vote_code::Column::Id.eq(latest.id))
        .filter(vote_code::Column::UsedAt.is_null())
        .filter(vote_code::Column::Attempts.lt(app.config.vote_code_attempts))
        .exec(db)
        .await?;
    if marked.rows_affected != 1 {
        return Err(field_error("code", "error-vote-code-used"));
    }
    issue_pass(db, found.id, hash).await
}

/// A pass for the voter whose phone hashes to `phone_hash`, valid for [`PASS_HOURS`]: only its
/// hash is kept.
async fn issue_pass(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
    phone_hash: String,
) -> AppResult<String> {
    let at = now();
    let token = crate::pii::random_token(24).map_err(|e| AppError::Internal(e.to_string()))?;
    vote_pass::ActiveModel {
        token_hash: Set(crate::pii::sha256_hex(token.as_bytes())),
        campaign_id: Set(campaign_id),
        phone_hash: Set(phone_hash),
        expires_at: Set(at + Duration::hours(PASS_HOURS)),
        created_at: Set(at),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// A pass for one of the demo data set's invented voters, whose numbers no message can reach:
/// they count as verified without a code. Only the demo loader calls it; nothing a request
/// reaches does.
///
/// # Errors
/// [`AppError::Refused`] outside the voting window; [`AppError::Invalid`] for a number that is
/// not a mobile one.
pub(crate) async fn demo_pass(
    app: &App,
    campaign_id: Uuid,
    phone: &str,
    today: Date,
) -> AppResult<String> {
    let (found, _, _) = open_campaign(&app.db, campaign_id, today).await?;
    let hash = voter_hash(app, &mobile(phone)?);
    issue_pass(&app.db, found.id, hash).await
}

/// The voter a pass stands for in a campaign, if it is valid.
///
/// # Errors
/// When the database fails.
pub async fn voter_of(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
    token: &str,
) -> AppResult<Option<String>> {
    Ok(
        vote_pass::Entity::find_by_id(crate::pii::sha256_hex(token.as_bytes()))
            .one(db)
            .await?
            .filter(|p| p.campaign_id == campaign_id && p.expires_at > now())
            .map(|p| p.phone_hash),
    )
}

/// What a cast vote came to.
#[derive(Clone, Copy, Debug, Serialize, utoipa::ToSchema)]
pub struct Cast {
    /// Whether it was held as part of a burst (it counts once the office accepts it).
    pub held: bool,
    /// Votes the voter has left today in the category.
    pub left_today: i32,
}

/// The status candidates of a campaign's voting are in: what evaluation leaves.
const CANDIDATE: NominationStatus = NominationStatus::Assessed;

/// A verified voter votes for a candidate. Votes that arrive together are cast in one
/// transaction ([`casting`]); each is decided as if alone, in the order they came.
///
/// # Errors
/// [`AppError::Refused`] outside the window, without a valid pass (`error-vote-not-verified`),
/// past the day's votes (`error-vote-limit`), for a candidate voted for today already
/// (`error-vote-already`) or another than the one chosen (`error-vote-one-candidate`);
/// [`AppError::NotFound`] for a nomination that is not a candidate.
pub async fn cast(
    app: &App,
    campaign_id: Uuid,
    token: Option<&str>,
    nomination_id: Uuid,
    ip: Option<&str>,
    today: Date,
) -> AppResult<Cast> {
    let request = casting::Request {
        campaign_id,
        pass_hash: token.map(|t| crate::pii::sha256_hex(t.as_bytes())),
        nomination_id,
        prefix: limits::prefix_of(ip),
        today,
    };
    let bursts = casting::Bursts {
        per_minute: app.config.vote_burst_per_minute,
        pattern: app.config.vote_burst_pattern,
    };
    let db = app.db.clone();
    app.ballot_box
        .queue
        .add(request, move |group| {
            casting::write(db.clone(), bursts, group)
        })
        .await
}

/// The votes of one application instance waiting to be cast together.
pub struct BallotBox {
    queue: Queue<casting::Request, Cast>,
}

impl Default for BallotBox {
    fn default() -> Self {
        Self {
            queue: Queue::new(casting::MAX_GROUP, "the vote"),
        }
    }
}

/// Counted votes per candidate of a campaign.
///
/// # Errors
/// When the database fails.
pub async fn count(db: &impl ConnectionTrait, campaign_id: Uuid) -> AppResult<HashMap<Uuid, i64>> {
    let rows: Vec<(Uuid, i64)> = vote::Entity::find()
        .select_only()
        .column(vote::Column::NominationId)
        .column_as(vote::Column::Id.count(), "votes")
        .filter(vote::Column::CampaignId.eq(campaign_id))
        .filter(vote::Column::Status.eq(VoteStatus::Counted))
        .group_by(vote::Column::NominationId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Counted votes per candidate, shared between the requests that read them.
pub type CampaignTotals = Arc<HashMap<Uuid, i64>>;

/// Running totals per campaign, read from the database at most once a second, never per vote.
#[derive(Default)]
pub struct Totals {
    memo: Mutex<HashMap<Uuid, (Instant, CampaignTotals)>>,
}

impl Totals {
    /// The totals of a campaign, at most a second old.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn of(
        &self,
        db: &impl ConnectionTrait,
        campaign_id: Uuid,
    ) -> AppResult<CampaignTotals> {
        if let Ok(memo) = self.memo.lock()
            && let Some((at, totals)) = memo.get(&campaign_id)
            && at.elapsed() < std::time::Duration::from_secs(1)
        {
            return Ok(Arc::clone(totals));
        }
        let fresh = Arc::new(count(db, campaign_id).await?);
        if let Ok(mut memo) = self.memo.lock() {
            memo.insert(campaign_id, (Instant::now(), Arc::clone(&fresh)));
        }
        Ok(fresh)
    }
}

/// A candidate on the public ballot: what a final list shows, and the summary of the deeds.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct BallotCandidate {
    /// The nomination.
    pub id: Uuid,
    /// The nominee.
    pub name: String,
    /// The nominating unit.
    pub unit: String,
    /// The public summary of the deeds.
    pub summary: String,
    /// Counted votes, when the totals are shown.
    pub votes: Option<i64>,
}

/// A category on the public ballot.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct BallotCategory {
    /// The category.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// Its candidates, in name order.
    pub candidates: Vec<BallotCandidate>,
    /// Votes the verified voter has left today here (none before verifying).
    pub left_today: Option<i32>,
}

/// The public ballot of a campaign in its voting stage.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Ballot {
    /// The campaign.
    pub campaign_id: Uuid,
    /// Its title.
    pub title: String,
    /// The window's first day.
    #[schema(value_type = String)]
    pub opens_on: Date,
    /// Its last day.
    #[schema(value_type = String)]
    pub closes_on: Date,
    /// Whether votes are taken today.
    pub open: bool,
    /// Votes a person has a day in each category.
    pub votes_per_day: i32,
    /// Whether they may go to several candidates.
    pub several: bool,
    /// Whether running totals are shown.
    pub show_totals: bool,
    /// Whether the asker holds a valid pass.
    pub verified: bool,
    /// The categories.
    pub categories: Vec<BallotCategory>,
}

/// The public ballot: candidates (public fields only), the totals if the campaign shows them,
/// and what the verified voter (if `token` is a valid pass) has left today.
///
/// # Errors
/// [`AppError::NotFound`] for a campaign without a voting stage, or not in it.
pub async fn ballot(
    app: &App,
    totals: &Totals,
    campaign_id: Uuid,
    token: Option<&str>,
    today: Date,
) -> AppResult<Ballot> {
    let db = &app.db;
    let found = campaign::Entity::find_by_id(campaign_id)
        .one(db)
        .await?
        .filter(|c| c.stage == StageKind::Voting)
        .ok_or(AppError::NotFound)?;
    let life = stages::load(db, &found).await?;
    let window = window_of(&life).ok_or(AppError::NotFound)?;
    let categories = category::Entity::find()
        .filter(category::Column::CampaignId.eq(found.id))
        .order_by_asc(category::Column::Position)
        .all(db)
        .await?;
    let candidates = nomination::Entity::find()
        .filter(nomination::Column::CampaignId.eq(found.id))
        .filter(nomination::Column::Status.eq(CANDIDATE))
        .order_by_asc(nomination::Column::NomineeName)
        .all(db)
        .await?;
    let units: HashMap<Uuid, String> = unit::Entity::find()
        .filter(unit::Column::Id.is_in(candidates.iter().map(|n| n.unit_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let counts = if window.rules.show_totals {
        Some(totals.of(db, found.id).await?)
    } else {
        None
    };
    let voter = match token {
        Some(token) => voter_of(db, found.id, token).await?,
        None => None,
    };
    let mut used: HashMap<Uuid, i32> = HashMap::new();
    if let Some(voter) = &voter {
        for v in vote::Entity::find()
            .filter(vote::Column::CampaignId.eq(found.id))
            .filter(vote::Column::VoterHash.eq(voter.as_str()))
            .filter(vote::Column::Day.eq(today))
            .all(db)
            .await?
        {
            *used.entry(v.category_id).or_default() += 1;
        }
    }
    Ok(Ballot {
        campaign_id: found.id,
        title: found.title,
        opens_on: window.opens_on,
        closes_on: window.closes_on,
        open: gate::allows(&life, Action::Vote, None, today),
        votes_per_day: window.rules.votes_per_day,
        several: window.rules.several,
        show_totals: window.rules.show_totals,
        verified: voter.is_some(),
        categories: categories
            .iter()
            .map(|c| BallotCategory {
                id: c.id,
                name: c.name.clone(),
                left_today: voter
                    .as_ref()
                    .map(|_| window.rules.votes_per_day - used.get(&c.id).copied().unwrap_or(0)),
                candidates: candidates
                    .iter()
                    .filter(|n| n.category_id == c.id)
                    .map(|n| BallotCandidate {
                        id: n.id,
                        name: n.nominee_name.clone(),
                        unit: units.get(&n.unit_id).cloned().unwrap_or_default(),
                        summary: n.deeds_summary.clone(),
                        votes: counts.as_ref().map(|t| t.get(&n.id).copied().unwrap_or(0)),
                    })
                    .collect(),
            })
            .filter(|c| !c.candidates.is_empty())
            .collect(),
    })
}

/// Held votes of one kind from one network in one category, as the office sees them.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct HeldGroup {
    /// The category.
    pub category_id: Uuid,
    /// Its name.
    pub category: String,
    /// The network (`10.1.2.0/24`).
    pub prefix: String,
    /// Why they were held (`burst_minute`, `burst_pattern`).
    pub flag: String,
    /// How many.
    pub count: u64,
    /// The first and last of them (the office's local time).
    pub first_at: String,
    /// The last.
    pub last_at: String,
}

/// The office's view of held votes, grouped by category, network and reason.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but the office; [`AppError::NotFound`].
pub async fn held(
    db: &DatabaseConnection,
    actor: &Actor,
    campaign_id: Uuid,
) -> AppResult<Vec<HeldGroup>> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    campaign::Entity::find_by_id(campaign_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let names: HashMap<Uuid, String> = category::Entity::find()
        .filter(category::Column::CampaignId.eq(campaign_id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let mut groups: Vec<HeldGroup> = Vec::new();
    let votes = vote::Entity::find()
        .filter(vote::Column::CampaignId.eq(campaign_id))
        .filter(vote::Column::Status.eq(VoteStatus::Held))
        .order_by_asc(vote::Column::CreatedAt)
        .all(db)
        .await?;
    for v in votes {
        let flag = v.flag.clone().unwrap_or_default();
        let at = crate::domain::local_time(v.created_at);
        match groups
            .iter_mut()
            .find(|g| g.category_id == v.category_id && g.prefix == v.prefix && g.flag == flag)
        {
            Some(group) => {
                group.count += 1;
                group.last_at = at;
            }
            None => groups.push(HeldGroup {
                category_id: v.category_id,
                category: names.get(&v.category_id).cloned().unwrap_or_default(),
                prefix: v.prefix,
                flag,
                count: 1,
                first_at: at.clone(),
                last_at: at,
            }),
        }
    }
    Ok(groups)
}

/// The office's decision on a group of held votes.
#[derive(Clone, Debug, Default, Serialize, Deserialize, rocket::FromForm, utoipa::ToSchema)]
#[serde(default)]
pub struct HeldDecision {
    /// The category.
    #[field(default = String::new())]
    pub category_id: String,
    /// The network.
    #[field(default = String::new())]
    pub prefix: String,
    /// The reason they were held.
    #[field(default = String::new())]
    pub flag: String,
    /// `accept` (they count) or `reject` (they never count).
    #[field(default = String::new())]
    pub decision: String,
}

/// The office accepts or rejects a group of held votes (audited with their number).
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::Invalid`] without a decision; [`AppError::Refused`]
/// outside the voting and shortlist stages.
pub async fn decide_held(
    db: &DatabaseConnection,
    actor: &Actor,
    campaign_id: Uuid,
    input: &HeldDecision,
) -> AppResult<u64> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let to = match input.decision.as_str() {
        "accept" => VoteStatus::Counted,
        "reject" => VoteStatus::Rejected,
        _ => return Err(field_error("decision", "error-required")),
    };
    let category_id = Uuid::try_parse(input.category_id.trim()).map_err(|_| AppError::NotFound)?;
    let txn = db::begin_write(db).await?;
    stages::require(&txn, campaign_id, Action::DecideVotes).await?;
    let changed = vote::Entity::update_many()
        .col_expr(vote::Column::Status, Expr::value(to))
        .col_expr(vote::Column::DecidedBy, Expr::value(Some(actor.user_id)))
        .filter(vote::Column::CampaignId.eq(campaign_id))
        .filter(vote::Column::CategoryId.eq(category_id))
        .filter(vote::Column::Prefix.eq(input.prefix.as_str()))
        .filter(vote::Column::Flag.eq(input.flag.as_str()))
        .filter(vote::Column::Status.eq(VoteStatus::Held))
        .exec(&txn)
        .await?
        .rows_affected;
    audit::record(
        &txn,
        &actor.into(),
        Change::new("votes.decide_held", "campaign", campaign_id)
            .campaign(campaign_id)
            .after(json!({
                "category_id": category_id, "prefix": input.prefix, "flag": input.flag,
                "decision": input.decision, "votes": changed,
            })),
    )
    .await?;
    txn.commit().await?;
    Ok(changed)
}

/// When a pass expires, for the cookie that carries it.
#[must_use]
pub fn pass_expiry() -> OffsetDateTime {
    now() + Duration::hours(PASS_HOURS)
}
