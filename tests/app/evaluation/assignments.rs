//! Assignments: automatic (conflict-free, balanced) and manual, recusal and reassignment, who
//! runs evaluation and who has a workspace, and who reads an assigned nomination's attachments.

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
    assert_says(
        response,
        Status::Ok,
        "assign-report",
        &[("count", "18".into())],
    )
    .await;

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
    assert_says(
        response,
        Status::Conflict,
        "error-assignment-conflict",
        &[("name", "候选0".into())],
    )
    .await;
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
