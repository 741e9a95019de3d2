//! Verifying the audit log's hash chain (see [`super`] for how it is built).
//!
//! [`verify`] walks the events by id, a page at a time, recomputes each hash, checks each link,
//! and reports the first break. It reads only: it never repairs or re-seals anything.
//!
//! # How a break is classified
//!
//! At the first event `r` (in id order) that does not check out, with `p` the event just
//! before it:
//!
//! - [`BreakKind::Changed`] at `r`: `r`'s stored hash is not the hash of its own content and
//!   `prev_hash` (its content, `prev_hash` or `hash` was edited, or it was never sealed).
//! - Otherwise `r` is consistent in itself but its `prev_hash` is not `p`'s hash:
//!   - [`BreakKind::Inserted`] at `r` when `r` claims [`super::GENESIS`] although it is not
//!     the first event: there is only one first event.
//!   - [`BreakKind::Inserted`] at `p` when `p` and `r` claim the same predecessor. The chain
//!     never forks, so one of them was put in afterwards; a row slipped into a gap of ids takes
//!     the predecessor of the row after it, so `p` is named. (A forgery appended at the end
//!     with a stale predecessor looks the same, seen from the rows; then `p` is the last
//!     genuine event and `r` right after it is the forgery.)
//!   - [`BreakKind::Inserted`] at `r` when `r` claims another existing event as its
//!     predecessor: it was written outside the chain.
//!   - [`BreakKind::Removed`] at `r` when `r`'s predecessor exists nowhere: the event(s) between
//!     `p` and `r` were deleted. (An event rewritten together with its own hash looks the same:
//!     its old hash, which `r` still names, is gone.)
//!
//! Gaps in ids are not breaks: PostgreSQL skips the id of a rolled-back transaction. Nor can a
//! chain show its own end being cut off or a forgery appended with a correct hash; the
//! report's [`VerifyReport::last`] is what the office writes down to catch those later.

use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    SelectExt,
};
use serde::Serialize;

use crate::{
    domain::audit::{GENESIS, chain_hash},
    entity::audit_event,
};

/// Events read per query: enough to keep round trips few, few enough to keep memory flat.
const VERIFY_PAGE: u64 = 1000;

/// How the chain is broken at the reported event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BreakKind {
    /// The event's content no longer matches its hash.
    Changed,
    /// The event's predecessor is missing: something before it was deleted.
    Removed,
    /// The event does not belong where it stands in the chain: it was added afterwards.
    Inserted,
}

impl BreakKind {
    /// A lower-case name, for the command line and the page's catalogue keys.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            BreakKind::Changed => "changed",
            BreakKind::Removed => "removed",
            BreakKind::Inserted => "inserted",
        }
    }
}

/// The first break in the chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChainBreak {
    /// The first affected event still in the log.
    pub id: i64,
    /// What went wrong there.
    pub kind: BreakKind,
    /// The event just before it in id order, if any: for [`BreakKind::Removed`], what was
    /// deleted lay between this one and `id`.
    pub previous_id: Option<i64>,
}

/// An event's id and hash: the point of the chain the office may note down.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChainPoint {
    /// The event's id.
    pub id: i64,
    /// Its hash.
    pub hash: String,
}

/// What [`verify`] found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    /// Events read, up to and including the one where the first break showed.
    pub checked: u64,
    /// The first break, or `None` when the chain is intact.
    pub first_break: Option<ChainBreak>,
    /// The last event when the chain is intact (`None` for an empty log or a broken chain).
    pub last: Option<ChainPoint>,
}

impl VerifyReport {
    /// Whether the chain is intact.
    #[must_use]
    pub fn is_intact(&self) -> bool {
        self.first_break.is_none()
    }
}

/// What start-up says about the audit log: nothing when it verifies, a loud warning naming
/// the first break otherwise (the server serves on; the office must look into it).
pub async fn startup_warning(db: &impl ConnectionTrait) -> Option<String> {
    match verify(db).await {
        Ok(report) => report.first_break.map(|found| {
            format!(
                "AUDIT LOG BROKEN at event {} ({}; {} events checked): the record may have been \
                 altered outside the application. Run `laurel audit verify` and compare with \
                 the published checkpoints.",
                found.id,
                found.kind.name(),
                report.checked
            )
        }),
        Err(e) => Some(format!("AUDIT LOG NOT VERIFIED: {e}")),
    }
}

/// The event before the one being checked, as far as the walk needs it.
struct Link {
    id: i64,
    hash: String,
    prev_hash: String,
    previous_id: Option<i64>,
}

/// What one event says about the chain, before any lookup.
enum Verdict {
    /// Linked to its predecessor and consistent.
    Linked,
    /// A break found from the rows alone.
    Break(ChainBreak),
    /// Consistent, but pointing at something other than its predecessor: a lookup decides.
    Unlinked,
}

