//! What the nomination form shows: the campaign and category it is for, the draft when it
//! exists, and the content, as stored or as the user typed it (after a refusal nothing typed
//! is lost).

use super::*;

/// The nomination form's content and what it is for.
#[derive(Debug, Serialize)]
pub struct DraftForm {
    /// The draft, once it exists.
    pub id: Option<Uuid>,
    /// The campaign it is for.
    pub campaign: campaign::Model,
    /// The category it is for.
    pub category: category::Model,
    /// The fields as the form shows them.
    pub input: NominationInput,
}

/// The form for a new nomination in `category`, empty, while the actor may nominate.
///
/// # Errors
/// As [`super::start`].
pub async fn new_form(
    app: &App,
    actor: &Actor,
    campaign_id: CampaignId,
    category_id: CategoryId,
) -> AppResult<DraftForm> {
    let (campaign, category) = super::start(app, actor, campaign_id, category_id).await?;
    Ok(DraftForm {
        id: None,
        campaign,
        category,
        input: NominationInput::default(),
    })
}

/// The form for a new nomination again, with what was typed.
///
/// # Errors
/// `NotFound` when the category is not the campaign's or not in the actor's sight.
pub async fn new_form_again(
    app: &App,
    actor: &Actor,
    campaign_id: CampaignId,
    category_id: CategoryId,
    input: NominationInput,
) -> AppResult<DraftForm> {
    let (campaign, category) = campaign_category(app, actor, campaign_id, category_id).await?;
    Ok(DraftForm {
        id: None,
        campaign,
        category,
        input,
    })
}

/// The form to edit a draft: only the actor's own unit's, only while it may be edited.
///
/// # Errors
/// `NotFound` outside the actor's unit; `Refused` once it is no longer the unit's to change.
pub async fn edit_form(app: &App, actor: &Actor, id: NominationId) -> AppResult<DraftForm> {
    let (nomination, _) = get_in_reach(&app.db, actor, id).await?;
    if nomination.unit_id != actor.unit_id {
        return Err(AppError::NotFound);
    }
    if !workflow::EDITABLE.contains(&nomination.status) {
        return Err(AppError::Refused("error-nomination-not-draft", vec![]));
    }
    let input = input_from_model(app, &nomination)?;
    form_of(app, &nomination, input).await
}

/// The form for a draft again, with what was typed (after invalid input or a refusal).
///
/// # Errors
/// `NotFound` outside the actor's reach.
pub async fn edit_form_again(
    app: &App,
    actor: &Actor,
    id: NominationId,
    input: NominationInput,
) -> AppResult<DraftForm> {
    let (nomination, _) = get_in_reach(&app.db, actor, id).await?;
    form_of(app, &nomination, input).await
}

async fn form_of(
    app: &App,
    nomination: &nomination::Model,
    input: NominationInput,
) -> AppResult<DraftForm> {
    let campaign = campaign::Entity::find_by_id(nomination.campaign_id)
        .one(&app.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let category = category::Entity::find_by_id(nomination.category_id)
        .one(&app.db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(DraftForm {
        id: Some(nomination.id),
        campaign,
        category,
        input,
    })
}
