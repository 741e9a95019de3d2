//! Changing campaigns: creating one, copying last year's with its rubrics and dates a year
//! on, and editing one and its categories while the stage allows.

use super::*;

fn snapshot(
    campaign: &campaign::Model,
    categories: &[category::Model],
    plan: Option<&Plan>,
) -> serde_json::Value {
    json!({
        "title": campaign.title,
        "year": campaign.year,
        "organizer": campaign.organizer,
        "stage": campaign.stage,
        "recommend_levels": campaign.recommend_levels,
        "timeline": plan.map(|p| json!({
            "nomination_opens_on": p.nomination_opens_on.to_string(),
            "deadlines": p.deadlines,
            "review_closes_on": p.review_closes_on.to_string(),
            "evaluation_closes_on": p.evaluation_closes_on.map(|d| d.to_string()),
            "notice_starts_on": p.notice_starts_on.to_string(),
            "announced_on": p.announced_on.to_string(),
            "clearance": p.clearance.map(|c| json!({
                "after": c.after, "closes_on": c.closes_on.to_string(),
            })),
            "voting": p.voting.map(|v| json!({
                "opens_on": v.opens_on.to_string(), "closes_on": v.closes_on.to_string(),
                "rules": v.rules,
            })),
        })),
        "categories": categories.iter().map(|c| json!({
            "key": c.key, "name": c.name, "kind": c.nominee_kind,
            "quota": c.quota, "unit_quota": c.unit_quota, "min_hours": c.min_hours,
            "min_years": c.min_years, "needs_registration": c.needs_registration,
            "min_members": c.min_members, "vote_weight": c.vote_weight,
        })).collect::<Vec<_>>(),
    })
}

/// The office creates a campaign, as a draft.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but the office; [`AppError::Invalid`] for bad input.
pub async fn create_campaign(
    db: &DatabaseConnection,
    actor: &Actor,
    input: &CampaignInput,
) -> AppResult<campaign::Model> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let province = units::is_province(db).await?;
    let valid = validate(input, &|_| false, province)?;
    let at = now();
    let txn = db::begin_write(db).await?;
    let campaign = campaign::ActiveModel {
        id: Set(CampaignId::new().0),
        title: Set(valid.title),
        year: Set(valid.year),
        organizer: Set(valid.organizer),
        description: Set(valid.description),
        stage: Set(StageKind::Draft),
        recommend_levels: Set(Some(valid.levels)),
        aggregation: Set(Some(valid.aggregation)),
        version: Set(1),
        created_at: Set(at),
        updated_at: Set(at),
    }
    .insert(&txn)
    .await?;
    stages::create(&txn, campaign.id, &valid.plan).await?;
    let categories = save_categories(&txn, campaign.id, valid.categories).await?;
    let copied = match Uuid::try_parse(input.copy_of.trim()) {
        Ok(source) => copy_rubrics(&txn, source, &categories).await?,
        Err(_) => None,
    };
    let mut after = snapshot(&campaign, &categories, Some(&valid.plan));
    after["copy_of"] = json!(copied);
    audit::record(
        &txn,
        &actor.into(),
        Change::new("campaign.create", "campaign", campaign.id)
            .campaign(campaign.id)
            .after(after),
    )
    .await?;
    txn.commit().await?;
    Ok(campaign)
}

/// Copies the rubric of each category of `source` to the category with the same key among
/// `categories`. Returns the source's id when it exists.
async fn copy_rubrics(
    conn: &impl ConnectionTrait,
    source: Uuid,
    categories: &[category::Model],
) -> AppResult<Option<Uuid>> {
    use crate::entity::criterion;
    if campaign::Entity::find_by_id(source)
        .one(conn)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    let old = categories_of(conn, source.into()).await?;
    for new in categories {
        let Some(from) = old.iter().find(|c| c.key == new.key) else {
            continue;
        };
        let rows: Vec<criterion::ActiveModel> = criterion::Entity::find()
            .filter(criterion::Column::CategoryId.eq(from.id))
            .all(conn)
            .await?
            .into_iter()
            .map(|c| criterion::ActiveModel {
                id: Set(Uuid::now_v7()),
                category_id: Set(new.id),
                position: Set(c.position),
                name: Set(c.name),
                max_points: Set(c.max_points),
                weight: Set(c.weight),
            })
            .collect();
        if !rows.is_empty() {
            criterion::Entity::insert_many(rows).exec(conn).await?;
        }
    }
    Ok(Some(source))
}

