//! The notice through the API: the desk, the draft, publication and a correction, with the
//! window counted on a calendar set through the API too; and every instance's page cache sees
//! a publication made by either face at once.

use laurel::domain::stages::StageKind;
use rocket::http::Status;
use serde_json::json;

use crate::helpers::*;

#[rocket::async_test]
async fn the_office_composes_publishes_and_corrects_a_notice_through_the_api() {
    let app = TestApp::new().await;
    let world = app.world().await;
    shortlisted(&app, &world, &["甲志愿者", "乙志愿者"]).await;
    reach(&app, &world, StageKind::Notice).await;
    let office = token_for(&app, "office").await;
    let rec = token_for(&app, "rec_a1").await;
    let desk = format!("/api/v1/notices/campaigns/{}", world.campaign.id);
    assert_eq!(app.api("GET", &desk, &rec, None).await.0, Status::Forbidden);
    let (status, shown) = app.api("GET", &desk, &office, None).await;
    assert_eq!(status, Status::Ok, "{shown}");
    let names: Vec<&str> = shown["shortlist"][0]["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["name"].as_str())
        .collect();
    assert_eq!(names, ["甲志愿者", "乙志愿者"]);

    // The calendar: a holiday set through the API counts in the window.
    let today = app.app().config.today();
    let holiday = (1..10)
        .map(|d| today + time::Duration::days(d))
        .find(|d| d.weekday().number_from_monday() <= 5)
        .expect("a weekday");
    let (status, _) = app
        .api(
            "PUT",
            "/api/v1/notices/calendar",
            &office,
            Some(json!({"holidays": format!("{holiday} 假日"), "workdays": ""})),
        )
        .await;
    assert_eq!(status, Status::NoContent);
    let (_, calendar) = app
        .api("GET", "/api/v1/notices/calendar", &office, None)
        .await;
    assert!(
        calendar["holidays"]
            .as_str()
            .is_some_and(|h| h.contains(&holiday.to_string()))
    );

    let mut notice = json!({
        "issuing_organ": "青岛市李沧区文明办", "doc_number": "李沧文明办〔2026〕1号",
        "issued_on": today.to_string(), "title": "拟表彰对象公示",
        "body": "公示时间：[start]至[end]。", "window_starts_on": today.to_string(),
        "working_days": 0, "version": 0,
    });
    let draft = format!("{desk}/draft");
    let (status, refused) = app.api("PUT", &draft, &office, Some(notice.clone())).await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert_eq!(refused["fields"][0]["field"], "working_days", "{refused}");
    notice["working_days"] = json!(5);
    let (status, saved) = app.api("PUT", &draft, &office, Some(notice.clone())).await;
    assert_eq!(status, Status::Ok, "{saved}");
    assert_eq!(saved["status"], "draft");
    let publish = format!("{desk}/publish");
    let (status, first) = app
        .api(
            "POST",
            &publish,
            &office,
            Some(json!({"version": saved["version"]})),
        )
        .await;
    assert_eq!(status, Status::Ok, "{first}");
    assert_eq!(first["status"], "published");
    assert_eq!(first["working_days"], json!(5));
    assert!(first["digest"].as_str().is_some_and(|d| d.len() == 64));
    let first_id = first["id"].as_str().expect("id").to_owned();
    let ends = time::Date::parse(
        first["window_ends_on"].as_str().expect("an end"),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .expect("a date");
    let mut counted = 0;
    let mut day = today;
    while day <= ends {
        if day.weekday().number_from_monday() <= 5 && day != holiday {
            counted += 1;
        }
        day += time::Duration::days(1);
    }
    assert_eq!(counted, 5, "five working days, the holiday not among them");

    // The page is read (and kept in memory); a correction through the API shows on it at once.
    let page = format!("/notices/{first_id}");
    let (status, html) = app.get(&page).await;
    assert_eq!(status, Status::Ok);
    assert!(html.contains("拟表彰对象公示"));
    notice["title"] = json!("拟表彰对象公示（更正）");
    notice["change_note"] = json!("更正标题");
    notice["version"] = json!(0);
    let (status, saved) = app.api("PUT", &draft, &office, Some(notice)).await;
    assert_eq!(status, Status::Ok, "{saved}");
    let (status, second) = app
        .api(
            "POST",
            &publish,
            &office,
            Some(json!({"version": saved["version"]})),
        )
        .await;
    assert_eq!(status, Status::Ok, "{second}");
    assert_eq!(second["number"], json!(2));
    assert_eq!(second["replaces_id"], json!(first_id));
    let second_id = second["id"].as_str().expect("id");
    let (_, html) = app.get(&page).await;
    assert!(
        html.contains(&zh("doc-superseded", &[])) && html.contains(second_id),
        "the old version points to the new one at once: {html}"
    );
    let (_, shown) = app.api("GET", &desk, &office, None).await;
    assert_eq!(shown["notices"].as_array().map(Vec::len), Some(2));
}
