//! The public stages in a real browser (headless Chromium through ChromeDriver) against the
//! real server: what the office, a citizen and the office again see, in zh-CN, from the
//! shortlist to the downloaded final list. Needs Debian's chromium and chromium-driver, which
//! .ci/run installs; run by hand with
//! `cargo test --test app browser -- --ignored`.

use laurel::entity::document;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::{browser::Browser, *};

fn sign_in(browser: &Browser, username: &str) {
    browser.open("/login");
    browser.fill("#f-username", username);
    browser.fill("#f-password", PASSWORD);
    browser.submit("form[action='/login'] button[type=submit]");
    browser.wait_path("/dashboard");
}

fn sign_out(browser: &Browser) {
    // Published pages are the same for everyone: the sign-out button is on the others.
    browser.open("/dashboard");
    browser.submit("form[action='/logout'] button[type=submit]");
    browser.wait_path("/");
}

#[rocket::async_test]
#[ignore = "needs chromium and chromium-driver; .ci/run installs them and runs it"]
async fn the_office_publishes_a_citizen_objects_and_the_final_list_is_downloaded() {
    let app = TestApp::new().await;
    let world = app.world().await;
    shortlisted(&app, &world, &["甲志愿者", "乙志愿者"]).await;
    let port = free_port();
    let mut server = serve(&app, port);
    let browser = Browser::start("public-stages", &format!("http://127.0.0.1:{port}"));

    // The office composes the notice from the shortlist and publishes it.
    sign_in(&browser, "office");
    let desk = format!("/publicity/campaigns/{}", world.campaign.id);
    browser.open(&desk);
    let text = browser.page_text();
    assert!(
        text.contains("甲志愿者 — 社区志愿者") && text.contains("编制公示"),
        "{text}"
    );
    let today = app.app().config.today().to_string();
    browser.set_value("#f-window_starts_on", &today);
    browser.fill("#f-doc_number", "李沧文明办〔2026〕1号");
    browser.submit(&format!("form[action='{desk}/notice'] button[type=submit]"));
    assert!(browser.text(".flash").contains("已保存"), "saved");
    assert!(browser.text("#window-end").contains("公示截止日期"));
    browser.submit(&format!(
        "form[action='{desk}/notice/publish'] button[type=submit]"
    ));
    assert!(browser.text(".flash").contains("公示已发布"));
    browser.submit("a[href^='/notices/']");
    let notice_path = browser.wait_path("/notices/");
    sign_out(&browser);

    // A citizen reads it, objects to one nominee in real name, and follows it up.
    browser.forget_cookies();
    browser.open(&notice_path);
    assert!(browser.text("h1").contains("拟表彰对象的公示"));
    let lines = browser.text(".honor-lines");
    assert!(lines.contains("甲志愿者 — 社区志愿者") && lines.contains("乙志愿者"));
    assert!(
        !browser.page_text().contains("13900001111"),
        "no private data"
    );
    browser.submit(".honor-lines li:first-child a");
    browser.fill("#f-text", "该同志的服务时长与实际不符。");
    browser.fill("#f-filer_name", "张实名");
    browser.fill("#f-filer_unit", "某街道居民");
    // First without a phone: the message is at the field and the rest is kept.
    browser.submit("form[enctype='multipart/form-data'] button[type=submit]");
    assert!(
        browser.text("#e-filer_contact").contains("必填"),
        "at the field"
    );
    assert_eq!(browser.attribute("#f-filer_name", "value"), "张实名");
    browser.fill("#f-text", "该同志的服务时长与实际不符。");
    browser.fill("#f-filer_contact", "13712345678");
    browser.submit("form[enctype='multipart/form-data'] button[type=submit]");
    assert!(browser.text("h1").contains("异议已受理"));
    let code = browser.text("#receipt-code");
    assert!(code.starts_with("YY-"), "{code}");
    browser.open("/objections/status");
    browser.fill("#f-code", &code.to_lowercase());
    browser.submit("form[action='/objections/status'] button[type=submit]");
    assert_eq!(browser.text("#objection-status"), "已受理");

    // The office investigates and dismisses it; the citizen sees the answer.
    sign_in(&browser, "office");
    browser.open(&format!("{desk}/objections"));
    browser.submit("#objections a");
    assert!(
        browser.page_text().contains("13712345678"),
        "the office sees the contact"
    );
    browser.click("input[name=outcome][value=dismissed]");
    browser.fill(
        "#f-reason",
        "经向推荐单位核实，服务时长记录属实，异议不成立。",
    );
    browser.submit("form[action$='/outcome'] button[type=submit]");
    assert!(browser.text(".flash").contains("处理决定已记录"));
    sign_out(&browser);
    browser.open(&format!("/objections/status?code={code}"));
    assert_eq!(browser.text("#objection-status"), "异议不成立");
    assert!(browser.page_text().contains("服务时长记录属实"));

    // The window closes: the server runs on, days later.
    let notice = document::Entity::find()
        .filter(document::Column::Kind.eq(document::DocumentKind::Notice))
        .one(&app.app().db)
        .await
        .expect("query")
        .expect("the notice");
    let after = notice.window_ends_on.expect("an end") + time::Duration::days(1);
    server.kill().expect("stopped");
    server.wait().expect("reaped");
    let mut server = serve_with(&app, port, &[("LAUREL_TODAY", &after.to_string())]);

    // The office confirms the final list and downloads it.
    sign_in(&browser, "office");
    browser.open(&desk);
    browser.submit(&format!("a[href='{desk}/final-list']"));
    browser.fill("#f-doc_number", "李沧文明办〔2026〕2号");
    browser.submit(&format!(
        "form[action='{desk}/final-list'] button[type=submit]"
    ));
    assert!(browser.text(".flash").contains("最终名单已确认并发布"));
    browser.submit("a[href^='/lists/']");
    let list_path = browser.wait_path("/lists/");
    assert_eq!(browser.text(".honor-section h2"), "最美志愿者");
    let href = browser.attribute("a[href$='export?format=xlsx']", "href");
    let (status, _) = request(port, "GET", href.trim_start_matches(&browser.base), "", "")
        .expect("the XLSX answers");
    assert_eq!(status, 200);
    // The digest a reader sees is the SHA-256 of the JSON they can download.
    let digest = browser.text(".digest");
    let (status, json) =
        request(port, "GET", &format!("{list_path}/json"), "", "").expect("the JSON answers");
    assert_eq!(status, 200);
    assert_eq!(laurel::pii::sha256_hex(json.as_bytes()), digest);
    server.kill().expect("stopped");
    server.wait().expect("reaped");
}