fn judge(prev: Option<&Link>, event: &audit_event::Model) -> Verdict {
    let prev_hash = event.prev_hash.as_deref().unwrap_or_default();
    let at = |id, kind, previous_id| {
        Verdict::Break(ChainBreak {
            id,
            kind,
            previous_id,
        })
    };
    let previous_id = prev.map(|p| p.id);
    if event.hash.as_deref() != Some(chain_hash(prev_hash, event).as_str()) {
        return at(event.id, BreakKind::Changed, previous_id);
    }
    match prev {
        None if prev_hash == GENESIS => Verdict::Linked,
        Some(p) if p.hash == prev_hash => Verdict::Linked,
        Some(_) if prev_hash == GENESIS => at(event.id, BreakKind::Inserted, previous_id),
        Some(p) if p.prev_hash == prev_hash => at(p.id, BreakKind::Inserted, p.previous_id),
        _ => Verdict::Unlinked,
    }
}

/// Walks the whole audit log in id order and checks every hash and every link.
///
/// Reads [`VERIFY_PAGE`] events per query (keyset pagination on the id), so memory stays flat
/// however long the log is. Events committed while it runs are checked too if they come after
/// the page being read; that is sound because appends are serialized and ids drawn in order.
///
/// # Errors
/// When the database fails.
pub async fn verify(db: &impl ConnectionTrait) -> Result<VerifyReport, DbErr> {
    let mut prev: Option<Link> = None;
    let mut checked = 0;
    loop {
        let mut query = audit_event::Entity::find()
            .order_by_asc(audit_event::Column::Id)
            .limit(VERIFY_PAGE);
        if let Some(p) = &prev {
            query = query.filter(audit_event::Column::Id.gt(p.id));
        }
        let page = query.all(db).await?;
        if page.is_empty() {
            break;
        }
        for event in page {
            checked += 1;
            let found = match judge(prev.as_ref(), &event) {
                Verdict::Linked => None,
                Verdict::Break(found) => Some(found),
                Verdict::Unlinked => Some(unlinked(db, &event, prev.as_ref()).await?),
            };
            if let Some(found) = found {
                return Ok(VerifyReport {
                    checked,
                    first_break: Some(found),
                    last: None,
                });
            }
            prev = Some(Link {
                id: event.id,
                previous_id: prev.as_ref().map(|p| p.id),
                hash: event.hash.unwrap_or_default(),
                prev_hash: event.prev_hash.unwrap_or_default(),
            });
        }
    }
    Ok(VerifyReport {
        checked,
        first_break: None,
        last: prev.map(|p| ChainPoint {
            id: p.id,
            hash: p.hash,
        }),
    })
}

/// Where the record disagrees with a checkpoint or a point kept outside.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Disagreement {
    /// The event the checkpoint or point names.
    pub event_id: i64,
    /// What is wrong: `signature` (not signed by this office's key: forged or altered),
    /// `missing` (the event is gone: the record was cut or rewritten below it) or `hash` (the
    /// event is there with another hash: the record up to it was changed).
    pub problem: &'static str,
    /// Where the checkpoint or point came from: `stored`, `expected` or `against`.
    pub source: &'static str,
}

/// What [`verify_all`] found: the chain, and every checkpoint and point kept outside.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FullReport {
    /// The chain.
    pub chain: VerifyReport,
    /// Checkpoints and points checked.
    pub points: usize,
    /// The first disagreement, if any.
    pub disagreement: Option<Disagreement>,
}

impl FullReport {
    /// Whether the chain is intact and agrees with every checkpoint and point.
    #[must_use]
    pub fn is_intact(&self) -> bool {
        self.chain.is_intact() && self.disagreement.is_none()
    }
}

