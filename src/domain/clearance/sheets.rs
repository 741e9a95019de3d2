//! The clearance sheets (联审表): per agency, the candidates with what it needs to check its
//! records (full ID numbers, so every download is audited) and its answers; and the office's
//! summary of every agency's answers and its decisions.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use super::{campaign_with_life, candidates, matrix, names_of};
use crate::{
    App, db,
    domain::{
        actor::{Actor, Role},
        audit::{self, Change},
        exports::{Cell, Table, headings},
    },
    entity::{
        clearance_agency,
        clearance_answer::{self, Opinion},
        clearance_decision::Decision,
        unit,
    },
    error::{AppError, AppResult},
    i18n::{self, Lang},
};

/// The serial of the row at `at` (from 0).
fn serial(at: usize) -> i64 {
    i64::try_from(at + 1).unwrap_or(i64::MAX)
}

fn opinion_text(lang: Lang, opinion: Option<Opinion>) -> String {
    match opinion {
        Some(Opinion::NoObjection) => i18n::t(lang, "clearance-opinion-no_objection"),
        Some(Opinion::Objection) => i18n::t(lang, "clearance-opinion-objection"),
        None => i18n::t(lang, "clearance-opinion-none"),
    }
}

async fn record(
    app: &App,
    actor: &Actor,
    action: &'static str,
    campaign_id: Uuid,
    after: serde_json::Value,
) -> AppResult<()> {
    let txn = db::begin_write(&app.db).await?;
    audit::record(
        &txn,
        &actor.into(),
        Change::new(action, "campaign", campaign_id)
            .campaign(campaign_id)
            .after(after),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// One agency's clearance sheet: the office for any agency the campaign names, an agency for
/// its own. It holds full ID numbers: the download is audited with the candidates it listed.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone else; [`AppError::NotFound`] for a campaign or an agency
/// not named; [`AppError::Refused`] without a clearance stage.
pub async fn agency_sheet(
    app: &App,
    actor: &Actor,
    campaign_id: Uuid,
    agency_id: Uuid,
    lang: Lang,
) -> AppResult<Table> {
    let db = &app.db;
    let allowed = actor.is_admin() || (actor.role == Role::Agency && actor.unit_id == agency_id);
    if !allowed {
        return Err(AppError::Forbidden);
    }
    if clearance_agency::Entity::find_by_id((campaign_id, agency_id))
        .one(db)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound);
    }
    let agency = unit::Entity::find_by_id(agency_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (found, life) = campaign_with_life(db, campaign_id).await?;
    if life.clearance().is_none() {
        return Err(AppError::Refused("error-clearance-no-stage", vec![]));
    }
    let nominations = candidates(db, found.id, &life).await?;
    let (units, categories) = names_of(db, found.id, &nominations).await?;
    let answers: HashMap<Uuid, clearance_answer::Model> = clearance_answer::Entity::find()
        .filter(clearance_answer::Column::CampaignId.eq(found.id))
        .filter(clearance_answer::Column::UnitId.eq(agency_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.nomination_id, a))
        .collect();
    let mut rows = Vec::with_capacity(nominations.len());
    for (at, n) in nominations.iter().enumerate() {
        let id_number = crate::domain::nominations::id_number_of(app, n)?.unwrap_or_default();
        let answer = answers.get(&n.id);
        rows.push(vec![
            Cell::Integer(serial(at)),
            Cell::Text(n.nominee_name.clone()),
            Cell::Text(n.gender.clone().unwrap_or_default()),
            Cell::Text(id_number),
            Cell::Text(n.affiliation.clone()),
            Cell::Text(units.get(&n.unit_id).cloned().unwrap_or_default()),
            Cell::Text(categories.get(&n.category_id).cloned().unwrap_or_default()),
            Cell::Text(opinion_text(lang, answer.map(|a| a.opinion))),
            Cell::Text(answer.and_then(|a| a.reason.clone()).unwrap_or_default()),
        ]);
    }
    record(
        app,
        actor,
        "clearance.export_sheet",
        found.id,
        json!({ "agency": agency_id, "nominations": nominations.iter().map(|n| n.id).collect::<Vec<_>>() }),
    )
    .await?;
    Ok(Table {
        name: format!(
            "{}-{}-{}",
            found.title,
            i18n::t(lang, "clearance-sheet"),
            agency.name
        ),
        heading: headings(
            lang,
            &[
                "col-serial",
                "col-name",
                "field-gender",
                "field-id-number",
                "field-affiliation",
                "col-unit",
                "col-category",
                "clearance-opinion",
                "clearance-reason",
            ],
        ),
        rows,
    })
}

/// The office's summary: every candidate with each agency's answer (and reason), the number
/// of objections and the office's decision. Audited.
///
/// # Errors
/// As [`matrix`].
pub async fn summary(app: &App, actor: &Actor, campaign_id: Uuid, lang: Lang) -> AppResult<Table> {
    let (found, view) = matrix(&app.db, actor, campaign_id).await?;
    let mut heading = headings(
        lang,
        &["col-serial", "col-name", "col-unit", "col-category"],
    );
    heading.extend(view.agencies.iter().map(|a| a.name.clone()));
    heading.extend(headings(
        lang,
        &[
            "clearance-objections",
            "clearance-decision",
            "clearance-decision-reason",
        ],
    ));
    let rows = view
        .rows
        .iter()
        .enumerate()
        .map(|(at, r)| {
            let mut cells = vec![
                Cell::Integer(serial(at)),
                Cell::Text(r.name.clone()),
                Cell::Text(r.unit.clone()),
                Cell::Text(r.category.clone()),
            ];
            cells.extend(r.answers.iter().map(|a| {
                let text = opinion_text(lang, a.as_ref().map(|a| a.opinion));
                Cell::Text(match a.as_ref().and_then(|a| a.reason.as_deref()) {
                    Some(reason) => format!("{text}：{reason}"),
                    None => text,
                })
            }));
            cells.push(Cell::Integer(
                i64::try_from(r.objections).unwrap_or(i64::MAX),
            ));
            cells.push(Cell::Text(match r.decision.as_ref().map(|d| d.decision) {
                Some(Decision::Keep) => i18n::t(lang, "clearance-decision-keep"),
                Some(Decision::Withdraw) => i18n::t(lang, "clearance-decision-withdraw"),
                None => String::new(),
            }));
            cells.push(Cell::Text(
                r.decision
                    .as_ref()
                    .map(|d| d.reason.clone())
                    .unwrap_or_default(),
            ));
            cells
        })
        .collect();
    record(
        app,
        actor,
        "clearance.export_summary",
        found.id,
        json!({ "candidates": view.rows.len() }),
    )
    .await?;
    Ok(Table {
        name: format!("{}-{}", found.title, i18n::t(lang, "clearance-summary")),
        heading,
        rows,
    })
}
