//! The final list (先进典型名单): confirmed once the notice window has closed and every objection
//! has an outcome; the shortlist becomes honorees, copied out with their public fields, and the
//! list is published as an immutable document. Its tables, public and private.

use super::*;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::json;
use time::Date;
use uuid::Uuid;

use crate::{
    App, db,
    domain::{
        actor::Actor,
        audit::{self, Change},
        exports::{Cell, Table},
        ids::{CampaignId, DocumentId, HonoreeId},
        nominations::masked_id_number,
        notices::{self, Content, DocumentInput, Entry, Section},
        now,
        workflow::{self, Transition},
    },
    entity::{
        campaign, category, document, honoree, honoree_gram,
        nomination::{self, NominationStatus},
        shortlist_entry, unit,
    },
    error::{AppError, AppResult},
    i18n::{self, Lang},
};

/// The office confirms the final list: the notice window has closed, every objection has an
/// outcome; the shortlist's nominees become honorees and the list is published.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`]; [`AppError::Refused`] while the window is
/// open, objections are open, or a final list exists; [`AppError::Invalid`] per field.
pub async fn confirm_final_list(
    db: &DatabaseConnection,
    signer: &crate::domain::audit::checkpoints::Signer,
    actor: &Actor,
    id: CampaignId,
    input: &DocumentInput,
    today: Date,
) -> AppResult<document::Model> {
    let campaign = notices::office_campaign(db, actor, id).await?;
    let txn = db::begin_write(db).await?;
    notices::check_confirmable(&txn, campaign.id, today).await?;
    let categories = category::Entity::find()
        .filter(category::Column::CampaignId.eq(campaign.id))
        .order_by_asc(category::Column::Position)
        .all(&txn)
        .await?;
    let entries = shortlist_entry::Entity::find()
        .filter(shortlist_entry::Column::CategoryId.is_in(categories.iter().map(|c| c.id)))
        .order_by_asc(shortlist_entry::Column::Position)
        .all(&txn)
        .await?;
    if entries.is_empty() {
        return Err(AppError::Refused("error-shortlist-empty", vec![]));
    }
    // Only nominations on notice become honorees: never one withdrawn, whatever its entry.
    let nominations = nomination::Entity::find()
        .filter(nomination::Column::Id.is_in(entries.iter().map(|e| e.nomination_id)))
        .filter(nomination::Column::Status.eq(NominationStatus::OnNotice))
        .all(&txn)
        .await?;
    if nominations.is_empty() {
        return Err(AppError::Refused("error-shortlist-empty", vec![]));
    }
    let units = unit::Entity::find()
        .filter(unit::Column::Id.is_in(nominations.iter().map(|n| n.unit_id)))
        .all(&txn)
        .await?;
    let document_id = DocumentId::new();
    let at = now();
    let mut sections = Vec::new();
    let mut honorees = Vec::new();
    for category in &categories {
        let mut lines = Vec::new();
        for entry in entries.iter().filter(|e| e.category_id == category.id) {
            let Some(n) = nominations.iter().find(|n| n.id == entry.nomination_id) else {
                continue;
            };
            let honoree_id = HonoreeId::new();
            lines.push(Entry {
                id: honoree_id.0,
                name: n.nominee_name.clone(),
                affiliation: n.affiliation.clone(),
                deeds_summary: None,
            });
            honorees.push(honoree::ActiveModel {
                id: Set(honoree_id.0),
                campaign_id: Set(campaign.id),
                category_id: Set(category.id),
                nomination_id: Set(n.id),
                document_id: Set(document_id.0),
                unit_id: Set(n.unit_id),
                position: Set(entry.position),
                name: Set(n.nominee_name.clone()),
                affiliation: Set(n.affiliation.clone()),
                category_name: Set(category.name.clone()),
                campaign_title: Set(campaign.title.clone()),
                unit_name: Set(units
                    .iter()
                    .find(|u| u.id == n.unit_id)
                    .map(|u| u.name.clone())
                    .unwrap_or_default()),
                year: Set(campaign.year),
                confirmed_on: Set(today),
                created_at: Set(at),
                ..Default::default()
            });
        }
        if !lines.is_empty() {
            sections.push(Section {
                name: category.name.clone(),
                entries: lines,
            });
        }
    }
    let published = notices::publish_final_list(
        &txn,
        signer,
        actor,
        &campaign,
        notices::NewList {
            input,
            sections,
            id: document_id,
            replaces: None,
        },
    )
    .await?;
    workflow::apply::many(
        &txn,
        actor,
        &nominations,
        Transition::Confirm,
        None,
        campaign.stage,
    )
    .await?;
    let count = honorees.len();
    let mut grams = Vec::new();
    for mut row in honorees {
        // The organ as the published list has it (validated there).
        row.organizer = Set(published.issuing_organ.clone());
        let row = row.insert(&txn).await?;
        grams.extend(crate::domain::honor_roll::name_index_rows(
            row.id, &row.name,
        ));
    }
    if !grams.is_empty() {
        honoree_gram::Entity::insert_many(grams).exec(&txn).await?;
    }
    audit::record(
        &txn,
        &actor.into(),
        Change::new("final_list.confirm", "campaign", campaign.id)
            .campaign(campaign.id)
            .after(json!({ "document_id": published.id, "honorees": count, "digest": published.digest })),
    )
    .await?;
    txn.commit().await?;
    Ok(published)
}

