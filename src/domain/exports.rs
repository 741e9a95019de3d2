//! Exports for the office: CSV that Excel opens (UTF-8 with a BOM, RFC 4180 quoting, formulas
//! defused), and the evaluation's scoresheet and ranking in that form.

use crate::{
    domain::{
        actor::Actor,
        audit::{self, Change},
        evaluation,
    },
    error::{AppError, AppResult},
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

/// One cell of an exported table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Text (defused against formulas in CSV).
    Text(String),
    /// A number (a number cell in XLSX, two decimals in CSV).
    Number(f64),
}

/// A table to export: a sheet name, a heading row and the rows.
#[derive(Clone, Debug)]
pub struct Table {
    /// The sheet's (and file's) name.
    pub name: String,
    /// Column headings.
    pub heading: Vec<String>,
    /// The rows.
    pub rows: Vec<Vec<Cell>>,
}

/// The table as CSV for Excel.
#[must_use]
pub fn to_csv(table: &Table) -> String {
    let mut out = String::from(BOM);
    push_row(&mut out, table.heading.iter().map(String::as_str));
    for row in &table.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| match cell {
                Cell::Text(text) => spreadsheet_safe(text),
                Cell::Number(n) => format!("{n:.2}"),
            })
            .collect();
        push_row(&mut out, cells.iter().map(String::as_str));
    }
    out
}

/// The table as an XLSX workbook of one sheet.
///
/// # Errors
/// [`AppError::Internal`] when the writer fails.
pub fn to_xlsx(table: &Table) -> AppResult<Vec<u8>> {
    let internal = |e: rust_xlsxwriter::XlsxError| AppError::Internal(format!("xlsx: {e}"));
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    // Sheet names are at most 31 characters and some punctuation is not allowed.
    let name: String = table
        .name
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    if !name.is_empty() {
        sheet.set_name(name).map_err(internal)?;
    }
    for (col, heading) in table.heading.iter().enumerate() {
        sheet
            .write_string(0, u16::try_from(col).unwrap_or(u16::MAX), heading)
            .map_err(internal)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (col, cell) in row.iter().enumerate() {
            let col = u16::try_from(col).unwrap_or(u16::MAX);
            match cell {
                Cell::Text(text) => sheet.write_string(r, col, text).map_err(internal)?,
                Cell::Number(n) => sheet.write_number(r, col, *n).map_err(internal)?,
            };
        }
    }
    workbook.save_to_buffer().map_err(internal)
}

fn headings(lang: Lang, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| i18n::t(lang, k)).collect()
}

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
    let table = Table {
        name: format!("{}-{}", category.name, i18n::t(lang, "ranking-title")),
        heading: headings(
            lang,
            &[
                "ranking-rank",
                "col-name",
                "col-unit",
                "ranking-score",
                "ranking-sheets",
                "ranking-approvals",
            ],
        ),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::Text(r.rank.map(|n| n.to_string()).unwrap_or_default()),
                    Cell::Text(r.nominee_name.clone()),
                    Cell::Text(r.unit_name.clone()),
                    r.score_value.map_or_else(
                        || Cell::Text(i18n::t(lang, "ranking-incomplete")),
                        Cell::Number,
                    ),
                    Cell::Text(format!("{}/{}", r.submitted, r.expected)),
                    Cell::Number(r.approvals as f64),
                ]
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
