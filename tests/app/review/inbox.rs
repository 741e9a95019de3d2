//! What awaits whom: the dashboard's counts for each role, the office's progress by unit,
//! category and status, and the inbox's pages, longest waiting first.

use laurel::domain::nominations;
use rocket::http::Status;

use crate::helpers::*;

#[rocket::async_test]
async fn the_dashboard_counts_what_awaits_each_role() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let rec_a1 = app.actor("rec_a1").await;
    submitted(&app, &world, &rec_a1, &person("待办", 31)).await;
    app.login("rec_a").await;
    let waiting = |key: &str, count: &str| zh(key, &[("count", count.into())]);
    assert!(
        app.get("/dashboard")
            .await
            .1
            .contains(&waiting("dashboard-waiting-unit", "1"))
    );
    app.login("rec_b").await;
    assert!(
        app.get("/dashboard")
            .await
            .1
            .contains(&waiting("dashboard-waiting-unit", "0"))
    );
    app.login("office").await;
    assert!(
        app.get("/dashboard")
            .await
            .1
            .contains(&waiting("dashboard-waiting-office", "0"))
    );
}

#[rocket::async_test]
async fn progress_counts_each_unit_and_category_by_status() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let (rec_a1, rec_b1) = (app.actor("rec_a1").await, app.actor("rec_b1").await);
    set_unit_quota(&app, &world, "10").await;
    let volunteer = app.category(&world, "volunteer").await.id;
    // Community A1: two volunteers waiting at the street, one the street declined, one draft;
    // community B1: one waiting, one draft. Nothing in the other categories.
    submitted(&app, &world, &rec_a1, &person("等一", 41)).await;
    submitted(&app, &world, &rec_a1, &person("等二", 42)).await;
    let declined = submitted(&app, &world, &rec_a1, &person("退一", 43)).await;
    for (who, name, seq) in [(&rec_a1, "稿一", 44), (&rec_b1, "稿二", 45)] {
        nominations::create_draft(
            app.app(),
            who,
            world.campaign.id.into(),
            volunteer.into(),
            &person(name, seq),
        )
        .await
        .expect("draft");
    }
    submitted(&app, &world, &rec_b1, &person("等三", 46)).await;
    app.login("rec_a").await;
    let (status, _) =
        decide_on_page(&app, declined.id, "decline", declined.version, "材料不全").await;
    assert_eq!(status, Status::SeeOther);

    let office = token_for(&app, "office").await;
    let (status, progress) = app
        .api(
            "GET",
            &format!("/api/v1/campaigns/{}/progress", world.campaign.id),
            &office,
            None,
        )
        .await;
    assert_eq!(status, Status::Ok);
    let statuses: Vec<&str> = progress["statuses"]
        .as_array()
        .expect("statuses")
        .iter()
        .filter_map(|s| s.as_str())
        .collect();
    assert_eq!(
        statuses,
        [
            "draft",
            "pending",
            "declined",
            "at_office",
            "returned",
            "rejected",
            "eligible",
            "assessed",
            "shortlisted",
            "on_notice",
            "honoree",
            "withdrawn"
        ]
    );
    let rows: Vec<(String, String, Vec<u64>, u64)> = progress["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            (
                r["unit_name"].as_str().expect("unit").to_owned(),
                r["category_name"].as_str().expect("category").to_owned(),
                r["counts"]
                    .as_array()
                    .expect("counts")
                    .iter()
                    .filter_map(serde_json::Value::as_u64)
                    .collect(),
                r["total"].as_u64().expect("total"),
            )
        })
        .collect();
    let volunteer_name = app.category(&world, "volunteer").await.name;
    // One row per unit and category that holds any, in the units' tree order.
    assert_eq!(
        rows,
        [
            (
                world.community_a1.name.clone(),
                volunteer_name.clone(),
                vec![1, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
                4
            ),
            (
                world.community_b1.name.clone(),
                volunteer_name,
                vec![1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
                2
            ),
        ]
    );
    assert_eq!(
        progress["totals"],
        serde_json::json!([2, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    );
}

#[rocket::async_test]
async fn an_inbox_pages_fifty_at_a_time_longest_waiting_first() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let rec_a1 = app.actor("rec_a1").await;
    set_unit_quota(&app, &world, "60").await;
    for seq in 0..51u16 {
        submitted(
            &app,
            &world,
            &rec_a1,
            &person(&format!("待审{seq:02}"), 200 + seq),
        )
        .await;
    }

    app.login("rec_a").await;
    let (status, first) = app.get("/review/inbox").await;
    assert_eq!(status, Status::Ok);
    let count = |n: &str| zh("nominations-count", &[("count", n.into())]);
    assert!(first.contains(&count("51")), "{first}");
    assert!(first.contains("待审00") && first.contains("待审49"));
    assert!(
        !first.contains("待审50"),
        "the newest waits on the next page"
    );
    let next = first
        .split("href=\"/review/inbox?after=")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a link to the next page")
        .to_owned();
    let (_, second) = app.get(&format!("/review/inbox?after={next}")).await;
    assert!(second.contains("待审50") && !second.contains("待审00"));
    assert!(!second.contains("/review/inbox?after="), "the last page");
    // Whatever the cursor, the first page, never an error.
    let (status, junk) = app.get("/review/inbox?after=nonsense").await;
    assert_eq!(status, Status::Ok);
    assert!(junk.contains("待审00"));
    // Another street's inbox holds none of them.
    app.login("rec_b").await;
    let (_, other) = app.get("/review/inbox").await;
    assert!(other.contains(&count("0")) && !other.contains("待审"));

    // The API pages the same way.
    let street = token_for(&app, "rec_a").await;
    let (status, page) = app.api("GET", "/api/v1/review/inbox", &street, None).await;
    assert_eq!(status, Status::Ok);
    assert_eq!(page["total"], 51);
    assert_eq!(page["rows"].as_array().map(Vec::len), Some(50));
    assert_eq!(page["rows"][0]["nominee_name"], "待审00");
    let next = page["next"].as_str().expect("next").to_owned();
    let (_, last) = app
        .api(
            "GET",
            &format!("/api/v1/review/inbox?after={next}"),
            &street,
            None,
        )
        .await;
    assert_eq!(last["rows"].as_array().map(Vec::len), Some(1));
    assert_eq!(last["rows"][0]["nominee_name"], "待审50");
    assert!(last["next"].is_null());
}
