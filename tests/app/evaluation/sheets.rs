//! Score sheets: checked at the field, saved as drafts, locked once submitted, blind to other
//! reviewers (on the pages and through the API), and never dropped by a later change.

use laurel::domain::{evaluation, stages::StageKind};
use rocket::http::Status;
use sea_orm::{ActiveModelTrait, EntityTrait};

use crate::helpers::*;

#[rocket::async_test]
async fn scores_are_checked_at_the_field_saved_as_drafts_and_locked_once_submitted() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let (judges, panel, rubric) = scored_setup(&app, &world).await;
    let judge = &judges[0];
    let assignment = assignment_of(&app, judge).await;
    let path = format!("/evaluation/assignments/{assignment}/score");
    app.login(&judge.username).await;

    // The first criterion's maximum is 40: 41 is refused at that field, the rest kept.
    let fields = sheet_fields(&rubric, &[41, 15, 20, 10], "", "", 0, "draft");
    let response = app.post_form(&path, &refs(&fields)).await;
    let field = format!("p-{}", rubric[0].id);
    let html = assert_field_error(response, &field, "error-score-range").await;
    assert!(html.contains("value=\"15\""), "the other points are kept");

    let fields = sheet_fields(&rubric, &[35, 15, 20, 10], "", "", 0, "draft");
    assert_eq!(
        app.post_form(&path, &refs(&fields)).await.status(),
        Status::SeeOther
    );
    // Not approving needs a comment.
    let fields = sheet_fields(&rubric, &[35, 15, 20, 10], "no", "", 1, "submit");
    let response = app.post_form(&path, &refs(&fields)).await;
    assert_refused(
        response,
        Status::UnprocessableEntity,
        "error-comment-when-not-approving",
    )
    .await;
    let fields = sheet_fields(&rubric, &[35, 15, 20, 10], "yes", "事迹突出", 1, "submit");
    assert_eq!(
        app.post_form(&path, &refs(&fields)).await.status(),
        Status::SeeOther
    );
    let fields = sheet_fields(&rubric, &[10, 10, 10, 10], "yes", "改主意", 2, "submit");
    let response = app.post_form(&path, &refs(&fields)).await;
    assert_refused(response, Status::Conflict, "error-sheet-locked").await;

    // The office reopens it (audited), and the reviewer may change it.
    app.login("office").await;
    let office = app.actor("office").await;
    let sheet = evaluation::panel_assignments(&app.app().db, &office, panel)
        .await
        .expect("rows")
        .into_iter()
        .find(|r| r.id == assignment)
        .and_then(|r| r.sheet_id)
        .expect("a sheet");
    let response = app
        .post_form(
            &format!("/evaluation/sheets/{sheet}/reopen?panel={panel}"),
            &[("reason", "评委申请修改")],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(audit_count(app.app(), "score.reopen").await, 1);
    app.login(&judge.username).await;
    let fields = sheet_fields(&rubric, &[30, 15, 20, 10], "yes", "已修改", 3, "submit");
    assert_eq!(
        app.post_form(&path, &refs(&fields)).await.status(),
        Status::SeeOther
    );
    assert_eq!(audit_count(app.app(), "score.submit").await, 2);
}

#[rocket::async_test]
async fn a_reviewer_never_sees_another_reviewers_scores_or_someone_elses_assignment() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let (judges, _, rubric) = scored_setup(&app, &world).await;
    let first = assignment_of(&app, &judges[0]).await;
    app.login(&judges[0].username).await;
    let fields = sheet_fields(
        &rubric,
        &[39, 19, 24, 14],
        "no",
        "只有第一位评委知道的意见XYZ",
        0,
        "submit",
    );
    assert_eq!(
        app.post_form(
            &format!("/evaluation/assignments/{first}/score"),
            &refs(&fields)
        )
        .await
        .status(),
        Status::SeeOther
    );

    app.login(&judges[1].username).await;
    let second = assignment_of(&app, &judges[1]).await;
    let (status, page) = app.get(&format!("/evaluation/assignments/{second}")).await;
    assert_eq!(status, Status::Ok);
    assert!(
        page.contains("候选0") && page.contains("详细事迹"),
        "the deeds are there"
    );
    for secret in ["只有第一位评委知道的意见XYZ", "value=\"39\"", "13900001111"] {
        assert!(
            !page.contains(secret),
            "{secret} leaked to another reviewer"
        );
    }
    assert_eq!(
        app.get(&format!("/evaluation/assignments/{first}")).await.0,
        Status::NotFound
    );
    assert_eq!(
        app.get("/evaluation/categories/00000000-0000-0000-0000-000000000000/ranking")
            .await
            .0,
        Status::Forbidden
    );
}