/// The chain ([`verify`]), then every stored checkpoint and each checkpoint found outside
/// (`against`: a published page, a mirrored list): signed by `public`, and the chain still
/// passes through the event it names with the hash it names; then each `expected` point (an id
/// and hash noted down). Rewriting the chain without the key, cutting it below a checkpoint or
/// replacing it with a consistent forgery shows as a disagreement.
///
/// # Errors
/// When the database fails.
pub async fn verify_all(
    db: &impl ConnectionTrait,
    public: &ed25519_dalek::VerifyingKey,
    against: &[crate::domain::audit::checkpoints::Published],
    expected: &[ChainPoint],
) -> Result<FullReport, DbErr> {
    use crate::domain::audit::checkpoints::{self, Published};
    let chain = verify(db).await?;
    let stored: Vec<Published> = checkpoints::all(db)
        .await?
        .iter()
        .map(Published::of)
        .collect();
    let signed = stored
        .iter()
        .map(|c| ("stored", c))
        .chain(against.iter().map(|c| ("against", c)));
    let mut points: Vec<(&'static str, ChainPoint)> = Vec::new();
    for (source, checkpoint) in signed {
        if !checkpoint.signed_by(public) {
            return Ok(FullReport {
                chain,
                points: points.len() + 1,
                disagreement: Some(Disagreement {
                    event_id: checkpoint.event_id,
                    problem: "signature",
                    source,
                }),
            });
        }
        points.push((
            source,
            ChainPoint {
                id: checkpoint.event_id,
                hash: checkpoint.event_hash.clone(),
            },
        ));
    }
    points.extend(expected.iter().map(|p| ("expected", p.clone())));
    let mut checked = 0;
    for (source, point) in &points {
        checked += 1;
        let found = audit_event::Entity::find_by_id(point.id).one(db).await?;
        let problem = match found {
            None => Some("missing"),
            Some(event) if event.hash.as_deref() != Some(point.hash.as_str()) => Some("hash"),
            Some(_) => None,
        };
        if let Some(problem) = problem {
            return Ok(FullReport {
                chain,
                points: checked,
                disagreement: Some(Disagreement {
                    event_id: point.id,
                    problem,
                    source,
                }),
            });
        }
    }
    Ok(FullReport {
        chain,
        points: checked,
        disagreement: None,
    })
}

/// Classifies an event whose predecessor is not the event before it: if what it names as its
/// predecessor exists elsewhere in the log, it was inserted; if it exists nowhere, its real
/// predecessor was removed. One indexed lookup (`hash` is unique).
async fn unlinked(
    db: &impl ConnectionTrait,
    event: &audit_event::Model,
    prev: Option<&Link>,
) -> Result<ChainBreak, DbErr> {
    let named = event.prev_hash.as_deref().unwrap_or_default();
    let exists = !named.is_empty()
        && audit_event::Entity::find()
            .filter(audit_event::Column::Hash.eq(named))
            .exists(db)
            .await?;
    Ok(ChainBreak {
        id: event.id,
        kind: if exists {
            BreakKind::Inserted
        } else {
            BreakKind::Removed
        },
        previous_id: prev.map(|p| p.id),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealed(id: i64, prev_hash: &str) -> audit_event::Model {
        let mut event = audit_event::Model {
            id,
            occurred_at: time::OffsetDateTime::UNIX_EPOCH,
            actor_id: None,
            actor_label: "system:test".into(),
            ip: None,
            action: "unit.create".into(),
            entity_type: "unit".into(),
            entity_id: id.to_string(),
            campaign_id: None,
            before: None,
            after: None,
            prev_hash: Some(prev_hash.into()),
            hash: None,
        };
        event.hash = Some(chain_hash(prev_hash, &event));
        event
    }

    fn link(event: &audit_event::Model, previous_id: Option<i64>) -> Link {
        Link {
            id: event.id,
            hash: event.hash.clone().unwrap_or_default(),
            prev_hash: event.prev_hash.clone().unwrap_or_default(),
            previous_id,
        }
    }

    fn broken(verdict: Verdict) -> Option<(i64, BreakKind)> {
        match verdict {
            Verdict::Break(found) => Some((found.id, found.kind)),
            _ => None,
        }
    }

    #[test]
    fn a_chain_links_from_genesis() {
        let first = sealed(1, GENESIS);
        let second = sealed(2, first.hash.as_deref().unwrap_or_default());
        assert!(matches!(judge(None, &first), Verdict::Linked));
        assert!(matches!(
            judge(Some(&link(&first, None)), &second),
            Verdict::Linked
        ));
    }

    #[test]
    fn edited_content_or_link_is_a_change() {
        let first = sealed(1, GENESIS);
        let mut edited = first.clone();
        edited.actor_label = "someone".into();
        assert_eq!(broken(judge(None, &edited)), Some((1, BreakKind::Changed)));
        let mut relinked = first.clone();
        relinked.prev_hash = Some("f".repeat(64));
        assert_eq!(
            broken(judge(None, &relinked)),
            Some((1, BreakKind::Changed))
        );
        let mut unsealed = first;
        unsealed.hash = None;
        assert_eq!(
            broken(judge(None, &unsealed)),
            Some((1, BreakKind::Changed))
        );
    }

    #[test]
    fn two_events_naming_one_predecessor_report_the_first_of_them() {
        let first = sealed(1, GENESIS);
        let first_hash = first.hash.clone().unwrap_or_default();
        let spliced = sealed(2, &first_hash);
        let genuine = sealed(3, &first_hash);
        assert_eq!(
            broken(judge(Some(&link(&spliced, Some(1))), &genuine)),
            Some((2, BreakKind::Inserted))
        );
    }

    #[test]
    fn a_second_first_event_is_inserted_and_an_unknown_predecessor_needs_a_lookup() {
        let first = sealed(1, GENESIS);
        assert_eq!(
            broken(judge(Some(&link(&first, None)), &sealed(5, GENESIS))),
            Some((5, BreakKind::Inserted))
        );
        assert!(matches!(
            judge(Some(&link(&first, None)), &sealed(5, &"a".repeat(64))),
            Verdict::Unlinked
        ));
        assert!(matches!(
            judge(None, &sealed(1, &"a".repeat(64))),
            Verdict::Unlinked
        ));
    }
}