/// A day one year on (28 February for a 29 February).
fn a_year_on(day: Date) -> Date {
    day.replace_year(day.year() + 1)
        .or_else(|_| {
            day.replace_day(28)
                .and_then(|d| d.replace_year(day.year() + 1))
        })
        .unwrap_or(day)
}

/// The form of a new campaign started as a copy of `from` (last year's): its categories,
/// quotas, levels, aggregation and rubrics, its dates a year on, its title and year one on.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`].
pub async fn copy_form(
    db: &DatabaseConnection,
    actor: &Actor,
    from: CampaignId,
) -> AppResult<CampaignInput> {
    let mut form = form_of(db, actor, from).await?;
    let year: i32 = form.year.parse().unwrap_or_default();
    form.title = form
        .title
        .replace(&year.to_string(), &(year + 1).to_string());
    form.year = (year + 1).to_string();
    for day in [
        &mut form.nomination_opens_on,
        &mut form.nomination_closes_on,
        &mut form.street_closes_on,
        &mut form.district_closes_on,
        &mut form.city_closes_on,
        &mut form.review_closes_on,
        &mut form.evaluation_closes_on,
        &mut form.clearance_closes_on,
        &mut form.voting_opens_on,
        &mut form.voting_closes_on,
        &mut form.notice_starts_on,
        &mut form.announced_on,
    ] {
        if let Ok(date) = parse_date(day) {
            *day = a_year_on(date).to_string();
        }
    }
    for row in &mut form.categories {
        row.id = String::new();
    }
    form.version = 0;
    form.copy_of = from.to_string();
    Ok(form)
}

async fn save_categories(
    conn: &impl ConnectionTrait,
    campaign_id: Uuid,
    rows: Vec<ValidCategory>,
) -> AppResult<Vec<category::Model>> {
    let existing = category::Entity::find()
        .filter(category::Column::CampaignId.eq(campaign_id))
        .all(conn)
        .await?;
    // A category that nominations refer to cannot disappear.
    for old in &existing {
        if !rows.iter().any(|row| row.id == Some(old.id)) {
            let used = nomination::Entity::find()
                .filter(nomination::Column::CategoryId.eq(old.id))
                .count(conn)
                .await?;
            if used > 0 {
                return Err(AppError::Refused(
                    "error-category-in-use",
                    vec![("name", old.name.clone())],
                ));
            }
            category::Entity::delete_by_id(old.id).exec(conn).await?;
        }
    }
    let mut saved = Vec::new();
    for (position, row) in rows.into_iter().enumerate() {
        let position = i32::try_from(position).unwrap_or(i32::MAX);
        let model = match row.id.and_then(|id| existing.iter().find(|c| c.id == id)) {
            Some(old) => {
                if old.nominee_kind != row.kind {
                    let used = nomination::Entity::find()
                        .filter(nomination::Column::CategoryId.eq(old.id))
                        .count(conn)
                        .await?;
                    if used > 0 {
                        return Err(AppError::Refused(
                            "error-category-in-use",
                            vec![("name", old.name.clone())],
                        ));
                    }
                }
                let mut model: category::ActiveModel = old.clone().into();
                model.name = Set(row.name);
                model.nominee_kind = Set(row.kind);
                model.quota = Set(row.quota);
                model.unit_quota = Set(row.unit_quota);
                model.min_hours = Set(row.min_hours);
                model.min_years = Set(row.min_years);
                model.needs_registration = Set(Some(row.needs_registration));
                model.min_members = Set(row.min_members);
                model.reviewers_per_nomination = Set(Some(row.reviewers));
                model.require_majority = Set(Some(row.require_majority));
                model.vote_weight = Set(row.vote_weight);
                model.position = Set(position);
                model.update(conn).await?
            }
            None => {
                category::ActiveModel {
                    id: Set(CategoryId::new().0),
                    campaign_id: Set(campaign_id),
                    key: Set(row.key),
                    name: Set(row.name),
                    nominee_kind: Set(row.kind),
                    quota: Set(row.quota),
                    unit_quota: Set(row.unit_quota),
                    min_hours: Set(row.min_hours),
                    min_years: Set(row.min_years),
                    needs_registration: Set(Some(row.needs_registration)),
                    min_members: Set(row.min_members),
                    vote_weight: Set(row.vote_weight),
                    position: Set(position),
                    reviewers_per_nomination: Set(Some(row.reviewers)),
                    require_majority: Set(Some(row.require_majority)),
                }
                .insert(conn)
                .await?
            }
        };
        saved.push(model);
    }
    Ok(saved)
}

