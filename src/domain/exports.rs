//! Exports for the office: CSV that Excel opens (UTF-8 with a BOM, RFC 4180 quoting, formulas
//! defused), and XLSX; the tables themselves are the areas' (the ranking's is `evaluation`'s).

use crate::{
    error::{AppError, AppResult},
    i18n::{self, Lang},
};

/// Column headings from their catalogue keys.
#[must_use]
pub fn headings(lang: Lang, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| i18n::t(lang, k)).collect()
}

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
    /// A whole number, a serial or a count (a number cell in XLSX, without decimals in CSV).
    Integer(i64),
}

impl Cell {
    /// The cell as CSV shows it: text defused against formulas, numbers as numbers.
    #[must_use]
    pub fn csv_text(&self) -> String {
        match self {
            Cell::Text(text) => spreadsheet_safe(text),
            Cell::Number(n) => format!("{n:.2}"),
            Cell::Integer(n) => n.to_string(),
        }
    }
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
        let cells: Vec<String> = row.iter().map(Cell::csv_text).collect();
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
                #[allow(clippy::cast_precision_loss)]
                Cell::Integer(n) => sheet.write_number(r, col, *n as f64).map_err(internal)?,
            };
        }
    }
    workbook.save_to_buffer().map_err(internal)
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
