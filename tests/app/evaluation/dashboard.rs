//! The office's panel page and ranking: reviewers in natural order, who reviews whom as a
//! nominee × reviewer matrix whose cells carry the assignment actions, charts with their numbers
//! in tables, progress drawn without scripts, and the quota line on the ranking.

use laurel::domain::{
    accounts::{self, UserInput},
    actor::Actor,
    evaluation,
    stages::StageKind,
};
use rocket::http::Status;

use crate::helpers::*;

/// Renames a reviewer (the pool's are 评委0, 评委1, …).
async fn rename(app: &TestApp, judge: &Actor, name: &str) {
    let office = app.actor("office").await;
    accounts::update_user(
        &app.app().db,
        &app.app().config,
        &office,
        judge.user_id.into(),
        &UserInput {
            username: judge.username.clone(),
            display_name: name.into(),
            role: "reviewer".into(),
            unit_id: judge.unit_id.to_string(),
            password: String::new(),
            active: true,
            service: false,
        },
    )
    .await
    .expect("renamed");
}

/// The markup of a nomination's row in the matrix.
fn matrix_row(html: &str, nomination: uuid::Uuid) -> String {
    after(html, &format!("data-nomination=\"{nomination}\""), "</tr>")
}

/// Where each of `names` first appears in `html`, which must hold them all.
fn positions(html: &str, names: &[&str]) -> Vec<usize> {
    names
        .iter()
        .map(|n| html.find(n).unwrap_or_else(|| panic!("{n} missing")))
        .collect()
}

fn ascending(found: &[usize]) -> bool {
    found.windows(2).all(|w| w[0] < w[1])
}

