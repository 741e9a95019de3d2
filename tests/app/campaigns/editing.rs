//! The office creates, edits and opens campaigns; the public sees them once open.

use rocket::http::Status;

use crate::helpers::*;

#[rocket::async_test]
async fn the_office_creates_a_campaign_publishes_it_by_its_next_step_and_the_public_sees_it() {
    let app = TestApp::new().await;
    app.world().await;
    app.login("office").await;
    let (status, html) = app.get("/campaigns/new").await;
    assert_eq!(status, Status::Ok);
    for key in ["category-volunteer", "category-community"] {
        assert!(
            html.contains(&format!("value=\"{}\"", zh(key, &[]))),
            "standard categories pre-filled: {key}"
        );
    }

    let fields = campaign_fields(app.app());
    let response = app.post_form("/campaigns", &refs(&fields)).await;
    assert_eq!(
        response.status(),
        Status::SeeOther,
        "{}",
        response
            .into_string()
            .await
            .unwrap_or_default()
            .split("field-error")
            .skip(1)
            .map(|s| s.chars().take(80).collect::<String>())
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let show = location(&response);
    let id = show.trim_start_matches("/campaigns/").to_owned();

    // A draft is not public.
    app.logout().await;
    assert_eq!(
        app.get(&format!("/public/campaigns/{id}")).await.0,
        Status::NotFound
    );
    assert!(!app.get("/").await.1.contains("2027年度最美志愿者评选"));

    app.login("office").await;
    let (_, page) = app.get(&format!("/campaigns/{id}")).await;
    assert!(
        page.contains(&format!("href=\"/campaigns/{id}/advance\"")),
        "one next step is offered"
    );
    let (status, confirm) = app.get(&format!("/campaigns/{id}/advance")).await;
    assert_eq!(status, Status::Ok);
    assert!(confirm.contains(&format!("action=\"/campaigns/{id}/advance\"")));
    let moves = audit_count(app.app(), "campaign.advance").await;
    let response = app
        .post_form(&format!("/campaigns/{id}/advance"), &[("version", "1")])
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    assert_audited(app.app(), "campaign.advance", moves, 1).await;

    app.logout().await;
    let (status, html) = app.get(&format!("/public/campaigns/{id}")).await;
    assert_eq!(status, Status::Ok);
    assert!(
        html.contains("面向全区征集志愿服务先进典型")
            && html.contains(&zh("category-project", &[]))
    );
    assert!(app.get("/").await.1.contains("2027年度最美志愿者评选"));
}

#[rocket::async_test]
async fn a_campaign_with_an_impossible_timeline_comes_back_with_the_input_and_a_message() {
    let app = TestApp::new().await;
    app.world().await;
    app.login("office").await;
    let mut fields = campaign_fields(app.app());
    for (name, value) in &mut fields {
        if name == "nomination_closes_on" {
            *value = "2000-01-01".into();
        }
        if name == "categories[0].unit_quota" {
            *value = "99".into();
        }
    }
    let response = app.post_form("/campaigns", &refs(&fields)).await;
    let html = assert_field_error(response, "nomination_closes_on", "error-timeline-order").await;
    assert_error_at(
        &html,
        "categories[0].unit_quota",
        "error-unit-quota-above-total",
    );
    assert!(
        html.contains("value=\"2027年度最美志愿者评选\""),
        "the title typed is kept"
    );
}

#[rocket::async_test]
async fn editing_with_a_stale_version_is_refused_and_changes_nothing() {
    let app = TestApp::new().await;
    let world = app.world().await;
    app.login("office").await;
    let mut fields = campaign_fields(app.app());
    for (name, value) in &mut fields {
        if name == "version" {
            *value = "1".into(); // the fixture's campaign is past version 1 after its moves
        }
    }
    let response = app
        .post_form(&format!("/campaigns/{}", world.campaign.id), &refs(&fields))
        .await;
    assert_says(response, Status::Conflict, "error-stale", &[]).await;
    assert!(
        app.get(&format!("/campaigns/{}", world.campaign.id))
            .await
            .1
            .contains("2026年度学雷锋志愿服务先进典型")
    );
}

#[rocket::async_test]
async fn last_years_campaign_is_copied_with_its_rubric_and_its_dates_a_year_on() {
    use laurel::domain::{campaigns, evaluation, stages::StageKind};
    let app = TestApp::new().await;
    let world = app.world().await;
    let office = app.actor("office").await;
    // Last year's volunteer rubric, set during its evaluation.
    reach(&app, &world, StageKind::Evaluation).await;
    let volunteer = app.category(&world, "volunteer").await;
    let rubric = [("服务成效", "60", "1"), ("群众评价", "40", "1.5")].map(|(name, max, weight)| {
        evaluation::CriterionInput {
            name: name.into(),
            max_points: max.into(),
            weight: weight.into(),
        }
    });
    evaluation::set_rubric(&app.app().db, &office, volunteer.id, &rubric)
        .await
        .expect("rubric");

    app.login("office").await;
    let (status, page) = app
        .get(&format!("/campaigns/new?from={}", world.campaign.id))
        .await;
    assert_eq!(status, Status::Ok);
    assert!(
        page.contains("2027年度学雷锋志愿服务先进典型"),
        "the title a year on"
    );
    assert!(page.contains(&format!("name=\"copy_of\" value=\"{}\"", world.campaign.id)));
    let form = campaigns::copy_form(&app.app().db, &office, world.campaign.id.into())
        .await
        .expect("the copy's form");
    let today = app.app().config.today();
    let a_year_on = |days: i64| {
        let day = today + time::Duration::days(days);
        day.replace_year(day.year() + 1).expect("no leap day here")
    };
    assert_eq!(form.nomination_opens_on, a_year_on(-3).to_string());
    assert_eq!(form.announced_on, a_year_on(45).to_string());
    assert!(
        form.categories.iter().all(|c| c.id.is_empty()),
        "new categories"
    );
    let copy = campaigns::create_campaign(&app.app().db, &office, &form)
        .await
        .expect("created");
    assert_eq!(
        (copy.year, copy.stage),
        (world.campaign.year + 1, StageKind::Draft)
    );
    let copied = campaigns::categories_of(&app.app().db, copy.id.into())
        .await
        .expect("categories");
    let originals = campaigns::categories_of(&app.app().db, world.campaign.id.into())
        .await
        .expect("categories");
    let shape = |c: &laurel::entity::category::Model| (c.key.clone(), c.quota, c.unit_quota);
    assert_eq!(
        copied.iter().map(shape).collect::<Vec<_>>(),
        originals.iter().map(shape).collect::<Vec<_>>()
    );
    let new_volunteer = copied
        .iter()
        .find(|c| c.key == "volunteer")
        .expect("volunteer");
    let criteria = evaluation::rubric(&app.app().db, new_volunteer.id, laurel::i18n::Lang::ZhCn)
        .await
        .expect("rubric");
    let criteria: Vec<(String, i32)> = criteria
        .into_iter()
        .map(|c| (c.name, c.max_points))
        .collect();
    assert_eq!(
        criteria,
        [("服务成效".to_owned(), 60), ("群众评价".to_owned(), 40)],
        "the rubric comes along"
    );
    assert_eq!(audit_count(app.app(), "campaign.create").await, 2);
}

#[rocket::async_test]
async fn a_copy_moves_its_clearance_and_voting_dates_a_year_on_too() {
    use laurel::domain::campaigns;
    let app = TestApp::new().await;
    let _world = app.world().await;
    let office = app.actor("office").await;
    let today = app.app().config.today();
    let day = |days: i64| today + time::Duration::days(days);
    let mut input = open_campaign_input(app.app());
    input.title = "2026年度志愿服务先进典型（联审与投票）".into();
    input.clearance_after = "review".into();
    input.clearance_closes_on = day(33).to_string();
    input.voting = true;
    input.voting_opens_on = day(40).to_string();
    input.voting_closes_on = day(44).to_string();
    let last_year = campaigns::create_campaign(&app.app().db, &office, &input)
        .await
        .expect("last year's campaign");
    let form = campaigns::copy_form(&app.app().db, &office, last_year.id.into())
        .await
        .expect("the copy's form");
    let a_year_on = |days: i64| {
        let d = day(days);
        d.replace_year(d.year() + 1)
            .expect("no leap day here")
            .to_string()
    };
    assert_eq!(
        [
            form.clearance_closes_on.as_str(),
            form.voting_opens_on.as_str(),
            form.voting_closes_on.as_str(),
        ],
        [a_year_on(33), a_year_on(40), a_year_on(44)]
            .each_ref()
            .map(String::as_str)
    );
}
