//! The clearance sheets, and that nothing of the clearance reaches a public page.

use rocket::http::Status;

use super::*;

#[rocket::async_test]
async fn an_agency_downloads_its_own_sheet_with_full_id_numbers_and_the_download_is_audited() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let setup = cleared(&app, &world, &["周四", "吴五"]).await;
    let c = world.campaign.id;
    app.login("court").await;
    answer(&app, &world, setup.ids[0], "objection", "涉诉未结").await;
    let before = audit_count(app.app(), "clearance.export_sheet").await;
    let response = app
        .client
        .get(format!(
            "/campaigns/{c}/clearance/sheets/{}",
            setup.court.id
        ))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Ok);
    let rows = xlsx_rows(&response.into_bytes().await.expect("bytes"));
    assert_audited(app.app(), "clearance.export_sheet", before, 1).await;
    assert_eq!(rows[0][1], zh("col-name", &[]));
    assert_eq!(rows[0][3], zh("field-id-number", &[]));
    assert_eq!(rows.len(), 3, "a heading and the two candidates: {rows:?}");
    assert_eq!((rows[1][0].as_str(), rows[2][0].as_str()), ("1", "2"));
    let zhou = rows.iter().find(|r| r[1] == "周四").expect("周四");
    assert_eq!(zhou[3], id_number_of(0));
    assert_eq!(zhou[7], zh("clearance-opinion-objection", &[]));
    assert_eq!(zhou[8], "涉诉未结");
    let wu = rows.iter().find(|r| r[1] == "吴五").expect("吴五");
    assert_eq!(wu[3], id_number_of(1));
    assert_eq!(wu[7], zh("clearance-opinion-none", &[]));
    // Another agency's sheet is not the court's to read.
    let other = app
        .client
        .get(format!(
            "/campaigns/{c}/clearance/sheets/{}",
            setup.police.id
        ))
        .dispatch()
        .await;
    assert_eq!(other.status(), Status::Forbidden);

    // The office's summary: every agency's answer and the decision, one row per candidate.
    app.login("office").await;
    app.post_form(
        &format!("/campaigns/{c}/clearance/{}/decision", setup.ids[0]),
        &[("decision", "keep"), ("reason", "案件已撤诉")],
    )
    .await;
    let before = audit_count(app.app(), "clearance.export_summary").await;
    let response = app
        .client
        .get(format!("/campaigns/{c}/clearance/summary.xlsx"))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Ok);
    let rows = xlsx_rows(&response.into_bytes().await.expect("bytes"));
    assert_audited(app.app(), "clearance.export_summary", before, 1).await;
    let heading = &rows[0];
    let court_at = heading
        .iter()
        .position(|h| h == &setup.court.name)
        .expect("a column per agency");
    let police_at = heading
        .iter()
        .position(|h| h == &setup.police.name)
        .expect("a column per agency");
    let zhou = rows.iter().find(|r| r[1] == "周四").expect("周四");
    assert_eq!(
        zhou[court_at],
        format!("{}：涉诉未结", zh("clearance-opinion-objection", &[]))
    );
    assert_eq!(zhou[police_at], zh("clearance-opinion-none", &[]));
    assert_eq!(zhou[heading.len() - 3], "1");
    assert_eq!(zhou[heading.len() - 2], zh("clearance-decision-keep", &[]));
    assert_eq!(zhou[heading.len() - 1], "案件已撤诉");
}

#[rocket::async_test]
async fn nothing_of_the_clearance_reaches_a_public_page_or_the_public_api() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let setup = cleared(&app, &world, &["郑六", "王七"]).await;
    let c = world.campaign.id;
    app.login("court").await;
    answer(&app, &world, setup.ids[0], "objection", "保密理由甲乙丙").await;
    app.login("office").await;
    app.post_form(
        &format!("/campaigns/{c}/clearance/{}/decision", setup.ids[0]),
        &[("decision", "withdraw"), ("reason", "撤销理由丁戊己")],
    )
    .await;
    app.logout().await;
    let secrets = [
        "保密理由甲乙丙",
        "撤销理由丁戊己",
        setup.court.name.as_str(),
        setup.police.name.as_str(),
    ];
    for path in [
        "/".to_owned(),
        format!("/public/campaigns/{c}"),
        "/feed.atom".to_owned(),
        "/honors".to_owned(),
        "/api/v1/honors".to_owned(),
    ] {
        let (status, body) = app.get(&path).await;
        assert_eq!(status, Status::Ok, "{path}");
        for secret in secrets {
            assert!(!body.contains(secret), "{path} shows {secret}");
        }
    }
    // Nor the pages of the clearance itself.
    for path in [
        format!("/campaigns/{c}/clearance"),
        format!("/clearance/{c}"),
        format!("/clearance/{c}/{}", setup.ids[1]),
        format!("/campaigns/{c}/clearance/summary.xlsx"),
    ] {
        let (status, body) = app.get(&path).await;
        assert_eq!(
            status,
            Status::SeeOther,
            "{path} sends a stranger to sign in"
        );
        for secret in secrets {
            assert!(!body.contains(secret), "{path} shows {secret}");
        }
    }
}
