//! The office's view of one evaluation panel: each reviewer's progress, each category's scores
//! as charts with the same numbers in tables, and who reviews whom as a nominee × reviewer
//! matrix in which every cell says what the office may do there (assign, nothing because of a
//! conflict of interest, or the assignment and its sheet). Reviewers are listed in natural
//! order (专家二 before 专家十).

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde::Serialize;
use uuid::Uuid;

use crate::{
    domain::{
        actor::Actor,
        evaluation::{self, AssignmentRow, SUBMITTED},
        evaluation::{
            allocation::{self, ConflictTarget, NomineeSlot, Panelist},
            charts,
        },
        names::natural_cmp,
    },
    error::{AppError, AppResult},
    i18n::Lang,
};

/// How many bins the score histogram has.
const BINS: usize = 10;

/// One reviewer's progress on the panel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// The reviewer's name.
    pub reviewer: String,
    /// Sheets submitted.
    pub submitted: usize,
    /// Assignments.
    pub assigned: usize,
}

/// Each reviewer's progress, from the panel's assignments, in natural order of their names.
#[must_use]
pub fn progress(rows: &[AssignmentRow]) -> Vec<Progress> {
    let mut out: Vec<Progress> = Vec::new();
    for row in rows {
        let done = usize::from(row.sheet_status.as_deref() == Some(SUBMITTED));
        match out.iter_mut().find(|p| p.reviewer == row.reviewer_name) {
            Some(entry) => {
                entry.submitted += done;
                entry.assigned += 1;
            }
            None => out.push(Progress {
                reviewer: row.reviewer_name.clone(),
                submitted: done,
                assigned: 1,
            }),
        }
    }
    out.sort_by(|a, b| natural_cmp(&a.reviewer, &b.reviewer));
    out
}

/// One bar of the score histogram, for the table beside it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Bin {
    /// Lowest score of the bar, whole points.
    pub from: String,
    /// Highest score of the bar (exclusive but for the last), whole points.
    pub to: String,
    /// How many nominations' scores fall in it.
    pub count: usize,
}

/// One reviewer's totals in a category, for the table beside the spread chart.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Spread {
    /// The reviewer's name.
    pub reviewer: String,
    /// Each sheet: the nominee and the total, as shown.
    pub sheets: Vec<(String, String)>,
    /// The mean total, as shown.
    pub mean: String,
    /// The lowest total, as shown.
    pub low: String,
    /// The highest total, as shown.
    pub high: String,
}

/// One category's charts and their tables.
#[derive(Clone, Debug, Serialize)]
pub struct CategoryCharts {
    /// The category's name.
    pub name: String,
    /// The histogram of scores, as SVG.
    pub histogram: String,
    /// Each reviewer's spread, as SVG.
    pub spread: String,
    /// How many nominations are fully scored (the histogram's count).
    pub scored: usize,
    /// The histogram's numbers.
    pub bins: Vec<Bin>,
    /// The spread's numbers.
    pub reviewers: Vec<Spread>,
}

/// The office's view of a panel's evaluation.
#[derive(Clone, Debug, Serialize)]
pub struct Dashboard {
    /// Each reviewer's progress.
    pub progress: Vec<Progress>,
    /// Per category, its charts.
    pub charts: Vec<CategoryCharts>,
}

/// Each reviewer's sheets grouped from `(reviewer, nominee, total)`, reviewers in natural order.
fn by_reviewer(
    sheets: impl Iterator<Item = (String, String, f64)>,
) -> Vec<(String, Vec<(String, f64)>)> {
    let mut out: Vec<(String, Vec<(String, f64)>)> = Vec::new();
    for (reviewer, nominee, total) in sheets {
        match out.iter_mut().find(|(name, _)| *name == reviewer) {
            Some(entry) => entry.1.push((nominee, total)),
            None => out.push((reviewer, vec![(nominee, total)])),
        }
    }
    out.sort_by(|a, b| natural_cmp(&a.0, &b.0));
    out
}

/// The numbers of the spread chart, per reviewer.
fn spreads(reviewers: &[(String, Vec<(String, f64)>)]) -> Vec<Spread> {
    reviewers
        .iter()
        .map(|(reviewer, sheets)| {
            let totals: Vec<f64> = sheets.iter().map(|(_, t)| *t).collect();
            let mean = if totals.is_empty() {
                0.0
            } else {
                totals.iter().sum::<f64>() / totals.len() as f64
            };
            let low = totals.iter().copied().fold(f64::INFINITY, f64::min);
            let high = totals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            Spread {
                reviewer: reviewer.clone(),
                sheets: sheets
                    .iter()
                    .map(|(nominee, total)| (nominee.clone(), evaluation::points_text(*total)))
                    .collect(),
                mean: evaluation::points_text(mean),
                low: evaluation::points_text(if low.is_finite() { low } else { 0.0 }),
                high: evaluation::points_text(if high.is_finite() { high } else { 0.0 }),
            }
        })
        .collect()
}

