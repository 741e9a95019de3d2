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

/// A public API call without a token, from `ip`: the answer's status and JSON.
async fn public_api(
    app: &TestApp,
    method: &str,
    path: &str,
    ip: &str,
    body: Option<serde_json::Value>,
) -> (Status, serde_json::Value) {
    let mut request = match method {
        "POST" => app.client.post(path.to_owned()),
        _ => app.client.get(path.to_owned()),
    }
    .remote(format!("{ip}:4000").parse().expect("an address"));
    if let Some(body) = body {
        request = request
            .header(rocket::http::ContentType::JSON)
            .body(body.to_string());
    }
    let response = request.dispatch().await;
    let status = response.status();
    let text = response.into_string().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or_default())
}

#[rocket::async_test]
async fn anyone_files_an_objection_through_the_api_and_the_office_decides_it_there() {
    use base64::Engine;
    let app = TestApp::new().await;
    let world = app.world().await;
    let ids = shortlisted(&app, &world, &["甲志愿者", "乙志愿者"]).await;
    reach(&app, &world, StageKind::Notice).await;
    let notice = publish_notice_on(&app, &world, app.app().config.today()).await;
    let office = token_for(&app, "office").await;
    let rec = token_for(&app, "rec_a1").await;

    // The published notice, read without a token: its entries and the page's digest.
    let (status, doc) = public_api(
        &app,
        "GET",
        &format!("/api/v1/documents/{notice}"),
        "10.1.0.1",
        None,
    )
    .await;
    assert_eq!(status, Status::Ok, "{doc}");
    let (_, page_json) = app.get(&format!("/notices/{notice}/json")).await;
    let page_json: serde_json::Value = serde_json::from_str(&page_json).expect("json");
    assert_eq!(doc["content"], page_json);
    assert_eq!(doc["kind"], "notice");
    let listed: Vec<&str> = doc["content"]["categories"][0]["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["id"].as_str())
        .collect();
    assert_eq!(listed, [ids[0].to_string(), ids[1].to_string()]);

    // Anonymous and incomplete: refused at the fields, by their JSON names.
    let filing = format!("/api/v1/notices/{notice}/objections");
    let (status, refused) = public_api(
        &app,
        "POST",
        &filing,
        "10.1.0.1",
        Some(json!({"nominee": ids[0], "text": "不实"})),
    )
    .await;
    assert_eq!(status, Status::UnprocessableEntity, "{refused}");
    let fields: Vec<&str> = refused["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    for field in ["text", "filer_name", "filer_unit", "filer_contact"] {
        assert!(fields.contains(&field), "{field} in {refused}");
    }
    let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    png.extend_from_slice(b"evidence");
    let mut body = json!({
        "nominee": ids[0], "text": "该同志服务时长不实，另有记录为证。", "filer_name": "张实名",
        "filer_unit": "异议人单位甲", "filer_contact": "13712345678",
        "attachment": {"filename": "证据.txt", "content_base64": "%%%"},
    });
    let (status, refused) = public_api(&app, "POST", &filing, "10.1.0.1", Some(body.clone())).await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert_eq!(refused["fields"][0]["field"], "attachment.content_base64");
    body["attachment"]["content_base64"] =
        json!(base64::engine::general_purpose::STANDARD.encode(b"not an image"));
    let (status, refused) = public_api(&app, "POST", &filing, "10.1.0.1", Some(body.clone())).await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert_eq!(refused["fields"][0]["field"], "attachment");
    assert_eq!(refused["fields"][0]["key"], "error-file-type", "{refused}");
    body["attachment"] = json!({
        "filename": "证据.png",
        "content_base64": base64::engine::general_purpose::STANDARD.encode(&png),
    });
    let (status, receipt) = public_api(&app, "POST", &filing, "10.1.0.1", Some(body.clone())).await;
    assert_eq!(status, Status::Ok, "{receipt}");
    assert_eq!(receipt["nominee_name"], "甲志愿者");
    assert!(receipt["answer_by"].as_str().is_some());
    let code = receipt["receipt_code"].as_str().expect("a code").to_owned();

    // The limit per address and hour holds here as on the page.
    let limit = app.app().config.objection_max_per_hour;
    let mut last = Status::Ok;
    for _ in 1..=limit {
        last = public_api(
            &app,
            "POST",
            &filing,
            "10.1.0.1",
            Some(json!({
                "nominee": ids[1], "text": "该同志事迹材料与实际不符。", "filer_name": "李实名",
                "filer_unit": "某小区", "filer_contact": "13712345679",
            })),
        )
        .await
        .0;
    }
    assert_eq!(last, Status::TooManyRequests);

    // The filer follows it by the code, typed loosely; nothing private comes back.
    let status_path = format!(
        "/api/v1/objections/status?code={}",
        code.to_lowercase().replace('-', "%20")
    );
    let (status, seen) = public_api(&app, "GET", &status_path, "10.1.0.2", None).await;
    assert_eq!(status, Status::Ok, "{seen}");
    assert_eq!(seen["status"], "received");
    assert!(!seen.to_string().contains("13712345678"));

    // The office's queue, its notes and its decision; nobody else's.
    let queue = format!("/api/v1/notices/campaigns/{}/objections", world.campaign.id);
    assert_eq!(
        app.api("GET", &queue, &rec, None).await.0,
        Status::Forbidden
    );
    let (status, rows) = app.api("GET", &queue, &office, None).await;
    assert_eq!(status, Status::Ok, "{rows}");
    let first = rows
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["receipt_code"] == code.as_str())
        .expect("the objection")
        .clone();
    assert_eq!(first["filer_contact"], "13712345678");
    let id = first["id"].as_str().expect("id").to_owned();
    let (status, bytes) = {
        let response = app
            .client
            .get(format!("/api/v1/objections/{id}/attachment"))
            .header(rocket::http::Header::new(
                "Authorization",
                format!("Bearer {office}"),
            ))
            .dispatch()
            .await;
        (
            response.status(),
            response.into_bytes().await.unwrap_or_default(),
        )
    };
    assert_eq!(status, Status::Ok);
    assert_eq!(bytes, png);
    let notes = format!("/api/v1/objections/{id}/notes");
    let (status, noted) = app
        .api(
            "POST",
            &notes,
            &office,
            Some(json!({"note": "已联系所在社区核实", "version": first["version"]})),
        )
        .await;
    assert_eq!(status, Status::Ok, "{noted}");
    assert_eq!(noted["status"], "investigating");
    let (status, stale) = app
        .api(
            "POST",
            &notes,
            &office,
            Some(json!({"note": "再次核实", "version": first["version"]})),
        )
        .await;
    assert_eq!(status, Status::Conflict);
    assert_eq!(stale["error"], "error-stale");
    let outcome = format!("/api/v1/objections/{id}/outcome");
    let (status, refused) = app
        .api(
            "POST",
            &outcome,
            &office,
            Some(json!({"outcome": "withdrawn", "reason": "x", "version": noted["version"]})),
        )
        .await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert_eq!(refused["fields"][0]["field"], "outcome");
    let (status, decided) = app
        .api(
            "POST",
            &outcome,
            &office,
            Some(json!({"outcome": "upheld", "reason": "经核实，服务时长不实。", "correct": true, "version": noted["version"]})),
        )
        .await;
    assert_eq!(status, Status::Ok, "{decided}");
    assert_eq!(decided["status"], "upheld");
    let (status, again) = app
        .api(
            "POST",
            &outcome,
            &office,
            Some(json!({"outcome": "dismissed", "reason": "x", "version": decided["version"]})),
        )
        .await;
    assert_eq!(status, Status::Conflict);
    assert_eq!(again["error"], "error-objection-decided");

    // The filer sees the outcome; the corrected notice no longer lists the nominee.
    let (_, seen) = public_api(&app, "GET", &status_path, "10.1.0.2", None).await;
    assert_eq!(seen["status"], "upheld");
    assert_eq!(seen["outcome_reason"], "经核实，服务时长不实。");
    let desk = format!("/api/v1/notices/campaigns/{}", world.campaign.id);
    let (_, shown) = app.api("GET", &desk, &office, None).await;
    let newest = shown["notices"][0]["id"]
        .as_str()
        .expect("newest")
        .to_owned();
    assert_ne!(
        newest,
        notice.to_string(),
        "a corrected notice was published"
    );
    let (_, doc) = public_api(
        &app,
        "GET",
        &format!("/api/v1/documents/{newest}"),
        "10.1.0.2",
        None,
    )
    .await;
    let listed: Vec<&str> = doc["content"]["categories"][0]["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["name"].as_str())
        .collect();
    assert_eq!(listed, ["乙志愿者"]);
}

#[rocket::async_test]
async fn the_office_orders_confirms_and_corrects_the_final_list_through_the_api() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let ids = shortlisted(&app, &world, &["甲志愿者", "乙志愿者"]).await;
    let today = app.app().config.today();
    let start = today - time::Duration::days(30);
    let office = token_for(&app, "office").await;
    let rec = token_for(&app, "rec_a").await;
    let c = world.campaign.id;

    // The office's order, set with the shortlist: 乙 first.
    let order = format!("/api/v1/notices/campaigns/{c}/order");
    let (status, refused) = app
        .api(
            "PUT",
            &order,
            &office,
            Some(json!({"positions": {ids[1].to_string(): 0}})),
        )
        .await;
    assert_eq!(status, Status::UnprocessableEntity, "{refused}");
    let (status, _) = app
        .api(
            "PUT",
            &order,
            &office,
            Some(json!({"positions": {ids[1].to_string(): 1, ids[0].to_string(): 2}})),
        )
        .await;
    assert_eq!(status, Status::NoContent);
    reach(&app, &world, StageKind::Notice).await;
    let notice = publish_notice_on(&app, &world, start).await;
    let filed = laurel::domain::notices::file_objection(
        app.app(),
        laurel::domain::ids::DocumentId(notice),
        &objection_input(ids[0]),
        None,
        Some("10.0.0.9"),
        start,
    )
    .await
    .expect("filed");
    reach(&app, &world, StageKind::FinalList).await;

    // What stands in the way is named, with its rule.
    let final_list = format!("/api/v1/notices/campaigns/{c}/final-list");
    assert_eq!(
        app.api("GET", &final_list, &rec, None).await.0,
        Status::Forbidden
    );
    let (status, view) = app.api("GET", &final_list, &office, None).await;
    assert_eq!(status, Status::Ok, "{view}");
    assert_eq!(view["blocked"]["error"], "error-final-open-objections");
    let (status, refused) = app
        .api("POST", &final_list, &office, Some(view["form"].clone()))
        .await;
    assert_eq!(status, Status::Conflict);
    assert_eq!(refused["error"], "error-final-open-objections");
    let (status, _) = app
        .api(
            "POST",
            &format!("/api/v1/objections/{}/outcome", filed.id),
            &office,
            Some(json!({"outcome": "dismissed", "reason": "经核实不成立。", "version": filed.version})),
        )
        .await;
    assert_eq!(status, Status::Ok);
    let (_, view) = app.api("GET", &final_list, &office, None).await;
    assert!(view["blocked"].is_null(), "{view}");
    assert!(view["final_list"].is_null());
    let mut form = view["form"].clone();
    form["title"] = json!("先进典型名单");
    let (status, list) = app.api("POST", &final_list, &office, Some(form)).await;
    assert_eq!(status, Status::Ok, "{list}");
    assert_eq!(list["kind"], "final_list");
    assert_eq!(list["status"], "published");
    let list_id = list["id"].as_str().expect("id").to_owned();
    let (_, doc) = app
        .api("GET", &format!("/api/v1/documents/{list_id}"), "", None)
        .await;
    let names: Vec<&str> = doc["content"]["categories"][0]["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["name"].as_str())
        .collect();
    assert_eq!(names, ["乙志愿者", "甲志愿者"], "in the office's order");
    let (status, refused) = app
        .api(
            "PUT",
            &order,
            &office,
            Some(json!({"positions": {ids[0].to_string(): 1}})),
        )
        .await;
    assert_eq!(
        status,
        Status::Conflict,
        "a correction changes the order now: {refused}"
    );

    // The honor roll has them, a page at a time, without a token.
    let (status, page) = app.api("GET", "/api/v1/honors?limit=1", "", None).await;
    assert_eq!(status, Status::Ok, "{page}");
    assert_eq!(page["rows"].as_array().map(Vec::len), Some(1));
    let next = page["next"].as_str().expect("a next page").to_owned();
    let (_, second) = app
        .api(
            "GET",
            &format!("/api/v1/honors?limit=1&after={next}"),
            "",
            None,
        )
        .await;
    assert_eq!(second["rows"].as_array().map(Vec::len), Some(1));
    assert!(second["next"].is_null());
    assert_ne!(page["rows"][0]["id"], second["rows"][0]["id"]);
    let (_, found) = app.api("GET", "/api/v1/honors?q=%E4%B9%99", "", None).await;
    let honoree = found["rows"][0].clone();
    assert_eq!(honoree["name"], "乙志愿者");
    let (status, one) = app
        .api(
            "GET",
            &format!(
                "/api/v1/honors/{}",
                honoree["id"].as_str().unwrap_or_default()
            ),
            "",
            None,
        )
        .await;
    assert_eq!(status, Status::Ok);
    assert_eq!(one["honoree"]["document_id"], json!(list_id));
    let (status, unit) = app
        .api(
            "GET",
            &format!("/api/v1/honors/units/{}", world.street_a.id),
            "",
            None,
        )
        .await;
    assert_eq!(status, Status::Ok);
    assert_eq!(unit["lists"][0]["document_id"], json!(list_id));
    let response = app
        .client
        .get("/api/v1/honors/export?format=csv&q=%E4%B9%99")
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Ok);
    let csv = response.into_string().await.unwrap_or_default();
    assert!(
        csv.contains(&zh("export-name", &[]))
            && csv.contains("乙志愿者")
            && !csv.contains("甲志愿者")
    );

    // The private export is the office's, and audited.
    let private = format!("/api/v1/notices/campaigns/{c}/final-list/private?format=csv");
    let before = audit_count(app.app(), "final_list.export_private").await;
    assert_eq!(
        app.api("GET", &private, &rec, None).await.0,
        Status::Forbidden
    );
    let response = app
        .client
        .get(private.clone())
        .header(rocket::http::Header::new(
            "Authorization",
            format!("Bearer {office}"),
        ))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Ok);
    assert!(
        response
            .into_string()
            .await
            .unwrap_or_default()
            .contains("13900001111")
    );
    assert_audited(app.app(), "final_list.export_private", before, 1).await;

    // A correction: 甲's name as it should read; a second one against the old version is stale.
    let correction = format!("/api/v1/notices/campaigns/{c}/final-list/correction");
    let (status, mut body) = app.api("GET", &correction, &office, None).await;
    assert_eq!(status, Status::Ok, "{body}");
    assert_eq!(body["replaces"], json!(list_id));
    for line in body["lines"].as_array_mut().expect("lines") {
        if line["name"] == "甲志愿者" {
            line["name"] = json!("甲志愿者（更正）");
        }
    }
    body["document"]["change_note"] = json!("更正姓名");
    let corrections = format!("/api/v1/notices/campaigns/{c}/final-list/corrections");
    let (status, corrected) = app
        .api("POST", &corrections, &office, Some(body.clone()))
        .await;
    assert_eq!(status, Status::Ok, "{corrected}");
    assert_eq!(corrected["number"], json!(2));
    assert_eq!(corrected["replaces_id"], json!(list_id));
    let (status, stale) = app.api("POST", &corrections, &office, Some(body)).await;
    assert_eq!(status, Status::Conflict);
    assert_eq!(stale["error"], "error-stale");
    let (_, found) = app
        .api("GET", "/api/v1/honors?q=%E6%9B%B4%E6%AD%A3", "", None)
        .await;
    assert_eq!(found["rows"][0]["name"], "甲志愿者（更正）");
}
