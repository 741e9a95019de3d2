//! The public stages: the notice and its window, objections, the final list, its exports, the
//! feed and the honor roll, and that private data never reaches any of them.

use laurel::{
    domain::{
        honor_roll,
        ids::{CampaignId, DocumentId},
        notices,
        stages::StageKind,
    },
    entity::{document, honoree, objection, shortlist_entry},
};
use rocket::http::{Header, Status};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use time::Duration;

use crate::helpers::*;

fn digest_on(html: &str) -> String {
    texts(html, "<code class=\"digest\">", "</code>").remove(0)
}

#[rocket::async_test]
async fn a_published_notice_is_immutable_verifiable_and_corrected_by_a_new_version() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let ids = shortlisted(&app, &world, &["甲志愿者", "乙志愿者"]).await;
    reach(&app, &world, StageKind::Notice).await;
    app.login("office").await;
    let desk = format!("/publicity/campaigns/{}", world.campaign.id);
    let (status, page) = app.get(&desk).await;
    assert_eq!(status, Status::Ok);
    assert!(page.contains("甲志愿者") && page.contains("乙志愿者"));

    // Bad input is answered at the field, in the user's language.
    let mut bad = notice_fields("2026-13-01", "0");
    bad.retain(|(k, _)| *k != "title");
    let response = app.post_form(&format!("{desk}/notice"), &bad).await;
    assert_eq!(response.status(), Status::UnprocessableEntity);
    let html = response.into_string().await.unwrap_or_default();
    for field in ["e-title", "e-window_starts_on", "e-working_days"] {
        assert!(html.contains(&format!("id=\"{field}\"")), "{field} flagged");
    }

    let today = app.app().config.today();
    let start = today.to_string();
    let response = app
        .post_form(&format!("{desk}/notice"), &notice_fields(&start, "5"))
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    let draft = document::Entity::find()
        .one(&app.app().db)
        .await
        .expect("query")
        .expect("a draft");
    let response = app
        .post_form(
            &format!("{desk}/notice/publish"),
            &[("version", &draft.version.to_string())],
        )
        .await;
    // Back to the desk, with the message.
    assert_redirect_to(&response, &desk);
    let (_, page) = app.get(&desk).await;
    assert!(page.contains("公示已发布") && page.contains(&format!("/notices/{}", draft.id)));
    let first = notices::published(&app.app().db, DocumentId(draft.id))
        .await
        .expect("published");
    let end = first.window_ends_on.expect("an end");
    assert!(end >= today + Duration::days(4) && end <= today + Duration::days(8));

    // Everyone reads it; the digest on the page is the SHA-256 of the JSON download.
    app.logout().await;
    let path = format!("/notices/{}", first.id);
    let response = app.client.get(path.clone()).dispatch().await;
    assert_eq!(response.status(), Status::Ok);
    let etag = response
        .headers()
        .get_one("ETag")
        .expect("a strong validator")
        .to_owned();
    assert!(etag.starts_with('"'), "strong, not weak: {etag}");
    assert!(response.headers().get_one("Set-Cookie").is_none());
    let html = response.into_string().await.unwrap_or_default();
    assert!(
        html.contains(&format!("公示时间：{start}至{end}")),
        "placeholders filled"
    );
    assert_eq!(
        sections(&html),
        vec![(
            "最美志愿者".to_owned(),
            vec![
                "甲志愿者 社区志愿者".to_owned(),
                "乙志愿者 社区志愿者".to_owned()
            ]
        )]
    );
    let digest = digest_on(&html);
    let json = app
        .client
        .get(format!("{path}/json"))
        .dispatch()
        .await
        .into_bytes()
        .await
        .expect("json");
    assert_eq!(laurel::pii::sha256_hex(&json), digest);
    assert_eq!(Some(digest.clone()), first.digest);
    let parsed: serde_json::Value = serde_json::from_slice(&json).expect("valid JSON");
    assert_eq!(parsed["window"]["ends_on"], end.to_string());
    let not_modified = app
        .client
        .get(path.clone())
        .header(Header::new("If-None-Match", etag.clone()))
        .dispatch()
        .await;
    assert_eq!(not_modified.status(), Status::NotModified);

    // A page an earlier release of the templates stored is neither served nor kept.
    {
        use sea_orm::ActiveValue::Set;
        laurel::entity::document_page::Entity::insert(laurel::entity::document_page::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            document_id: Set(first.id),
            lang: Set("en:an-older-release".into()),
            html: Set("stale".into()),
            etag: Set("\"stale\"".into()),
            rendered_at: Set(laurel::domain::now()),
        })
        .exec(&app.app().db)
        .await
        .expect("an old rendering");
    }
    let english = app
        .client
        .get(path.clone())
        .header(Header::new("Accept-Language", "en"))
        .dispatch()
        .await
        .into_string()
        .await
        .unwrap_or_default();
    assert!(english.contains("Verify this document") && !english.contains("stale"));
    let kept: Vec<String> = laurel::entity::document_page::Entity::find()
        .filter(laurel::entity::document_page::Column::DocumentId.eq(first.id))
        .all(&app.app().db)
        .await
        .expect("pages")
        .into_iter()
        .map(|p| p.lang)
        .collect();
    assert!(!kept.iter().any(|l| l.contains("older")), "{kept:?}");

    // A second save is a correction: it needs a note, and publishing it leaves the first as it was.
    app.login("office").await;
    let response = app
        .post_form(&format!("{desk}/notice"), &notice_fields(&start, "5"))
        .await;
    assert_eq!(response.status(), Status::UnprocessableEntity);
    assert!(
        response
            .into_string()
            .await
            .unwrap_or_default()
            .contains("id=\"e-change_note\"")
    );
    let mut fields = notice_fields(&start, "5");
    fields.push(("change_note", "更正文号"));
    assert_eq!(
        app.post_form(&format!("{desk}/notice"), &fields)
            .await
            .status(),
        Status::SeeOther
    );
    let correction = document::Entity::find()
        .filter(document::Column::Number.eq(2))
        .one(&app.app().db)
        .await
        .expect("query")
        .expect("the correction's draft");
    app.post_form(
        &format!("{desk}/notice/publish"),
        &[("version", &correction.version.to_string())],
    )
    .await;
    app.logout().await;
    let (_, new_page) = app.get(&format!("/notices/{}", correction.id)).await;
    assert!(new_page.contains("更正文号"));
    assert!(
        new_page.contains(&format!("/notices/{}", first.id)),
        "links to the old one: {new_page}"
    );
    let (status, old_page) = app.get(&path).await;
    assert_eq!(status, Status::Ok, "the old version stays readable");
    assert!(
        old_page.contains(&format!("/notices/{}", correction.id)),
        "and points on"
    );
    assert_eq!(digest_on(&old_page), digest, "its content did not change");
    let again = app
        .client
        .get(format!("{path}/json"))
        .dispatch()
        .await
        .into_bytes()
        .await
        .expect("json");
    assert_eq!(again, json, "byte for byte");
    // The shortlist on notice is fixed: only an upheld objection takes someone off it.
    let category = app.category(&world, "volunteer").await;
    let refused = laurel::domain::evaluation::fix_shortlist(
        &app.app().db,
        &app.actor("office").await,
        category.id,
        &ids[..1],
        "只留一人",
        laurel::i18n::Lang::ZhCn,
    )
    .await
    .expect_err("refused on notice");
    assert_eq!(refused.code(), "error-stage");
}

