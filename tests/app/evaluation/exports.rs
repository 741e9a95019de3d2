//! The ranking and scoresheet exports (CSV and XLSX): the database's rows, for the office only.

use rocket::http::Status;

use crate::helpers::*;

#[rocket::async_test]
async fn the_ranking_and_scoresheet_exports_match_the_database_and_are_office_only() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let (judges, _, rubric) = scored_setup(&app, &world).await;
    for (i, judge) in judges.iter().enumerate() {
        app.login(&judge.username).await;
        let assignment = assignment_of(&app, judge).await;
        let points = [30 + i32::try_from(i).expect("small"), 15, 20, 10];
        let fields = sheet_fields(
            &rubric,
            &points,
            "yes",
            &format!("=评委{i}意见"),
            0,
            "submit",
        );
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
    let category = app.category(&world, "volunteer").await;
    app.login(&judges[0].username).await;
    assert_eq!(
        app.get(&format!(
            "/evaluation/categories/{}/scoresheet/export?format=csv",
            category.id
        ))
        .await
        .0,
        Status::Forbidden
    );

    app.login("office").await;
    let response = app
        .client
        .get(format!(
            "/evaluation/categories/{}/scoresheet/export?format=csv",
            category.id
        ))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Ok);
    assert!(
        response
            .headers()
            .get_one("Content-Disposition")
            .unwrap_or_default()
            .starts_with("attachment")
    );
    let body = response.into_string().await.unwrap_or_default();
    assert!(body.starts_with('\u{feff}'), "a BOM for Excel");
    let lines: Vec<&str> = body.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 6, "a heading and one row per reviewer: {body}");
    // Totals 75..79 as submitted; a comment that looks like a formula is defused.
    for (i, total) in ["75.00", "76.00", "77.00", "78.00", "79.00"]
        .iter()
        .enumerate()
    {
        assert!(body.contains(total), "{total}");
        assert!(body.contains(&format!("'=评委{i}意见")), "formula defused");
    }
    let (_, ranking) = app
        .get(&format!(
            "/evaluation/categories/{}/ranking/export?format=csv",
            category.id
        ))
        .await;
    // Trimmed mean of 75..79 without 75 and 79: 77.00.
    assert!(
        ranking.contains("候选0") && ranking.contains("77.00") && ranking.contains("5/5"),
        "{ranking}"
    );
    assert_eq!(
        audit_count(app.app(), "evaluation.export_scoresheet").await,
        1
    );
    assert_eq!(audit_count(app.app(), "evaluation.export_ranking").await, 1);
}

#[rocket::async_test]
async fn the_xlsx_exports_hold_the_same_rows_as_the_database() {
    use calamine::{Data, Reader, Xlsx};
    let app = TestApp::new().await;
    let world = app.world().await;
    let (judges, _, rubric) = scored_setup(&app, &world).await;
    for (i, judge) in judges.iter().enumerate() {
        app.login(&judge.username).await;
        let assignment = assignment_of(&app, judge).await;
        let points = [30 + i32::try_from(i).expect("small"), 15, 20, 10];
        let fields = sheet_fields(&rubric, &points, "yes", "好", 0, "submit");
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
    let category = app.category(&world, "volunteer").await;
    app.login("office").await;
    let response = app
        .client
        .get(format!(
            "/evaluation/categories/{}/scoresheet/export?format=xlsx",
            category.id
        ))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Ok);
    let bytes = response.into_bytes().await.unwrap_or_default();
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("an xlsx file");
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).expect("a sheet");
    let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    assert_eq!(rows.len(), 6, "heading and five sheets");
    assert_eq!(rows[0][0], Data::String(zh("col-name", &[])));
    let number = |cell: &Data| match cell {
        Data::Float(f) => *f,
        other => panic!("a number: {other:?}"),
    };
    // Name, unit, reviewer, the four criteria, total, verdict, comment.
    assert_eq!(rows[0].len(), 10);
    let mut totals: Vec<f64> = rows[1..].iter().map(|r| number(&r[7])).collect();
    totals.sort_by(f64::total_cmp);
    assert_eq!(totals, [75.0, 76.0, 77.0, 78.0, 79.0]);
    let mut first: Vec<f64> = rows[1..].iter().map(|r| number(&r[3])).collect();
    first.sort_by(f64::total_cmp);
    assert_eq!(
        first,
        [30.0, 31.0, 32.0, 33.0, 34.0],
        "every reviewer × criterion"
    );
    assert!(
        rows[1..]
            .iter()
            .all(|r| (number(&r[4]) - 15.0).abs() < f64::EPSILON)
    );
    assert!(
        rows[1..]
            .iter()
            .all(|r| r[0] == Data::String("候选0".into()))
    );
    assert_eq!(
        app.get(&format!(
            "/evaluation/categories/{}/ranking/export?format=pdf",
            category.id
        ))
        .await
        .0,
        Status::NotFound
    );
}
