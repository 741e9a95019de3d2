//! Votes under load: votes that arrive together are cast together, in one transaction with one
//! commit ([`crate::group_commit`] says why and how).
//!
//! A group reads what its votes need once for all of them (the campaigns' stages and rules, the
//! passes, the candidates, the voters' votes of the day and their choices), takes the voters'
//! locks (PostgreSQL; SQLite's write transaction excludes every other writer already), decides
//! each vote in the order they came as [`super::cast`] says, counts the bursts of the accepted
//! ones in one statement, inserts them in one, and commits. The unique indexes stay the last
//! word: should the group's transaction fail (a vote another instance took the slot of, say),
//! each vote is cast again alone, and a slot or candidate taken meanwhile is refused as the
//! day's limit.

use std::collections::HashMap;

use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    DbBackend, EntityTrait, QueryFilter, QuerySelect, sea_query::OnConflict,
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::{BURST_MINUTE, BURST_PATTERN, CANDIDATE, Cast, limits, window_of};
use crate::{
    db,
    domain::{
        now,
        stages::{self, VotingRules, gate::Action},
    },
    entity::{
        nomination,
        vote::{self, VoteStatus},
        vote_choice, vote_pass,
    },
    error::{AppError, AppResult},
};

/// Most votes in one transaction. Votes are small rows; at 256 connections a group this size
/// spreads one commit over many without making the first wait long for the last.
pub const MAX_GROUP: usize = 128;

/// A vote as it waits for its group.
#[derive(Clone, Debug)]
pub struct Request {
    /// The campaign voted in.
    pub campaign_id: Uuid,
    /// The hash of the voter's pass, if they sent one.
    pub pass_hash: Option<String>,
    /// The candidate.
    pub nomination_id: Uuid,
    /// The client's network.
    pub prefix: String,
    /// The office's day.
    pub today: Date,
}

/// Votes from one network in one category beyond which they are held.
#[derive(Clone, Copy, Debug)]
pub struct Bursts {
    /// Within a minute.
    pub per_minute: u64,
    /// At the same second of the minute within an hour.
    pub pattern: u64,
}

/// Casts a group of votes and answers each, in order; when the group's transaction fails, each
/// vote alone.
pub async fn write(
    db: DatabaseConnection,
    bursts: Bursts,
    requests: Vec<Request>,
) -> Vec<AppResult<Cast>> {
    match cast_together(&db, bursts, &requests).await {
        Ok(answers) => answers,
        Err(e) if requests.len() == 1 => vec![Err(as_refusal(e))],
        Err(e) => {
            rocket::warn_!(
                "a group of {} votes failed ({e:?}); casting each alone",
                requests.len()
            );
            let mut answers = Vec::with_capacity(requests.len());
            for request in &requests {
                answers.push(
                    match cast_together(&db, bursts, std::slice::from_ref(request)).await {
                        Ok(mut one) => one.pop().unwrap_or(Err(AppError::Internal(
                            "a vote cast alone had no answer".into(),
                        ))),
                        Err(e) => Err(as_refusal(e)),
                    },
                );
            }
            answers
        }
    }
}

/// A vote's failure alone: a slot or candidate a simultaneous vote took is the day's limit.
fn as_refusal(error: AppError) -> AppError {
    match error {
        AppError::Db(e) => crate::error::unique_as("error-vote-limit")(e),
        other => other,
    }
}

/// A refusal again, for the next vote it applies to.
fn again(error: &AppError) -> AppError {
    match error {
        AppError::NotFound => AppError::NotFound,
        AppError::Refused(key, args) => AppError::Refused(key, args.clone()),
        other => AppError::Internal(format!("{other:?}")),
    }
}

/// A vote whose voter and candidate are known, waiting for its voter's counts.
struct Known {
    index: usize,
    voter: String,
    campaign_id: Uuid,
    category_id: Uuid,
    nomination_id: Uuid,
    rules: VotingRules,
    today: Date,
}

/// An accepted vote, before its bursts are counted.
struct Accepted {
    known: Known,
    id: Uuid,
    slot: i32,
    candidate_key: String,
    prefix: String,
    /// Whether it makes the voter's choice in its category (one candidate only).
    new_choice: bool,
}