#[rocket::async_test]
async fn the_matrix_shows_who_reviews_whom_and_assigns_and_unassigns_from_its_cells() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let judges = pool(&app, 3).await;
    for (judge, name) in judges.iter().zip(["专家十", "专家二", "专家三"]) {
        rename(&app, judge, name).await;
    }
    let expert = app.actor("expert").await;
    let nominations = eligible(&app, &world, 2).await;
    let panel = volunteer_panel(&app, &world, &[&judges[0], &judges[1], &judges[2], &expert]).await;
    let office = app.actor("office").await;
    evaluation::assign_by_hand(
        &app.app().db,
        &office,
        panel,
        nominations[0],
        judges[1].user_id,
    )
    .await
    .expect("assigned");

    app.login("office").await;
    let (status, page) = app.get(&format!("/evaluation/panels/{panel}")).await;
    assert_eq!(status, Status::Ok);
    let matrix = element(&page, "matrix", "<h2");
    let head = after(&matrix, "<thead", "</thead>");
    assert!(
        ascending(&positions(&head, &["专家二", "专家三", "专家十"])),
        "columns in natural order: {head}"
    );
    let members = page
        .split(&zh("panels-members", &[]))
        .nth(1)
        .and_then(|rest| rest.split("</p>").next())
        .unwrap_or_default();
    assert!(
        ascending(&positions(members, &["专家二", "专家三", "专家十"])),
        "{members}"
    );
    // Two nominations × four reviewers: one assigned by hand, the district's expert in
    // conflict with both, the rest open.
    assert_eq!(matrix.matches("class=\"cell cell-assigned\"").count(), 1);
    assert_eq!(matrix.matches("class=\"cell cell-conflict\"").count(), 2);
    assert_eq!(matrix.matches("class=\"cell cell-open\"").count(), 5);
    let first = matrix_row(&matrix, nominations[0]);
    assert!(first.contains(&zh("assignments-manual", &[])), "{first}");
    assert!(first.contains(&zh("sheet-status-none", &[])), "{first}");
    assert_eq!(
        first.matches("/evaluation/assignments/").count(),
        1,
        "the assignment can be taken back: {first}"
    );
    let conflict_cell = after(
        &first,
        &format!("data-reviewer=\"{}\"", expert.user_id),
        "</td>",
    );
    assert!(
        conflict_cell.contains(&zh("matrix-conflict", &[])) && !conflict_cell.contains("<form"),
        "a conflict offers no assignment: {conflict_cell}"
    );
    let open_cell = after(
        &matrix_row(&matrix, nominations[1]),
        &format!("data-reviewer=\"{}\"", judges[0].user_id),
        "</td>",
    );
    assert!(
        open_cell.contains(&format!("value=\"{}\"", judges[0].user_id))
            && open_cell.contains(&format!("value=\"{}\"", nominations[1]))
            && open_cell.contains("name=\"_csrf\""),
        "an open cell assigns that reviewer to that nomination: {open_cell}"
    );

    // The open cell's form assigns; the page then shows it assigned.
    let response = app
        .post_form(
            &format!("/evaluation/panels/{panel}/assignments"),
            &[
                ("nomination_id", &nominations[1].to_string()),
                ("reviewer_id", &judges[0].user_id.to_string()),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    let (_, page) = app.get(&format!("/evaluation/panels/{panel}")).await;
    let second = matrix_row(&page, nominations[1]);
    let cell = after(
        &second,
        &format!("data-reviewer=\"{}\"", judges[0].user_id),
        "</td>",
    );
    assert!(cell.contains(&zh("matrix-unassign", &[])), "{cell}");
    assert!(second.contains("<td class=\"num\">0 / 1</td>"), "{second}");

    // Its unassign form takes it back.
    let rows = evaluation::panel_assignments(&app.app().db, &office, panel)
        .await
        .expect("rows");
    let made = rows
        .iter()
        .find(|r| r.nomination_id == nominations[1])
        .expect("made");
    assert!(cell.contains(&format!(
        "/evaluation/assignments/{}?panel={panel}",
        made.id
    )));
    let token = app.csrf_token().await;
    let response = app
        .post_form_raw(
            &format!("/evaluation/assignments/{}?panel={panel}", made.id),
            &[("_method", "delete"), ("_csrf", &token)],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    let (_, page) = app.get(&format!("/evaluation/panels/{panel}")).await;
    let matrix = element(&page, "matrix", "<h2");
    assert_eq!(matrix.matches("class=\"cell cell-assigned\"").count(), 1);
}

#[rocket::async_test]
async fn a_submitted_sheet_is_reopened_from_its_cell_and_the_matrix_is_read_only_after_evaluation()
{
    let app = TestApp::new().await;
    let world = app.world().await;
    let judges = pool(&app, 3).await;
    let nominations = eligible(&app, &world, 1).await;
    let (panel, _, rubric) = assigned_panel(&app, &world, &judges).await;
    score_all(&app, &judges[..1], &rubric, |_, max| max - 1).await;

    app.login("office").await;
    let (_, page) = app.get(&format!("/evaluation/panels/{panel}")).await;
    let row = matrix_row(&page, nominations[0]);
    assert!(row.contains("<td class=\"num\">1 / 3</td>"), "{row}");
    let scored = after(
        &row,
        &format!("data-reviewer=\"{}\"", judges[0].user_id),
        "</td>",
    );
    assert!(
        scored.contains(&zh("sheet-status-submitted", &[])),
        "{scored}"
    );
    assert!(
        !scored.contains(&zh("matrix-unassign", &[])),
        "a scored assignment is not taken back"
    );
    let action = scored
        .split("action=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the reopen form")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&");
    assert!(action.contains("/reopen?panel="), "{action}");
    // A reason is required at the field; with one, the sheet opens again.
    let response = app.post_form(&action, &[("reason", "发现错录")]).await;
    assert_eq!(response.status(), Status::SeeOther);
    let (_, page) = app.get(&format!("/evaluation/panels/{panel}")).await;
    let reopened = after(
        &matrix_row(&page, nominations[0]),
        &format!("data-reviewer=\"{}\"", judges[0].user_id),
        "</td>",
    );
    assert!(
        reopened.contains(&zh("sheet-status-draft", &[])),
        "{reopened}"
    );

    // Past evaluation, the matrix only reads.
    reach(&app, &world, StageKind::Shortlist).await;
    let (_, page) = app.get(&format!("/evaluation/panels/{panel}")).await;
    let matrix = element(&page, "matrix", "<h2");
    assert_eq!(matrix.matches("class=\"cell cell-assigned\"").count(), 3);
    assert!(!matrix.contains("<form"), "no action offered: {matrix}");
}

#[rocket::async_test]
async fn the_dashboard_draws_meters_and_charts_with_their_numbers_in_tables() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let judges = pool(&app, 3).await;
    for (judge, name) in judges.iter().zip(["专家十", "专家二", "专家三"]) {
        rename(&app, judge, name).await;
    }
    eligible_named(&app, &world, &["王五", "李四"]).await;
    let (panel, _, rubric) = assigned_panel(&app, &world, &judges).await;
    // 专家二 scores both; the others nothing yet.
    score_all(&app, &judges[1..2], &rubric, |nominee, max| {
        if nominee == "王五" { max } else { max / 2 }
    })
    .await;

    app.login("office").await;
    let (_, page) = app.get(&format!("/evaluation/panels/{panel}")).await;
    let progress = element(&page, "reviewer-progress", "</ul>");
    assert!(
        ascending(&positions(&progress, &["专家二", "专家三", "专家十"])),
        "{progress}"
    );
    assert!(!page.contains("<progress"), "the browser's own bar is gone");
    assert_eq!(
        progress
            .matches("class=\"meter-fill\" width=\"100%\"")
            .count(),
        1,
        "{progress}"
    );
    assert_eq!(
        progress
            .matches("class=\"meter-fill\" width=\"0%\"")
            .count(),
        2
    );
    assert!(progress.contains("2 / 2") && progress.contains("0 / 2"));
    // No nomination has all its sheets yet: no histogram, a word instead; the spread is there.
    assert!(page.contains(&zh("dashboard-none-complete", &[])));
    assert_eq!(page.matches("class=\"chart-scroll\"").count(), 1);
    // The spread's dots say whose score they are; the table gives the same numbers.
    let total = |points: fn(i32) -> i32| -> f64 {
        rubric
            .iter()
            .map(|c| f64::from(points(c.max_points)) * c.weight)
            .sum()
    };
    let high = total(|max| max);
    let half = total(|max| max / 2);
    assert!(
        page.contains(&format!("<title>王五: {high:.1}</title>")),
        "{page}"
    );
    assert!(page.contains(&format!("<title>李四: {half:.1}</title>")));
    let spread_row = after(&page, "<th scope=\"row\">专家二", "</tr>");
    let shown = laurel::domain::evaluation::points_text;
    assert!(
        spread_row.contains(&shown(half))
            && spread_row.contains(&shown((high + half) / 2.0))
            && spread_row.contains(&shown(high)),
        "lowest, mean and highest: {spread_row}"
    );
    // The overview's meter: 2 of 6 sheets.
    let (_, index) = app
        .get(&format!("/evaluation?campaign={}", world.campaign.id))
        .await;
    assert!(
        index.contains("class=\"meter-fill\" width=\"33%\""),
        "{index}"
    );
    assert!(index.contains("2 / 6"));

    // Every sheet in: the histogram too, each chart in a focusable, labelled region that
    // scrolls rather than shrinking its text on a phone, each with its table.
    let others = [judges[0].clone(), judges[2].clone()];
    score_all(&app, &others, &rubric, |nominee, max| {
        if nominee == "王五" { max } else { max / 2 }
    })
    .await;
    let (_, page) = app.get(&format!("/evaluation/panels/{panel}")).await;
    assert_eq!(
        page.matches("class=\"chart-scroll\" tabindex=\"0\" role=\"region\"")
            .count(),
        2
    );
    assert_eq!(page.matches("<details class=\"chart-table\">").count(), 2);
    let most: f64 = rubric
        .iter()
        .map(|c| f64::from(c.max_points) * c.weight)
        .sum();
    for score in [high, half] {
        let bin = (score / most * 10.0).floor().min(9.0);
        let row = format!(
            "<tr><td>{:.0}–{:.0}</td><td class=\"num\">1</td></tr>",
            most * bin / 10.0,
            most * (bin + 1.0) / 10.0
        );
        assert!(page.contains(&row), "{row} in the histogram's table");
    }
}

#[rocket::async_test]
async fn the_ranking_draws_the_quota_line_and_flags_a_tie_across_it() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let judges = pool(&app, 3).await;
    let names = ["甲一", "乙二", "丙三", "丁四"];
    eligible_named(&app, &world, &names).await;
    let (_, category, rubric) = assigned_panel(&app, &world, &judges).await;
    // 乙二 and 丙三 tie for second place.
    score_all(&app, &judges, &rubric, |nominee, max| match nominee {
        "甲一" => max,
        "乙二" | "丙三" => max - 2,
        _ => max - 4,
    })
    .await;
    reach(&app, &world, StageKind::Shortlist).await;
    let path = format!("/evaluation/categories/{}/ranking", category.id);

    app.login("office").await;
    change_categories(&app, &world, |row| {
        row.quota = "3".into();
        row.unit_quota = "3".into();
    })
    .await;
    let (_, page) = app.get(&path).await;
    let line = element(&page, "quota-line", "</tr>");
    assert!(
        line.contains(&zh("ranking-cutoff", &[("quota", "3".into())])),
        "{line}"
    );
    assert!(!line.contains(&zh("ranking-cutoff-tie", &[])));
    let (above, below) = page.split_once("id=\"quota-line\"").expect("the line");
    for name in ["甲一", "乙二", "丙三"] {
        assert!(
            above.contains(name) && !below.contains(name),
            "{name} within"
        );
    }
    assert!(below.contains("丁四"));
    assert_eq!(above.matches("class=\"within-quota\"").count(), 3);

    change_categories(&app, &world, |row| {
        row.quota = "2".into();
        row.unit_quota = "2".into();
    })
    .await;
    let (_, page) = app.get(&path).await;
    let line = element(&page, "quota-line", "</tr>");
    assert!(
        line.contains(&zh("ranking-cutoff-tie", &[])),
        "the tie for second straddles a quota of two: {line}"
    );
}

