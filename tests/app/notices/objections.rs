//! Objections: filed in real name within the notice's window (refused outside it), followed by
//! receipt code, investigated and decided by the office; the final list waits for every one.

use laurel::{
    domain::{
        ids::{CampaignId, DocumentId},
        notices,
        stages::StageKind,
    },
    entity::{document, honoree, objection, shortlist_entry},
};
use rocket::http::Status;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use time::Duration;

use crate::helpers::*;

#[rocket::async_test]
async fn an_objection_is_filed_in_real_name_followed_by_receipt_and_decided_by_the_office() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let ids = shortlisted(&app, &world, &["甲志愿者", "乙志愿者"]).await;
    let today = app.app().config.today().to_string();
    let notice = publish_notice(&app, &world, &today).await;
    let form = format!("/notices/{notice}/objection");
    let (status, page) = app.get(&format!("{form}?nominee={}", ids[0])).await;
    assert_eq!(status, Status::Ok);
    assert!(page.contains("name=\"filer_contact\""));

    // Anonymous or incomplete: refused at the fields.
    let response = app
        .post_multipart(
            &form,
            &[("nominee", ""), ("text", "不实"), ("filer_name", "")],
            ("", b""),
        )
        .await;
    assert_eq!(response.status(), Status::UnprocessableEntity);
    let html = response.into_string().await.unwrap_or_default();
    for field in [
        "e-nominee",
        "e-text",
        "e-filer_name",
        "e-filer_unit",
        "e-filer_contact",
    ] {
        assert!(html.contains(&format!("id=\"{field}\"")), "{field} flagged");
    }
    // Two characters say nothing the office could look into.
    assert!(html.contains(&zh("error-objection-too-short", &[])));
    assert_eq!(
        objection::Entity::find()
            .count(&app.app().db)
            .await
            .expect("count"),
        0
    );

    // In real name, with evidence: a receipt code, and the status with it.
    let png = b"\x89PNG\r\n\x1a\n0000";
    let nominee = ids[0].to_string();
    let fields = [
        ("nominee", nominee.as_str()),
        ("text", "该同志服务时长不实。"),
        ("filer_name", "张实名"),
        ("filer_unit", "异议人单位甲"),
        ("filer_contact", "137 1234 5678"),
    ];
    let response = app.post_multipart(&form, &fields, ("证据.png", png)).await;
    assert_eq!(response.status(), Status::Ok);
    let receipt = response.into_string().await.unwrap_or_default();
    let code = texts(&receipt, "<code id=\"receipt-code\">", "</code>").remove(0);
    assert!(code.starts_with("YY-"), "{code}");
    // The receipt says by when the office answers: five working days after the window closes.
    let window_end = document::Entity::find_by_id(notice)
        .one(&app.app().db)
        .await
        .expect("read")
        .and_then(|doc| doc.window_ends_on)
        .expect("a window");
    let calendar = notices::calendar(&app.app().db).await.expect("calendar");
    let answer_by = texts(&receipt, "<p class=\"answer-by\">", "</p>").remove(0);
    let day = (1..30)
        .map(|n| window_end + Duration::days(n))
        .find(|day| answer_by == zh("objection-answer-by", &[("date", day.to_string())]))
        .expect("the receipt names a day after the window");
    assert_eq!(
        calendar.working_days_between(window_end + Duration::days(1), day),
        notices::ANSWER_WORKING_DAYS
    );
    assert!(calendar.is_working_day(day));
    assert!(receipt.contains("data-copy=\"#receipt-code\""));
    let (_, status_page) = app
        .get(&format!("/objections/status?code={}", code.to_lowercase()))
        .await;
    let received = zh("objection-status-received", &[]);
    assert!(status_page.contains(&format!("id=\"objection-status\">{received}")));
    assert!(!status_page.contains("13712345678"));
    let (_, unknown) = app.get("/objections/status?code=YY-AAAA-AAAA-AAAA").await;
    assert!(unknown.contains(&zh("objection-not-found", &[])));
    assert_eq!(audit_count(app.app(), "objection.file").await, 1);

    // Per client, five an hour.
    for _ in 0..4 {
        let response = app.post_multipart(&form, &fields, ("", b"")).await;
        assert_eq!(response.status(), Status::Ok);
    }
    let response = app.post_multipart(&form, &fields, ("", b"")).await;
    assert_eq!(response.status(), Status::TooManyRequests);
    assert_eq!(
        objection::Entity::find()
            .count(&app.app().db)
            .await
            .expect("count"),
        5
    );

    // The office investigates, then decides; the final list waits for all of them.
    app.login("office").await;
    let queue = format!("/publicity/campaigns/{}/objections", world.campaign.id);
    let (_, page) = app.get(&queue).await;
    assert_eq!(page.matches("badge-received").count(), 5);
    let first = objection::Entity::find()
        .filter(objection::Column::ReceiptCode.eq(code.clone()))
        .one(&app.app().db)
        .await
        .expect("query")
        .expect("filed");
    assert_eq!(first.filer_contact, "13712345678");
    let (_, detail) = app
        .get(&format!("/publicity/objections/{}", first.id))
        .await;
    assert!(detail.contains("证据.png") && detail.contains("13712345678"));
    let attachment = app
        .client
        .get(format!("/publicity/objections/{}/attachment", first.id))
        .dispatch()
        .await;
    assert_eq!(attachment.into_bytes().await.expect("bytes"), png);
    let response = app
        .post_form(
            &format!("/publicity/objections/{}/notes", first.id),
            &[("version", "1"), ("note", "已电话联系推荐单位核实。")],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    let response = app
        .post_form(
            &format!("/publicity/objections/{}/outcome", first.id),
            &[("version", "2"), ("outcome", ""), ("reason", "")],
        )
        .await;
    assert_eq!(response.status(), Status::UnprocessableEntity);
    let response = app
        .post_form(
            &format!("/publicity/objections/{}/outcome", first.id),
            &[
                ("version", "2"),
                ("outcome", "upheld"),
                ("reason", "经核实服务时长不足。"),
                ("correct", "true"),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);

    // Upheld: withdrawn from the shortlist, and a corrected notice says so.
    let left = shortlist_entry::Entity::find()
        .all(&app.app().db)
        .await
        .expect("entries");
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].nomination_id, ids[1]);
    let corrected = document::Entity::find()
        .filter(document::Column::Number.eq(2))
        .one(&app.app().db)
        .await
        .expect("query")
        .expect("a corrected notice");
    let (_, page) = app.get(&format!("/notices/{}", corrected.id)).await;
    let withdrawn = zh(
        "notice-withdrawn-note",
        &[
            ("name", "甲志愿者".into()),
            ("reason", "经核实服务时长不足。".into()),
        ],
    );
    assert!(page.contains(&withdrawn), "{page}");
    assert_eq!(sections(&page)[0].1, vec!["乙志愿者 社区志愿者".to_owned()]);
    app.logout().await;
    let (_, status_page) = app.get(&format!("/objections/status?code={code}")).await;
    assert!(
        status_page.contains(&zh("objection-status-upheld", &[]))
            && status_page.contains("经核实服务时长不足。")
    );

    // Decided is final; the final list waits for the window and the four still open.
    app.login("office").await;
    let response = app
        .post_form(
            &format!("/publicity/objections/{}/outcome", first.id),
            &[
                ("version", "3"),
                ("outcome", "dismissed"),
                ("reason", "改判"),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::Conflict);
    reach(&app, &world, StageKind::FinalList).await;
    let err = notices::confirm_final_list(
        &app.app().db,
        &app.app().signer,
        &app.actor("office").await,
        CampaignId(world.campaign.id),
        &notices::DocumentInput {
            issuing_organ: "文明办".into(),
            issued_on: today.clone(),
            title: "名单".into(),
            body: "正文".into(),
            ..notices::DocumentInput::default()
        },
        app.app().config.today() + Duration::days(30),
    )
    .await
    .expect_err("objections are open");
    assert_eq!(err.code(), "error-final-open-objections");
    let (_, desk) = app
        .get(&format!("/publicity/campaigns/{}", world.campaign.id))
        .await;
    assert!(
        desk.contains("id=\"final-blocked\""),
        "the window is still open"
    );
}