/// The public final list of a campaign, if confirmed.
///
/// # Errors
/// When the database fails.
pub async fn final_list_of(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
) -> AppResult<Option<document::Model>> {
    Ok(notices::published_of(db, campaign_id)
        .await?
        .into_iter()
        .find(|d| d.kind == document::DocumentKind::FinalList))
}

/// A published final list as a table: number, category, name, affiliation (public fields).
///
/// # Errors
/// [`AppError::NotFound`] unless `id` is a published final list.
pub async fn final_list_table(
    db: &impl ConnectionTrait,
    id: DocumentId,
    lang: Lang,
) -> AppResult<(document::Model, Table)> {
    let doc = notices::published(db, id).await?;
    if doc.kind != document::DocumentKind::FinalList {
        return Err(AppError::NotFound);
    }
    let content = Content::parse(doc.content.as_deref().unwrap_or("{}"))?;
    let mut rows = Vec::new();
    for section in &content.categories {
        for entry in &section.entries {
            rows.push(vec![
                Cell::Integer(i64::try_from(rows.len() + 1).unwrap_or(i64::MAX)),
                Cell::Text(section.name.clone()),
                Cell::Text(entry.name.clone()),
                Cell::Text(entry.affiliation.clone()),
            ]);
        }
    }
    let table = Table {
        name: content.title.clone(),
        heading: [
            "export-no",
            "export-category",
            "export-name",
            "export-affiliation",
        ]
        .iter()
        .map(|k| i18n::t(lang, k))
        .collect(),
        rows,
    };
    Ok((doc, table))
}