#[rocket::async_test]
async fn the_panel_dashboard_shows_progress_and_charts_without_scripts() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let (judges, panel, rubric) = scored_setup(&app, &world).await;
    for judge in judges.iter().take(2) {
        app.login(&judge.username).await;
        let assignment = assignment_of(&app, judge).await;
        let fields = sheet_fields(&rubric, &[30, 15, 20, 10], "yes", "好", 0, "submit");
        assert_eq!(
            app.post_form(
                &format!("/evaluation/assignments/{assignment}/score"),
                &refs(&fields)
            )
            .await
            .status(),
            Status::SeeOther
        );
    }
    app.login("office").await;
    let (status, page) = app.get(&format!("/evaluation/panels/{panel}")).await;
    assert_eq!(status, Status::Ok);
    // One meter per reviewer, drawn without the browser's <progress>.
    let meters = page
        .split("id=\"reviewer-progress\"")
        .nth(1)
        .unwrap_or_default();
    assert_eq!(
        meters
            .matches("class=\"meter-fill\" width=\"100%\"")
            .count(),
        2,
        "two reviewers done"
    );
    assert_eq!(
        meters.matches("class=\"meter-fill\" width=\"0%\"").count(),
        3,
        "three to go"
    );
    assert!(page.contains("<svg") && page.contains(&zh("dashboard-spread", &[])));
    assert_eq!(
        page.matches("<circle").count(),
        2,
        "one dot per submitted sheet"
    );
    // The charts are drawn by the server: the page's one script is the shared enhancement.
    assert_eq!(
        page.matches("<script").count(),
        1,
        "charts need no JavaScript"
    );
    assert!(page.contains("/js/app.js") && page.contains("defer></script>"));
    let (_, index) = app
        .get(&format!("/evaluation?campaign={}", world.campaign.id))
        .await;
    assert!(
        index.contains("class=\"meter-fill\" width=\"40%\""),
        "the panel's overall progress"
    );
}
