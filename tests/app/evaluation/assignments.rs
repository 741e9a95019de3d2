//! Expert evaluation, first part: panels, rubrics, conflict-free balanced assignment, manual
//! assignment and recusal.

use laurel::domain::{
    actor::Actor, evaluation, nominations, review, stages::StageKind, workflow::Transition,
};
use rocket::http::Status;

use crate::helpers::*;

#[rocket::async_test]
async fn automatic_assignment_avoids_conflicts_and_balances_the_load() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let judges = pool(&app, 4).await;
    let expert = app.actor("expert").await;
    let nominations = eligible(&app, &world, 6).await;
    let mut members: Vec<&Actor> = judges.iter().collect();
    members.push(&expert);
    let panel = volunteer_panel(&app, &world, &members).await;

    app.login("office").await;
    let response = app
        .post_form(&format!("/evaluation/panels/{panel}/assign"), &[])
        .await;
    assert_eq!(response.status(), Status::Ok);
    assert!(
        response
            .into_string()
            .await
            .unwrap_or_default()
            .contains("新增分配 18 条")
    );

    let office = app.actor("office").await;
    let rows = evaluation::panel_assignments(&app.app().db, &office, panel)
        .await
        .expect("rows");
    assert_eq!(rows.len(), 18, "six nominations, three reviewers each");
    assert!(
        rows.iter().all(|r| r.reviewer_id != expert.user_id),
        "the district's expert conflicts with every nomination"
    );
    for n in &nominations {
        let mut reviewers: Vec<_> = rows
            .iter()
            .filter(|r| r.nomination_id == *n)
            .map(|r| r.reviewer_id)
            .collect();
        reviewers.sort();
        reviewers.dedup();
        assert_eq!(reviewers.len(), 3);
    }
    let loads: Vec<usize> = judges
        .iter()
        .map(|j| rows.iter().filter(|r| r.reviewer_id == j.user_id).count())
        .collect();
    assert!(
        loads.iter().max().expect("loads") - loads.iter().min().expect("loads") <= 1,
        "{loads:?}"
    );
    assert_eq!(audit_count(app.app(), "panel.assign").await, 1);

    // Running it again adds nothing: every nomination has its reviewers.
    let again = evaluation::auto_assign(&app.app().db, &office, panel)
        .await
        .expect("again");
    assert_eq!(again.added, 0);
}

