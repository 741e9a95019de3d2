//! Reading campaigns: for the office, for a unit, for the public; the campaign's page, its
//! form's values and the office's summaries.

use super::*;

/// A campaign's categories, in order.
///
/// # Errors
/// When the database fails.
pub async fn categories_of(
    conn: &impl ConnectionTrait,
    id: CampaignId,
) -> AppResult<Vec<category::Model>> {
    Ok(category::Entity::find()
        .filter(category::Column::CampaignId.eq(id.0))
        .order_by_asc(category::Column::Position)
        .all(conn)
        .await?)
}

/// Campaigns the public may see (all but drafts), newest year first.
///
/// # Errors
/// When the database fails.
pub async fn list_public(db: &DatabaseConnection) -> AppResult<Vec<campaign::Model>> {
    Ok(campaign::Entity::find()
        .filter(campaign::Column::Stage.ne(StageKind::Draft))
        .order_by_desc(campaign::Column::Year)
        .order_by_desc(campaign::Column::CreatedAt)
        .all(db)
        .await?)
}

/// A campaign the public may see, with its categories.
///
/// # Errors
/// [`AppError::NotFound`] for drafts and unknown ids.
pub async fn get_public(
    db: &DatabaseConnection,
    id: CampaignId,
) -> AppResult<(campaign::Model, Vec<category::Model>)> {
    let campaign = campaign::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .filter(|c| c.stage.is_public())
        .ok_or(AppError::NotFound)?;
    let categories = categories_of(db, id).await?;
    Ok((campaign, categories))
}

/// Every campaign, for the office; those announced (past the draft), for everyone else.
///
/// # Errors
/// When the database fails.
pub async fn list_for(db: &DatabaseConnection, actor: &Actor) -> AppResult<Vec<campaign::Model>> {
    let mut query = campaign::Entity::find()
        .order_by_desc(campaign::Column::Year)
        .order_by_desc(campaign::Column::CreatedAt);
    if !actor.is_admin() {
        query = query.filter(campaign::Column::Stage.ne(StageKind::Draft));
    }
    Ok(query.all(db).await?)
}

/// A campaign with its categories: any, for the office; announced ones, for everyone else.
///
/// # Errors
/// [`AppError::NotFound`].
pub async fn get_for(
    db: &DatabaseConnection,
    actor: &Actor,
    id: CampaignId,
) -> AppResult<(campaign::Model, Vec<category::Model>)> {
    let campaign = campaign::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .filter(|c| actor.is_admin() || c.stage.is_public())
        .ok_or(AppError::NotFound)?;
    let categories = categories_of(db, id).await?;
    Ok((campaign, categories))
}

/// A campaign with its categories, whatever its status: for showing the campaign of a record
/// the caller has already been allowed to see (a nomination in their reach).
///
/// # Errors
/// [`AppError::NotFound`].
pub async fn get_any(
    db: &DatabaseConnection,
    id: CampaignId,
) -> AppResult<(campaign::Model, Vec<category::Model>)> {
    let campaign = campaign::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let categories = categories_of(db, id).await?;
    Ok((campaign, categories))
}

/// A campaign as its pages and the API show it: with its categories, its stages as they stand
/// today, what may be done now and, for the office, what moving on would leave open.
#[derive(Clone, Debug, Serialize)]
pub struct CampaignPage {
    /// The campaign.
    pub campaign: campaign::Model,
    /// Its categories, in order.
    pub categories: Vec<category::Model>,
    /// Each category's eligibility rules, in the same order.
    pub rules: Vec<Vec<crate::domain::eligibility::Rule>>,
    /// Its stages, in order, with their state today.
    pub stages: Vec<stages::StageView>,
    /// The levels that recommend upward (`street`, `district`, `city`).
    pub levels: Vec<String>,
    /// How scores are aggregated.
    pub aggregation: String,
    /// Each action's name and whether it may happen now (for offering buttons).
    pub offers: std::collections::BTreeMap<String, bool>,
    /// The office's next step (none for anyone else).
    pub next: Option<stages::NextStep>,
}

/// A campaign for its page: any, for the office; announced ones, for everyone else.
///
/// # Errors
/// [`AppError::NotFound`].
pub async fn page(
    db: &DatabaseConnection,
    actor: &Actor,
    id: CampaignId,
    today: Date,
) -> AppResult<CampaignPage> {
    let (campaign, categories) = get_for(db, actor, id).await?;
    page_of(db, actor.is_admin(), campaign, categories, today).await
}

