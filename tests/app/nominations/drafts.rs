//! Drafts: saved, edited and submitted (then read-only), validated at the field with the input
//! kept, seen only within the unit's subtree, and refused outside their stage.

use rocket::http::Status;

use crate::helpers::*;

#[rocket::async_test]
async fn a_community_saves_a_draft_edits_it_and_submits_it_after_which_it_is_read_only() {
    let app = TestApp::new().await;
    let world = app.world().await;
    app.login("rec_a1").await;
    let draft = create_person_draft(&app, &world).await;
    assert_eq!(audit_count(app.app(), "nomination.create").await, 1);

    let (status, html) = app.get(&draft.path).await;
    assert_eq!(status, Status::Ok);
    assert!(
        html.contains("任均山") && html.contains("370***********"),
        "ID shown masked: {html}"
    );
    assert!(
        !html.contains(&valid_id_number()),
        "the full ID number is not shown on the page"
    );

    let mut fields = person_fields(&valid_id_number());
    fields.retain(|(k, _)| *k != "version");
    fields.push(("version", "1".into()));
    fields[0].1 = "任均山（修改）".into();
    let response = app.post_form(&draft.path, &refs(&fields)).await;
    assert_eq!(response.status(), Status::SeeOther);
    assert!(app.get(&draft.path).await.1.contains("任均山（修改）"));

    let response = app
        .post_form(
            &format!("{}/submit", draft.review_path()),
            &[("version", "2")],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(audit_count(app.app(), "nomination.submit").await, 1);
    let (_, html) = app.get(&draft.path).await;
    let held_by = zh(
        "nominations-held-by",
        &[("unit", world.street_a.name.clone())],
    );
    assert!(
        html.contains(&zh("nomination-status-pending", &[])) && html.contains(&held_by),
        "it waits in its street's inbox"
    );
    assert!(!html.contains("/edit\""), "no edit link after submission");
    fields[0].1 = "提交后的修改".into();
    let response = app.post_form(&draft.path, &refs(&fields)).await;
    assert_eq!(response.status(), Status::Conflict);
    let html = response.into_string().await.unwrap_or_default();
    assert!(
        html.contains("value=\"提交后的修改\""),
        "what was typed comes back with the refusal"
    );
    assert!(
        html.contains(&zh("error-stale", &[]))
            || html.contains(&zh("error-nomination-not-draft", &[])),
        "{html}"
    );
    assert_eq!(
        app.get(&format!("{}/edit", draft.path)).await.0,
        Status::Conflict,
        "no edit form after submission"
    );
    assert!(
        app.get(&draft.path).await.1.contains("任均山（修改）"),
        "nothing was overwritten"
    );
}

#[rocket::async_test]
async fn a_wrong_id_number_comes_back_at_the_field_with_everything_else_kept() {
    let app = TestApp::new().await;
    let world = app.world().await;
    app.login("rec_a1").await;
    let categories =
        laurel::domain::campaigns::categories_of(&app.app().db, world.campaign.id.into())
            .await
            .expect("categories");
    let person = categories
        .iter()
        .find(|c| c.key == "volunteer")
        .expect("volunteer");
    let mut wrong = valid_id_number();
    let last = if wrong.ends_with('1') { '2' } else { '1' };
    wrong.pop();
    wrong.push(last);
    let mut fields = person_fields(&wrong);
    fields[10].1 = "字".repeat(301);
    let response = app
        .post_form(
            &format!(
                "/nominations?campaign={}&category={}",
                world.campaign.id, person.id
            ),
            &refs(&fields),
        )
        .await;
    let html = assert_field_error(response, "id_number", "error-id-number-checksum").await;
    assert_error_at(&html, "deeds_summary", "error-too-long");
    assert!(
        html.contains("value=\"任均山\"") && html.contains("value=\"13863901234\""),
        "input kept"
    );
    assert_eq!(audit_count(app.app(), "nomination.create").await, 0);
}

#[rocket::async_test]
async fn units_outside_the_subtree_get_not_found_and_the_units_above_can_read() {
    let app = TestApp::new().await;
    let world = app.world().await;
    app.login("rec_a1").await;
    let draft = create_person_draft(&app, &world).await;
    for (username, expected) in [
        ("rec_b1", Status::NotFound),
        ("rec_b", Status::NotFound),
        ("expert", Status::NotFound),
        ("rec_a", Status::Ok),
        ("rec_district", Status::Ok),
        ("office", Status::Ok),
    ] {
        app.login(username).await;
        let (status, html) = app.get(&draft.path).await;
        assert_eq!(status, expected, "{username}");
        if expected == Status::NotFound {
            assert!(!html.contains("任均山"), "{username} sees nothing of it");
        }
        let listed = app.get("/nominations").await.1.contains("任均山");
        assert_eq!(
            listed,
            expected == Status::Ok && username != "expert",
            "{username} list"
        );
    }
    // Choosing a unit narrows the list and never widens it: a community is its own scope.
    let (a1, b1) = (world.community_a1.id, world.community_b1.id);
    for (username, unit, expected) in [
        ("rec_a1", None, true),
        ("rec_a1", Some(a1), true),
        ("rec_a1", Some(b1), false),
        ("rec_b1", Some(a1), false),
        ("rec_a", Some(a1), true),
        ("rec_a", Some(b1), false),
        ("office", Some(a1), true),
        ("office", Some(b1), false),
    ] {
        app.login(username).await;
        let path = unit.map_or("/nominations".to_owned(), |u| {
            format!("/nominations?unit={u}")
        });
        let (status, html) = app.get(&path).await;
        assert_eq!(status, Status::Ok, "{username} {path}");
        assert_eq!(html.contains("任均山"), expected, "{username} {path}");
    }
    // The street may read but not edit its community's draft.
    app.login("rec_a").await;
    assert_eq!(
        app.get(&format!("{}/edit", draft.path)).await.0,
        Status::NotFound
    );
    // Nor submit it: only the nominating unit does; the street sees it, so the answer is 403.
    let response = app
        .post_form(
            &format!("{}/submit", draft.review_path()),
            &[("version", "1")],
        )
        .await;
    assert_eq!(response.status(), Status::Forbidden);
    let (_, html) = app.get(&draft.path).await;
    assert!(
        html.contains(&zh("nomination-status-draft", &[])),
        "still a draft"
    );
}

#[rocket::async_test]
async fn nominating_is_refused_outside_its_stage_with_the_stage_named() {
    let app = TestApp::new().await;
    let world = app.world().await;
    app.login("rec_a1").await;
    let draft = create_person_draft(&app, &world).await;
    app.login("office").await;
    let moves = audit_count(app.app(), "campaign.advance").await;
    let response = app
        .post_form(
            &format!("/campaigns/{}/advance", world.campaign.id),
            &[("version", &world.campaign.version.to_string())],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(audit_count(app.app(), "campaign.advance").await, moves + 1);
    // In review, a unit can neither start a nomination nor submit its draft, and is told why.
    app.login("rec_a1").await;
    let categories =
        laurel::domain::campaigns::categories_of(&app.app().db, world.campaign.id.into())
            .await
            .expect("categories");
    let path = format!(
        "/nominations/new?campaign={}&category={}",
        world.campaign.id, categories[0].id
    );
    let (status, html) = app.get(&path).await;
    assert_eq!(status, Status::Conflict);
    let told = zh(
        "error-stage",
        &[
            ("allowed", "recommendation".into()),
            ("current", "review".into()),
            (
                "dates",
                format!("– {}", app.app().config.today() + time::Duration::days(30)),
            ),
        ],
    );
    assert!(html.contains(&told), "the refusal names both stages");
    let submitted = app
        .post_form(
            &format!("{}/submit", draft.review_path()),
            &[("version", "1")],
        )
        .await;
    assert_eq!(submitted.status(), Status::Conflict);
    let (_, page) = app.get(&draft.path).await;
    assert!(
        !page.contains(&format!("{}/submit", draft.review_path())),
        "a refused submission is not offered"
    );
    assert!(!page.contains("/edit\""), "nor is editing");
}
