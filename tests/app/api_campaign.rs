//! A whole campaign through the API alone: from an empty database, after `laurel admin create`
//! and `laurel admin token`, to the published final list, an upheld objection included. Every
//! unit works through a service account with a token the office issued it, every expert
//! through a token too; nothing goes through a page. The published list reads exactly like
//! Licang's 2022 list (DESIGN.md). Three instances on the one database stand for three days:
//! the recommendation and evaluation, a day in the notice window, and the day the list is
//! confirmed.

use std::collections::HashMap;

use laurel::domain::values::IdNumber;
use rocket::local::asynchronous::Client;
use serde_json::{Value, json};

use crate::helpers::*;

/// Licang's honorees as the Qingdao Daily printed them: each category and its lines.
const LICANG: [(&str, &[&str]); 4] = [
    (
        "最美志愿者",
        &["任均山 青岛市李沧区任均山便民志愿服务岗队长"],
    ),
    (
        "最佳志愿服务组织",
        &["国家税务总局青岛市李沧区税务局“税务蓝”志愿服务队"],
    ),
    (
        "最佳志愿服务项目",
        &[
            "青岛市李沧区李村街道北山社区“鲍秀兰爱心工作室”志愿服务项目",
            "青岛市李沧区世园街道“爱在百果山”志愿服务项目",
        ],
    ),
    (
        "最美志愿服务社区",
        &[
            "青岛市李沧区李村街道南山社区",
            "青岛市李沧区九水街道延川路社区",
            "青岛市李沧区虎山路街道金秋社区",
        ],
    ),
];

/// The units under the city: name, kind, parent (empty: the city), and the service account
/// that works for it (empty: none).
const UNITS: [(&str, &str, &str, &str); 12] = [
    ("李沧区", "district", "", "licang"),
    ("青岛市志愿服务评审专家库", "department", "", ""),
    ("李村街道", "street", "李沧区", "licun"),
    ("世园街道", "street", "李沧区", "shiyuan"),
    ("九水街道", "street", "李沧区", "jiushui"),
    ("虎山路街道", "street", "李沧区", "hushanlu"),
    ("北山社区", "community", "李村街道", "beishan"),
    ("南山社区", "community", "李村街道", "nanshan"),
    ("延川路社区", "community", "九水街道", "yanchuan"),
    ("金秋社区", "community", "虎山路街道", "jinqiu"),
    ("百果山社区", "community", "世园街道", ""),
    (
        "国家税务总局青岛市李沧区税务局",
        "department",
        "李沧区",
        "shuiwu",
    ),
];

/// A nominee: category key, nominating account, name, affiliation line, and the points the
/// experts give it on every criterion, as a share of the maximum in percent.
struct Nominee {
    category: &'static str,
    by: &'static str,
    name: &'static str,
    affiliation: &'static str,
    share: i32,
}

const NOMINEES: [Nominee; 8] = [
    Nominee {
        category: "volunteer",
        by: "licun",
        name: "任均山",
        affiliation: "青岛市李沧区任均山便民志愿服务岗队长",
        share: 95,
    },
    Nominee {
        category: "volunteer",
        by: "yanchuan",
        name: "王秀珍",
        affiliation: "青岛市李沧区九水街道延川路社区“巧手编织”志愿服务队队长",
        share: 90,
    },
    Nominee {
        category: "organization",
        by: "shuiwu",
        name: "国家税务总局青岛市李沧区税务局“税务蓝”志愿服务队",
        affiliation: "",
        share: 92,
    },
    Nominee {
        category: "project",
        by: "beishan",
        name: "青岛市李沧区李村街道北山社区“鲍秀兰爱心工作室”志愿服务项目",
        affiliation: "",
        share: 94,
    },
    Nominee {
        category: "project",
        by: "shiyuan",
        name: "青岛市李沧区世园街道“爱在百果山”志愿服务项目",
        affiliation: "",
        share: 91,
    },
    Nominee {
        category: "community",
        by: "nanshan",
        name: "青岛市李沧区李村街道南山社区",
        affiliation: "",
        share: 93,
    },
    Nominee {
        category: "community",
        by: "yanchuan",
        name: "青岛市李沧区九水街道延川路社区",
        affiliation: "",
        share: 92,
    },
    Nominee {
        category: "community",
        by: "jinqiu",
        name: "青岛市李沧区虎山路街道金秋社区",
        affiliation: "",
        share: 90,
    },
];