#[rocket::async_test]
#[ignore = "needs chromium and chromium-driver; .ci/run installs them and runs it"]
async fn the_office_opens_a_campaign_and_a_nomination_with_evidence_climbs_to_eligible() {
    let app = TestApp::new().await;
    app.world().await;
    let port = free_port();
    let mut server = serve(&app, port);
    let browser = Browser::start("nomination", &format!("http://127.0.0.1:{port}"));

    // The office sets up this year's campaign with the standard categories and opens it.
    sign_in(&browser, "office");
    browser.open("/campaigns/new");
    browser.fill("#f-title", "2026年度最美志愿者推选");
    browser.fill("#f-organizer", "青岛市李沧区文明办");
    browser.fill("#f-description", "面向全区推选最美志愿者。");
    let today = app.app().config.today();
    for (field, days) in [
        ("nomination_opens_on", 0),
        ("nomination_closes_on", 20),
        ("recommend_closes_on", 25),
        ("review_closes_on", 30),
        ("notice_starts_on", 35),
        ("announced_on", 45),
    ] {
        let day = today + time::Duration::days(days);
        browser.set_value(&format!("#f-{field}"), &day.to_string());
    }
    browser.submit("form.stacked button[type=submit]");
    assert!(browser.text(".flash").contains("已保存"), "created");
    let campaign_path = browser.wait_path("/campaigns/");
    browser.submit(&format!(
        "form[action='{campaign_path}/open'] button[type=submit]"
    ));
    assert_eq!(
        browser.text(".facts .badge"),
        "推荐中",
        "open for nominations"
    );
    sign_out(&browser);
    let campaign = laurel::entity::campaign::Entity::find()
        .filter(laurel::entity::campaign::Column::Title.eq("2026年度最美志愿者推选"))
        .one(&app.app().db)
        .await
        .expect("query")
        .expect("the campaign the office made");
    assert_eq!(
        campaign.status,
        laurel::entity::campaign::CampaignStatus::Open
    );
    let category = laurel::domain::campaigns::categories_of(&app.app().db, campaign.id.into())
        .await
        .expect("categories")
        .into_iter()
        .find(|c| c.key == "volunteer")
        .expect("the standard categories");

    // The community's clerk fills in the form, attaches a photo and submits.
    sign_in(&browser, "rec_a1");
    browser.open(&format!(
        "/nominations/new?campaign={}&category={}",
        campaign.id, category.id
    ));
    browser.fill("#f-nominee_name", "王志愿");
    browser.fill("#f-affiliation", "北山社区志愿服务队队长");
    browser.fill("#f-deeds_summary", "十年如一日为社区老人义务理发。");
    browser.click("#f-gender option[value=male]");
    browser.set_value("#f-birth_date", "1980-05-17");
    let id = laurel::domain::values::IdNumber::with_check_digit("37021319800517123").expect("id");
    browser.fill("#f-id_number", &id);
    browser.fill("#f-phone", "13900001111");
    browser.fill("#f-volunteer_hours", "120");
    browser.fill("#f-deeds_full", "详细事迹。");
    browser.submit("form.stacked button[type=submit]");
    assert!(browser.text(".flash").contains("已保存"));
    let path = browser.wait_path("/nominations/");
    assert!(!path.contains("new"), "saved as a draft: {path}");
    let photo = std::env::temp_dir().join(format!("laurel-e2e-{port}.png"));
    std::fs::write(&photo, b"\x89PNG\r\n\x1a\n0000").expect("a photo");
    browser.fill("#f-file", &photo.display().to_string());
    browser.submit("form[enctype='multipart/form-data'] button[type=submit]");
    assert!(
        browser
            .page_text()
            .contains(&format!("laurel-e2e-{port}.png")),
        "attached"
    );
    let _ = std::fs::remove_file(&photo);
    let id = path.trim_start_matches("/nominations/").to_owned();
    browser.submit(&format!(
        "form[action='/review/{id}/submit'] button[type=submit]"
    ));
    assert!(
        browser.page_text().contains("李村街道"),
        "waiting at the street"
    );
    sign_out(&browser);

    // The street, then the district, recommend it from their inboxes.
    for recommender in ["rec_a", "rec_district"] {
        sign_in(&browser, recommender);
        browser.open("/review/inbox");
        assert!(
            browser.page_text().contains("王志愿"),
            "in {recommender}'s inbox"
        );
        browser.open(&path);
        browser.submit(&format!(
            "form[action='/review/{id}/recommend'] button[type=submit]"
        ));
        sign_out(&browser);
    }

    // The office returns it for revision; the community resubmits; the office finds it eligible.
    sign_in(&browser, "office");
    browser.open(&path);
    browser.fill("#f-reason-return_for_revision", "请补充服务时长证明。");
    browser.submit(&format!(
        "form[action='/review/{id}/return_for_revision'] button[type=submit]"
    ));
    sign_out(&browser);
    sign_in(&browser, "rec_a1");
    browser.open(&path);
    assert!(
        browser.page_text().contains("请补充服务时长证明。"),
        "the reason is shown"
    );
    browser.submit(&format!(
        "form[action='/review/{id}/resubmit'] button[type=submit]"
    ));
    sign_out(&browser);
    sign_in(&browser, "office");
    browser.open(&path);
    browser.submit(&format!(
        "form[action='/review/{id}/mark_eligible'] button[type=submit]"
    ));
    let stored =
        laurel::entity::nomination::Entity::find_by_id(uuid::Uuid::try_parse(&id).expect("an id"))
            .one(&app.app().db)
            .await
            .expect("query")
            .expect("stored");
    assert_eq!(
        stored.status,
        laurel::entity::nomination::NominationStatus::Eligible
    );
    server.kill().expect("stopped");
    server.wait().expect("reaped");
}