#[rocket::async_test]
async fn the_window_counts_working_days_on_the_offices_calendar() {
    let app = TestApp::new().await;
    let world = app.world().await;
    shortlisted(&app, &world, &["甲志愿者"]).await;
    reach(&app, &world, StageKind::Notice).await;
    app.login("office").await;
    let response = app
        .post_form(
            "/publicity/calendar",
            &[("holidays", "国庆节\n"), ("workdays", "")],
        )
        .await;
    assert_eq!(response.status(), Status::UnprocessableEntity);
    assert!(
        response
            .into_string()
            .await
            .unwrap_or_default()
            .contains("id=\"e-holidays\"")
    );
    // 2024: 1–7 October off; Sunday 29 September and Saturday 12 October worked.
    let holidays = (1..=7)
        .map(|d| format!("2024-10-0{d} 国庆节"))
        .collect::<Vec<_>>()
        .join("\n");
    let response = app
        .post_form(
            "/publicity/calendar",
            &[
                ("holidays", &holidays),
                ("workdays", "2024-09-29 调休\n2024-10-12 调休"),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    let desk = format!("/publicity/campaigns/{}", world.campaign.id);
    // From Friday 27 September: 27, Sun 29, Mon 30, then 8 and 9 October.
    app.post_form(&format!("{desk}/notice"), &notice_fields("2024-09-27", "5"))
        .await;
    let (_, page) = app.get(&desk).await;
    let shown = texts(&page, "<p class=\"help\" id=\"window-end\">", "</p>");
    assert!(shown[0].contains("2024-10-09"), "{shown:?}");
    // Ten run on over the make-up Saturday: 10, 11, Sat 12, 14 and 15 October.
    app.post_form(
        &format!("{desk}/notice"),
        &[
            vec![("version", "1")],
            notice_fields("2024-09-27", "10")[1..].to_vec(),
        ]
        .concat(),
    )
    .await;
    let (_, page) = app.get(&desk).await;
    let shown = texts(&page, "<p class=\"help\" id=\"window-end\">", "</p>");
    assert!(shown[0].contains("2024-10-15"), "{shown:?}");
}

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
    assert!(html.contains(&laurel::i18n::translate(
        laurel::i18n::Lang::ZhCn,
        "error-objection-too-short",
        &[]
    )));
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
        .find(|day| {
            answer_by
                == laurel::i18n::translate(
                    laurel::i18n::Lang::ZhCn,
                    "objection-answer-by",
                    &[("date", day.to_string())],
                )
        })
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
    assert!(status_page.contains("id=\"objection-status\">已受理"));
    assert!(!status_page.contains("13712345678"));
    let (_, unknown) = app.get("/objections/status?code=YY-AAAA-AAAA-AAAA").await;
    assert!(unknown.contains("没有找到该受理编号"));
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
    assert!(page.contains("撤销“甲志愿者”的拟表彰资格"));
    assert_eq!(sections(&page)[0].1, vec!["乙志愿者 社区志愿者".to_owned()]);
    app.logout().await;
    let (_, status_page) = app.get(&format!("/objections/status?code={code}")).await;
    assert!(status_page.contains("异议成立") && status_page.contains("经核实服务时长不足。"));

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
    assert_eq!(response.status(), Status::Conflict);
    assert!(
        response
            .into_string()
            .await
            .unwrap_or_default()
            .contains("还有 1 件异议尚未处理完毕")
    );
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
    assert!(desk.contains("最终名单已确认并发布") && desk.contains(&list_path));

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
    assert!(
        roll.contains("<option value=\"最美志愿者\""),
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
    assert_eq!(shown[0].0, "最美志愿者");
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
    assert_eq!(csv_rows[0], "序号,类别,姓名或名称,单位及职务");
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
        assert_eq!(row[1], "最美志愿者");
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

#[rocket::async_test]
async fn the_demo_final_list_reads_exactly_like_the_published_licang_list() {
    let app = TestApp::new().await;
    laurel::domain::demo::load(app.app()).await.expect("demo");
    let db = &app.app().db;
    // Licang's honorees as the Qingdao Daily printed them (DESIGN.md), with the original's
    // full-width quotation marks.
    let licang: Vec<(String, Vec<String>)> = [
        (
            "最美志愿者",
            vec!["任均山 青岛市李沧区任均山便民志愿服务岗队长"],
        ),
        (
            "最佳志愿服务组织",
            vec!["国家税务总局青岛市李沧区税务局“税务蓝”志愿服务队"],
        ),
        (
            "最佳志愿服务项目",
            vec![
                "青岛市李沧区李村街道北山社区“鲍秀兰爱心工作室”志愿服务项目",
                "青岛市李沧区世园街道“爱在百果山”志愿服务项目",
            ],
        ),
        (
            "最美志愿服务社区",
            vec![
                "青岛市李沧区李村街道南山社区",
                "青岛市李沧区九水街道延川路社区",
                "青岛市李沧区虎山路街道金秋社区",
            ],
        ),
    ]
    .into_iter()
    .map(|(h, lines)| (h.to_owned(), lines.into_iter().map(str::to_owned).collect()))
    .collect();

    // Licang's page on the honor roll reads exactly so, under the 2022 list.
    let district = laurel::entity::unit::Entity::find()
        .filter(laurel::entity::unit::Column::Name.eq("李沧区"))
        .one(db)
        .await
        .expect("query")
        .expect("the district");
    let (status, unit_page) = app.get(&format!("/honors/units/{}", district.id)).await;
    assert_eq!(status, Status::Ok);
    assert_eq!(sections_headed(&unit_page, "h4"), licang);
    assert!(unit_page.contains("2022年度学雷锋志愿服务先进典型"));

    // The city's final list holds them, in the same order, among the other districts'.
    let past = laurel::entity::campaign::Entity::find()
        .filter(laurel::entity::campaign::Column::Year.eq(2022))
        .one(db)
        .await
        .expect("query")
        .expect("the 2022 campaign");
    assert!(past.organizer.contains("青岛市"), "the city's campaign");
    let list = notices::final_list_of(db, past.id)
        .await
        .expect("query")
        .expect("the 2022 final list");
    let (status, page) = app.get(&format!("/lists/{}", list.id)).await;
    assert_eq!(status, Status::Ok);
    let city = sections(&page);
    assert_eq!(
        city.iter().map(|(h, _)| h.as_str()).collect::<Vec<_>>(),
        licang.iter().map(|(h, _)| h.as_str()).collect::<Vec<_>>()
    );
    for ((heading, lines), (_, city_lines)) in licang.iter().zip(&city) {
        let theirs: Vec<&String> = city_lines.iter().filter(|l| lines.contains(l)).collect();
        assert_eq!(
            theirs,
            lines.iter().collect::<Vec<_>>(),
            "{heading}: every Licang line, in order"
        );
    }
    let total: usize = city.iter().map(|(_, lines)| lines.len()).sum();
    assert_eq!(total, 11, "the city's list holds more than Licang's seven");
    assert!(page.contains("林海燕") && page.contains("“渔家小课堂”"));
    assert!(page.contains("2022-12-15"));
}

#[rocket::async_test]
async fn the_feed_is_atom_and_lists_every_published_document() {
    use quick_xml::{Reader, events::Event};
    let app = TestApp::new().await;
    laurel::domain::demo::load(app.app()).await.expect("demo");
    let response = app.client.get("/feed.atom").dispatch().await;
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(
        response.content_type().map(|c| c.to_string()),
        Some("application/atom+xml".to_owned())
    );
    let xml = response.into_string().await.expect("xml");
    let mut reader = Reader::from_str(&xml);
    let mut path: Vec<String> = Vec::new();
    let mut root_ns = None;
    let mut entries: Vec<Vec<String>> = Vec::new();
    let mut feed_children = Vec::new();
    let mut updated = Vec::new();
    loop {
        let event = reader.read_event().expect("well-formed XML");
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let name = e.name().0.to_owned();
            if path.is_empty() {
                root_ns = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.0 == "xmlns")
                    .map(|a| a.value.to_string());
            }
            if path.len() == 1 {
                feed_children.push(name.clone());
                if name == "entry" {
                    entries.push(Vec::new());
                }
            }
            if path.len() == 2 && path[1] == "entry" {
                entries.last_mut().expect("in an entry").push(name.clone());
            }
            if !empty {
                path.push(name);
            }
            continue;
        }
        match event {
            Event::Text(t) if path.last().is_some_and(|n| n == "updated") => {
                updated.push(t.into_inner().to_string());
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(root_ns.as_deref(), Some("http://www.w3.org/2005/Atom"));
    for required in ["id", "title", "updated", "author"] {
        assert!(
            feed_children.iter().any(|c| c == required),
            "feed {required}"
        );
    }
    assert_eq!(
        entries.len(),
        4,
        "the 2022 notice and final list, and the notices of the campaigns on notice and waiting for their final list"
    );
    for entry in &entries {
        for required in ["id", "title", "updated", "link"] {
            assert!(entry.iter().any(|c| c == required), "entry {required}");
        }
    }
    assert!(!updated.is_empty());
    for stamp in updated {
        time::OffsetDateTime::parse(&stamp, &time::format_description::well_known::Rfc3339)
            .expect("RFC 3339 dates");
    }
}

#[rocket::async_test]
async fn the_honor_roll_is_searched_by_name_unit_year_and_category() {
    let app = TestApp::new().await;
    laurel::domain::demo::load(app.app()).await.expect("demo");
    let rows = |html: &str| html.matches("<tr><td>").count();
    let (status, all) = app.get("/honors").await;
    assert_eq!(status, Status::Ok);
    assert_eq!(rows(&all), 11, "the city's 2022 list");
    let (_, by_name) = app.get("/honors?q=%E4%BB%BB%E5%9D%87%E5%B1%B1").await;
    assert_eq!(rows(&by_name), 1);
    assert!(by_name.contains("任均山"));
    let (_, by_category) = app
        .get("/honors?category=%E6%9C%80%E7%BE%8E%E5%BF%97%E6%84%BF%E6%9C%8D%E5%8A%A1%E7%A4%BE%E5%8C%BA")
        .await;
    assert_eq!(rows(&by_category), 4);
    let (_, by_year) = app.get("/honors?year=2022").await;
    assert_eq!(rows(&by_year), 11);
    let (_, other_year) = app.get("/honors?year=2021").await;
    assert_eq!(rows(&other_year), 0);
    let (_, by_unit) = app.get("/honors?unit=%E7%A8%8E%E5%8A%A1").await;
    assert_eq!(rows(&by_unit), 1);
    // A wildcard in the query is a literal character.
    let (_, wildcard) = app.get("/honors?q=%25").await;
    assert_eq!(rows(&wildcard), 0);

    // Stable pages per honoree and per unit, and a certificate.
    let ren = honoree::Entity::find()
        .filter(honoree::Column::Name.eq("任均山"))
        .one(&app.app().db)
        .await
        .expect("query")
        .expect("an honoree");
    let list = notices::published(&app.app().db, DocumentId(ren.document_id))
        .await
        .expect("its final list");
    assert_eq!(
        ren.organizer, list.issuing_organ,
        "issued by the list's organ"
    );
    let (status, page) = app.get(&format!("/honors/{}", ren.id)).await;
    assert_eq!(status, Status::Ok);
    assert!(page.contains("2022年度学雷锋志愿服务先进典型") && page.contains("最美志愿者"));
    let district = laurel::entity::unit::Entity::find()
        .filter(laurel::entity::unit::Column::Name.eq("李沧区"))
        .one(&app.app().db)
        .await
        .expect("query")
        .expect("the district");
    let (status, page) = app.get(&format!("/honors/units/{}", district.id)).await;
    assert_eq!(status, Status::Ok);
    let lines: Vec<(String, usize)> = sections_headed(&page, "h4")
        .into_iter()
        .map(|(heading, lines)| (heading, lines.len()))
        .collect();
    assert_eq!(
        lines,
        [
            ("最美志愿者".to_owned(), 1),
            ("最佳志愿服务组织".to_owned(), 1),
            ("最佳志愿服务项目".to_owned(), 2),
            ("最美志愿服务社区".to_owned(), 3)
        ],
        "the district's subtree, under the list's headings"
    );
    let (status, certificate) = app.get(&format!("/certificates/{}", ren.id)).await;
    assert_eq!(status, Status::Ok);
    assert!(certificate.contains("荣誉证书") && certificate.contains("任均山"));
    let (status, _) = app
        .get(&format!("/certificates/{}", uuid::Uuid::now_v7()))
        .await;
    assert_eq!(status, Status::NotFound);
    let search = honor_roll::search(
        &app.app().db,
        &honor_roll::HonorQuery {
            after: format!("{}.{}", ren.year, uuid::Uuid::nil()),
            ..honor_roll::HonorQuery::default()
        },
    )
    .await
    .expect("search");
    assert!(
        search.rows.is_empty(),
        "keyset paging continues after the cursor"
    );
}

#[rocket::async_test]
async fn private_data_never_reaches_a_public_page_feed_or_export() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let Concluded {
        ids,
        notice,
        objection: filed,
        list,
    } = concluded(&app, &world).await;
    let today = app.app().config.today();

    let private = private_values(&app).await;
    let honorees_rows = honoree::Entity::find()
        .all(&app.app().db)
        .await
        .expect("honorees");
    let mut paths = vec![
        "/".to_owned(),
        format!("/public/campaigns/{}", world.campaign.id),
        format!("/notices/{notice}"),
        format!("/notices/{notice}/json"),
        format!("/notices/{notice}/objection"),
        format!("/lists/{}", list.id),
        format!("/lists/{}/json", list.id),
        format!("/lists/{}/export?format=csv", list.id),
        "/feed.atom".to_owned(),
        "/honors".to_owned(),
        format!("/honors/units/{}", world.community_a1.id),
        format!("/objections/status?code={}", filed.receipt_code),
    ];
    for h in &honorees_rows {
        paths.push(format!("/honors/{}", h.id));
        paths.push(format!("/certificates/{}", h.id));
    }
    // The honor roll's searches and exports, the checkpoints and the API's description.
    paths.extend([
        "/honors?q=%E7%94%B2".to_owned(),
        format!("/honors?q=%E7%94%B2&year={}", today.year()),
        "/honors/export?format=csv".to_owned(),
        "/honors/export?format=csv&q=%E5%BF%97%E6%84%BF".to_owned(),
        "/checkpoints".to_owned(),
        "/checkpoints.json".to_owned(),
        "/api/v1/openapi.json".to_owned(),
        "/login".to_owned(),
        "/css/app.css".to_owned(),
        "/js/app.js".to_owned(),
        "/healthz".to_owned(),
    ]);
    for lang in ["zh-CN", "en"] {
        for path in &paths {
            let response = app
                .client
                .get(path.clone())
                .header(Header::new("Accept-Language", lang))
                .dispatch()
                .await;
            assert_eq!(response.status(), Status::Ok, "{path}");
            let body = response.into_string().await.unwrap_or_default();
            for value in &private {
                assert!(
                    !body.contains(value.as_str()),
                    "{path} ({lang}) shows {value}"
                );
            }
        }
    }
    for path in [
        format!("/lists/{}/export?format=xlsx", list.id),
        "/honors/export?format=xlsx".to_owned(),
    ] {
        let xlsx = app
            .client
            .get(path.clone())
            .dispatch()
            .await
            .into_bytes()
            .await
            .expect("xlsx");
        let rows = xlsx_rows(&xlsx);
        assert!(rows.len() > 1, "{path} has the honorees");
        for row in rows {
            for cell in row {
                assert!(
                    !private.iter().any(|v| cell.contains(v.as_str())),
                    "{path}: {cell}"
                );
            }
        }
    }
    // Every GET route a stranger may read is scanned above; every other one refuses a
    // stranger. A new route in neither list fails here until it is placed in one.
    let scanned: Vec<String> = paths
        .iter()
        .map(|p| route_shape(p.split('?').next().unwrap_or_default()))
        .collect();
    let refused_to_strangers = [
        "/dashboard",
        "/account/tokens",
        "/units",
        "/units/_",
        "/units/_/edit",
        "/users",
        "/users/_",
        "/users/_/edit",
        "/users/new",
        "/units/new",
        "/campaigns",
        "/campaigns/_",
        "/campaigns/_/edit",
        "/campaigns/_/advance",
        "/campaigns/new",
        "/nominations",
        "/nominations/_",
        "/nominations/_/edit",
        "/nominations/_/attachments/_",
        "/nominations/new",
        "/review/inbox",
        "/review/office",
        "/review/progress",
        "/review/_",
        "/evaluation",
        "/evaluation/mine",
        "/evaluation/panels/_",
        "/evaluation/assignments/_",
        "/evaluation/assignments/_/attachments/_",
        "/evaluation/categories/_/ranking",
        "/evaluation/categories/_/ranking/export",
        "/evaluation/categories/_/scoresheet/export",
        "/publicity/calendar",
        "/publicity/campaigns/_",
        "/publicity/campaigns/_/final-list",
        "/publicity/campaigns/_/final-list/correct",
        "/publicity/campaigns/_/final-list/private",
        "/publicity/campaigns/_/objections",
        "/publicity/objections/_",
        "/publicity/objections/_/attachment",
        "/audit",
        "/audit/export.csv",
        "/api/v1/me",
        "/api/v1/units",
        "/api/v1/users",
        "/api/v1/campaigns",
        "/api/v1/campaigns/_",
        "/api/v1/campaigns/_/progress",
        "/api/v1/nominations",
        "/api/v1/nominations/_",
        "/api/v1/nominations/_/attachments/_",
        "/api/v1/nominations/_/history",
        "/api/v1/nominations/_/review",
        "/api/v1/review/inbox",
        "/api/v1/evaluation/assignments",
        "/api/v1/evaluation/assignments/_",
        "/api/v1/evaluation/categories/_/ranking",
    ];
    app.logout().await;
    let some_id = ids[0].to_string();
    let mut unplaced = Vec::new();
    for (_, shape) in mounted(&app, |method| method == rocket::http::Method::Get) {
        // The compiled-in assets (`/<file..>`) are scanned above as /css/app.css and
        // /js/app.js.
        if scanned.contains(&shape) || shape == "/_" {
            continue;
        }
        if shape == "/lang/_" {
            // The language switch: back to the page it came from, nothing shown.
            let response = app.client.get("/lang/en?next=/honors").dispatch().await;
            assert_eq!(response.status(), Status::SeeOther);
            continue;
        }
        if shape == "/_csrf_rejected" {
            // Where a refused form is sent: it says so and nothing else.
            let status = app.client.get(shape).dispatch().await.status();
            assert_eq!(status, Status::Forbidden);
            continue;
        }
        if shape == "/setup" {
            // First-run setup is gone once done.
            let status = app.client.get("/setup").dispatch().await.status();
            assert_eq!(status, Status::NotFound);
            continue;
        }
        if !refused_to_strangers.contains(&shape.as_str()) {
            unplaced.push(shape);
            continue;
        }
        let concrete = shape.replace('_', &some_id);
        let status = app.client.get(concrete.clone()).dispatch().await.status();
        assert!(
            matches!(status.code, 303 | 401),
            "a stranger at {concrete} got {status}"
        );
    }
    assert!(
        unplaced.is_empty(),
        "GET routes in neither list: {unplaced:?}"
    );
}

#[rocket::async_test]
async fn honor_roll_exports_stream_every_row_once_in_order_across_pages() {
    use sea_orm::{ActiveValue::Set, QueryOrder};
    let app = TestApp::new().await;
    laurel::domain::demo::load(app.app()).await.expect("demo");
    let model = honoree::Entity::find()
        .one(&app.app().db)
        .await
        .expect("query")
        .expect("a demo honoree");
    let demo_rows = honoree::Entity::find()
        .count(&app.app().db)
        .await
        .expect("count");
    // More rows than two export pages, over three years.
    let extra: Vec<honoree::ActiveModel> = (0..2_500)
        .map(|i| honoree::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            nomination_id: Set(uuid::Uuid::now_v7()),
            name: Set(format!("志愿者{i:05}")),
            year: Set(2019 + i % 3),
            ..honoree::ActiveModel::from(model.clone())
        })
        .collect();
    for chunk in extra.chunks(500) {
        add_honorees(&app.app().db, chunk.to_vec()).await;
    }
    // Cells a CSV writer must quote or defuse, read back through the export's page joins.
    let awkward = [
        ("=HYPERLINK(\"x\")", "张, 队长"),
        ("王\"小\"明", "@居委会"),
        ("李\n四", "\t前置制表符"),
    ];
    for (i, (name, affiliation)) in awkward.iter().enumerate() {
        let row = honoree::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            nomination_id: Set(uuid::Uuid::now_v7()),
            name: Set((*name).to_owned()),
            affiliation: Set((*affiliation).to_owned()),
            year: Set(2019 + i32::try_from(i).unwrap_or(0)),
            ..honoree::ActiveModel::from(model.clone())
        };
        add_honorees(&app.app().db, vec![row]).await;
    }
    let roll = honoree::Entity::find()
        .order_by_desc(honoree::Column::Year)
        .order_by_desc(honoree::Column::Id)
        .all(&app.app().db)
        .await
        .expect("all");
    let expected: Vec<String> = roll.iter().map(|h| h.name.clone()).collect();
    assert_eq!(expected.len() as u64, demo_rows + 2_503);

    let csv = app
        .client
        .get("/honors/export?format=csv")
        .dispatch()
        .await
        .into_string()
        .await
        .expect("csv");
    // Byte for byte what a plain writer makes of the same rows in the same order.
    let mut written = String::new();
    for h in &roll {
        let cells = [
            h.year.to_string(),
            h.campaign_title.clone(),
            h.category_name.clone(),
            h.name.clone(),
            h.affiliation.clone(),
            h.unit_name.clone(),
            h.confirmed_on.to_string(),
        ]
        .map(|c| laurel::domain::exports::spreadsheet_safe(&c));
        laurel::domain::exports::push_row(&mut written, cells.iter().map(String::as_str));
    }
    let (heading, body) = csv.split_once("\r\n").expect("a heading");
    assert!(heading.contains("姓名"), "{heading}");
    assert_eq!(body, written, "every row once, in the roll's order");
    assert!(
        body.contains("\"'=HYPERLINK(\"\"x\"\")\",\"张, 队长\""),
        "quoted, defused"
    );

    // A name search keeps the roll's order, page after page.
    let named: Vec<&String> = expected
        .iter()
        .filter(|n| n.starts_with("志愿者"))
        .collect();
    let mut after = String::new();
    let mut found: Vec<String> = Vec::new();
    loop {
        let page = honor_roll::search(
            &app.app().db,
            &honor_roll::HonorQuery {
                q: "志愿者".into(),
                after: after.clone(),
                ..honor_roll::HonorQuery::default()
            },
        )
        .await
        .expect("search");
        found.extend(page.rows.iter().map(|h| h.name.clone()));
        match page.next {
            Some(next) => after = next,
            None => break,
        }
    }
    assert_eq!(
        found.iter().collect::<Vec<_>>(),
        named,
        "every match once, in order"
    );

    let xlsx = app
        .client
        .get("/honors/export?format=xlsx&year=2020")
        .dispatch()
        .await
        .into_bytes()
        .await
        .expect("xlsx");
    let rows = xlsx_rows(&xlsx);
    let in_2020: Vec<&String> = expected
        .iter()
        .zip(
            honoree::Entity::find()
                .order_by_desc(honoree::Column::Year)
                .order_by_desc(honoree::Column::Id)
                .all(&app.app().db)
                .await
                .expect("all")
                .iter()
                .map(|h| h.year),
        )
        .filter(|(_, year)| *year == 2020)
        .map(|(name, _)| name)
        .collect();
    assert_eq!(
        rows.len(),
        in_2020.len() + 1,
        "a heading and the year's rows"
    );
    for (row, name) in rows.iter().skip(1).zip(&in_2020) {
        assert_eq!(&row[3], *name);
        assert_eq!(row[0], "2020");
    }
}

/// Every honoree a public search finds, following its pages to the end: their names.
async fn search_all(app: &TestApp, query: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut path = format!("/honors?{query}");
    for _ in 0..100 {
        let (status, page) = app.get(&path).await;
        assert_eq!(status, Status::Ok, "{path}");
        for row in page.split("<tr><td>").skip(1) {
            let name = row
                .split("\">")
                .nth(1)
                .and_then(|rest| rest.split("</a>").next())
                .expect("a name in the row");
            names.push(name.to_owned());
        }
        match page
            .split("rel=\"next\" href=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
        {
            Some(next) => path = unescape(next),
            None => return names,
        }
    }
    panic!("more than 100 pages")
}

#[rocket::async_test]
async fn the_honor_roll_search_finds_the_same_names_whichever_way_it_reads_them() {
    use sea_orm::{ActiveValue::Set, IntoActiveModel};
    let app = TestApp::new().await;
    laurel::domain::demo::load(app.app()).await.expect("demo");
    let db = &app.app().db;
    // Confirming the list indexed each honoree's name: bigrams and characters.
    let ren = honoree::Entity::find()
        .filter(honoree::Column::Name.eq("任均山"))
        .one(db)
        .await
        .expect("query")
        .expect("an honoree");
    let pieces = || async {
        laurel::entity::honoree_gram::Entity::find()
            .filter(laurel::entity::honoree_gram::Column::HonoreeId.eq(ren.id))
            .count(db)
            .await
            .expect("count")
    };
    assert_eq!(pieces().await, 5, "任均 and 均山, then 任, 均 and 山");

    // Twenty-one hundred earlier honorees named 王小明 and a number: more hold 王 than a
    // search reads by the index, so a search for it walks the roll in order; as many hold 王小
    // and 小明, so a search for 王小明 reads the names holding both.
    let template = ren.clone().into_active_model();
    for chunk in (0..2100u32).collect::<Vec<_>>().chunks(500) {
        let rows = chunk
            .iter()
            .map(|i| honoree::ActiveModel {
                id: Set(uuid::Uuid::now_v7()),
                nomination_id: Set(uuid::Uuid::now_v7()),
                name: Set(format!("王小明{i:04}")),
                year: Set(1990 + i32::try_from(i % 10).expect("small")),
                ..template.clone()
            })
            .collect();
        add_honorees(db, rows).await;
    }
    // The names a query selects, sorted.
    let names_where = |condition: sea_orm::Condition| async move {
        let mut names: Vec<String> = honoree::Entity::find()
            .filter(condition)
            .all(db)
            .await
            .expect("query")
            .into_iter()
            .map(|h| h.name)
            .collect();
        names.sort();
        names
    };
    let expected = |part: &'static str| {
        names_where(sea_orm::Condition::all().add(honoree::Column::Name.contains(part)))
    };
    // A common character (walked), a rare one and a rare bigram (read by the index), a term
    // of two common bigrams (read by both), terms with a rare bigram among common ones.
    for (query, part) in [
        ("q=%E7%8E%8B", "王"),
        ("q=%E7%8E%8B%E5%B0%8F%E6%98%8E", "王小明"),
        ("q=%E5%9D%87", "均"),
        ("q=%E4%BB%BB%E5%9D%87", "任均"),
        ("q=%E5%B0%8F%E6%98%8E0123", "小明0123"),
        ("q=012", "012"),
    ] {
        let mut found = search_all(&app, query).await;
        found.sort();
        assert_eq!(found, expected(part).await, "{query}");
    }
    // A common character with a unit: the unit's matches, read and sorted.
    let mut with_unit = search_all(
        &app,
        &format!("q=%E7%8E%8B&{}", encode(&[("unit", &ren.unit_name)])),
    )
    .await;
    with_unit.sort();
    let expected_with_unit = names_where(
        sea_orm::Condition::all()
            .add(honoree::Column::Name.contains("王"))
            .add(
                sea_orm::Condition::any()
                    .add(honoree::Column::UnitName.contains(&ren.unit_name))
                    .add(honoree::Column::Affiliation.contains(&ren.unit_name)),
            ),
    )
    .await;
    assert!(
        expected_with_unit.len() >= 2100,
        "the added ones share 任均山's unit"
    );
    assert_eq!(with_unit, expected_with_unit);
    // Newest year first, whichever way.
    let (_, first) = app.get("/honors?q=%E7%8E%8B").await;
    assert!(first.contains("<tr><td>1999</td>") && !first.contains("<tr><td>1990</td>"));

    // Back to before the roll's name index and up again: the migration indexes every honoree
    // already there.
    migrate_down_to_before(db, "m20260101_000019_honoree_names").await;
    use migration::MigratorTrait;
    assert!(
        laurel::entity::honoree_gram::Entity::find()
            .count(db)
            .await
            .is_err(),
        "the index's table is gone"
    );
    migration::Migrator::up(db, None).await.expect("up");
    assert_eq!(pieces().await, 5);
    let holding_wang = laurel::entity::honoree_gram::Entity::find()
        .filter(laurel::entity::honoree_gram::Column::Gram.eq("王"))
        .count(db)
        .await
        .expect("count");
    assert_eq!(holding_wang, expected("王").await.len() as u64);
    let mut found = search_all(&app, "q=%E5%B0%8F%E6%98%8E0123").await;
    found.sort();
    assert_eq!(found, ["王小明0123"]);
}

#[rocket::async_test]
async fn a_notice_offers_objections_only_within_its_window_and_then_points_to_the_list() {
    let app = TestApp::new().await;
    let world = app.world().await;
    shortlisted(&app, &world, &["甲志愿者"]).await;
    let today = app.app().config.today();
    let zh = |key: &str, args: &[(&str, String)]| {
        laurel::i18n::translate(laurel::i18n::Lang::ZhCn, key, args)
    };
    let upcoming = publish_notice(&app, &world, &(today + Duration::days(40)).to_string()).await;
    let (_, page) = app.get(&format!("/notices/{upcoming}")).await;
    assert!(
        !page.contains(&format!("/notices/{upcoming}/objection")),
        "not yet"
    );
    let starts = notices::published(&app.app().db, upcoming.into())
        .await
        .expect("published")
        .window_starts_on
        .expect("a window");
    assert!(page.contains(&zh(
        "notice-phase-upcoming",
        &[("start", starts.to_string())]
    )));

    // A correction moves the window into the past: its page takes no objection.
    let office = app.actor("office").await;
    let start = today - Duration::days(30);
    let id = CampaignId(world.campaign.id);
    let draft = notices::save_notice(
        &app.app().db,
        &office,
        id,
        &notices::DocumentInput {
            issuing_organ: "青岛市李沧区文明办".into(),
            issued_on: start.to_string(),
            title: "拟表彰对象公示".into(),
            body: "公示时间：[start]至[end]。".into(),
            window_starts_on: start.to_string(),
            working_days: "5".into(),
            change_note: "更正公示时间".into(),
            ..notices::DocumentInput::default()
        },
    )
    .await
    .expect("a correction");
    let closed =
        notices::publish_notice(&app.app().db, &app.app().signer, &office, id, draft.version)
            .await
            .expect("published");
    let (_, page) = app.get(&format!("/notices/{}", closed.id)).await;
    assert!(!page.contains(&format!("/notices/{}/objection", closed.id)));
    let ends = closed.window_ends_on.expect("an end");
    assert!(page.contains(&zh("notice-phase-closed", &[("end", ends.to_string())])));

    // Once the list is confirmed, the closed notice points to it.
    reach(&app, &world, StageKind::FinalList).await;
    app.login("office").await;
    let response = app
        .post_form(
            &format!("/publicity/campaigns/{}/final-list", world.campaign.id),
            &[
                ("issuing_organ", "青岛市李沧区文明办"),
                ("issued_on", &today.to_string()),
                ("title", "先进典型名单"),
                ("body", "现将名单公布如下。"),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    let list = notices::final_list_of(&app.app().db, world.campaign.id)
        .await
        .expect("query")
        .expect("the list");
    let (_, page) = app.get(&format!("/notices/{}", closed.id)).await;
    assert!(
        page.contains(&format!("href=\"/lists/{}\"", list.id)),
        "{page}"
    );
}

#[rocket::async_test]
async fn the_home_page_says_where_each_campaign_stands_and_lists_the_bulletins() {
    let app = TestApp::new().await;
    let world = app.world().await;
    shortlisted(&app, &world, &["甲志愿者"]).await;
    let today = app.app().config.today();
    let notice = publish_notice(&app, &world, &today.to_string()).await;
    let doc = notices::published(&app.app().db, notice.into())
        .await
        .expect("published");
    let end = doc.window_ends_on.expect("an end");
    let left = laurel::domain::notices::Calendar::default().working_days_between(today, end);
    app.logout().await;
    let (_, home) = app.get("/").await;
    let line = laurel::i18n::translate(
        laurel::i18n::Lang::ZhCn,
        "home-notice-open",
        &[("count", left.to_string()), ("date", end.to_string())],
    );
    assert!(home.contains(&line), "{line}");
    let bulletins = home
        .split("id=\"bulletins\"")
        .nth(1)
        .expect("the bulletins");
    assert!(bulletins.contains(&format!("href=\"/notices/{notice}\"")));
    assert!(bulletins.contains(&doc.title));
}
