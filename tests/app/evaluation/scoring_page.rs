//! The reviewer's scoring page: the running total and each criterion's bands, the way from one
//! assignment to the next, a locked sheet that reads as locked, and recusal on the page.

use laurel::{domain::evaluation, i18n::Lang};
use rocket::http::Status;

use crate::helpers::*;

#[rocket::async_test]
async fn the_scoring_page_totals_the_sheet_shows_bands_and_leads_to_the_next_assignment() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let judges = pool(&app, 3).await;
    eligible(&app, &world, 3).await;
    change_categories(&app, &world, |row| {
        row.reviewers_per_nomination = "3".into();
    })
    .await;
    let members: Vec<&laurel::domain::actor::Actor> = judges.iter().collect();
    let panel = volunteer_panel(&app, &world, &members).await;
    let office = app.actor("office").await;
    // A weight other than 1, so the total is a weighted one.
    app.login("office").await;
    let category = app.category(&world, "volunteer").await;
    let response = app
        .post_form(
            &format!(
                "/evaluation/categories/{}/rubric?panel={panel}",
                category.id
            ),
            &[
                ("criteria[0].name", "事迹"),
                ("criteria[0].max_points", "40"),
                ("criteria[0].weight", "1.5"),
                ("criteria[1].name", "影响"),
                ("criteria[1].max_points", "25"),
                ("criteria[1].weight", "1"),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    evaluation::auto_assign(&app.app().db, &office, panel)
        .await
        .expect("assigned");
    let rubric = evaluation::rubric(&app.app().db, category.id, Lang::ZhCn)
        .await
        .expect("rubric");
    let judge = &judges[0];
    let mine: Vec<uuid::Uuid> = evaluation::my_assignments(&app.app().db, judge)
        .await
        .expect("mine")
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(mine.len(), 3, "every judge scores all three");
    app.login(&judge.username).await;

    // The first: no previous, the second next; each criterion's bands; a total of nothing yet.
    let (status, first) = app
        .get(&format!("/evaluation/assignments/{}", mine[0]))
        .await;
    assert_eq!(status, Status::Ok);
    let position = |at: usize| {
        zh(
            "steps-position",
            &[("position", at.to_string()), ("count", "3".into())],
        )
    };
    assert_eq!(
        element(&first, "assignment-position", "</span>"),
        position(1)
    );
    assert!(!first.contains("id=\"previous-assignment\""));
    assert!(first.contains(&format!(
        "id=\"next-assignment\" href=\"/evaluation/assignments/{}\"",
        mine[1]
    )));
    let bands = element(&first, &format!("g-{}", rubric[0].id), "</p>");
    for (key, span) in [
        ("band-excellent", "36–40"),
        ("band-good", "30–35"),
        ("band-fair", "24–29"),
        ("band-poor", "0–23"),
    ] {
        assert!(
            bands.contains(&format!("{}{}{span}", zh(key, &[]), zh("colon", &[]))),
            "{key} {span} in {bands}"
        );
    }
    assert_eq!(element(&first, "score-total", "</output>"), "0");
    assert!(first.contains(&format!("/ {}", evaluation::points_text(40.0 * 1.5 + 25.0))));
    assert!(first.contains(&format!("data-weight=\"{}\"", rubric[0].weight)));

    // A draft of 35 and 20 totals 35 × 1.5 + 20 on the page the reviewer comes back to.
    let path = format!("/evaluation/assignments/{}/score", mine[0]);
    let fields = sheet_fields(&rubric, &[35, 20], "", "", 0, "draft");
    assert_eq!(
        app.post_form(&path, &refs(&fields)).await.status(),
        Status::SeeOther
    );
    let (_, first) = app
        .get(&format!("/evaluation/assignments/{}", mine[0]))
        .await;
    assert_eq!(
        element(&first, "score-total", "</output>"),
        evaluation::points_text(35.0 * 1.5 + 20.0)
    );
    assert!(!first.contains("form class=\"stacked card locked\""));

    // The second, submitted: locked, says so, offers no recusal; next to score wraps round to
    // the first, still a draft, after the third.
    let path = format!("/evaluation/assignments/{}/score", mine[1]);
    let fields = sheet_fields(&rubric, &[30, 20], "yes", "", 0, "submit");
    assert_eq!(
        app.post_form(&path, &refs(&fields)).await.status(),
        Status::SeeOther
    );
    let (_, second) = app
        .get(&format!("/evaluation/assignments/{}", mine[1]))
        .await;
    assert_eq!(
        element(&second, "assignment-position", "</span>"),
        position(2)
    );
    assert!(second.contains("form class=\"stacked card locked\""));
    assert!(second.contains(&zh("score-locked-help", &[])));
    assert_eq!(
        second.matches(" disabled").count(),
        rubric.len() + 3,
        "every point, both verdicts and the comment"
    );
    assert!(!second.contains("/recuse\""));
    assert!(second.contains(&format!(
        "id=\"previous-assignment\" href=\"/evaluation/assignments/{}\"",
        mine[0]
    )));
    assert!(second.contains(&format!(
        "id=\"next-to-score\" href=\"/evaluation/assignments/{}\"",
        mine[2]
    )));
    let (_, third) = app
        .get(&format!("/evaluation/assignments/{}", mine[2]))
        .await;
    assert!(!third.contains("id=\"next-assignment\""));
    assert!(third.contains(&format!(
        "id=\"next-to-score\" href=\"/evaluation/assignments/{}\"",
        mine[0]
    )));
    assert!(third.contains(&format!(
        "action=\"/evaluation/assignments/{}/recuse\"",
        mine[2]
    )));

    // The list counts what is done and starts the first one left.
    let (_, list) = app.get("/evaluation/mine").await;
    assert!(
        list.contains(&zh(
            "mine-progress",
            &[("submitted", "1".into()), ("count", "3".into())]
        )),
        "{}",
        element(&list, "mine-progress", "</p>")
    );
    assert!(list.contains(&format!(
        "id=\"mine-next\" href=\"/evaluation/assignments/{}\"",
        mine[0]
    )));
}