#[rocket::async_test]
async fn a_manual_assignment_with_a_conflict_is_refused_with_the_reason() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let judges = pool(&app, 2).await;
    let expert = app.actor("expert").await;
    let nominations = eligible(&app, &world, 1).await;
    let panel = volunteer_panel(&app, &world, &[&judges[0], &judges[1], &expert]).await;
    app.login("office").await;
    let response = app
        .post_form(
            &format!("/evaluation/panels/{panel}/assignments"),
            &[
                ("nomination_id", &nominations[0].to_string()),
                ("reviewer_id", &expert.user_id.to_string()),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::Conflict);
    assert!(
        response
            .into_string()
            .await
            .unwrap_or_default()
            .contains("存在利益冲突")
    );
    let response = app
        .post_form(
            &format!("/evaluation/panels/{panel}/assignments"),
            &[
                ("nomination_id", &nominations[0].to_string()),
                ("reviewer_id", &judges[0].user_id.to_string()),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    let response = app
        .post_form(
            &format!("/evaluation/panels/{panel}/assignments"),
            &[
                ("nomination_id", &nominations[0].to_string()),
                ("reviewer_id", &judges[0].user_id.to_string()),
            ],
        )
        .await;
    assert_eq!(
        response.status(),
        Status::Conflict,
        "twice the same reviewer"
    );
}

#[rocket::async_test]
async fn a_reviewer_recuses_and_the_nomination_is_reassigned() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let judges = pool(&app, 4).await;
    eligible(&app, &world, 1).await;
    let members: Vec<&Actor> = judges.iter().collect();
    let panel = volunteer_panel(&app, &world, &members).await;
    let office = app.actor("office").await;
    evaluation::auto_assign(&app.app().db, &office, panel)
        .await
        .expect("assigned");
    let before = evaluation::panel_assignments(&app.app().db, &office, panel)
        .await
        .expect("rows");
    let leaving = before[0].reviewer_id;
    let username = judges
        .iter()
        .find(|j| j.user_id == leaving)
        .expect("a judge")
        .username
        .clone();

    app.login(&username).await;
    let (status, page) = app.get("/evaluation/mine").await;
    assert_eq!(status, Status::Ok);
    assert!(page.contains("候选0"));
    assert!(
        !page.contains("13900001111"),
        "no private contact data in the reviewer's list"
    );
    // Recusal sits on the assignment's page, not on every row of the list.
    let recuse_form = format!("action=\"/evaluation/assignments/{}/recuse\"", before[0].id);
    assert!(!page.contains("/recuse\""), "the list offers no recusal");
    let (_, assignment_page) = app
        .get(&format!("/evaluation/assignments/{}", before[0].id))
        .await;
    assert!(assignment_page.contains(&recuse_form));
    let response = app
        .post_form(
            &format!("/evaluation/assignments/{}/recuse", before[0].id),
            &[("reason", "")],
        )
        .await;
    assert_eq!(
        response.status(),
        Status::UnprocessableEntity,
        "a reason is required"
    );
    // It comes back on the same page, at the reason's field, the details open.
    let html = response.into_string().await.unwrap_or_default();
    assert!(html.contains(&recuse_form) && html.contains("id=\"e-reason\""));
    assert!(html.contains("<details class=\"card recusal\" open>"));
    let response = app
        .post_form(
            &format!("/evaluation/assignments/{}/recuse", before[0].id),
            &[("reason", "被推荐人是我的亲属")],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);

    let after = evaluation::panel_assignments(&app.app().db, &office, panel)
        .await
        .expect("rows");
    assert_eq!(after.len(), 3, "the seat was refilled");
    assert!(
        after.iter().all(|r| r.reviewer_id != leaving),
        "not by the one who recused"
    );
    assert!(!app.get("/evaluation/mine").await.1.contains("候选0"));
    assert_eq!(audit_count(app.app(), "assignment.recuse").await, 1);

    // Nobody recuses someone else's assignment: the one who left tries another's seat.
    let response = app
        .post_form(
            &format!("/evaluation/assignments/{}/recuse", after[0].id),
            &[("reason", "x")],
        )
        .await;
    assert_eq!(response.status(), Status::NotFound);
    assert_eq!(
        evaluation::panel_assignments(&app.app().db, &office, panel)
            .await
            .expect("rows")
            .len(),
        3
    );
}

#[rocket::async_test]
async fn the_default_rubric_is_prefilled_and_the_office_can_change_it() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let judges = pool(&app, 1).await;
    let panel = volunteer_panel(&app, &world, &[&judges[0]]).await;
    app.login("office").await;
    let (status, page) = app.get(&format!("/evaluation/panels/{panel}")).await;
    assert_eq!(status, Status::Ok);
    for name in ["先进事迹", "服务时长", "社会影响", "创新性"] {
        assert!(page.contains(name), "{name}");
    }
    let category = app.category(&world, "volunteer").await;
    let path = format!(
        "/evaluation/categories/{}/rubric?panel={panel}",
        category.id
    );
    let response = app
        .post_form(
            &path,
            &[
                ("criteria[0].name", "事迹"),
                ("criteria[0].max_points", "60"),
                ("criteria[0].weight", "1.5"),
                ("criteria[1].name", "影响"),
                ("criteria[1].max_points", "0"),
                ("criteria[1].weight", "1"),
            ],
        )
        .await;
    assert_eq!(
        response.status(),
        Status::UnprocessableEntity,
        "a maximum of 0 is refused"
    );
    let response = app
        .post_form(
            &path,
            &[
                ("criteria[0].name", "事迹"),
                ("criteria[0].max_points", "60"),
                ("criteria[0].weight", "1.5"),
                ("criteria[1].name", "影响"),
                ("criteria[1].max_points", "40"),
                ("criteria[1].weight", "1"),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    let rubric = evaluation::rubric(&app.app().db, category.id, laurel::i18n::Lang::ZhCn)
        .await
        .expect("rubric");
    assert_eq!(
        rubric
            .iter()
            .map(|c| (c.name.as_str(), c.max_points))
            .collect::<Vec<_>>(),
        [("事迹", 60), ("影响", 40)]
    );
    assert_eq!(audit_count(app.app(), "rubric.update").await, 1);
}

#[rocket::async_test]
async fn only_the_office_runs_evaluation_and_only_reviewers_have_a_workspace() {
    let app = TestApp::new().await;
    app.world().await;
    for (username, office_page, workspace) in [
        ("office", 200, 403),
        ("rec_a", 403, 403),
        ("expert", 403, 200),
    ] {
        app.login(username).await;
        assert_eq!(
            app.get("/evaluation").await.0.code,
            office_page,
            "{username} /evaluation"
        );
        assert_eq!(
            app.get("/evaluation/mine").await.0.code,
            workspace,
            "{username} /evaluation/mine"
        );
    }
}

/// One eligible nomination, a panel of five pool reviewers, every one assigned.
async fn scored_setup(
    app: &TestApp,
    world: &World,
) -> (
    Vec<Actor>,
    uuid::Uuid,
    Vec<laurel::entity::criterion::Model>,
) {
    let judges = pool(app, 5).await;
    eligible(app, world, 1).await;
    let office = app.actor("office").await;
    change_categories(app, world, |row| {
        row.reviewers_per_nomination = "5".into();
    })
    .await;
    let members: Vec<&Actor> = judges.iter().collect();
    let panel = volunteer_panel(app, world, &members).await;
    evaluation::auto_assign(&app.app().db, &office, panel)
        .await
        .expect("assigned");
    let category = app.category(world, "volunteer").await;
    let rubric = evaluation::rubric(&app.app().db, category.id, laurel::i18n::Lang::ZhCn)
        .await
        .expect("rubric");
    (judges, panel, rubric)
}

async fn assignment_of(app: &TestApp, judge: &Actor) -> uuid::Uuid {
    laurel::domain::evaluation::my_assignments(&app.app().db, judge)
        .await
        .expect("mine")[0]
        .id
}

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
    assert_eq!(response.status(), Status::UnprocessableEntity);
    let html = response.into_string().await.unwrap_or_default();
    assert!(html.contains("分数超出该项的分值范围"), "{html}");
    assert!(html.contains("value=\"15\""), "the other points are kept");

    let fields = sheet_fields(&rubric, &[35, 15, 20, 10], "", "", 0, "draft");
    assert_eq!(
        app.post_form(&path, &refs(&fields)).await.status(),
        Status::SeeOther
    );
    // Not approving needs a comment.
    let fields = sheet_fields(&rubric, &[35, 15, 20, 10], "no", "", 1, "submit");
    let response = app.post_form(&path, &refs(&fields)).await;
    assert_eq!(response.status(), Status::UnprocessableEntity);
    assert!(
        response
            .into_string()
            .await
            .unwrap_or_default()
            .contains("不同意入围时请填写意见说明")
    );
    let fields = sheet_fields(&rubric, &[35, 15, 20, 10], "yes", "事迹突出", 1, "submit");
    assert_eq!(
        app.post_form(&path, &refs(&fields)).await.status(),
        Status::SeeOther
    );
    let fields = sheet_fields(&rubric, &[10, 10, 10, 10], "yes", "改主意", 2, "submit");
    let response = app.post_form(&path, &refs(&fields)).await;
    assert_eq!(response.status(), Status::Conflict);
    assert!(
        response
            .into_string()
            .await
            .unwrap_or_default()
            .contains("已提交并锁定")
    );

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
async fn the_ranking_uses_the_trimmed_mean_and_shows_incomplete_scoring_as_such() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let (judges, _, rubric) = scored_setup(&app, &world).await;
    let category = app.category(&world, "volunteer").await;
    // Totals 100, 90, 80, 70, 60 (rubric maxima 40/20/25/15, weights 1).
    let sheets = [
        [40, 20, 25, 15],
        [36, 18, 22, 14],
        [32, 16, 20, 12],
        [28, 14, 18, 10],
        [24, 12, 15, 9],
    ];
    for (i, (judge, points)) in judges.iter().zip(sheets).enumerate() {
        app.login(&judge.username).await;
        let assignment = assignment_of(&app, judge).await;
        let fields = sheet_fields(
            &rubric,
            &points,
            if i < 3 { "yes" } else { "no" },
            "意见",
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
        if i == 3 {
            app.login("office").await;
            let (_, page) = app
                .get(&format!("/evaluation/categories/{}/ranking", category.id))
                .await;
            assert!(
                page.contains("评分未完成") && page.contains("4 / 5"),
                "four of five is not ranked: {page}"
            );
        }
    }
    app.login("office").await;
    let (_, page) = app
        .get(&format!("/evaluation/categories/{}/ranking", category.id))
        .await;
    // Trimmed mean: drop 100 and 60 → (90 + 80 + 70) / 3 = 80.00; three of five approve.
    assert!(page.contains("80.00"), "{page}");
    assert!(page.contains("5 / 5") && page.contains("3 ✓"));
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
    assert_eq!(response.status(), Status::Conflict);
    assert!(
        response
            .into_string()
            .await
            .unwrap_or_default()
            .contains("评分细则不能再修改")
    );
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
async fn the_shortlist_stays_within_quota_and_needs_a_rationale_when_it_leaves_the_ranking() {
    use laurel::domain::evaluation::{self, SheetInput};
    let app = TestApp::new().await;
    let world = app.world().await;
    let judges = pool(&app, 5).await;
    let nominations = eligible(&app, &world, 3).await;
    let office = app.actor("office").await;
    change_categories(&app, &world, |row| {
        row.quota = "2".into();
        row.unit_quota = "2".into();
        row.reviewers_per_nomination = "5".into();
    })
    .await;
    let members: Vec<&Actor> = judges.iter().collect();
    let panel = volunteer_panel(&app, &world, &members).await;
    evaluation::auto_assign(&app.app().db, &office, panel)
        .await
        .expect("assigned");
    let category = app.category(&world, "volunteer").await;
    let rubric = evaluation::rubric(&app.app().db, category.id, laurel::i18n::Lang::ZhCn)
        .await
        .expect("rubric");
    // Nomination 0 scores highest, then 1, then 2; everyone approves 0 and 1, nobody 2.
    for judge in &judges {
        for mine in evaluation::my_assignments(&app.app().db, judge)
            .await
            .expect("mine")
        {
            let index = ["候选0", "候选1", "候选2"]
                .iter()
                .position(|n| *n == mine.nominee_name)
                .expect("known");
            let base = [36, 30, 20][index];
            let sheet = SheetInput {
                points: rubric
                    .iter()
                    .map(|c| (c.id.to_string(), (base * c.max_points / 40).to_string()))
                    .collect(),
                approve: if index < 2 { "yes" } else { "no" }.into(),
                comment: "意见".into(),
                version: 0,
            };
            evaluation::save_sheet(
                &app.app().db,
                judge,
                mine.id,
                &sheet,
                true,
                laurel::i18n::Lang::ZhCn,
                app.app().config.today(),
            )
            .await
            .expect("scored");
        }
    }
    reach(&app, &world, StageKind::Shortlist).await;
    app.login("office").await;
    let path = format!("/evaluation/categories/{}/shortlist", category.id);
    let (_, page) = app
        .get(&format!("/evaluation/categories/{}/ranking", category.id))
        .await;
    assert_eq!(
        page.matches(" checked").count(),
        2,
        "the top two are ticked"
    );

    let ids: Vec<String> = nominations.iter().map(ToString::to_string).collect();
    let response = app
        .post_form(
            &path,
            &[
                ("nominations", &ids[0]),
                ("nominations", &ids[1]),
                ("nominations", &ids[2]),
                ("rationale", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::UnprocessableEntity);
    assert!(
        response
            .into_string()
            .await
            .unwrap_or_default()
            .contains("超过该类别名额")
    );
    let response = app
        .post_form(
            &path,
            &[
                ("nominations", &ids[0]),
                ("nominations", &ids[2]),
                ("rationale", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::UnprocessableEntity);
    assert!(
        response
            .into_string()
            .await
            .unwrap_or_default()
            .contains("请填写理由")
    );
    let response = app
        .post_form(
            &path,
            &[
                ("nominations", &ids[0]),
                ("nominations", &ids[2]),
                ("rationale", "候选1经核实存在问题"),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(
        evaluation::shortlist_of(&app.app().db, category.id)
            .await
            .expect("list"),
        vec![nominations[0], nominations[2]]
    );
    let events = {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        laurel::entity::audit_event::Entity::find()
            .filter(laurel::entity::audit_event::Column::Action.eq("shortlist.fix"))
            .all(&app.app().db)
            .await
            .expect("events")
    };
    assert!(events[0].after.as_deref().is_some_and(
        |a| a.contains("候选1经核实存在问题") && a.contains("\"top_of_ranking\":false")
    ));

    let response = app
        .post_form(
            &path,
            &[
                ("nominations", &ids[0]),
                ("nominations", &ids[1]),
                ("rationale", ""),
            ],
        )
        .await;
    assert_eq!(
        response.status(),
        Status::SeeOther,
        "the top two need no rationale"
    );

    // With the majority rule, the one nobody approved cannot be chosen.
    change_categories(&app, &world, |row| {
        row.require_majority = true;
    })
    .await;
    let response = app
        .post_form(
            &path,
            &[
                ("nominations", &ids[0]),
                ("nominations", &ids[2]),
                ("rationale", "理由"),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::UnprocessableEntity);
    assert!(
        response
            .into_string()
            .await
            .unwrap_or_default()
            .contains("过半数评委同意")
    );
}

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
    assert!(page.contains("<svg") && page.contains("各评委打分分布"));
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
    assert_eq!(rows[0][0], Data::String("名称".into()));
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

#[rocket::async_test]
async fn an_assigned_reviewer_reads_the_attachments_and_nobody_else_does() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let judges = pool(&app, 2).await;
    let office = app.actor("office").await;
    let rec = app.actor("rec_a1").await;
    let category = app.category(&world, "volunteer").await;
    let draft = nominations::create_draft(
        app.app(),
        &rec,
        world.campaign.id.into(),
        category.id.into(),
        &person("附件人", 901),
    )
    .await
    .expect("draft");
    let pdf = b"%PDF-1.4 deeds evidence".to_vec();
    nominations::add_attachment(
        app.app(),
        &rec,
        draft.id.into(),
        draft.version,
        "证明.pdf",
        &pdf,
    )
    .await
    .expect("attached");
    let mut n = review::submit(app.app(), &rec, draft.id.into(), draft.version)
        .await
        .expect("submitted");
    let today = app.app().config.today();
    for level in ["rec_a", "rec_district"] {
        n = review::transition(
            app.app(),
            &app.actor(level).await,
            n.id.into(),
            Transition::Recommend,
            n.version,
            "",
            today,
        )
        .await
        .expect("up");
    }
    reach(&app, &world, StageKind::Review).await;
    review::transition(
        app.app(),
        &office,
        n.id.into(),
        Transition::MarkEligible,
        n.version,
        "",
        today,
    )
    .await
    .expect("eligible");
    let panel = volunteer_panel(&app, &world, &[&judges[0], &judges[1]]).await;
    let assignment =
        evaluation::assign_by_hand(&app.app().db, &office, panel, n.id, judges[0].user_id)
            .await
            .expect("assigned")
            .id;

    app.login(&judges[0].username).await;
    let (_, page) = app
        .get(&format!("/evaluation/assignments/{assignment}"))
        .await;
    assert!(page.contains("证明.pdf"), "{page}");
    let link: String = page
        .split(&format!(
            "/evaluation/assignments/{assignment}/attachments/"
        ))
        .nth(1)
        .expect("a link")
        .chars()
        .take(36)
        .collect();
    let url = format!("/evaluation/assignments/{assignment}/attachments/{link}");
    let response = app.client.get(url.clone()).dispatch().await;
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(response.into_bytes().await.unwrap_or_default(), pdf);
    // The nomination page itself stays closed to reviewers.
    assert_eq!(
        app.get(&format!("/nominations/{}", n.id)).await.0,
        Status::NotFound
    );
    app.login(&judges[1].username).await;
    assert_eq!(
        app.client.get(url).dispatch().await.status(),
        Status::NotFound
    );
}
