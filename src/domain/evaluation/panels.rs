//! Panels (评审组): the office names the reviewers and the categories they judge; the panel's
//! page with its members, rubric and assignments; the reviewers the office may choose from.

use super::*;

/// A panel as the office fills it in.
#[derive(Clone, Debug, Default, Serialize, Deserialize, rocket::FromForm, utoipa::ToSchema)]
#[serde(default)]
pub struct PanelInput {
    /// Name, e.g. 最美志愿者评审组.
    #[field(default = String::new())]
    pub name: String,
    /// Categories it judges (ids).
    pub categories: Vec<String>,
    /// Its reviewers (user ids).
    pub members: Vec<String>,
}

/// A panel with its categories and members.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PanelView {
    /// The panel's id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// Categories it judges: id and name.
    pub categories: Vec<(Uuid, String)>,
    /// Reviewers: id and name.
    pub members: Vec<(Uuid, String)>,
    /// Assignments made.
    pub assignments: usize,
    /// Score sheets submitted.
    pub submitted: usize,
}

fn parse_ids(values: &[String]) -> Vec<Uuid> {
    values
        .iter()
        .filter_map(|v| Uuid::try_parse(v.trim()).ok())
        .collect()
}

/// The office forms a panel for categories of a campaign from reviewer users.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`]; [`AppError::Invalid`] for a missing name,
/// no category, no reviewer, a user who is not a reviewer, or a category already judged by
/// another panel.
pub async fn create_panel(
    db: &DatabaseConnection,
    actor: &Actor,
    campaign_id: CampaignId,
    input: &PanelInput,
) -> AppResult<panel::Model> {
    office_only(actor)?;
    let (campaign, categories) = campaigns::get_any(db, campaign_id).await?;
    stages::require(db, campaign.id, Action::Evaluate).await?;
    let mut errors = FieldErrors::default();
    let name = errors.check("name", required_text(&input.name, 60));
    let chosen: Vec<Uuid> = parse_ids(&input.categories)
        .into_iter()
        .filter(|id| categories.iter().any(|c| c.id == *id))
        .collect();
    if chosen.is_empty() {
        errors.add("categories", "error-required");
    }
    let members = user::Entity::find()
        .filter(user::Column::Id.is_in(parse_ids(&input.members)))
        .all(db)
        .await?;
    if members.is_empty() {
        errors.add("members", "error-required");
    } else if members
        .iter()
        .any(|u| u.role != Role::Reviewer || !u.active)
    {
        errors.add("members", "error-panel-members");
    }
    errors.into_result()?;
    let txn = db::begin_write(db).await?;
    let created = panel::ActiveModel {
        id: Set(Uuid::now_v7()),
        campaign_id: Set(campaign.id),
        name: Set(name.unwrap_or_default()),
        created_at: Set(now()),
    }
    .insert(&txn)
    .await?;
    for category_id in &chosen {
        panel_category::ActiveModel {
            panel_id: Set(created.id),
            category_id: Set(*category_id),
        }
        .insert(&txn)
        .await
        .map_err(|e| match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                let mut errors = FieldErrors::default();
                errors.add("categories", "error-category-has-panel");
                AppError::Invalid(errors)
            }
            _ => AppError::Db(e),
        })?;
    }
    for member in &members {
        panel_member::ActiveModel {
            panel_id: Set(created.id),
            user_id: Set(member.id),
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        &actor.into(),
        Change::new("panel.create", "panel", created.id)
            .campaign(campaign.id)
            .after(json!({
                "name": created.name,
                "categories": chosen,
                "members": members.iter().map(|m| m.id).collect::<Vec<_>>(),
            })),
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// A campaign's panels, with their categories and members.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but the office.
pub async fn panels_of(
    db: &DatabaseConnection,
    actor: &Actor,
    campaign_id: CampaignId,
) -> AppResult<Vec<PanelView>> {
    office_only(actor)?;
    let panels = panel::Entity::find()
        .filter(panel::Column::CampaignId.eq(campaign_id.0))
        .order_by_asc(panel::Column::CreatedAt)
        .all(db)
        .await?;
    let categories = campaigns::categories_of(db, campaign_id).await?;
    let mut views = Vec::new();
    for p in panels {
        views.push(panel_view(db, p, &categories).await?);
    }
    Ok(views)
}

/// One panel with its categories (named from `categories`), members and progress.
async fn panel_view(
    db: &DatabaseConnection,
    p: panel::Model,
    categories: &[category::Model],
) -> AppResult<PanelView> {
    let (category_ids, member_ids) = panel_facts(db, p.id).await?;
    let members = user::Entity::find()
        .filter(user::Column::Id.is_in(member_ids))
        .order_by_asc(user::Column::Username)
        .all(db)
        .await?;
    let assigned = assignment_row::Entity::find()
        .filter(assignment_row::Column::PanelId.eq(p.id))
        .filter(assignment_row::Column::EndedAt.is_null())
        .all(db)
        .await?;
    let submitted = crate::entity::score_sheet::Entity::find()
        .filter(
            crate::entity::score_sheet::Column::AssignmentId
                .is_in(assigned.iter().map(|a| a.id).collect::<Vec<_>>()),
        )
        .filter(crate::entity::score_sheet::Column::Status.eq(crate::domain::evaluation::SUBMITTED))
        .all(db)
        .await?
        .len();
    Ok(PanelView {
        id: p.id,
        name: p.name,
        categories: categories
            .iter()
            .filter(|c| category_ids.contains(&c.id))
            .map(|c| (c.id, c.name.clone()))
            .collect(),
        members: {
            let mut named: Vec<(Uuid, String)> = members
                .into_iter()
                .map(|u| (u.id, u.display_name))
                .collect();
            named.sort_by(|a, b| crate::domain::names::natural_cmp(&a.1, &b.1));
            named
        },
        assignments: assigned.len(),
        submitted,
    })
}

pub(super) async fn panel_facts(
    db: &impl ConnectionTrait,
    panel_id: Uuid,
) -> AppResult<(Vec<Uuid>, Vec<Uuid>)> {
    let categories = panel_category::Entity::find()
        .filter(panel_category::Column::PanelId.eq(panel_id))
        .all(db)
        .await?;
    let members = panel_member::Entity::find()
        .filter(panel_member::Column::PanelId.eq(panel_id))
        .all(db)
        .await?;
    Ok((
        categories.into_iter().map(|c| c.category_id).collect(),
        members.into_iter().map(|m| m.user_id).collect(),
    ))
}

/// Everything the office's panel page shows.
#[derive(Clone, Debug, Serialize)]
pub struct PanelDetail {
    /// What may be done in its campaign now (action name → allowed).
    pub offers: std::collections::BTreeMap<String, bool>,
    /// The panel.
    pub panel: PanelView,
    /// Its campaign.
    pub campaign_id: Uuid,
    /// Its assignments.
    pub assignments: Vec<AssignmentRow>,
    /// Per category, who reviews whom: nominees × reviewers.
    pub matrix: Vec<crate::domain::evaluation::Matrix>,
    /// Each category's rubric.
    pub rubrics: Vec<(category::Model, Vec<criterion::Model>)>,
}

/// One panel for the office's page (the default rubric is created on first view).
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`].
pub async fn panel_detail(
    db: &DatabaseConnection,
    actor: &Actor,
    panel_id: Uuid,
    lang: Lang,
    today: time::Date,
) -> AppResult<PanelDetail> {
    office_only(actor)?;
    let found = panel::Entity::find_by_id(panel_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let campaign_id = found.campaign_id;
    let categories = campaigns::categories_of(db, campaign_id.into()).await?;
    let panel = panel_view(db, found, &categories).await?;
    let facts = facts(db, panel_id).await?;
    let assignments = assignment_rows(db, &facts).await?;
    let mut ordered: Vec<&category::Model> = facts.categories.iter().collect();
    ordered.sort_by_key(|c| c.position);
    let nominees: Vec<crate::domain::evaluation::Nominee> = facts
        .nominations
        .iter()
        .map(|(n, path)| crate::domain::evaluation::Nominee {
            category_id: n.category_id,
            name: n.nominee_name.clone(),
            slot: slot(n, path, &facts.existing),
        })
        .collect();
    let matrix = crate::domain::evaluation::matrices(
        &ordered
            .iter()
            .map(|c| (c.id, c.name.clone()))
            .collect::<Vec<_>>(),
        &nominees,
        &facts.panelists,
        &facts.declared,
        &panel.members,
        &assignments,
    );
    let mut rubrics = Vec::new();
    for category in facts.categories {
        let criteria = rubric(db, category.id, lang).await?;
        rubrics.push((category, criteria));
    }
    rubrics.sort_by_key(|(c, _)| c.position);
    Ok(PanelDetail {
        offers: stages::offers(db, campaign_id, today).await?,
        panel,
        campaign_id,
        assignments,
        matrix,
        rubrics,
    })
}

/// The reviewers the office may put on a panel: active users with the reviewer role.
///
/// # Errors
/// [`AppError::Forbidden`].
pub async fn reviewers(db: &DatabaseConnection, actor: &Actor) -> AppResult<Vec<user::Model>> {
    office_only(actor)?;
    Ok(user::Entity::find()
        .filter(user::Column::Role.eq(Role::Reviewer))
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::Username)
        .all(db)
        .await?)
}
