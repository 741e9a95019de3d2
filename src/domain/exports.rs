//! Exports for the office: CSV that Excel opens (UTF-8 with a BOM, RFC 4180 quoting, formulas
//! defused), and the evaluation's scoresheet and ranking in that form.

use crate::{
    domain::{
        actor::Actor,
        audit::{self, Change},
        scoresheets,
    },
    error::AppResult,
    i18n::{self, Lang},
};

/// The byte order mark that makes Excel read a CSV file as UTF-8 (Chinese otherwise garbles).
pub const BOM: &str = "\u{feff}";

/// Appends one CSV record (RFC 4180: fields with a comma, quote or line break are quoted,
/// quotes doubled; CRLF at the end).
pub fn push_row<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if cell.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(cell);
        }
    }
    out.push_str("\r\n");
}

/// Text a spreadsheet will not run as a formula (OWASP's CSV injection advice): a leading
/// `= + - @`, tab or carriage return gets an apostrophe in front.
#[must_use]
pub fn spreadsheet_safe(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// A category's ranking as CSV: rank, nominee, unit, score, sheets, approvals (office only).
///
/// # Errors
/// As `scoresheets::ranking`.
pub async fn ranking_csv(
    db: &sea_orm::DatabaseConnection,
    actor: &Actor,
    category_id: uuid::Uuid,
    lang: Lang,
) -> AppResult<(String, String)> {
    let (category, _, rows) = scoresheets::ranking(db, actor, category_id, lang).await?;
    let mut out = String::from(BOM);
    let heading: Vec<String> = [
        "ranking-rank",
        "col-name",
        "col-unit",
        "ranking-score",
        "ranking-sheets",
        "ranking-approvals",
    ]
    .iter()
    .map(|k| i18n::t(lang, k))
    .collect();
    push_row(&mut out, heading.iter().map(String::as_str));
    for r in &rows {
        let rank = r.rank.map(|n| n.to_string()).unwrap_or_default();
        let score = r
            .score
            .clone()
            .unwrap_or_else(|| i18n::t(lang, "ranking-incomplete"));
        let sheets = format!("{}/{}", r.submitted, r.expected);
        let approvals = r.approvals.to_string();
        let (name, unit) = (
            spreadsheet_safe(&r.nominee_name),
            spreadsheet_safe(&r.unit_name),
        );
        push_row(
            &mut out,
            [rank.as_str(), &name, &unit, &score, &sheets, &approvals],
        );
    }
    record_export(db, actor, &category, "evaluation.export_ranking").await?;
    Ok((category.name, out))
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

/// A category's scoresheet as CSV: every submitted sheet, reviewer × nomination, with the
/// total, the verdict and the comment (office only).
///
/// # Errors
/// As `scoresheets::ranking`.
pub async fn scoresheet_csv(
    db: &sea_orm::DatabaseConnection,
    actor: &Actor,
    category_id: uuid::Uuid,
    lang: Lang,
) -> AppResult<(String, String)> {
    let (category, _, rows) = scoresheets::ranking(db, actor, category_id, lang).await?;
    let mut out = String::from(BOM);
    let heading: Vec<String> = [
        "col-name",
        "col-unit",
        "assignments-reviewer",
        "ranking-score",
        "score-verdict",
        "score-comment",
    ]
    .iter()
    .map(|k| i18n::t(lang, k))
    .collect();
    push_row(&mut out, heading.iter().map(String::as_str));
    for r in &rows {
        for (reviewer, total, approve, comment) in &r.sheets {
            let verdict = match approve {
                Some(true) => i18n::t(lang, "score-approve"),
                Some(false) => i18n::t(lang, "score-not-approve"),
                None => String::new(),
            };
            let (name, unit) = (
                spreadsheet_safe(&r.nominee_name),
                spreadsheet_safe(&r.unit_name),
            );
            let (reviewer, comment) = (
                spreadsheet_safe(reviewer),
                spreadsheet_safe(comment.as_deref().unwrap_or_default()),
            );
            let total = format!("{total:.2}");
            push_row(
                &mut out,
                [name.as_str(), &unit, &reviewer, &total, &verdict, &comment],
            );
        }
    }
    record_export(db, actor, &category, "evaluation.export_scoresheet").await?;
    Ok((category.name, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        let mut out = String::new();
        push_row(
            &mut out,
            ["plain", "a,b", "say \"hi\"", "two\nlines", "中文"],
        );
        assert_eq!(
            out,
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",中文\r\n"
        );
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(spreadsheet_safe("@SUM"), "'@SUM");
        assert_eq!(spreadsheet_safe("2022年度"), "2022年度");
    }
}
