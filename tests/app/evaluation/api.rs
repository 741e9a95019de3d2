//! Panels and rubrics through the API: the office forms a panel, sets a rubric, assigns and
//! unassigns by hand and reopens a sheet; a reviewer scores and recuses; others are refused.

use laurel::domain::stages::StageKind;
use rocket::http::Status;
use serde_json::{Value, json};

use crate::helpers::*;

#[rocket::async_test]
async fn the_office_runs_a_panel_and_its_rubric_through_the_api() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let judges = pool(&app, 3).await;
    let nominations = eligible(&app, &world, 2).await;
    reach(&app, &world, StageKind::Evaluation).await;
    let office = token_for(&app, "office").await;
    let judge0 = token_for(&app, "judge0").await;
    let category = app.category(&world, "volunteer").await;
    let panel_body = json!({
        "name": "接口评审组",
        "categories": [category.id],
        "members": judges.iter().map(|j| j.user_id).collect::<Vec<_>>(),
    });
    let create = format!("/api/v1/evaluation/panels?campaign={}", world.campaign.id);

    let (status, _) = app
        .api("POST", &create, &judge0, Some(panel_body.clone()))
        .await;
    assert_eq!(status, Status::Forbidden, "a reviewer forms no panel");
    let (status, formed) = app.api("POST", &create, &office, Some(panel_body)).await;
    assert_eq!(status, Status::Ok, "{formed}");
    assert_eq!(formed["panel"]["name"], "接口评审组");
    assert_eq!(formed["panel"]["members"].as_array().map(Vec::len), Some(3));
    assert_eq!(formed["rubrics"][0]["category_id"], json!(category.id));
    let panel = formed["panel"]["id"].as_str().expect("id").to_owned();
    let (_, listed) = app.api("GET", &create, &office, None).await;
    let board_path = format!("/api/v1/evaluation/panels/{panel}");
    let read_board = || app.api("GET", &board_path, &office, None);
    assert_eq!(listed[0]["id"], json!(panel));

    // The rubric: replaced, read back with numbers as numbers; a bad row at its field.
    let rubric = format!("/api/v1/evaluation/categories/{}/rubric", category.id);
    let (status, refused) = app
        .api(
            "PUT",
            &rubric,
            &office,
            Some(json!([{"name": "事迹", "max_points": 0, "weight": 1}])),
        )
        .await;
    assert_eq!(status, Status::UnprocessableEntity, "{refused}");
    let (status, saved) = app
        .api(
            "PUT",
            &rubric,
            &office,
            Some(json!([
                {"name": "事迹", "max_points": 60, "weight": 1.5},
                {"name": "影响", "max_points": 40, "weight": 1},
            ])),
        )
        .await;
    assert_eq!(status, Status::Ok, "{saved}");
    let (_, read) = app.api("GET", &rubric, &office, None).await;
    assert_eq!(read, saved);
    assert_eq!(read[0]["max_points"], json!(60));
    assert_eq!(read[0]["weight"], json!(1.5));
    assert_eq!(
        app.api("GET", &rubric, &judge0, None).await.0,
        Status::Forbidden
    );

    // By hand: one nomination to judge0, then away again.
    let by_hand = format!("/api/v1/evaluation/panels/{panel}/assignments");
    let pair = json!({"nomination_id": nominations[0], "reviewer_id": judges[0].user_id});
    let (status, assigned) = app.api("POST", &by_hand, &office, Some(pair.clone())).await;
    assert_eq!(status, Status::Ok, "{assigned}");
    let rows = assigned["assignments"].as_array().expect("rows").clone();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["manual"], json!(true));
    let id = rows[0]["id"].as_str().expect("id").to_owned();
    let (status, _) = app
        .api(
            "DELETE",
            &format!("/api/v1/evaluation/assignments/{id}"),
            &office,
            None,
        )
        .await;
    assert_eq!(status, Status::NoContent);
    let (_, after) = read_board().await;
    assert_eq!(after["assignments"], json!([]));

    // judge0 scores and submits; the office reopens the sheet with a reason.
    let (_, assigned) = app.api("POST", &by_hand, &office, Some(pair)).await;
    let id = assigned["assignments"][0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let points: serde_json::Map<String, Value> = saved
        .as_array()
        .expect("criteria")
        .iter()
        .map(|c| (c["id"].as_str().expect("id").to_owned(), json!(30)))
        .collect();
    let (status, sheet) = app
        .api(
            "PUT",
            &format!("/api/v1/evaluation/assignments/{id}/sheet"),
            &judge0,
            Some(json!({"points": points, "approve": true, "version": 0, "submit": true})),
        )
        .await;
    assert_eq!(status, Status::Ok, "{sheet}");
    let (_, board) = read_board().await;
    assert_eq!(board["assignments"][0]["sheet_status"], "submitted");
    let sheet_id = board["assignments"][0]["sheet_id"]
        .as_str()
        .expect("sheet")
        .to_owned();
    let reopen = format!("/api/v1/evaluation/sheets/{sheet_id}/reopen");
    let (status, _) = app
        .api("POST", &reopen, &office, Some(json!({"reason": ""})))
        .await;
    assert_eq!(status, Status::UnprocessableEntity, "a reason is needed");
    let (status, _) = app
        .api(
            "POST",
            &reopen,
            &office,
            Some(json!({"reason": "核对分数"})),
        )
        .await;
    assert_eq!(status, Status::NoContent);
    let (_, board) = read_board().await;
    assert_eq!(board["assignments"][0]["sheet_status"], "draft");

    // judge0 steps back; the nomination goes to another member.
    let recuse = format!("/api/v1/evaluation/assignments/{id}/recuse");
    let (status, _) = app
        .api("POST", &recuse, &judge0, Some(json!({"reason": ""})))
        .await;
    assert_eq!(status, Status::UnprocessableEntity);
    let (status, report) = app
        .api(
            "POST",
            &recuse,
            &judge0,
            Some(json!({"reason": "与被推荐人相识"})),
        )
        .await;
    assert_eq!(status, Status::Ok, "{report}");
    let (_, board) = read_board().await;
    let reviewers: Vec<&Value> = board["assignments"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| &r["reviewer_id"])
        .collect();
    assert!(
        !reviewers.is_empty() && !reviewers.contains(&&json!(judges[0].user_id)),
        "{board}"
    );
}
