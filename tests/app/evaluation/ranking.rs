//! The ranking by trimmed mean, incomplete scoring shown as such, and the shortlist within
//! quota with a rationale when it leaves the ranking's order.

use laurel::domain::{actor::Actor, stages::StageKind};
use rocket::http::Status;

use crate::helpers::*;

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
                page.contains(&zh("ranking-incomplete", &[])) && page.contains("4 / 5"),
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
    assert_refused(
        response,
        Status::UnprocessableEntity,
        "error-shortlist-quota",
    )
    .await;
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
    assert_refused(
        response,
        Status::UnprocessableEntity,
        "error-shortlist-rationale",
    )
    .await;
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
    assert_refused(
        response,
        Status::UnprocessableEntity,
        "error-shortlist-majority",
    )
    .await;
}