/// A campaign's public page: as [`page`], for anyone, past the draft.
///
/// # Errors
/// [`AppError::NotFound`] for a draft or an unknown id.
pub async fn public_page(
    db: &DatabaseConnection,
    id: CampaignId,
    today: Date,
) -> AppResult<CampaignPage> {
    let (campaign, categories) = get_public(db, id).await?;
    page_of(db, false, campaign, categories, today).await
}

/// [`page`] of a campaign already read; `office` adds the next step.
///
/// # Errors
/// When the database fails.
pub async fn page_of(
    db: &DatabaseConnection,
    office: bool,
    campaign: campaign::Model,
    categories: Vec<category::Model>,
    today: Date,
) -> AppResult<CampaignPage> {
    let life = stages::load(db, &campaign).await?;
    let next = if office {
        Some(stages::next_step(db, &campaign, &life, today).await?)
    } else {
        None
    };
    Ok(CampaignPage {
        levels: crate::domain::workflow::levels(&campaign)
            .iter()
            .map(crate::domain::name_of)
            .collect(),
        aggregation: campaign
            .aggregation
            .clone()
            .unwrap_or_else(|| DEFAULT_AGGREGATION.into()),
        offers: gate::offers(&life, None, today),
        stages: life.view(today),
        rules: categories
            .iter()
            .map(crate::domain::eligibility::rules)
            .collect(),
        campaign,
        categories,
        next,
    })
}

/// The campaign form of an existing campaign, for the office.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`].
pub async fn form_of(
    db: &DatabaseConnection,
    actor: &Actor,
    id: CampaignId,
) -> AppResult<CampaignInput> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let (campaign, categories) = get_any(db, id).await?;
    let life = stages::load(db, &campaign).await?;
    Ok(CampaignInput::from_models(&campaign, &categories, &life))
}

/// A campaign in a list, with the stage it is in as it stands today.
#[derive(Clone, Debug, Serialize)]
pub struct CampaignSummary {
    /// The campaign.
    pub campaign: campaign::Model,
    /// The stage it is in (none for a draft).
    pub stage: Option<stages::StageView>,
    /// Its whole course, for a stage bar.
    pub stages: Vec<stages::StageView>,
    /// Whether it is finished (archived).
    pub finished: bool,
    /// Each action's name and whether it may happen now.
    pub offers: std::collections::BTreeMap<String, bool>,
}

/// Campaigns with their stages, in the order given, read in one query.
///
/// # Errors
/// When the database fails.
pub async fn summaries(
    db: &impl ConnectionTrait,
    campaigns: Vec<campaign::Model>,
    today: Date,
) -> AppResult<Vec<CampaignSummary>> {
    let rows = crate::entity::campaign_stage::Entity::find()
        .filter(
            crate::entity::campaign_stage::Column::CampaignId
                .is_in(campaigns.iter().map(|c| c.id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?;
    Ok(campaigns
        .into_iter()
        .map(|campaign| {
            let life = Lifecycle::new(
                campaign.stage,
                rows.iter()
                    .filter(|r| r.campaign_id == campaign.id)
                    .cloned()
                    .collect(),
            );
            let stages = life.view(today);
            CampaignSummary {
                offers: gate::offers(&life, None, today),
                stage: stages
                    .iter()
                    .find(|s| s.stage.kind == campaign.stage)
                    .cloned(),
                finished: campaign.stage.is_finished(),
                stages,
                campaign,
            }
        })
        .collect())
}

/// The campaigns the actor may see, summarised for a list (the office's index, a dashboard).
///
/// # Errors
/// When the database fails.
pub async fn summaries_for(
    db: &DatabaseConnection,
    actor: &Actor,
    today: Date,
) -> AppResult<Vec<CampaignSummary>> {
    let list = list_for(db, actor).await?;
    summaries(db, list, today).await
}

/// The campaigns open to the public, summarised for the home page.
///
/// # Errors
/// When the database fails.
pub async fn public_summaries(
    db: &DatabaseConnection,
    today: Date,
) -> AppResult<Vec<CampaignSummary>> {
    let list = list_public(db).await?;
    summaries(db, list, today).await
}

/// Every campaign the actor may see, each as its page (with the next step for the office).
///
/// # Errors
/// When the database fails.
pub async fn pages_for(
    db: &DatabaseConnection,
    actor: &Actor,
    today: Date,
) -> AppResult<Vec<CampaignPage>> {
    let mut pages = Vec::new();
    for campaign in list_for(db, actor).await? {
        let categories = categories_of(db, campaign.id.into()).await?;
        pages.push(page_of(db, actor.is_admin(), campaign, categories, today).await?);
    }
    Ok(pages)
}