/// The histogram's bars as numbers.
fn bins(scores: &[f64], max: f64) -> Vec<Bin> {
    charts::bin_counts(scores, max, BINS)
        .into_iter()
        .enumerate()
        .map(|(i, count)| Bin {
            from: format!("{:.0}", max * i as f64 / BINS as f64),
            to: format!("{:.0}", max * (i + 1) as f64 / BINS as f64),
            count,
        })
        .collect()
}

/// The dashboard of one panel (office only), from its assignment rows (already loaded for the
/// panel page).
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`].
pub async fn dashboard(
    db: &DatabaseConnection,
    actor: &Actor,
    panel_id: Uuid,
    rows: &[AssignmentRow],
    lang: Lang,
) -> AppResult<Dashboard> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let mut charts = Vec::new();
    let category_ids: Vec<Uuid> = crate::entity::panel_category::Entity::find()
        .filter(crate::entity::panel_category::Column::PanelId.eq(panel_id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.category_id)
        .collect();
    for category_id in category_ids {
        let (category, _, ranked) = evaluation::ranking(db, actor, category_id, lang).await?;
        let max: f64 = evaluation::rubric(db, category.id, lang)
            .await?
            .iter()
            .map(|c| f64::from(c.max_points) * c.weight)
            .sum();
        let scores: Vec<f64> = ranked.iter().filter_map(|r| r.score_value).collect();
        let reviewers = by_reviewer(ranked.iter().flat_map(|r| {
            r.sheets
                .iter()
                .map(|s| (s.reviewer.clone(), r.nominee_name.clone(), s.total))
        }));
        let title = format!(
            "{} · {}",
            category.name,
            crate::i18n::t(lang, "dashboard-distribution")
        );
        let spread_title = format!(
            "{} · {}",
            category.name,
            crate::i18n::t(lang, "dashboard-spread")
        );
        charts.push(CategoryCharts {
            name: category.name.clone(),
            histogram: charts::histogram(&scores, max, BINS, &title),
            spread: charts::spread(&reviewers, max, &spread_title),
            scored: scores.len(),
            bins: bins(&scores, max),
            reviewers: spreads(&reviewers),
        });
    }
    Ok(Dashboard {
        progress: progress(rows),
        charts,
    })
}

/// What a cell of the matrix holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CellState {
    /// The reviewer reviews the nomination.
    Assigned,
    /// The office may assign the reviewer to it.
    Open,
    /// The reviewer must not review it (回避).
    Conflict,
    /// The reviewer is no longer an active member of the panel.
    Absent,
}

/// One cell: a reviewer against a nomination.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// The reviewer.
    pub reviewer_id: Uuid,
    /// What it holds.
    pub state: CellState,
    /// The assignment, when assigned.
    pub assignment_id: Option<Uuid>,
    /// The assignment was made by hand.
    pub manual: bool,
    /// The score sheet, if started.
    pub sheet_id: Option<Uuid>,
    /// `draft` or `submitted`, if started.
    pub sheet_status: Option<String>,
}

/// One nomination's row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MatrixRow {
    /// The nomination.
    pub nomination_id: Uuid,
    /// Its nominee.
    pub nominee_name: String,
    /// One cell per reviewer, in the columns' order.
    pub cells: Vec<Cell>,
    /// How many reviewers it has.
    pub assigned: usize,
    /// How many of them submitted.
    pub submitted: usize,
}

/// One category's matrix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Matrix {
    /// The category.
    pub category_id: Uuid,
    /// Its name.
    pub category_name: String,
    /// The columns: reviewer and name, in natural order.
    pub reviewers: Vec<(Uuid, String)>,
    /// The rows, nominees in natural order.
    pub rows: Vec<MatrixRow>,
}

/// A nomination in evaluation, as the matrix needs it.
#[derive(Clone, Debug)]
pub struct Nominee {
    /// Its category.
    pub category_id: Uuid,
    /// Its nominee's name.
    pub name: String,
    /// Its nominating unit and current reviewers, as the conflict rule reads them.
    pub slot: NomineeSlot,
}

/// The panel's matrices, one per category in the given order: the active panelists and anyone
/// else holding an assignment as columns, every nomination in evaluation as a row.
#[must_use]
pub fn matrices(
    categories: &[(Uuid, String)],
    nominees: &[Nominee],
    panelists: &[Panelist],
    declared: &[(Uuid, ConflictTarget)],
    names: &[(Uuid, String)],
    rows: &[AssignmentRow],
) -> Vec<Matrix> {
    let name_of = |id: Uuid| {
        names
            .iter()
            .find(|(u, _)| *u == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    categories
        .iter()
        .map(|(category_id, category_name)| {
            let mine: Vec<&Nominee> = nominees
                .iter()
                .filter(|n| n.category_id == *category_id)
                .collect();
            let mut reviewers: Vec<(Uuid, String)> = panelists
                .iter()
                .map(|p| (p.reviewer, name_of(p.reviewer)))
                .collect();
            for row in rows {
                let here = mine.iter().any(|n| n.slot.nomination == row.nomination_id);
                if here && !reviewers.iter().any(|(id, _)| *id == row.reviewer_id) {
                    reviewers.push((row.reviewer_id, row.reviewer_name.clone()));
                }
            }
            reviewers.sort_by(|a, b| natural_cmp(&a.1, &b.1).then(a.0.cmp(&b.0)));
            let mut matrix_rows: Vec<MatrixRow> = mine
                .iter()
                .map(|n| {
                    let cells: Vec<Cell> = reviewers
                        .iter()
                        .map(|(reviewer, _)| cell(*reviewer, n, panelists, declared, rows))
                        .collect();
                    MatrixRow {
                        nomination_id: n.slot.nomination,
                        nominee_name: n.name.clone(),
                        assigned: cells
                            .iter()
                            .filter(|c| c.state == CellState::Assigned)
                            .count(),
                        submitted: cells
                            .iter()
                            .filter(|c| c.sheet_status.as_deref() == Some(SUBMITTED))
                            .count(),
                        cells,
                    }
                })
                .collect();
            matrix_rows.sort_by(|a, b| {
                natural_cmp(&a.nominee_name, &b.nominee_name)
                    .then(a.nomination_id.cmp(&b.nomination_id))
            });
            Matrix {
                category_id: *category_id,
                category_name: category_name.clone(),
                reviewers,
                rows: matrix_rows,
            }
        })
        .collect()
}

fn cell(
    reviewer: Uuid,
    nominee: &Nominee,
    panelists: &[Panelist],
    declared: &[(Uuid, ConflictTarget)],
    rows: &[AssignmentRow],
) -> Cell {
    let empty = |state| Cell {
        reviewer_id: reviewer,
        state,
        assignment_id: None,
        manual: false,
        sheet_id: None,
        sheet_status: None,
    };
    if let Some(row) = rows
        .iter()
        .find(|r| r.nomination_id == nominee.slot.nomination && r.reviewer_id == reviewer)
    {
        return Cell {
            assignment_id: Some(row.id),
            manual: row.manual,
            sheet_id: row.sheet_id,
            sheet_status: row.sheet_status.clone(),
            ..empty(CellState::Assigned)
        };
    }
    match panelists.iter().find(|p| p.reviewer == reviewer) {
        None => empty(CellState::Absent),
        Some(p) if allocation::conflicts(p, &nominee.slot, declared) => empty(CellState::Conflict),
        Some(_) => empty(CellState::Open),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn row(n: u128, reviewer: u128, name: &str, status: Option<&str>) -> AssignmentRow {
        AssignmentRow {
            id: id(1000 + n * 10 + reviewer),
            nomination_id: id(n),
            nominee_name: format!("候选{n}"),
            category_name: "最美志愿者".into(),
            reviewer_id: id(reviewer),
            reviewer_name: name.into(),
            manual: false,
            sheet_id: status.map(|_| id(5000 + n * 10 + reviewer)),
            sheet_status: status.map(str::to_owned),
        }
    }

    fn panelist(reviewer: u128, path: &str) -> Panelist {
        Panelist {
            reviewer: id(reviewer),
            unit_path: path.into(),
            load: 0,
        }
    }

    fn nominee(n: u128, name: &str, path: &str, category: u128) -> Nominee {
        Nominee {
            category_id: id(category),
            name: name.into(),
            slot: NomineeSlot {
                nomination: id(n),
                unit_path: path.into(),
                already: Vec::new(),
            },
        }
    }

    #[test]
    fn progress_counts_submitted_sheets_per_reviewer_in_natural_order() {
        let rows = [
            row(1, 3, "专家三", Some("submitted")),
            row(1, 1, "专家十", None),
            row(2, 3, "专家三", Some("draft")),
            row(1, 2, "专家二", Some("submitted")),
        ];
        let found = progress(&rows);
        let summary: Vec<(&str, usize, usize)> = found
            .iter()
            .map(|p| (p.reviewer.as_str(), p.submitted, p.assigned))
            .collect();
        assert_eq!(
            summary,
            [("专家二", 1, 1), ("专家三", 1, 2), ("专家十", 0, 1)]
        );
    }

    #[test]
    fn the_matrix_marks_assignments_conflicts_open_cells_and_departed_reviewers() {
        let categories = [
            (id(90), "最美志愿者".to_owned()),
            (id(91), "最佳组织".to_owned()),
        ];
        let nominees = [
            nominee(1, "王五", "/city/a/", 90),
            nominee(2, "李四", "/city/b/", 90),
            nominee(3, "某协会", "/city/a/", 91),
        ];
        // 专家十 sits in district a: a conflict with its nominations. 专家二 left the panel
        // after being assigned to 李四.
        let panelists = [panelist(10, "/city/a/"), panelist(3, "/city/c/")];
        let names = [(id(10), "专家十".to_owned()), (id(3), "专家三".to_owned())];
        let declared = [(id(3), ConflictTarget::Nomination(id(2)))];
        let rows = [
            row(1, 3, "专家三", Some("submitted")),
            row(2, 2, "专家二", Some("draft")),
        ];
        let found = matrices(&categories, &nominees, &panelists, &declared, &names, &rows);
        assert_eq!(found.len(), 2);
        let people = &found[0];
        let columns: Vec<&str> = people.reviewers.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(columns, ["专家二", "专家三", "专家十"], "natural order");
        let nominees: Vec<&str> = people
            .rows
            .iter()
            .map(|r| r.nominee_name.as_str())
            .collect();
        assert_eq!(nominees, ["李四", "王五"]);
        let states = |r: &MatrixRow| r.cells.iter().map(|c| c.state).collect::<Vec<_>>();
        use CellState::{Absent, Assigned, Conflict, Open};
        assert_eq!(states(&people.rows[0]), [Assigned, Conflict, Open], "李四");
        assert_eq!(
            states(&people.rows[1]),
            [Absent, Assigned, Conflict],
            "王五"
        );
        assert_eq!(
            people.rows[1].cells[1].sheet_status.as_deref(),
            Some("submitted")
        );
        assert_eq!((people.rows[1].assigned, people.rows[1].submitted), (1, 1));
        assert_eq!((people.rows[0].assigned, people.rows[0].submitted), (1, 0));
        let groups = &found[1];
        let columns: Vec<&str> = groups.reviewers.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(
            columns,
            ["专家三", "专家十"],
            "no departed reviewer without a seat here"
        );
        assert_eq!(states(&groups.rows[0]), [Open, Conflict]);
    }

    #[test]
    fn the_spread_table_gives_each_reviewers_range_and_mean() {
        let reviewers = by_reviewer(
            [
                ("专家十".to_owned(), "王五".to_owned(), 80.0),
                ("专家二".to_owned(), "王五".to_owned(), 70.0),
                ("专家十".to_owned(), "李四".to_owned(), 65.5),
            ]
            .into_iter(),
        );
        let found = spreads(&reviewers);
        assert_eq!(found[0].reviewer, "专家二");
        assert_eq!(found[1].reviewer, "专家十");
        assert_eq!(
            (
                found[1].low.as_str(),
                found[1].mean.as_str(),
                found[1].high.as_str()
            ),
            ("65.50", "72.75", "80")
        );
        assert_eq!(
            found[1].sheets,
            [
                ("王五".to_owned(), "80".to_owned()),
                ("李四".to_owned(), "65.50".to_owned())
            ]
        );
    }

    #[test]
    fn the_histogram_table_names_each_bars_range() {
        let found = bins(&[5.0, 95.0, 100.0, 42.0], 100.0);
        assert_eq!(found.len(), BINS);
        assert_eq!((found[0].from.as_str(), found[0].to.as_str()), ("0", "10"));
        assert_eq!(found[0].count, 1);
        assert_eq!(found[4].count, 1);
        assert_eq!(
            (found[9].from.as_str(), found[9].to.as_str(), found[9].count),
            ("90", "100", 2)
        );
    }
}