#[rocket::async_test]
async fn submitted_scores_are_never_dropped_by_recusal_unassignment_or_a_rubric_change() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let (judges, panel, rubric) = scored_setup(&app, &world).await;
    let judge = &judges[0];
    let assignment = assignment_of(&app, judge).await;
    app.login(&judge.username).await;
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
    let response = app
        .post_form(
            &format!("/evaluation/assignments/{assignment}/recuse"),
            &[("reason", "迟来的回避")],
        )
        .await;
    assert_eq!(response.status(), Status::Conflict);

    app.login("office").await;
    let token = app.csrf_token().await;
    let response = app
        .post_form_raw(
            &format!("/evaluation/assignments/{assignment}?panel={panel}"),
            &[("_method", "delete"), ("_csrf", &token)],
        )
        .await;
    assert_eq!(response.status(), Status::Conflict);
    let category = app.category(&world, "volunteer").await;
    let response = app
        .post_form(
            &format!(
                "/evaluation/categories/{}/rubric?panel={panel}",
                category.id
            ),
            &[
                ("criteria[0].name", "新"),
                ("criteria[0].max_points", "100"),
                ("criteria[0].weight", "1"),
            ],
        )
        .await;
    assert_refused(response, Status::Conflict, "error-rubric-in-use").await;
    let office = app.actor("office").await;
    let rows = evaluation::panel_assignments(&app.app().db, &office, panel)
        .await
        .expect("rows");
    assert_eq!(
        rows.iter()
            .filter(|r| r.sheet_status.as_deref() == Some("submitted"))
            .count(),
        1,
        "the scores are still there"
    );
}

