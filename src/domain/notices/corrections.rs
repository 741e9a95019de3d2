//! The order of the honorees and the corrections of a confirmed final list.
//!
//! The office sets the order of the nominees within each category (by default the ranking's):
//! the notice, the final list, its exports and the certificates follow it. Once the final list
//! is confirmed it never changes: a correction is a new version of it, linked to the one it
//! replaces, with a note of what changed and why; the honor roll follows the newest version
//! (an honoree taken off leaves the roll and its nomination is withdrawn, a name or line
//! corrected changes on the roll, the order changes with it).

use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::{
    db,
    domain::{
        actor::Actor,
        audit::{self, Change},
        honor_roll,
        ids::{CampaignId, DocumentId},
        notices::{self, DocumentInput, Entry, Section},
        stages,
        values::{optional_text, required_text},
        workflow::{self, Action, Transition},
    },
    entity::{
        campaign, category, document, honoree, honoree_gram,
        nomination::{self, NominationStatus},
        shortlist_entry,
    },
    error::{AppError, AppResult, FieldErrors},
};

/// The office's order of a campaign's nominees: a number per nomination (smaller first).
#[derive(Clone, Debug, Default, Serialize, Deserialize, rocket::FromForm)]
pub struct OrderInput {
    /// Nomination id → its place within its category, as typed.
    pub positions: HashMap<String, String>,
}

fn parse_place(text: &str) -> Option<i32> {
    text.trim()
        .parse::<i32>()
        .ok()
        .filter(|n| (1..=10_000).contains(n))
}

/// Sorts entries by the places given (those without one keep their turn after the numbered
/// ones with the same place), and numbers them from 0.
fn ordered<T: Clone>(items: &[(T, i32)], place: impl Fn(&T) -> Option<i32>) -> Vec<(T, i32)> {
    let mut keyed: Vec<(i32, i32, T)> = items
        .iter()
        .map(|(item, old)| (place(item).unwrap_or(i32::MAX), *old, item.clone()))
        .collect();
    keyed.sort_by_key(|(new, old, _)| (*new, *old));
    keyed
        .into_iter()
        .enumerate()
        .map(|(at, (_, _, item))| (item, i32::try_from(at).unwrap_or(i32::MAX)))
        .collect()
}

