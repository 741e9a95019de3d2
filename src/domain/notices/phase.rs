//! Where a published notice stands on a given day (upcoming, open, closed; a final list is
//! final), the home page's line for each campaign, and the notice in force after corrections.

use super::*;

/// Where a published notice stands on `today`: `upcoming` before its window, `open` within it,
/// `closed` after it (a final list is always `final`). Its page shows the objection links only
/// while `open`.
#[must_use]
pub fn phase(doc: &document::Model, today: Date) -> &'static str {
    phase_of(doc.kind, (doc.window_starts_on, doc.window_ends_on), today)
}

/// [`phase`] from a document's kind and window.
#[must_use]
pub fn phase_of(
    kind: DocumentKind,
    window: (Option<Date>, Option<Date>),
    today: Date,
) -> &'static str {
    if kind == DocumentKind::FinalList {
        return "final";
    }
    match window {
        (Some(start), _) if today < start => "upcoming",
        (Some(_), Some(end)) if today <= end => "open",
        _ => "closed",
    }
}

/// What the public home page says of a campaign in one line: a catalogue key and its count
/// (`home-notice-open` with the working days left, `home-list-published`, …).
#[derive(Clone, Debug, Serialize)]
pub struct Headline {
    /// The campaign.
    pub campaign_id: Uuid,
    /// The catalogue key; it takes `count` and `date`.
    pub key: &'static str,
    /// Working days left of a notice window open today.
    pub count: u32,
    /// The date the line names, if any.
    pub date: Option<Date>,
}

/// The home page's line for each campaign, from where it stands today.
///
/// # Errors
/// When the database fails.
pub async fn headlines(
    db: &impl ConnectionTrait,
    campaigns: &[crate::domain::campaigns::CampaignSummary],
    today: Date,
) -> AppResult<Vec<Headline>> {
    let calendar = calendar(db).await?;
    let mut lines = Vec::new();
    for summary in campaigns {
        let stage = summary.stage.as_ref();
        let closes = stage.and_then(|s| s.stage.closes_on);
        let (key, count, date) = match summary.campaign.stage {
            StageKind::Notice => match (stage.map(|s| s.stage.opens_on), closes) {
                (Some(Some(first)), Some(_)) if today < first => {
                    ("home-notice-upcoming", 0, Some(first))
                }
                (_, Some(last)) if today <= last => (
                    "home-notice-open",
                    calendar.working_days_between(today, last),
                    Some(last),
                ),
                (_, Some(last)) => ("home-notice-closed", 0, Some(last)),
                _ => ("home-notice-coming", 0, None),
            },
            StageKind::Recommendation => match closes {
                Some(last) if today <= last => ("home-recommending", 0, Some(last)),
                _ => ("home-recommendation-closed", 0, closes),
            },
            StageKind::FinalList | StageKind::Archived
                if crate::domain::notices::final_list_of(db, summary.campaign.id)
                    .await?
                    .is_some() =>
            {
                ("home-list-published", 0, None)
            }
            _ => ("home-in-stage", 0, None),
        };
        lines.push(Headline {
            campaign_id: summary.campaign.id,
            key,
            count,
            date,
        });
    }
    Ok(lines)
}

/// Whether `today` lies within a published notice's window.
#[must_use]
pub fn window_open(doc: &document::Model, today: Date) -> bool {
    match (doc.window_starts_on, doc.window_ends_on) {
        (Some(start), Some(end)) => start <= today && today <= end,
        _ => false,
    }
}

pub(super) fn window_args(doc: &document::Model) -> Vec<(&'static str, String)> {
    vec![
        (
            "start",
            doc.window_starts_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
        (
            "end",
            doc.window_ends_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
    ]
}

/// The notice an objection is filed against: the one in force (a superseded notice's page
/// sends objections to its correction).
///
/// # Errors
/// [`AppError::NotFound`] unless `id` is a published notice.
pub async fn notice_in_force(
    db: &impl ConnectionTrait,
    id: DocumentId,
) -> AppResult<document::Model> {
    let mut doc = published(db, id).await?;
    if doc.kind != DocumentKind::Notice {
        return Err(AppError::NotFound);
    }
    // A chain of corrections is short; the bound keeps a broken one finite.
    for _ in 0..100 {
        match doc.superseded_by {
            Some(next) => doc = published(db, DocumentId(next)).await?,
            None => break,
        }
    }
    Ok(doc)
}
