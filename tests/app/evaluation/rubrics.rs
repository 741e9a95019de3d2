//! Rubrics: the default one is prefilled and the office can change it.

use laurel::domain::evaluation;
use rocket::http::Status;

use crate::helpers::*;

#[rocket::async_test]
async fn the_default_rubric_is_prefilled_and_the_office_can_change_it() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let judges = pool(&app, 1).await;
    let panel = volunteer_panel(&app, &world, &[&judges[0]]).await;
    app.login("office").await;
    let (status, page) = app.get(&format!("/evaluation/panels/{panel}")).await;
    assert_eq!(status, Status::Ok);
    for key in [
        "rubric-deeds",
        "rubric-duration",
        "rubric-impact",
        "rubric-innovation",
    ] {
        assert!(page.contains(&zh(key, &[])), "{key}");
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