#[rocket::async_test]
#[ignore = "needs chromium and chromium-driver; .ci/run installs them and runs it"]
async fn five_reviewers_score_blind_and_the_office_fixes_the_shortlist() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let office = app.actor("office").await;
    let judges = pool(&app, 5).await;
    let names = ["甲志愿者", "乙志愿者", "丙志愿者"];
    let ids = eligible_named(&app, &world, &names).await;
    let (campaign, categories) =
        laurel::domain::campaigns::get_any(&app.app().db, world.campaign.id.into())
            .await
            .expect("campaign");
    let mut input = laurel::domain::campaigns::CampaignInput::from_models(&campaign, &categories);
    for row in &mut input.categories {
        row.quota = "2".into();
        row.unit_quota = "2".into();
        row.reviewers_per_nomination = "5".into();
    }
    laurel::domain::campaigns::update_campaign(
        &app.app().db,
        &office,
        world.campaign.id.into(),
        &input,
    )
    .await
    .expect("quota two, five reviewers");
    let members: Vec<&laurel::domain::actor::Actor> = judges.iter().collect();
    let panel = volunteer_panel(&app, &world, &members).await;
    laurel::domain::evaluation::auto_assign(&app.app().db, &office, panel)
        .await
        .expect("assigned");
    let category = app.category(&world, "volunteer").await;
    let port = free_port();
    let mut server = serve(&app, port);
    let browser = Browser::start("evaluation", &format!("http://127.0.0.1:{port}"));

    // Each reviewer opens their assignments and scores each one; the first name highest.
    for judge in &judges {
        sign_in(&browser, &judge.username);
        browser.open("/evaluation/mine");
        let source = browser.source();
        let assignments: Vec<String> = source
            .split("href=\"/evaluation/assignments/")
            .skip(1)
            .map(|rest| rest.chars().take(36).collect())
            .collect();
        assert_eq!(
            assignments.len(),
            3,
            "{} has three assignments",
            judge.username
        );
        for assignment in assignments {
            browser.open(&format!("/evaluation/assignments/{assignment}"));
            let page = browser.page_text();
            let this = names
                .iter()
                .position(|n| page.contains(n))
                .expect("a known nominee");
            for other in judges.iter().filter(|j| j.username != judge.username) {
                assert!(
                    !page.contains(&other.display_name),
                    "blind: no other reviewer shown"
                );
            }
            let points = (10 - i32::try_from(this).unwrap_or(0) * 3).to_string();
            for field in browser.find_all("input[id^='f-p-']") {
                browser.type_into(&field, &points);
            }
            browser.click("input[name='sheet.approve'][value=yes]");
            browser.fill("#f-comment", "事迹突出。");
            browser.submit("button[name=action][value=submit]");
            assert!(browser.text(".flash").contains("评分已提交"), "submitted");
        }
        sign_out(&browser);
    }

    // The office sees the ranking, with the top two ticked, and fixes the shortlist.
    sign_in(&browser, "office");
    browser.open(&format!("/evaluation/categories/{}/ranking", category.id));
    let ranking = browser.page_text();
    let first = ranking.find("甲志愿者").expect("listed");
    let third = ranking.find("丙志愿者").expect("listed");
    assert!(first < third, "ranked by score");
    browser.submit(&format!(
        "form[action='/evaluation/categories/{}/shortlist'] button[type=submit]",
        category.id
    ));
    let shortlist = laurel::domain::scoresheets::shortlist_of(&app.app().db, category.id)
        .await
        .expect("shortlist");
    assert_eq!(shortlist, ids[..2].to_vec(), "the top two, in order");
    server.kill().expect("stopped");
    server.wait().expect("reaped");
}