/// The office's export of a final list with the private fields it keeps (phone, ID number,
/// birth date, contact), for official filing. Recorded in the audit log.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`].
pub async fn private_table(
    app: &App,
    actor: &Actor,
    id: CampaignId,
    lang: Lang,
) -> AppResult<Table> {
    let campaign = notices::office_campaign(&app.db, actor, id).await?;
    let doc = final_list_of(&app.db, campaign.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let honorees = honoree::Entity::find()
        .filter(honoree::Column::DocumentId.eq(doc.id))
        .order_by_asc(honoree::Column::Id)
        .all(&app.db)
        .await?;
    let nominations = nomination::Entity::find()
        .filter(nomination::Column::Id.is_in(honorees.iter().map(|h| h.nomination_id)))
        .all(&app.db)
        .await?;
    let mut rows = Vec::new();
    for h in &honorees {
        let n = nominations.iter().find(|n| n.id == h.nomination_id);
        let text = |v: Option<String>| Cell::Text(v.unwrap_or_default());
        // The full ID number is the point of this export; it is decrypted only here.
        let id_number = n
            .and_then(|n| n.id_number_enc.as_ref())
            .and_then(|blob| app.pii.decrypt(blob).ok())
            .or_else(|| n.and_then(|n| masked_id_number(app, n)));
        rows.push(vec![
            Cell::Text(h.category_name.clone()),
            Cell::Text(h.name.clone()),
            Cell::Text(h.affiliation.clone()),
            Cell::Text(h.unit_name.clone()),
            text(n.and_then(|n| n.gender.clone())),
            text(n.and_then(|n| n.birth_date.map(|d| d.to_string()))),
            text(id_number),
            text(n.and_then(|n| n.phone.clone())),
            text(n.and_then(|n| n.contact_name.clone())),
        ]);
    }
    let txn = db::begin_write(&app.db).await?;
    audit::record(
        &txn,
        &actor.into(),
        Change::new("final_list.export_private", "document", doc.id)
            .campaign(campaign.id)
            .after(json!({ "rows": rows.len() })),
    )
    .await?;
    txn.commit().await?;
    Ok(Table {
        name: campaign.title.clone(),
        heading: [
            "export-category",
            "export-name",
            "export-affiliation",
            "export-unit",
            "field-gender",
            "field-birth-date",
            "field-id-number",
            "field-phone",
            "field-contact-name",
        ]
        .iter()
        .map(|k| i18n::t(lang, k))
        .collect(),
        rows,
    })
}

/// Whether the campaign's final list may be confirmed on `today`: the notice's window has
/// closed, every objection has an outcome and the campaign is in its final list stage.
///
/// # Errors
/// [`AppError::Refused`] saying what stands in the way.
pub async fn check_confirmable(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
    today: Date,
) -> AppResult<document::Model> {
    let current = documents_of(db, campaign_id, DocumentKind::Notice)
        .await?
        .into_iter()
        .find(|d| d.status == DocumentStatus::Published)
        .ok_or(AppError::Refused("error-final-no-notice", vec![]))?;
    if !documents_of(db, campaign_id, DocumentKind::FinalList)
        .await?
        .is_empty()
    {
        return Err(AppError::Refused("error-final-exists", vec![]));
    }
    if current.window_ends_on.is_none_or(|end| today <= end) {
        return Err(AppError::Refused(
            "error-final-window-open",
            window_args(&current),
        ));
    }
    let open = open_objections(db, campaign_id).await?;
    if open > 0 {
        return Err(AppError::Refused(
            "error-final-open-objections",
            vec![("count", open.to_string())],
        ));
    }
    // Last: what stands in the way before the stage is what the office must do first.
    stages::require(db, campaign_id, Action::ConfirmFinalList).await?;
    Ok(current)
}

/// A final list to publish: the office's fields, its lines by section, the new document's id
/// and the list it corrects, if any.
pub(crate) struct NewList<'a> {
    pub input: &'a DocumentInput,
    pub sections: Vec<Section>,
    pub id: DocumentId,
    pub replaces: Option<&'a document::Model>,
}

/// Saves a new final-list document as a draft row and publishes it in the same transaction:
/// the first list, or a correction of `replaces` (one more in number, linked to it, with the
/// input's change note, which a correction requires).
pub(crate) async fn publish_final_list(
    txn: &DatabaseTransaction,
    signer: &crate::domain::audit::checkpoints::Signer,
    actor: &Actor,
    campaign: &campaign::Model,
    list: NewList<'_>,
) -> AppResult<document::Model> {
    let NewList {
        input,
        sections,
        id,
        replaces,
    } = list;
    let checked = check(input, false, replaces.is_some())?;
    let number = replaces.map_or(1, |old| old.number + 1);
    let draft = document::ActiveModel {
        number: Set(number),
        replaces_id: Set(replaces.map(|old| old.id)),
        change_note: Set(checked.change_note.clone()),
        issuing_organ: Set(checked.issuing_organ),
        doc_number: Set(checked.doc_number),
        issued_on: Set(checked.issued_on),
        title: Set(checked.title),
        body: Set(checked.body),
        ..new_draft(id, campaign.id, DocumentKind::FinalList, actor.user_id)
    }
    .insert(txn)
    .await?;
    let content = Content {
        format: FORMAT.into(),
        kind: "final_list".into(),
        document: draft.id,
        number,
        replaces: draft.replaces_id,
        change_note: checked.change_note,
        campaign: CampaignRef {
            id: campaign.id,
            title: campaign.title.clone(),
            year: campaign.year,
        },
        issuing_organ: draft.issuing_organ.clone(),
        doc_number: draft.doc_number.clone(),
        issued_on: draft.issued_on.to_string(),
        title: draft.title.clone(),
        body: draft.body.clone(),
        window: None,
        categories: sections,
    };
    finish_publication(txn, signer, actor, draft, content, None).await
}