/// An API call that must succeed; its JSON.
async fn ok(client: &Client, method: &str, path: &str, token: &str, body: Option<Value>) -> Value {
    let (status, answer) = api_on(client, method, path, token, body).await;
    assert!(
        status.code < 300,
        "{method} {path} answered {status}: {answer}"
    );
    answer
}

fn id_of(value: &Value) -> String {
    value["id"].as_str().expect("an id").to_owned()
}

/// The fields of a nominee as its unit sends them.
fn fields(n: &Nominee, campaign: &str, category: &str, seq: u16) -> Value {
    let mut body = json!({
        "campaign_id": campaign, "category_id": category,
        "nominee_name": n.name, "affiliation": n.affiliation,
        "phone": format!("1386390{:04}", seq), "contact_name": "联系人",
        "deeds_summary": format!("{}的主要事迹。", n.name),
        "deeds_full": format!("{}的详细事迹材料。", n.name),
    });
    match n.category {
        "volunteer" => {
            // Born 1960-01-01 plus a day per seq; an odd sequence is a man.
            let born = time::macros::date!(1960 - 01 - 01) + time::Duration::days(i64::from(seq));
            let digits = format!(
                "370213{}{:02}{:02}{:03}",
                born.year(),
                u8::from(born.month()),
                born.day(),
                seq
            );
            body["id_number"] = json!(IdNumber::with_check_digit(&digits).expect("an ID number"));
            body["gender"] = json!(if seq % 2 == 1 { "male" } else { "female" });
            body["birth_date"] = json!(born.to_string());
            body["volunteer_hours"] = json!(1200);
            body["active_since"] = json!("2012-03-05");
            body["registered"] = json!(true);
        }
        "community" => body["member_count"] = json!(650),
        _ => {
            body["founded_on"] = json!("2016-03-05");
            body["member_count"] = json!(120);
        }
    }
    body
}