/// One transaction for the group. The outer error fails the whole group; the inner results
/// are each vote's answer.
async fn cast_together(
    db: &DatabaseConnection,
    bursts: Bursts,
    requests: &[Request],
) -> AppResult<Vec<AppResult<Cast>>> {
    let txn = db::begin_write(db).await?;
    if db.get_database_backend() == DbBackend::Postgres {
        // The group's reads name a group's voters: planned for their values every time, not
        // once for good while the table was nearly empty (that plan reads the whole table).
        txn.execute_unprepared("SET LOCAL plan_cache_mode = force_custom_plan")
            .await?;
    }
    let at = now();
    let mut answers: Vec<Option<AppResult<Cast>>> = requests.iter().map(|_| None).collect();
    let known = knowns(&txn, requests, at, &mut answers).await?;
    let keys: Vec<String> = known
        .iter()
        .map(|k| format!("vote:{}:{}", k.category_id, k.voter))
        .collect();
    db::lock_keys(&txn, &keys.iter().map(String::as_str).collect::<Vec<_>>()).await?;
    let mut accepted = decide(&txn, known, requests, &mut answers).await?;
    let flags = burst_flags(&txn, bursts, &accepted, at).await?;
    let choices: Vec<vote_choice::ActiveModel> = accepted
        .iter()
        .filter(|a| a.new_choice)
        .map(|a| vote_choice::ActiveModel {
            category_id: Set(a.known.category_id),
            voter_hash: Set(a.known.voter.clone()),
            nomination_id: Set(a.known.nomination_id),
        })
        .collect();
    if !choices.is_empty() {
        vote_choice::Entity::insert_many(choices)
            .on_conflict(
                OnConflict::columns([
                    vote_choice::Column::CategoryId,
                    vote_choice::Column::VoterHash,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
    }
    let rows: Vec<vote::ActiveModel> = accepted
        .iter_mut()
        .zip(&flags)
        .map(|(a, flag)| vote::ActiveModel {
            id: Set(a.id),
            campaign_id: Set(a.known.campaign_id),
            category_id: Set(a.known.category_id),
            nomination_id: Set(a.known.nomination_id),
            voter_hash: Set(std::mem::take(&mut a.known.voter)),
            day: Set(a.known.today),
            slot: Set(a.slot),
            candidate_key: Set(std::mem::take(&mut a.candidate_key)),
            prefix: Set(std::mem::take(&mut a.prefix)),
            status: Set(if flag.is_some() {
                VoteStatus::Held
            } else {
                VoteStatus::Counted
            }),
            flag: Set(flag.map(str::to_owned)),
            decided_by: Set(None),
            created_at: Set(at),
        })
        .collect();
    if !rows.is_empty() {
        vote::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    for (a, flag) in accepted.iter().zip(flags) {
        answers[a.known.index] = Some(Ok(Cast {
            held: flag.is_some(),
            left_today: a.known.rules.votes_per_day - a.slot - 1,
        }));
    }
    Ok(answers
        .into_iter()
        .map(|a| a.unwrap_or_else(|| Err(AppError::Internal("a vote had no answer".into()))))
        .collect())
}

/// The votes whose campaign is open, pass valid and candidate real, with their voters and
/// rules; every other vote answered with its refusal.
async fn knowns(
    txn: &DatabaseTransaction,
    requests: &[Request],
    at: OffsetDateTime,
    answers: &mut [Option<AppResult<Cast>>],
) -> AppResult<Vec<Known>> {
    let mut windows: HashMap<(Uuid, Date), AppResult<VotingRules>> = HashMap::new();
    for request in requests {
        let key = (request.campaign_id, request.today);
        if windows.contains_key(&key) {
            continue;
        }
        let rules =
            match stages::require_on(txn, request.campaign_id, Action::Vote, request.today).await {
                Ok((_, life)) => window_of(&life).map(|w| w.rules).ok_or(AppError::NotFound),
                Err(AppError::Db(e)) => return Err(AppError::Db(e)),
                Err(refused) => Err(refused),
            };
        windows.insert(key, rules);
    }
    let hashes: Vec<&str> = requests
        .iter()
        .filter_map(|r| r.pass_hash.as_deref())
        .collect();
    let passes: HashMap<String, vote_pass::Model> = if hashes.is_empty() {
        HashMap::new()
    } else {
        vote_pass::Entity::find()
            .filter(vote_pass::Column::TokenHash.is_in(hashes))
            .all(txn)
            .await?
            .into_iter()
            .map(|p| (p.token_hash.clone(), p))
            .collect()
    };
    let candidates: HashMap<Uuid, (Uuid, Uuid)> = nomination::Entity::find()
        .select_only()
        .columns([
            nomination::Column::Id,
            nomination::Column::CampaignId,
            nomination::Column::CategoryId,
        ])
        .filter(nomination::Column::Id.is_in(requests.iter().map(|r| r.nomination_id)))
        .filter(nomination::Column::Status.eq(CANDIDATE))
        .into_tuple::<(Uuid, Uuid, Uuid)>()
        .all(txn)
        .await?
        .into_iter()
        .map(|(id, campaign, category)| (id, (campaign, category)))
        .collect();
    let mut known = Vec::with_capacity(requests.len());
    for (index, request) in requests.iter().enumerate() {
        let rules = match windows.get(&(request.campaign_id, request.today)) {
            Some(Ok(rules)) => *rules,
            Some(Err(refused)) => {
                answers[index] = Some(Err(again(refused)));
                continue;
            }
            None => {
                answers[index] = Some(Err(AppError::NotFound));
                continue;
            }
        };
        let voter = request
            .pass_hash
            .as_ref()
            .and_then(|hash| passes.get(hash))
            .filter(|p| p.campaign_id == request.campaign_id && p.expires_at > at);
        let Some(voter) = voter else {
            answers[index] = Some(Err(AppError::Refused("error-vote-not-verified", vec![])));
            continue;
        };
        let Some(&(_, category_id)) = candidates
            .get(&request.nomination_id)
            .filter(|(campaign, _)| *campaign == request.campaign_id)
        else {
            answers[index] = Some(Err(AppError::NotFound));
            continue;
        };
        known.push(Known {
            index,
            voter: voter.phone_hash.clone(),
            campaign_id: request.campaign_id,
            category_id,
            nomination_id: request.nomination_id,
            rules,
            today: request.today,
        });
    }
    Ok(known)
}

/// Decides each vote in the order they came against its voter's votes of the day and choice
/// (as stored, and as the group's earlier votes leave them).
async fn decide(
    txn: &DatabaseTransaction,
    known: Vec<Known>,
    requests: &[Request],
    answers: &mut [Option<AppResult<Cast>>],
) -> AppResult<Vec<Accepted>> {
    if known.is_empty() {
        return Ok(Vec::new());
    }
    let mut voters: Vec<&str> = known.iter().map(|k| k.voter.as_str()).collect();
    voters.sort_unstable();
    voters.dedup();
    let mut categories: Vec<Uuid> = known.iter().map(|k| k.category_id).collect();
    categories.sort_unstable();
    categories.dedup();
    let mut days: Vec<Date> = known.iter().map(|k| k.today).collect();
    days.sort_unstable();
    days.dedup();
    let mut mine: HashMap<(Uuid, String, Date), Vec<Uuid>> = HashMap::new();
    for (category, voter, day, nomination) in vote::Entity::find()
        .select_only()
        .columns([
            vote::Column::CategoryId,
            vote::Column::VoterHash,
            vote::Column::Day,
            vote::Column::NominationId,
        ])
        .filter(vote::Column::CategoryId.is_in(categories.iter().copied()))
        .filter(vote::Column::VoterHash.is_in(voters.iter().copied()))
        .filter(vote::Column::Day.is_in(days))
        .into_tuple::<(Uuid, String, Date, Uuid)>()
        .all(txn)
        .await?
    {
        mine.entry((category, voter, day))
            .or_default()
            .push(nomination);
    }
    let mut chosen: HashMap<(Uuid, String), Uuid> = HashMap::new();
    if known.iter().any(|k| !k.rules.several) {
        for c in vote_choice::Entity::find()
            .filter(vote_choice::Column::CategoryId.is_in(categories.iter().copied()))
            .filter(vote_choice::Column::VoterHash.is_in(voters.iter().copied()))
            .all(txn)
            .await?
        {
            chosen.insert((c.category_id, c.voter_hash), c.nomination_id);
        }
    }
    let mut accepted = Vec::with_capacity(known.len());
    for k in known {
        let refuse = |key: &'static str| Some(Err(AppError::Refused(key, vec![])));
        if !k.rules.several
            && chosen
                .get(&(k.category_id, k.voter.clone()))
                .is_some_and(|c| *c != k.nomination_id)
        {
            answers[k.index] = refuse("error-vote-one-candidate");
            continue;
        }
        let today = mine
            .entry((k.category_id, k.voter.clone(), k.today))
            .or_default();
        let slot = i32::try_from(today.len()).unwrap_or(i32::MAX);
        if slot >= k.rules.votes_per_day {
            answers[k.index] = refuse("error-vote-limit");
            continue;
        }
        let id = Uuid::now_v7();
        let candidate_key = if k.rules.several {
            if today.contains(&k.nomination_id) {
                answers[k.index] = refuse("error-vote-already");
                continue;
            }
            k.nomination_id.to_string()
        } else {
            id.to_string()
        };
        today.push(k.nomination_id);
        let new_choice = !k.rules.several
            && chosen
                .insert((k.category_id, k.voter.clone()), k.nomination_id)
                .is_none();
        let prefix = requests[k.index].prefix.clone();
        accepted.push(Accepted {
            known: k,
            id,
            slot,
            candidate_key,
            prefix,
            new_choice,
        });
    }
    Ok(accepted)
}

/// Counts the accepted votes into their networks' burst counters (one statement) and says
/// which of them are held, and why: each vote is judged by the count it brought its counter to.
async fn burst_flags(
    txn: &DatabaseTransaction,
    bursts: Bursts,
    accepted: &[Accepted],
    at: OffsetDateTime,
) -> AppResult<Vec<Option<&'static str>>> {
    let keys_of = |a: &Accepted| {
        (
            format!("burst:{}:{}", a.known.category_id, a.prefix),
            format!(
                "pattern:{}:{}:{}",
                a.known.category_id,
                a.prefix,
                at.second()
            ),
        )
    };
    let (minute, hour) = (limits::window_of(at, 60), limits::window_of(at, 3600));
    let mut added: HashMap<String, (OffsetDateTime, i32)> = HashMap::new();
    for a in accepted {
        let (in_minute, at_second) = keys_of(a);
        added.entry(in_minute).or_insert((minute, 0)).1 += 1;
        added.entry(at_second).or_insert((hour, 0)).1 += 1;
    }
    let counts: Vec<(String, OffsetDateTime, i32)> = added
        .iter()
        .map(|(key, (window, n))| (key.clone(), *window, *n))
        .collect();
    let totals = limits::bump_many(txn, &counts).await?;
    // The counts before this group, then one more for each of its votes in turn.
    let mut running: HashMap<String, i64> = added
        .iter()
        .map(|(key, (_, n))| {
            let total = totals.get(key).copied().unwrap_or(i64::from(*n));
            (key.clone(), total - i64::from(*n))
        })
        .collect();
    let over = |count: i64, max: u64| u64::try_from(count).unwrap_or(u64::MAX) > max;
    Ok(accepted
        .iter()
        .map(|a| {
            let (in_minute, at_second) = keys_of(a);
            let mut next = |key: String| {
                let count = running.entry(key).or_default();
                *count += 1;
                *count
            };
            let (m, s) = (next(in_minute), next(at_second));
            if over(m, bursts.per_minute) {
                Some(BURST_MINUTE)
            } else if over(s, bursts.pattern) {
                Some(BURST_PATTERN)
            } else {
                None
            }
        })
        .collect())
}
