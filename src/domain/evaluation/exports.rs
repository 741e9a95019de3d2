//! A category's ranking and its score sheets as tables for download (office only); each
//! download is recorded in the audit log.

use crate::{
    domain::{
        actor::Actor,
        audit::{self, Change},
        evaluation,
        exports::{Cell, Table, headings},
    },
    error::AppResult,
    i18n::{self, Lang},
};

/// A category's ranking: rank, nominee, unit, score, sheets, approvals (office only).
///
/// # Errors
/// As `evaluation::ranking`.
pub async fn ranking_table(
    db: &sea_orm::DatabaseConnection,
    actor: &Actor,
    category_id: uuid::Uuid,
    lang: Lang,
) -> AppResult<Table> {
    let (category, _, rows) = evaluation::ranking(db, actor, category_id, lang).await?;
    // With a public vote: its counts (for reference, or blended in with the experts' part).
    let has_votes = rows.iter().any(|r| r.votes.is_some());
    let blended = has_votes && category.vote_weight.is_some();
    let mut keys = vec!["ranking-rank", "col-name", "col-unit"];
    if blended {
        keys.extend(["ranking-expert", "ranking-votes", "ranking-blended"]);
    } else if has_votes {
        keys.extend(["ranking-votes-reference", "ranking-score"]);
    } else {
        keys.push("ranking-score");
    }
    keys.extend(["ranking-sheets", "ranking-approvals"]);
    let number = |text: &Option<String>| {
        text.as_deref()
            .and_then(|t| t.parse::<f64>().ok())
            .map_or_else(|| Cell::Text(String::new()), Cell::Number)
    };
    let table = Table {
        name: format!("{}-{}", category.name, i18n::t(lang, "ranking-title")),
        heading: headings(lang, &keys),
        rows: rows
            .iter()
            .map(|r| {
                let mut cells = vec![
                    Cell::Text(r.rank.map(|n| n.to_string()).unwrap_or_default()),
                    Cell::Text(r.nominee_name.clone()),
                    Cell::Text(r.unit_name.clone()),
                ];
                if blended {
                    cells.push(number(&r.expert_part));
                    cells.push(number(&r.vote_part));
                } else if has_votes {
                    cells.push(Cell::Integer(r.votes.unwrap_or(0)));
                }
                cells.push(r.score_value.map_or_else(
                    || Cell::Text(i18n::t(lang, "ranking-incomplete")),
                    Cell::Number,
                ));
                cells.push(Cell::Text(format!("{}/{}", r.submitted, r.expected)));
                cells.push(Cell::Integer(
                    i64::try_from(r.approvals).unwrap_or(i64::MAX),
                ));
                cells
            })
            .collect(),
    };
    record_export(db, actor, &category, "evaluation.export_ranking").await?;
    Ok(table)
}

/// A category's scoresheet: every submitted sheet, reviewer × nomination × criterion, with the
/// total, the verdict and the comment (office only).
///
/// # Errors
/// As `evaluation::ranking`.
pub async fn scoresheet_table(
    db: &sea_orm::DatabaseConnection,
    actor: &Actor,
    category_id: uuid::Uuid,
    lang: Lang,
) -> AppResult<Table> {
    let (category, _, rows) = evaluation::ranking(db, actor, category_id, lang).await?;
    let criteria = crate::domain::evaluation::rubric(db, category.id, lang).await?;
    let mut out = Vec::new();
    for r in &rows {
        for sheet in &r.sheets {
            let verdict = match sheet.approve {
                Some(true) => i18n::t(lang, "score-approve"),
                Some(false) => i18n::t(lang, "score-not-approve"),
                None => String::new(),
            };
            let mut row = vec![
                Cell::Text(r.nominee_name.clone()),
                Cell::Text(r.unit_name.clone()),
                Cell::Text(sheet.reviewer.clone()),
            ];
            row.extend(sheet.points.iter().map(|p| Cell::Number(f64::from(*p))));
            row.push(Cell::Number(sheet.total));
            row.push(Cell::Text(verdict));
            row.push(Cell::Text(sheet.comment.clone().unwrap_or_default()));
            out.push(row);
        }
    }
    let mut heading = headings(lang, &["col-name", "col-unit", "assignments-reviewer"]);
    heading.extend(
        criteria
            .iter()
            .map(|c| format!("{} ({})", c.name, c.max_points)),
    );
    heading.extend(headings(
        lang,
        &["ranking-score", "score-verdict", "score-comment"],
    ));
    let table = Table {
        name: format!("{}-{}", category.name, i18n::t(lang, "ranking-reviews")),
        heading,
        rows: out,
    };
    record_export(db, actor, &category, "evaluation.export_scoresheet").await?;
    Ok(table)
}

/// Records an export of evaluation data: it names reviewers and their scores.
async fn record_export(
    db: &sea_orm::DatabaseConnection,
    actor: &Actor,
    category: &crate::entity::category::Model,
    action: &'static str,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    audit::record(
        &txn,
        &actor.into(),
        Change::new(action, "category", category.id).campaign(category.campaign_id),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