#[rocket::async_test]
async fn a_whole_campaign_runs_through_the_api_alone_and_publishes_licangs_list() {
    let app = TestApp::new().await;

    // The command line makes the first admin and their first token; the rest is the API.
    let (made, out) = app.command(
        &[
            "admin",
            "create",
            "--username",
            "office",
            "--name",
            "青岛市文明办",
            "--city",
            "青岛市",
        ],
        Some(PASSWORD),
    );
    assert!(made, "{out}");
    let (issued, out) = app.command(&["admin", "token", "--username", "office"], None);
    assert!(issued, "{out}");
    let office = out
        .lines()
        .find(|l| l.starts_with("laurel_"))
        .expect("a token")
        .to_owned();
    let day1 = app.on_day(time::macros::date!(2022 - 11 - 10)).await;
    let api = &day1;

    // Units, and a service account with an issued token for each that recommends.
    let me = ok(api, "GET", "/api/v1/me", &office, None).await;
    let city = me["unit_id"].as_str().expect("the city").to_owned();
    let mut units: HashMap<&str, String> = HashMap::new();
    let mut tokens: HashMap<&str, String> = HashMap::new();
    for (name, kind, parent, account) in UNITS {
        let parent_id = if parent.is_empty() {
            city.clone()
        } else {
            units[parent].clone()
        };
        let unit = ok(
            api,
            "POST",
            "/api/v1/units",
            &office,
            Some(json!({"name": name, "kind": kind, "parent_id": parent_id})),
        )
        .await;
        units.insert(name, id_of(&unit));
        if account.is_empty() {
            continue;
        }
        let user = ok(
            api,
            "POST",
            "/api/v1/users",
            &office,
            Some(json!({
                "username": account, "display_name": format!("{name}对接"), "role": "recommender",
                "unit_id": units[name], "service": true,
            })),
        )
        .await;
        let issued = ok(
            api,
            "POST",
            &format!("/api/v1/users/{}/tokens", id_of(&user)),
            &office,
            Some(json!({"name": "推荐系统对接", "days": 90})),
        )
        .await;
        tokens.insert(account, issued["token"].as_str().expect("token").to_owned());
    }
    let mut experts = Vec::new();
    let mut expert_ids = Vec::new();
    for i in 1..=3 {
        let user = ok(
            api,
            "POST",
            "/api/v1/users",
            &office,
            Some(json!({
                "username": format!("expert{i}"), "display_name": format!("评审专家{i}"),
                "role": "reviewer", "unit_id": units["青岛市志愿服务评审专家库"],
                "password": PASSWORD,
            })),
        )
        .await;
        expert_ids.push(id_of(&user));
        let issued = ok(
            api,
            "POST",
            &format!("/api/v1/users/{}/tokens", id_of(&user)),
            &office,
            Some(json!({"name": "评审"})),
        )
        .await;
        experts.push(issued["token"].as_str().expect("token").to_owned());
    }

    // The campaign: numbers as numbers, the four categories, streets and districts recommend.
    let categories: Vec<Value> = [
        ("volunteer", "最美志愿者", "person", 10),
        ("organization", "最佳志愿服务组织", "organization", 10),
        ("project", "最佳志愿服务项目", "project", 10),
        ("community", "最美志愿服务社区", "community", 10),
    ]
    .into_iter()
    .map(|(key, name, kind, quota)| {
        json!({
            "key": key, "name": name, "nominee_kind": kind, "quota": quota, "unit_quota": 3,
            "min_hours": if kind == "person" { json!(20) } else { json!("") },
            "reviewers_per_nomination": 3, "require_majority": true,
        })
    })
    .collect();
    let campaign = ok(
        api,
        "POST",
        "/api/v1/campaigns",
        &office,
        Some(json!({
            "title": "2022年度学雷锋志愿服务先进典型", "year": 2022, "organizer": "青岛市文明办",
            "description": "在全市开展学雷锋志愿服务先进典型推选活动。",
            "nomination_opens_on": "2022-11-01", "nomination_closes_on": "2022-11-20",
            "street_closes_on": "2022-11-25", "district_closes_on": "2022-11-25",
            "recommend_street": true, "recommend_district": true, "aggregation": "trimmed_mean",
            "review_closes_on": "2022-11-30", "notice_starts_on": "2022-12-05",
            "announced_on": "2022-12-15", "version": 0, "categories": categories,
        })),
    )
    .await;
    let c = id_of(&campaign);
    let campaign_path = format!("/api/v1/campaigns/{c}");
    let advance_to = |stage: &'static str| {
        let (office, campaign_path) = (office.clone(), campaign_path.clone());
        async move {
            for _ in 0..10 {
                let now = ok(api, "GET", &campaign_path, &office, None).await;
                if now["stage"] == stage {
                    return;
                }
                ok(
                    api,
                    "POST",
                    &format!("{campaign_path}/advance"),
                    &office,
                    Some(json!({"version": now["version"]})),
                )
                .await;
            }
            panic!("the campaign never reached {stage}");
        }
    };
    advance_to("recommendation").await;
    let shown = ok(api, "GET", &campaign_path, &office, None).await;
    let category_of: HashMap<String, String> = shown["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .map(|k| (k["key"].as_str().unwrap_or_default().to_owned(), id_of(k)))
        .collect();

    // Each unit nominates and submits through its own token.
    let mut ids: HashMap<&str, String> = HashMap::new();
    for (seq, n) in (1_u16..).zip(&NOMINEES) {
        let token = &tokens[n.by];
        let body = fields(n, &c, &category_of[n.category], seq);
        let draft = ok(api, "POST", "/api/v1/nominations", token, Some(body)).await;
        let id = id_of(&draft);
        ok(
            api,
            "POST",
            &format!("/api/v1/nominations/{id}/submit"),
            token,
            Some(json!({"version": draft["version"]})),
        )
        .await;
        ids.insert(n.name, id);
    }

    // Up the chain: the streets, then the district recommend what reaches their inboxes.
    let decide = |token: String, id: String, decision: &'static str| async move {
        let now = ok(
            api,
            "GET",
            &format!("/api/v1/nominations/{id}"),
            &token,
            None,
        )
        .await;
        ok(
            api,
            "POST",
            &format!("/api/v1/nominations/{id}/decisions"),
            &token,
            Some(json!({"decision": decision, "version": now["version"]})),
        )
        .await
    };
    for level in [
        &["licun", "shiyuan", "jiushui", "hushanlu"][..],
        &["licang"][..],
    ] {
        for account in level {
            let token = tokens[account].clone();
            let inbox = ok(api, "GET", "/api/v1/review/inbox", &token, None).await;
            for row in inbox["rows"].as_array().expect("rows") {
                let id = row["id"].as_str().expect("id").to_owned();
                decide(token.clone(), id, "recommend").await;
            }
        }
    }
    let at_office = ok(
        api,
        "GET",
        &format!("/api/v1/nominations?campaign={c}&status=at_office"),
        &office,
        None,
    )
    .await;
    assert_eq!(at_office["total"], json!(NOMINEES.len()), "{at_office}");

    // The office finds them all eligible, in one call.
    advance_to("review").await;
    let mut batch = Vec::new();
    for id in ids.values() {
        let now = ok(
            api,
            "GET",
            &format!("/api/v1/nominations/{id}"),
            &office,
            None,
        )
        .await;
        batch.push(json!({"id": id, "version": now["version"]}));
    }
    let bulk = ok(
        api,
        "POST",
        "/api/v1/review/eligible",
        &office,
        Some(json!(batch)),
    )
    .await;
    assert_eq!(bulk["done"], json!(NOMINEES.len()), "{bulk}");

    // One panel of three experts for every category; each scores through the API.
    advance_to("evaluation").await;
    let panel = ok(
        api,
        "POST",
        &format!("/api/v1/evaluation/panels?campaign={c}"),
        &office,
        Some(json!({
            "name": "市级评审组",
            "categories": category_of.values().collect::<Vec<_>>(),
            "members": expert_ids,
        })),
    )
    .await;
    ok(
        api,
        "POST",
        &format!(
            "/api/v1/evaluation/panels/{}/assign",
            id_of(&panel["panel"])
        ),
        &office,
        None,
    )
    .await;
    for expert in &experts {
        let mine = ok(api, "GET", "/api/v1/evaluation/assignments", expert, None).await;
        let mine = mine.as_array().expect("assignments");
        assert_eq!(mine.len(), NOMINEES.len(), "every expert scores everything");
        for assignment in mine {
            let path = format!("/api/v1/evaluation/assignments/{}", id_of(assignment));
            let sheet = ok(api, "GET", &path, expert, None).await;
            let share = NOMINEES
                .iter()
                .find(|n| sheet["nominee_name"] == n.name)
                .expect("a nominee")
                .share;
            let points: HashMap<String, i32> = sheet["criteria"]
                .as_array()
                .expect("criteria")
                .iter()
                .map(|k| {
                    let max = i32::try_from(k["max_points"].as_i64().unwrap_or(0)).unwrap_or(0);
                    (id_of(k), max * share / 100)
                })
                .collect();
            ok(
                api,
                "PUT",
                &format!("{path}/sheet"),
                expert,
                Some(json!({
                    "points": points, "approve": true, "comment": "同意推荐",
                    "version": sheet["version"], "submit": true,
                })),
            )
            .await;
        }
    }

    // The shortlist, from the rankings; the office orders each category as the list prints.
    advance_to("shortlist").await;
    for (key, category) in &category_of {
        let ranking = ok(
            api,
            "GET",
            &format!("/api/v1/evaluation/categories/{category}/ranking"),
            &office,
            None,
        )
        .await;
        let chosen: Vec<&str> = ranking
            .as_array()
            .expect("rows")
            .iter()
            .filter_map(|r| r["nomination_id"].as_str())
            .collect();
        assert_eq!(
            chosen.len(),
            NOMINEES.iter().filter(|n| n.category == key).count()
        );
        ok(
            api,
            "POST",
            &format!("/api/v1/evaluation/categories/{category}/shortlist"),
            &office,
            Some(json!({"nominations": chosen, "rationale": "按评审得分排序"})),
        )
        .await;
    }
    let positions: HashMap<&String, usize> = NOMINEES
        .iter()
        .map(|n| {
            let place = NOMINEES
                .iter()
                .filter(|m| m.category == n.category)
                .position(|m| m.name == n.name)
                .unwrap_or(0);
            (&ids[n.name], place + 1)
        })
        .collect();
    ok(
        api,
        "PUT",
        &format!("/api/v1/notices/campaigns/{c}/order"),
        &office,
        Some(json!({"positions": positions})),
    )
    .await;

    // The notice: five working days from 5 December.
    advance_to("notice").await;
    let desk = format!("/api/v1/notices/campaigns/{c}");
    let draft = ok(
        api,
        "PUT",
        &format!("{desk}/draft"),
        &office,
        Some(json!({
            "issuing_organ": "青岛市文明办", "doc_number": "青文明办〔2022〕28号",
            "issued_on": "2022-11-10", "title": "2022年度学雷锋志愿服务先进典型拟表彰对象公示",
            "body": "公示时间：[start]至[end]。", "window_starts_on": "2022-12-05",
            "working_days": 5, "version": 0,
        })),
    )
    .await;
    let notice = ok(
        api,
        "POST",
        &format!("{desk}/publish"),
        &office,
        Some(json!({"version": draft["version"]})),
    )
    .await;
    assert_eq!(notice["window_ends_on"], "2022-12-09");
    let notice_id = id_of(&notice);

    // 6 December: someone objects to 王秀珍 in real name; the office investigates and upholds
    // it, and the corrected notice no longer lists her.
    let day2 = app.on_day(time::macros::date!(2022 - 12 - 06)).await;
    let receipt = ok(
        &day2,
        "POST",
        &format!("/api/v1/notices/{notice_id}/objections"),
        "",
        Some(json!({
            "nominee": ids["王秀珍"], "text": "该同志申报的志愿服务时长与平台记录不符，另有他人代报情况。",
            "filer_name": "李实名", "filer_unit": "延川路社区居民", "filer_contact": "13712345678",
        })),
    )
    .await;
    let queue = ok(&day2, "GET", &format!("{desk}/objections"), &office, None).await;
    let objection = queue[0].clone();
    assert_eq!(objection["receipt_code"], receipt["receipt_code"]);
    let noted = ok(
        &day2,
        "POST",
        &format!("/api/v1/objections/{}/notes", id_of(&objection)),
        &office,
        Some(json!({"note": "已调取平台记录核实", "version": objection["version"]})),
    )
    .await;
    ok(
        &day2,
        "POST",
        &format!("/api/v1/objections/{}/outcome", id_of(&objection)),
        &office,
        Some(json!({
            "outcome": "upheld", "reason": "经核实，服务时长与平台记录不符。",
            "correct": true, "version": noted["version"],
        })),
    )
    .await;
    let status = ok(
        &day2,
        "GET",
        &format!(
            "/api/v1/objections/status?code={}",
            receipt["receipt_code"].as_str().unwrap_or_default()
        ),
        "",
        None,
    )
    .await;
    assert_eq!(status["status"], "upheld");

    // 15 December: the window has closed; the office confirms the final list.
    let day3 = app.on_day(time::macros::date!(2022 - 12 - 15)).await;
    let now = ok(&day3, "GET", &campaign_path, &office, None).await;
    ok(
        &day3,
        "POST",
        &format!("{campaign_path}/advance"),
        &office,
        Some(json!({"version": now["version"]})),
    )
    .await;
    let final_list = format!("{desk}/final-list");
    let view = ok(&day3, "GET", &final_list, &office, None).await;
    assert!(view["blocked"].is_null(), "{view}");
    let mut form = view["form"].clone();
    form["title"] = json!("2022年度学雷锋志愿服务先进典型名单");
    let list = ok(&day3, "POST", &final_list, &office, Some(form)).await;
    assert_eq!(list["status"], "published");

    // The published list, read by anyone, is Licang's list exactly; so is Licang's page.
    let expected: Vec<(String, Vec<String>)> = LICANG
        .iter()
        .map(|(heading, lines)| {
            (
                (*heading).to_owned(),
                lines.iter().map(|l| (*l).to_owned()).collect(),
            )
        })
        .collect();
    let published = ok(
        &day3,
        "GET",
        &format!("/api/v1/documents/{}", id_of(&list)),
        "",
        None,
    )
    .await;
    let read: Vec<(String, Vec<String>)> = published["content"]["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .map(|section| {
            let lines = section["entries"]
                .as_array()
                .expect("entries")
                .iter()
                .map(|e| {
                    laurel::domain::names::line_of(
                        e["name"].as_str().unwrap_or_default(),
                        e["affiliation"].as_str().unwrap_or_default(),
                    )
                })
                .collect();
            (
                section["name"].as_str().unwrap_or_default().to_owned(),
                lines,
            )
        })
        .collect();
    assert_eq!(read, expected);
    let honors = ok(
        &day3,
        "GET",
        &format!("/api/v1/honors/units/{}", units["李沧区"]),
        "",
        None,
    )
    .await;
    let read: Vec<(String, Vec<String>)> = honors["lists"][0]["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap_or_default().to_owned(),
                s["lines"]
                    .as_array()
                    .expect("lines")
                    .iter()
                    .map(|l| l["line"].as_str().unwrap_or_default().to_owned())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(read, expected);
}