#[rocket::async_test]
async fn outside_the_window_objections_are_refused_and_then_the_final_list_is_confirmed() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let ids = shortlisted(&app, &world, &["甲志愿者", "乙志愿者"]).await;
    let today = app.app().config.today();
    // Not yet open.
    let later = publish_notice(&app, &world, &(today + Duration::days(40)).to_string()).await;
    let response = app
        .post_form(
            &format!("/notices/{later}/objection"),
            &[("nominee", &ids[0].to_string()), ("text", "x")],
        )
        .await;
    assert_eq!(response.status(), Status::Conflict);
    let html = response.into_string().await.unwrap_or_default();
    assert!(
        html.contains(&(today + Duration::days(40)).to_string()),
        "the window is shown"
    );

    // A correction that moved the window into the past: it has closed.
    let office = app.actor("office").await;
    let start = today - Duration::days(30);
    let input = notices::DocumentInput {
        issuing_organ: "青岛市李沧区文明办".into(),
        issued_on: start.to_string(),
        title: "拟表彰对象公示".into(),
        body: "公示时间：[start]至[end]。".into(),
        window_starts_on: start.to_string(),
        working_days: "5".into(),
        change_note: "更正公示时间".into(),
        ..notices::DocumentInput::default()
    };
    let id = CampaignId(world.campaign.id);
    let draft = notices::save_notice(&app.app().db, &office, id, &input)
        .await
        .expect("draft");
    let closed =
        notices::publish_notice(&app.app().db, &app.app().signer, &office, id, draft.version)
            .await
            .expect("published")
            .id;
    // One filed while it was open (the domain takes the day), one refused now.
    let filed = notices::file_objection(
        app.app(),
        DocumentId(closed),
        &objection_input(ids[1]),
        None,
        Some("10.0.0.1"),
        start,
    )
    .await
    .expect("filed in the window");
    let response = app
        .post_form(
            &format!("/notices/{closed}/objection"),
            &[
                ("nominee", &ids[1].to_string()),
                ("text", "迟到的异议"),
                ("filer_name", "李四"),
                ("filer_unit", "某单位"),
                ("filer_contact", "13812345678"),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::Conflict);
    assert_eq!(
        objection::Entity::find()
            .count(&app.app().db)
            .await
            .expect("count"),
        1
    );

    // The honor roll's search form knows no year yet (and keeps what it found).
    let (_, roll) = app.get("/honors").await;
    assert!(!roll.contains(&format!("<option value=\"{}\"", world.campaign.year)));

    // A correction being drafted when the final list is confirmed can never be published.
    let late = notices::save_notice(
        &app.app().db,
        &office,
        id,
        &notices::DocumentInput {
            change_note: "补充说明".into(),
            ..input.clone()
        },
    )
    .await
    .expect("a draft correction");

    // The final list waits for the open objection.
    reach(&app, &world, StageKind::FinalList).await;
    app.login("office").await;
    let confirm = format!("/publicity/campaigns/{}/final-list", world.campaign.id);
    let list_fields = [
        ("issuing_organ", "青岛市李沧区文明办"),
        ("doc_number", "李沧文明办〔2026〕2号"),
        ("issued_on", "2026-12-01"),
        ("title", "先进典型名单"),
        ("body", "现将名单公布如下。"),
    ];
    let response = app.post_form(&confirm, &list_fields).await;
    assert_says(
        response,
        Status::Conflict,
        "error-final-open-objections",
        &[("count", "1".into())],
    )
    .await;
    app.post_form(
        &format!("/publicity/objections/{}/outcome", filed.id),
        &[
            ("version", "1"),
            ("outcome", "dismissed"),
            ("reason", "经核实，异议不成立。"),
        ],
    )
    .await;
    let response = app.post_form(&confirm, &list_fields[..4]).await;
    assert_eq!(
        response.status(),
        Status::UnprocessableEntity,
        "the body is required"
    );
    let response = app.post_form(&confirm, &list_fields).await;
    assert_eq!(response.status(), Status::SeeOther);
    let list = notices::final_list_of(&app.app().db, world.campaign.id)
        .await
        .expect("query")
        .expect("the final list");
    let list_path = format!("/lists/{}", list.id);
    let (_, desk) = app
        .get(&format!("/publicity/campaigns/{}", world.campaign.id))
        .await;
    assert!(desk.contains(&zh("flash-final-list-confirmed", &[])) && desk.contains(&list_path));

    let refused =
        notices::publish_notice(&app.app().db, &app.app().signer, &office, id, late.version)
            .await
            .expect_err("after the final list");
    assert_eq!(refused.code(), "error-stage");

    // A new final list: the search form offers its year and category at once.
    let (_, roll) = app.get("/honors").await;
    let year = world.campaign.year;
    assert!(
        roll.contains(&format!("<option value=\"{year}\"")),
        "the new year"
    );
    let volunteer = zh("category-volunteer", &[]);
    assert!(
        roll.contains(&format!("<option value=\"{volunteer}\"")),
        "the new category"
    );

    // The honorees are the shortlist; the exports hold exactly the list.
    let rows = honoree::Entity::find()
        .all(&app.app().db)
        .await
        .expect("honorees");
    let mut names: Vec<&str> = rows.iter().map(|h| h.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["乙志愿者", "甲志愿者"]);
    app.logout().await;
    let (_, page) = app.get(&list_path).await;
    let shown = sections(&page);
    assert_eq!(shown[0].0, volunteer);
    let csv = app
        .client
        .get(format!("{list_path}/export?format=csv"))
        .dispatch()
        .await
        .into_string()
        .await
        .expect("csv");
    let csv_rows: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(csv_rows.len(), 3);
    let heading = [
        "export-no",
        "export-category",
        "export-name",
        "export-affiliation",
    ]
    .map(|key| zh(key, &[]))
    .join(",");
    assert_eq!(csv_rows[0], heading);
    // The serials are whole numbers.
    assert!(
        csv_rows[1].starts_with("1,") && csv_rows[2].starts_with("2,"),
        "{csv}"
    );
    let xlsx = app
        .client
        .get(format!("{list_path}/export?format=xlsx"))
        .dispatch()
        .await
        .into_bytes()
        .await
        .expect("xlsx");
    let cells = xlsx_rows(&xlsx);
    assert_eq!(cells.len(), 3);
    for (i, line) in shown[0].1.iter().enumerate() {
        let row = &cells[i + 1];
        assert_eq!(row[1], volunteer);
        let expected = if row[3].is_empty() {
            row[2].clone()
        } else {
            format!("{} {}", row[2], row[3])
        };
        assert_eq!(&expected, line, "the XLSX row is the page's line");
        assert!(csv_rows[i + 1].contains(&row[2]));
    }
    // Confirmed is final.
    app.login("office").await;
    let response = app.post_form(&confirm, &list_fields).await;
    assert_eq!(response.status(), Status::Conflict);
    // The office's private export is separate, has the private fields, and is audited.
    let private = app
        .client
        .get(format!(
            "/publicity/campaigns/{}/final-list/private?format=xlsx",
            world.campaign.id
        ))
        .dispatch()
        .await
        .into_bytes()
        .await
        .expect("xlsx");
    let private_rows = xlsx_rows(&private);
    assert!(private_rows[1].iter().any(|c| c == "13900001111"));
    assert_eq!(audit_count(app.app(), "final_list.export_private").await, 1);
    app.login("rec_district").await;
    let response = app
        .client
        .get(format!(
            "/publicity/campaigns/{}/final-list/private?format=xlsx",
            world.campaign.id
        ))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Forbidden);
}