#[rocket::async_test]
async fn scoring_through_the_api_is_blind_and_the_office_ranks_and_shortlists() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let (judges, _, _) = scored_setup(&app, &world).await;
    let mut tokens = Vec::new();
    for judge in &judges {
        tokens.push(
            laurel::domain::accounts::tokens::create_token(&app.app().db, judge, "评分", "", 180)
                .await
                .expect("token")
                .0,
        );
    }
    let office = laurel::domain::accounts::tokens::create_token(
        &app.app().db,
        &app.actor("office").await,
        "office",
        "",
        180,
    )
    .await
    .expect("token")
    .0;
    // The nomination's evidence, as its unit attached it, for the reviewers to read.
    let nominee = laurel::entity::nomination::Entity::find()
        .one(&app.app().db)
        .await
        .expect("read")
        .expect("the nomination");
    let evidence = uuid::Uuid::now_v7();
    let pdf = b"%PDF-1.4 evidence".to_vec();
    std::fs::create_dir_all(app.app().config.storage_dir()).expect("storage");
    std::fs::write(
        app.app().config.storage_dir().join(evidence.to_string()),
        &pdf,
    )
    .expect("stored");
    laurel::entity::attachment::ActiveModel {
        id: sea_orm::Set(evidence),
        nomination_id: sea_orm::Set(nominee.id),
        filename: sea_orm::Set("证明.pdf".into()),
        content_type: sea_orm::Set("application/pdf".into()),
        size: sea_orm::Set(i64::try_from(pdf.len()).unwrap_or(0)),
        sha256: sea_orm::Set(laurel::pii::sha256_hex(&pdf)),
        uploaded_by: sea_orm::Set(app.actor("rec_a1").await.user_id),
        created_at: sea_orm::Set(time::OffsetDateTime::now_utc()),
    }
    .insert(&app.app().db)
    .await
    .expect("attached");
    for (i, token) in tokens.iter().enumerate() {
        let (status, mine) = app
            .api("GET", "/api/v1/evaluation/assignments", token, None)
            .await;
        assert_eq!(status, Status::Ok);
        let id = mine[0]["id"].as_str().expect("an assignment").to_owned();
        let (_, ws) = app
            .api(
                "GET",
                &format!("/api/v1/evaluation/assignments/{id}"),
                token,
                None,
            )
            .await;
        assert!(
            ws["points"]
                .as_object()
                .is_some_and(serde_json::Map::is_empty),
            "nobody else's points: {ws}"
        );
        assert!(
            !ws.to_string().contains("秘密意见"),
            "another reviewer's comment never shows"
        );
        assert_eq!(ws["attachments"][0]["id"], serde_json::json!(evidence));
        let read = app
            .client
            .get(format!(
                "/api/v1/evaluation/assignments/{id}/attachments/{evidence}"
            ))
            .header(rocket::http::Header::new(
                "Authorization",
                format!("Bearer {token}"),
            ))
            .dispatch()
            .await;
        assert_eq!(read.status(), Status::Ok);
        assert_eq!(read.into_bytes().await.unwrap_or_default(), pdf);
        let points: serde_json::Map<String, serde_json::Value> = ws["criteria"]
            .as_array()
            .expect("criteria")
            .iter()
            .map(|c| {
                (
                    c["id"].as_str().expect("id").to_owned(),
                    serde_json::json!(
                        c["max_points"].as_i64().expect("max") - i64::try_from(i).expect("small")
                    ),
                )
            })
            .collect();
        let (status, saved) = app.api( "PUT", &format!("/api/v1/evaluation/assignments/{id}/sheet"), token, Some(serde_json::json!({
            "points": points, "approve": true, "comment": "秘密意见", "version": 0, "submit": true,
        }))).await;
        assert_eq!(status, Status::Ok, "{saved}");
        assert_eq!(saved["status"], "submitted");
        let (status, _) = app
            .api(
                "PUT",
                &format!("/api/v1/evaluation/assignments/{id}/sheet"),
                token,
                Some(serde_json::json!({"points": {}, "version": 1})),
            )
            .await;
        assert_eq!(status, Status::Conflict, "locked once submitted");
    }
    assert_eq!(
        app.api("GET", "/api/v1/evaluation/assignments", &office, None)
            .await
            .0,
        Status::Forbidden
    );
    let category = app.category(&world, "volunteer").await;
    assert_eq!(
        app.api(
            "GET",
            &format!("/api/v1/evaluation/categories/{}/ranking", category.id),
            &tokens[0],
            None
        )
        .await
        .0,
        Status::Forbidden
    );
    let (status, ranking) = app
        .api(
            "GET",
            &format!("/api/v1/evaluation/categories/{}/ranking", category.id),
            &office,
            None,
        )
        .await;
    assert_eq!(status, Status::Ok);
    // Totals 100, 96, 92, 88, 84 (each criterion's maximum less the reviewer's index);
    // trimmed: (96 + 92 + 88) / 3 = 92.
    assert!(
        (ranking[0]["score"].as_f64().expect("a score") - 92.0).abs() < 1e-9,
        "{ranking}"
    );
    assert_eq!(ranking[0]["rank"], 1);
    // The office files the ranking and the score sheets; a reviewer may not.
    for export in ["ranking", "scoresheet"] {
        let path = format!(
            "/api/v1/evaluation/categories/{}/{export}/export?format=csv",
            category.id
        );
        assert_eq!(
            app.api("GET", &path, &tokens[0], None).await.0,
            Status::Forbidden
        );
        let response = app
            .client
            .get(path)
            .header(rocket::http::Header::new(
                "Authorization",
                format!("Bearer {office}"),
            ))
            .dispatch()
            .await;
        assert_eq!(response.status(), Status::Ok);
        let csv = response.into_string().await.unwrap_or_default();
        assert!(csv.contains(&nominee.nominee_name), "{export}: {csv}");
    }
    let id = ranking[0]["nomination_id"].clone();
    reach(&app, &world, StageKind::Shortlist).await;
    let (status, list) = app
        .api(
            "POST",
            &format!("/api/v1/evaluation/categories/{}/shortlist", category.id),
            &office,
            Some(serde_json::json!({"nominations": [id]})),
        )
        .await;
    assert_eq!(status, Status::Ok);
    assert_eq!(list, serde_json::json!([id]));
}
