//! The office's checklist for a nomination (complete, attachments, ID number, the category's
//! rules) and the possible duplicates it finds.

use super::*;

/// One line of the office's checklist.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Check {
    /// The catalogue key naming the check; it takes `min`.
    pub key: &'static str,
    /// Whether it passed.
    pub ok: bool,
    /// Whether it is one of the category's eligibility rules: a nomination failing one is
    /// found eligible only by an explicit override with a reason.
    pub hard: bool,
    /// The rule's threshold, for its message.
    pub min: i32,
}

impl Check {
    fn soft(key: &'static str, ok: bool) -> Self {
        Self {
            key,
            ok,
            hard: false,
            min: 0,
        }
    }
}

/// The office's checklist for a nomination: fields complete, attachments present, the ID
/// number's checksum, no duplicates (the office's judgement), then each eligibility rule of
/// its category (hard).
///
/// # Errors
/// When the database fails.
pub async fn checklist(
    app: &App,
    ctx: &Context,
    duplicates: &[Duplicate],
) -> AppResult<Vec<Check>> {
    let n = &ctx.nomination;
    let attachments = !crate::domain::nominations::attachments_of(&app.db, n.id)
        .await?
        .is_empty();
    Ok(checks_of(
        app,
        &ctx.nomination,
        &ctx.category,
        judged_on(ctx),
        attachments,
        duplicates.is_empty(),
    ))
}

/// [`checklist`] from what has been read.
fn checks_of(
    app: &App,
    n: &nomination::Model,
    category: &category::Model,
    on: Date,
    attachments: bool,
    unique: bool,
) -> Vec<Check> {
    let person = n.nominee_kind == crate::entity::category::NomineeKind::Person;
    let complete = !n.nominee_name.is_empty()
        && !n.deeds_summary.is_empty()
        && !n.deeds_full.is_empty()
        && n.phone.is_some()
        && (!person
            || (n.birth_date.is_some()
                && n.id_number_enc.is_some()
                && n.volunteer_hours.is_some()))
        && (person || n.contact_name.is_some());
    let mut checks = vec![
        Check::soft("check-complete", complete),
        Check::soft("check-attachments", attachments),
    ];
    if person {
        let id_ok = n.id_number_enc.as_ref().is_some_and(|blob| {
            app.pii
                .decrypt(blob)
                .ok()
                .is_some_and(|plain| crate::domain::values::IdNumber::parse(&plain).is_ok())
        });
        checks.push(Check::soft("check-id-number", id_ok));
    }
    checks.push(Check::soft("check-no-duplicates", unique));
    checks.extend(
        crate::domain::eligibility::check(category, n, on)
            .into_iter()
            .map(|r| Check {
                key: r.key,
                ok: r.ok,
                hard: true,
                min: r.min,
            }),
    );
    checks
}

/// The checks each of these nominations fails, for the office's queue (hard ones first): read
/// together, a query per kind of fact rather than per nomination, but for the duplicates.
///
/// # Errors
/// When the database fails.
pub async fn failed_checks(
    app: &App,
    models: &[nomination::Model],
) -> AppResult<std::collections::HashMap<Uuid, Vec<Check>>> {
    use std::collections::HashMap;
    let ids: Vec<Uuid> = models.iter().map(|n| n.id).collect();
    let attached: Vec<Uuid> = crate::entity::attachment::Entity::find()
        .filter(crate::entity::attachment::Column::NominationId.is_in(ids))
        .all(&app.db)
        .await?
        .into_iter()
        .map(|a| a.nomination_id)
        .collect();
    let categories = category::Entity::find()
        .filter(category::Column::Id.is_in(models.iter().map(|n| n.category_id)))
        .all(&app.db)
        .await?;
    let mut judged: HashMap<Uuid, Date> = HashMap::new();
    for campaign in campaign::Entity::find()
        .filter(campaign::Column::Id.is_in(models.iter().map(|n| n.campaign_id)))
        .all(&app.db)
        .await?
    {
        let life = stages::load(&app.db, &campaign).await?;
        let on = life
            .stage(crate::entity::campaign_stage::StageKind::Recommendation)
            .and_then(|s| s.opens_on)
            .unwrap_or_else(|| crate::domain::now().date());
        judged.insert(campaign.id, on);
    }
    let mut found = HashMap::new();
    for n in models {
        let Some(category) = categories.iter().find(|c| c.id == n.category_id) else {
            continue;
        };
        let unique = duplicates(&app.db, n).await?.is_empty();
        let on = judged
            .get(&n.campaign_id)
            .copied()
            .unwrap_or_else(|| crate::domain::now().date());
        let mut failed: Vec<Check> =
            checks_of(app, n, category, on, attached.contains(&n.id), unique)
                .into_iter()
                .filter(|c| !c.ok)
                .collect();
        failed.sort_by_key(|c| !c.hard);
        found.insert(n.id, failed);
    }
    Ok(found)
}

/// Another nomination of the same campaign that looks like the same nominee.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Duplicate {
    /// The other nomination.
    pub id: Uuid,
    /// Its nominee's name.
    pub nominee_name: String,
    /// Why it matched: `check-dup-id-number`, `check-dup-name-birth` or `check-dup-name`.
    pub reason: &'static str,
}

/// Nominations of the same campaign (drafts aside) that look like the same nominee: the same
/// ID number (compared by keyed fingerprint), the same name and birth date, or, for
/// organizations, projects and communities, the same name.
///
/// # Errors
/// When the database fails.
pub async fn duplicates(
    db: &impl ConnectionTrait,
    n: &nomination::Model,
) -> AppResult<Vec<Duplicate>> {
    // Two lookups, each on its index (the same name in the campaign; the same ID number),
    // rather than one OR that a planner may answer by scanning the campaign.
    let others_in_campaign = || {
        nomination::Entity::find()
            .filter(nomination::Column::CampaignId.eq(n.campaign_id))
            .filter(nomination::Column::Id.ne(n.id))
            .filter(nomination::Column::Status.ne(NominationStatus::Draft))
    };
    let mut others = others_in_campaign()
        .filter(nomination::Column::NomineeName.eq(n.nominee_name.as_str()))
        .all(db)
        .await?;
    if let Some(fp) = &n.id_number_fp {
        for other in others_in_campaign()
            .filter(nomination::Column::IdNumberFp.eq(fp.as_str()))
            .all(db)
            .await?
        {
            if !others.iter().any(|o| o.id == other.id) {
                others.push(other);
            }
        }
    }
    let person = n.nominee_kind == crate::entity::category::NomineeKind::Person;
    Ok(others
        .into_iter()
        .filter_map(|other| {
            let reason = if n.id_number_fp.is_some() && other.id_number_fp == n.id_number_fp {
                "check-dup-id-number"
            } else if person
                && other.nominee_name == n.nominee_name
                && other.birth_date.is_some()
                && other.birth_date == n.birth_date
            {
                "check-dup-name-birth"
            } else if !person
                && other.nominee_kind == n.nominee_kind
                && other.nominee_name == n.nominee_name
            {
                "check-dup-name"
            } else {
                return None;
            };
            Some(Duplicate {
                id: other.id,
                nominee_name: other.nominee_name,
                reason,
            })
        })
        .collect())
}