/// A clearance stage is added, moved or removed only where the campaign has not gone past:
/// while it is at or before the stage it follows (both where it was and where it goes), and
/// never while in it. Its last day may change.
fn check_clearance_move(life: &Lifecycle, wanted: Option<ClearancePlan>) -> AppResult<()> {
    let had = life.clearance();
    if had.map(|c| c.after) == wanted.map(|c| c.after) {
        return Ok(());
    }
    let movable = |after: StageKind| !life.reached(after) || life.current == after;
    let fine = life.current != StageKind::Clearance
        && [had, wanted].iter().flatten().all(|c| movable(c.after));
    if fine {
        Ok(())
    } else {
        let mut errors = FieldErrors::default();
        errors.add("clearance_after", "error-clearance-fixed");
        Err(AppError::Invalid(errors))
    }
}

/// A voting stage is added or removed only where the campaign has not gone past: before it
/// reaches the voting, or, to add one, while it is at or before the stage the voting follows.
fn check_voting_change(life: &Lifecycle, wanted: bool) -> AppResult<()> {
    let has = life.stage(StageKind::Voting).is_some();
    if has == wanted {
        return Ok(());
    }
    let open = if has {
        !life.reached(StageKind::Voting)
    } else {
        let before = match life.clearance() {
            Some(c) if c.after == StageKind::Evaluation => StageKind::Clearance,
            _ => StageKind::Evaluation,
        };
        !life.reached(before) || life.current == before
    };
    if open {
        return Ok(());
    }
    let mut errors = FieldErrors::default();
    errors.add("voting", "error-voting-fixed");
    Err(AppError::Invalid(errors))
}

/// The office edits a campaign, in the stages that allow it (until the final list). The
/// version it saw must still be current.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`]; [`AppError::Stale`] when someone else
/// saved first; [`AppError::Invalid`]; [`AppError::Refused`] outside those stages or for a
/// category in use.
pub async fn update_campaign(
    db: &DatabaseConnection,
    actor: &Actor,
    id: CampaignId,
    input: &CampaignInput,
    today: Date,
) -> AppResult<campaign::Model> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    // The stage first: a form that could never be saved is not checked field by field.
    let (found, _) = get_any(db, id).await?;
    let life = stages::load(db, &found).await?;
    gate::check(&life, Action::EditCampaign, None, today)?;
    let province = units::is_province(db).await?;
    let valid = validate(input, &|stage| life.reached(stage), province)?;
    let txn = db::begin_write(db).await?;
    let existing = campaign::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if existing.version != input.version {
        return Err(AppError::Stale);
    }
    let life = stages::load(&txn, &existing).await?;
    gate::check(&life, Action::EditCampaign, None, today)?;
    check_clearance_move(&life, valid.plan.clearance)?;
    check_voting_change(&life, valid.plan.voting.is_some())?;
    let before = snapshot(
        &existing,
        &categories_of(&txn, id).await?,
        Plan::of(&life).as_ref(),
    );
    let mut model: campaign::ActiveModel = existing.clone().into();
    model.title = Set(valid.title);
    model.year = Set(valid.year);
    model.organizer = Set(valid.organizer);
    model.description = Set(valid.description);
    model.recommend_levels = Set(Some(valid.levels));
    model.aggregation = Set(Some(valid.aggregation));
    model.version = Set(existing.version + 1);
    model.updated_at = Set(now());
    let updated = model.update(&txn).await?;
    stages::set_dates(&txn, updated.id, &valid.plan).await?;
    let categories = save_categories(&txn, updated.id, valid.categories).await?;
    audit::record(
        &txn,
        &actor.into(),
        Change::new("campaign.update", "campaign", id)
            .campaign(id.0)
            .before(before)
            .after(snapshot(&updated, &categories, Some(&valid.plan))),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}