/// The office sets the order of the shortlisted nominees within each category, until the
/// final list is confirmed (afterwards a correction changes it).
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`]; [`AppError::Refused`] outside the shortlist
/// and final list stages or once the final list is confirmed; [`AppError::Invalid`] on a place
/// that is not a whole number from 1.
pub async fn set_order(
    db: &DatabaseConnection,
    actor: &Actor,
    id: CampaignId,
    input: &OrderInput,
) -> AppResult<()> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::default();
    for (key, text) in &input.positions {
        if !text.trim().is_empty() && parse_place(text).is_none() {
            errors.add(&format!("positions[{key}]"), "error-order-number");
        }
    }
    errors.into_result()?;
    let txn = db::begin_write(db).await?;
    let (campaign, _) = stages::require(&txn, id.0, Action::OrderHonorees).await?;
    if notices::final_list_of(&txn, campaign.id).await?.is_some() {
        return Err(AppError::Refused("error-final-exists", vec![]));
    }
    let entries = entries_of(&txn, campaign.id).await?;
    let place = |e: &shortlist_entry::Model| {
        input
            .positions
            .get(&e.nomination_id.to_string())
            .and_then(|t| parse_place(t))
    };
    let before: Vec<Uuid> = entries.iter().map(|e| e.nomination_id).collect();
    let mut after = Vec::new();
    let mut by_category: HashMap<Uuid, Vec<(shortlist_entry::Model, i32)>> = HashMap::new();
    for entry in entries {
        let position = entry.position;
        by_category
            .entry(entry.category_id)
            .or_default()
            .push((entry, position));
    }
    for rows in by_category.values() {
        for (entry, position) in ordered(rows, place) {
            after.push(entry.nomination_id);
            if entry.position != position {
                let mut active = entry.into_active_model();
                active.position = Set(position);
                active.update(&txn).await?;
            }
        }
    }
    audit::record(
        &txn,
        &actor.into(),
        Change::new("shortlist.order", "campaign", campaign.id)
            .campaign(campaign.id)
            .before(json!({ "nominations": before }))
            .after(json!({ "nominations": after })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The shortlist entries of a campaign's nominees still on their way to the roll, by
/// category and place.
async fn entries_of(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
) -> AppResult<Vec<shortlist_entry::Model>> {
    let categories: Vec<Uuid> = category::Entity::find()
        .filter(category::Column::CampaignId.eq(campaign_id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let live: Vec<Uuid> = nomination::Entity::find()
        .filter(nomination::Column::CampaignId.eq(campaign_id))
        .filter(
            nomination::Column::Status
                .is_in([NominationStatus::Shortlisted, NominationStatus::OnNotice]),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|n| n.id)
        .collect();
    Ok(shortlist_entry::Entity::find()
        .filter(shortlist_entry::Column::CategoryId.is_in(categories))
        .filter(shortlist_entry::Column::NominationId.is_in(live))
        .order_by_asc(shortlist_entry::Column::CategoryId)
        .order_by_asc(shortlist_entry::Column::Position)
        .all(db)
        .await?)
}

/// One line of the list as a correction changes it.
#[derive(Clone, Debug, Default, Serialize, Deserialize, rocket::FromForm)]
pub struct CorrectionEntry {
    /// The honoree.
    #[field(default = String::new())]
    pub honoree: String,
    /// Whether it stays on the list (unticked: taken off).
    pub keep: bool,
    /// The name as it should read.
    #[field(default = String::new())]
    pub name: String,
    /// The affiliation or role line as it should read.
    #[field(default = String::new())]
    pub affiliation: String,
    /// Its place within its category.
    #[field(default = String::new())]
    pub position: String,
    /// Its category's name (shown on the form).
    #[field(default = String::new())]
    pub category: String,
}

/// A correction of the confirmed final list, as the office fills it in.
#[derive(Clone, Debug, Default, Serialize, Deserialize, rocket::FromForm)]
pub struct CorrectionInput {
    /// The list being corrected (it must still be the newest version).
    #[field(default = String::new())]
    pub replaces: String,
    /// The new version's document fields; `change_note` says what changed and why.
    pub document: DocumentInput,
    /// Every line of the list being corrected.
    pub entries: Vec<CorrectionEntry>,
}

/// The correction form of a campaign's confirmed final list: its newest version as it reads.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`] without a confirmed list.
pub async fn correction_form(
    db: &DatabaseConnection,
    actor: &Actor,
    id: CampaignId,
) -> AppResult<(campaign::Model, CorrectionInput)> {
    let campaign = notices::office_campaign(db, actor, id).await?;
    let current = notices::final_list_of(db, campaign.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = honoree::Entity::find()
        .filter(honoree::Column::DocumentId.eq(current.id))
        .order_by_asc(honoree::Column::Position)
        .all(db)
        .await?;
    let content = notices::Content::parse(current.content.as_deref().unwrap_or("{}"))?;
    let entries = content
        .categories
        .iter()
        .flat_map(|section| {
            section
                .entries
                .iter()
                .enumerate()
                .map(|(at, e)| CorrectionEntry {
                    honoree: e.id.to_string(),
                    keep: true,
                    name: e.name.clone(),
                    affiliation: e.affiliation.clone(),
                    position: (at + 1).to_string(),
                    category: section.name.clone(),
                })
        })
        .filter(|e| rows.iter().any(|r| r.id.to_string() == e.honoree))
        .collect();
    let document = DocumentInput {
        change_note: String::new(),
        version: 0,
        ..DocumentInput::from_model(&current)
    };
    Ok((
        campaign,
        CorrectionInput {
            replaces: current.id.to_string(),
            document,
            entries,
        },
    ))
}

/// A line of the corrected list, checked.
struct Checked {
    row: honoree::Model,
    keep: bool,
    name: String,
    affiliation: String,
    place: Option<i32>,
}

fn check_entries(rows: &[honoree::Model], input: &CorrectionInput) -> AppResult<Vec<Checked>> {
    let mut errors = FieldErrors::default();
    let mut checked = Vec::new();
    for row in rows {
        // A line the form did not send stays as it was.
        let Some((at, entry)) = input
            .entries
            .iter()
            .enumerate()
            .find(|(_, e)| e.honoree == row.id.to_string())
        else {
            checked.push(Checked {
                row: row.clone(),
                keep: true,
                name: row.name.clone(),
                affiliation: row.affiliation.clone(),
                place: None,
            });
            continue;
        };
        let field = |name: &str| format!("entries[{at}].{name}");
        let name = errors.check(&field("name"), required_text(&entry.name, 120));
        let affiliation = errors
            .check(
                &field("affiliation"),
                optional_text(&entry.affiliation, 200),
            )
            .map(Option::unwrap_or_default);
        let place = parse_place(&entry.position);
        if !entry.position.trim().is_empty() && place.is_none() {
            errors.add(&field("position"), "error-order-number");
        }
        if let (Some(name), Some(affiliation)) = (name, affiliation) {
            checked.push(Checked {
                row: row.clone(),
                keep: entry.keep,
                name,
                affiliation,
                place,
            });
        }
    }
    if checked.iter().all(|c| !c.keep) && !rows.is_empty() {
        errors.add("entries", "error-correction-empty");
    }
    errors.into_result()?;
    Ok(checked)
}

/// The office publishes a correction of the campaign's confirmed final list: a new version
/// replacing the newest one, with `document.change_note` saying what changed and why. Lines
/// taken off leave the honor roll (their nominations are withdrawn with the note as reason);
/// names and lines corrected, and the order, change on the roll.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`] without a confirmed list;
/// [`AppError::Stale`] when `replaces` is no longer the newest version; [`AppError::Refused`]
/// outside the final list and archived stages; [`AppError::Invalid`] per field (the change
/// note is required, and at least one line must stay).
pub async fn correct(
    db: &DatabaseConnection,
    signer: &crate::domain::audit::checkpoints::Signer,
    actor: &Actor,
    id: CampaignId,
    input: &CorrectionInput,
) -> AppResult<document::Model> {
    let campaign = notices::office_campaign(db, actor, id).await?;
    let txn = db::begin_write(db).await?;
    stages::require(&txn, campaign.id, Action::CorrectFinalList).await?;
    let current = notices::final_list_of(&txn, campaign.id)
        .await?
        .ok_or(AppError::NotFound)?;
    if input.replaces.trim() != current.id.to_string() {
        return Err(AppError::Stale);
    }
    let rows = honoree::Entity::find()
        .filter(honoree::Column::DocumentId.eq(current.id))
        .order_by_asc(honoree::Column::Position)
        .all(&txn)
        .await?;
    let checked = check_entries(&rows, input)?;
    let categories = category::Entity::find()
        .filter(category::Column::CampaignId.eq(campaign.id))
        .order_by_asc(category::Column::Position)
        .all(&txn)
        .await?;
    let document_id = DocumentId::new();
    let mut sections = Vec::new();
    let mut kept = Vec::new();
    for category in &categories {
        let lines: Vec<(&Checked, i32)> = checked
            .iter()
            .filter(|c| c.keep && c.row.category_id == category.id)
            .map(|c| (c, c.row.position))
            .collect();
        let lines = ordered(&lines, |c| c.place);
        if lines.is_empty() {
            continue;
        }
        sections.push(Section {
            name: category.name.clone(),
            entries: lines
                .iter()
                .map(|(c, _)| Entry {
                    id: c.row.id,
                    name: c.name.clone(),
                    affiliation: c.affiliation.clone(),
                    deeds_summary: None,
                })
                .collect(),
        });
        kept.extend(lines);
    }
    let published = notices::publish_final_list(
        &txn,
        signer,
        actor,
        &campaign,
        notices::NewList {
            input: &input.document,
            sections,
            id: document_id,
            replaces: Some(&current),
        },
    )
    .await
    .map_err(|e| match e {
        // The document's fields are `document.<name>` on this form.
        AppError::Invalid(FieldErrors(errors)) => AppError::Invalid(FieldErrors(
            errors
                .into_iter()
                .map(|mut e| {
                    e.field = format!("document.{}", e.field);
                    e
                })
                .collect(),
        )),
        other => other,
    })?;
    // The roll follows the newest version.
    let mut renamed = Vec::new();
    for (c, position) in &kept {
        let mut active = c.row.clone().into_active_model();
        active.document_id = Set(published.id);
        active.position = Set(*position);
        active.affiliation = Set(c.affiliation.clone());
        if c.name != c.row.name {
            renamed.push(json!([c.row.id, c.row.name, c.name]));
            active.name = Set(c.name.clone());
            honoree_gram::Entity::delete_many()
                .filter(honoree_gram::Column::HonoreeId.eq(c.row.id))
                .exec(&txn)
                .await?;
            honoree_gram::Entity::insert_many(honor_roll::name_index_rows(c.row.id, &c.name))
                .exec(&txn)
                .await?;
        }
        active.update(&txn).await?;
    }
    let revoked: Vec<&Checked> = checked.iter().filter(|c| !c.keep).collect();
    let revoked_ids: Vec<Uuid> = revoked.iter().map(|c| c.row.id).collect();
    if !revoked_ids.is_empty() {
        honoree::Entity::delete_many()
            .filter(honoree::Column::Id.is_in(revoked_ids.clone()))
            .exec(&txn)
            .await?;
        let withdrawn = nomination::Entity::find()
            .filter(nomination::Column::Id.is_in(revoked.iter().map(|c| c.row.nomination_id)))
            .filter(nomination::Column::Status.eq(NominationStatus::Honoree))
            .all(&txn)
            .await?;
        workflow::apply::many(
            &txn,
            actor,
            &withdrawn,
            Transition::Revoke,
            Some(published.change_note.clone()),
            campaign.stage,
        )
        .await?;
    }
    audit::record(
        &txn,
        &actor.into(),
        Change::new("final_list.correct", "document", published.id)
            .campaign(campaign.id)
            .before(json!({ "document_id": current.id, "digest": current.digest }))
            .after(json!({
                "document_id": published.id,
                "digest": published.digest,
                "revoked": revoked_ids,
                "renamed": renamed,
                "note": published.change_note,
            })),
    )
    .await?;
    txn.commit().await?;
    Ok(published)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_places_given_decide_the_order_and_the_rest_keep_theirs_after() {
        let items = [("a", 0), ("b", 1), ("c", 2), ("d", 3)];
        let place = |name: &&str| match *name {
            "c" => Some(1),
            "a" => Some(2),
            _ => None,
        };
        let order: Vec<(&str, i32)> = ordered(&items, place);
        assert_eq!(order, vec![("c", 0), ("a", 1), ("b", 2), ("d", 3)]);
        assert_eq!(parse_place(" 3 "), Some(3));
        assert_eq!(parse_place("0"), None);
        assert_eq!(parse_place("三"), None);
    }
}
