//! A whole campaign in a real browser (headless Chromium through ChromeDriver) against the real
//! server, on a fresh database, as one story: the office sets the campaign up, two communities
//! nominate, the street and the district recommend, the office reviews, five reviewers score
//! blind, the office fixes the shortlist and publishes the notice, a citizen objects, the office
//! dismisses it, the window closes and the office confirms and downloads the final list. Every
//! step is done through the pages, in zh-CN, and checked as the person doing it sees it; only
//! the standard units and accounts (`TestApp::world`) are made beforehand. Needs Debian's
//! chromium and chromium-driver, which .ci/run installs; run by hand with
//! `cargo test --test browser -- --ignored`.

use std::process::Child;

use laurel::domain::stages::StageKind;

use crate::{driver::Browser, helpers::*};

const TITLE: &str = "2026年度最美志愿者推选";
const CATEGORY: &str = "最美志愿者";

/// One nominee as the community's clerk types them in.
struct Nominee {
    name: &'static str,
    affiliation: &'static str,
    gender: &'static str,
    birth_date: &'static str,
    /// The ID number without its check digit.
    id_stem: &'static str,
    phone: &'static str,
    hours: &'static str,
}

/// Nominated by 北山社区 (under 李村街道), with a photo; the reviewers score it highest.
const WANG: Nominee = Nominee {
    name: "王志愿",
    affiliation: "北山社区志愿服务队队长",
    gender: "male",
    birth_date: "1980-05-17",
    id_stem: "37021319800517123",
    phone: "13900001111",
    hours: "120",
};

/// Nominated by 延川路社区 (under 九水街道), without an attachment; returned for revision once.
const LI: Nominee = Nominee {
    name: "李热心",
    affiliation: "延川路社区楼组长",
    gender: "female",
    birth_date: "1985-03-12",
    id_stem: "37021319850312246",
    phone: "13900002222",
    hours: "60",
};

/// The five reviewers the office enrols: user name and display name.
const JUDGES: [(&str, &str); 5] = [
    ("judge0", "评委0"),
    ("judge1", "评委1"),
    ("judge2", "评委2"),
    ("judge3", "评委3"),
    ("judge4", "评委4"),
];

/// The `laurel` binary, stopped when the test ends, also when it fails.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(app: &TestApp, port: u16, env: &[(&str, &str)]) -> Server {
        Server {
            child: serve_with(app, port, env),
            port,
        }
    }

    /// Stops it and starts it again on the same port and database, with `env`.
    fn restart(&mut self, app: &TestApp, env: &[(&str, &str)]) {
        self.stop();
        self.child = serve_with(app, self.port, env);
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

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

/// The flash message the page shows.
fn flash(browser: &Browser) -> String {
    browser.text(".flash")
}

/// The target of the link on this page whose text is exactly `text`.
fn href_of(browser: &Browser, text: &str) -> String {
    let source = browser.source();
    source
        .split("<a ")
        .skip(1)
        .find_map(|tag| {
            let (attributes, rest) = tag.split_once('>')?;
            let (inner, _) = rest.split_once("</a>")?;
            if inner.trim() != text {
                return None;
            }
            let href = attributes.split("href=\"").nth(1)?.split('"').next()?;
            Some(href.replace("&amp;", "&"))
        })
        .unwrap_or_else(|| panic!("no link “{text}” on {}", browser.path()))
}

/// Follows the link whose text is exactly `text`; the path it leads to.
fn follow(browser: &Browser, text: &str) -> String {
    let href = href_of(browser, text);
    browser.submit(&format!("a[href='{href}']"));
    browser.wait_path(&href)
}

/// Ticks the checkbox whose label reads `label` (its input is inside the label).
fn tick(browser: &Browser, label: &str) {
    let source = browser.source();
    let (name, value) = source
        .split("<label>")
        .skip(1)
        .find_map(|block| {
            let (block, _) = block.split_once("</label>")?;
            let (input, text) = block.split_once('>')?;
            if text.trim() != label {
                return None;
            }
            let attribute = |key: &str| {
                input
                    .split(&format!("{key}=\""))
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                    .map(str::to_owned)
            };
            Some((attribute("name")?, attribute("value")?))
        })
        .unwrap_or_else(|| panic!("no checkbox “{label}” on {}", browser.path()));
    browser.click(&format!("input[name='{name}'][value='{value}']"));
}

/// Chooses the option of the `<select id=…>` whose text (without the tree's “— ” indents) is
/// `text`.
fn choose(browser: &Browser, select_id: &str, text: &str) {
    let source = browser.source();
    let value = source
        .split(&format!("<select id=\"{select_id}\""))
        .nth(1)
        .and_then(|rest| rest.split("</select>").next())
        .and_then(|options| {
            options.split("<option ").skip(1).find_map(|option| {
                let (attributes, rest) = option.split_once('>')?;
                let (label, _) = rest.split_once("</option>")?;
                if label.trim().trim_start_matches("— ").trim() != text {
                    return None;
                }
                attributes
                    .split("value=\"")
                    .nth(1)?
                    .split('"')
                    .next()
                    .map(str::to_owned)
            })
        })
        .unwrap_or_else(|| panic!("no option “{text}” in #{select_id} on {}", browser.path()));
    browser.click(&format!("#{select_id} option[value='{value}']"));
}

/// The line of the page's text that holds all of `parts`.
fn line_with(text: &str, parts: &[&str]) -> String {
    text.lines()
        .find(|line| parts.iter().all(|p| line.contains(p)))
        .unwrap_or_else(|| panic!("no line with {parts:?} in:\n{text}"))
        .to_owned()
}

/// The inbox's line of the campaign's volunteer quota: used / places.
fn quota_line(inbox: &str) -> String {
    line_with(inbox, &[&format!("{TITLE} {CATEGORY} ")])
}

/// What the nomination page says of its state: the status badge and where it is held.
fn state(browser: &Browser) -> String {
    browser.text("h1 + p, .page-head + p")
}

/// The office sets up this year's campaign — the volunteer category with two places, two per
/// unit and five reviewers per nomination — and opens it. Returns its path.
fn the_office_sets_up_the_campaign(browser: &Browser, today: time::Date) -> String {
    sign_in(browser, "office");
    browser.open("/campaigns/new");
    browser.fill("#f-title", TITLE);
    browser.fill("#f-organizer", "青岛市李沧区文明办");
    browser.fill("#f-description", "面向全区推选最美志愿者。");
    for (field, days) in [
        ("nomination_opens_on", 0),
        ("nomination_closes_on", 20),
        ("street_closes_on", 23),
        ("district_closes_on", 25),
        ("review_closes_on", 30),
        ("notice_starts_on", 35),
        ("announced_on", 45),
    ] {
        let day = today + time::Duration::days(days);
        browser.set_value(&format!("#f-{field}"), &day.to_string());
    }
    assert_eq!(
        browser.attribute("input[name='categories[0].key']", "value"),
        "volunteer"
    );
    assert_eq!(
        browser.attribute("input[name='categories[0].name']", "value"),
        CATEGORY
    );
    for (field, value) in [
        ("quota", "2"),
        ("unit_quota", "2"),
        ("reviewers_per_nomination", "5"),
    ] {
        browser.fill(&format!("input[name='categories[0].{field}']"), value);
    }
    browser.submit("form.stacked button[type=submit]");
    assert!(flash(browser).contains("已保存"), "created");
    let campaign_path = browser.wait_path("/campaigns/");
    assert_eq!(browser.text(".next-step .badge"), zh("stage-draft"));
    let categories = browser.page_text();
    assert!(
        line_with(&categories, &[CATEGORY, "个人"]).contains("2 2 20"),
        "quota and unit quota as set: {categories}"
    );
    // Published (the call), then open for nominations: two next steps.
    the_office_moves_on(browser, &campaign_path, StageKind::Call);
    let open = the_office_moves_on(browser, &campaign_path, StageKind::Recommendation);
    assert!(
        open.contains(&zh("stage-open-none")),
        "nothing left open: {open}"
    );
    sign_out(browser);
    campaign_path
}

/// The class of the office's checklist line that reads `text`: `check-ok` or `check-fail`.
fn check_line(browser: &Browser, text: &str) -> String {
    let source = browser.source();
    let list = source.split("id=\"checklist\"").nth(1).unwrap_or_default();
    list.split("<li class=\"")
        .skip(1)
        .find(|line| {
            line.split("</li>")
                .next()
                .unwrap_or_default()
                .contains(text)
        })
        .map(|line| line.split([' ', '"']).next().unwrap_or_default().to_owned())
        .unwrap_or_else(|| panic!("no checklist line {text}"))
}

/// A catalogue text in zh-CN, as the pages show it.
fn zh(key: &str) -> String {
    laurel::i18n::t(laurel::i18n::Lang::ZhCn, key)
}

/// The office moves the campaign on with its stage bar's one next step: the confirmation lists
/// what the stage leaves open, and afterwards the bar marks the new stage. The office is signed
/// in. Returns what the confirmation listed.
fn the_office_moves_on(browser: &Browser, campaign_path: &str, to: StageKind) -> String {
    browser.open(campaign_path);
    let next = format!("{campaign_path}/advance");
    assert!(
        browser
            .text(&format!("a[href='{next}']"))
            .contains(&zh(&format!("stage-{}", to.name()))),
        "the next step names {to:?}"
    );
    browser.submit(&format!("a[href='{next}']"));
    browser.wait_path(&next);
    let open = browser.text("main .card");
    browser.submit(&format!("form[action='{next}'] button[type=submit]"));
    assert_eq!(flash(browser), zh("flash-stage-advanced"));
    assert_eq!(
        browser.text(".next-step .badge"),
        zh(&format!("stage-{}", to.name()))
    );
    assert!(
        browser
            .text(".stage-bar [aria-current]")
            .contains(&zh(&format!("stage-short-{}", to.name()))),
        "the bar marks {to:?}"
    );
    open
}

/// A community's clerk nominates from the dashboard, optionally attaches a photo, and submits.
/// Returns the volunteer category's id, as the dashboard's link carries it.
fn a_community_nominates(
    browser: &Browser,
    clerk: &str,
    campaign_id: &str,
    who: &Nominee,
    photo: Option<&std::path::Path>,
    street: &str,
) -> String {
    sign_in(browser, clerk);
    let card = browser.page_text();
    assert!(
        card.contains(TITLE)
            && card.contains(&format!(
                "{}{}{CATEGORY}",
                zh("dashboard-new-nomination"),
                zh("colon")
            )),
        "the open campaign on the dashboard: {card}"
    );
    // The campaign's first category is the volunteer one.
    let link = format!("a[href^='/nominations/new?campaign={campaign_id}&']");
    let href = browser.attribute(&link, "href");
    let category_id = href
        .split("category=")
        .nth(1)
        .expect("a category")
        .to_owned();
    browser.submit(&link);
    assert!(
        browser
            .text("h1 + p")
            .contains(&format!("{TITLE} · {CATEGORY}")),
        "the form says what it is for"
    );
    browser.fill("#f-nominee_name", who.name);
    browser.fill("#f-affiliation", who.affiliation);
    browser.fill("#f-deeds_summary", "十年如一日为社区老人义务服务。");
    browser.click(&format!("#f-gender option[value={}]", who.gender));
    browser.set_value("#f-birth_date", who.birth_date);
    let id = laurel::domain::values::IdNumber::with_check_digit(who.id_stem).expect("id");
    browser.fill("#f-id_number", &id);
    browser.fill("#f-phone", who.phone);
    browser.fill("#f-volunteer_hours", who.hours);
    // What the category's eligibility rules need: years of service, registration.
    browser.set_value("#f-active_since", "2016-04-01");
    browser.click("#f-registered option[value=yes]");
    browser.fill("#f-deeds_full", "详细事迹。");
    browser.submit("form.stacked button[type=submit]");
    assert!(flash(browser).contains("草稿已保存"));
    let path = browser.wait_path("/nominations/");
    assert!(!path.contains("new"), "saved as a draft: {path}");
    assert!(state(browser).contains("草稿"), "a draft");
    if let Some(photo) = photo {
        browser.fill("#f-file", &photo.display().to_string());
        browser.submit("form[enctype='multipart/form-data'] button[type=submit]");
        assert!(flash(browser).contains("附件已上传"));
        let name = photo.file_name().expect("a name").to_string_lossy();
        assert!(browser.page_text().contains(&*name), "attached");
    }
    let id = path.trim_start_matches("/nominations/");
    browser.submit(&format!(
        "form[action='/review/{id}/submit'] button[type=submit]"
    ));
    // Back on the list, told where it went.
    assert_eq!(browser.path(), "/nominations", "back on the list");
    assert_eq!(
        flash(browser),
        laurel::i18n::translate(
            laurel::i18n::Lang::ZhCn,
            "flash-decided-submit",
            &[("name", who.name.into()), ("to", street.into())]
        )
    );
    browser.open(&path);
    let now = state(browser);
    assert!(
        now.contains("待上级推荐") && now.contains(&format!("当前在：{street}")),
        "waiting at the street: {now}"
    );
    sign_out(browser);
    category_id
}

/// A unit's recommender finds `names` in the inbox and recommends each; the quota line of the
/// campaign's volunteer category reads `before` first and `after` at the end.
fn a_unit_recommends(
    browser: &Browser,
    recommender: &str,
    names: &[&str],
    then: &str,
    before: &str,
    after: &str,
) {
    sign_in(browser, recommender);
    browser.submit("a[href='/review/inbox']");
    let inbox = browser.page_text();
    assert!(
        quota_line(&inbox).ends_with(before),
        "{recommender} has used {before} of the quota: {inbox}"
    );
    for name in names {
        browser.open("/review/inbox");
        let path = follow(browser, name);
        let id = path.trim_start_matches("/nominations/");
        browser.click("input[name=decision][value=recommend]");
        browser.submit(&format!("form[action='/review/{id}'] button[type=submit]"));
        browser.wait_path("/review/inbox");
        assert!(flash(browser).contains(name), "told about {name}");
        browser.open(&path);
        let now = state(browser);
        assert!(now.contains(then), "{name} is now {then}: {now}");
    }
    browser.open("/review/inbox");
    let inbox = browser.page_text();
    for name in names {
        assert!(!inbox.contains(name), "{name} left {recommender}'s inbox");
    }
    assert!(
        quota_line(&inbox).ends_with(after),
        "{recommender} has used {after} of the quota: {inbox}"
    );
    sign_out(browser);
}

/// The office reviews both: returns 李热心 for revision, the community completes and resubmits
/// it, and the office marks both eligible from its queue.
fn the_office_reviews(browser: &Browser, campaign_path: &str) {
    sign_in(browser, "office");
    // Recommendation is over: both reached the office, nothing is left open.
    let open = the_office_moves_on(browser, campaign_path, StageKind::Review);
    assert!(open.contains(&zh("stage-open-none")), "{open}");
    browser.open("/dashboard");
    browser.submit("a[href='/review/office']");
    let queue = browser.page_text();
    assert!(
        queue.contains(WANG.name) && queue.contains(LI.name),
        "both at the office: {queue}"
    );
    // The checklist tells the photo apart from its absence.
    follow(browser, WANG.name);
    assert_eq!(
        check_line(browser, &zh("check-attachments")),
        "check-ok",
        "the photo is there"
    );
    browser.open("/review/office");
    let li_path = follow(browser, LI.name);
    assert_eq!(
        check_line(browser, &zh("check-attachments")),
        "check-fail",
        "no photo"
    );
    let id = li_path.trim_start_matches("/nominations/").to_owned();
    // One decision form: the choice, one reason.
    browser.click("input[name=decision][value=return_for_revision]");
    browser.fill("#f-reason", "请补充服务时长证明。");
    browser.submit(&format!("form[action='/review/{id}'] button[type=submit]"));
    // Back on the queue, told where it went.
    browser.wait_path("/review/office");
    assert!(flash(browser).contains(LI.name));
    browser.open(&li_path);
    assert!(state(browser).contains("退回修改"));
    sign_out(browser);

    // The clerk's to-do says it came back, with the reason; on the nomination the reason
    // stands above what the clerk can do.
    sign_in(browser, "rec_b1");
    let todo = browser.text("#todo");
    assert!(
        todo.contains(LI.name) && todo.contains("请补充服务时长证明。"),
        "the to-do: {todo}"
    );
    browser.submit(&format!("#todo a[href='{li_path}']"));
    browser.wait_path(&li_path);
    assert!(
        browser
            .text("#decision-reason")
            .contains("请补充服务时长证明。"),
        "the reason is shown"
    );
    browser.submit(&format!("a[href='{li_path}/edit']"));
    browser.fill(
        "#f-deeds_full",
        "详细事迹。服务时长证明：延川路社区志愿服务记录，累计60小时。",
    );
    browser.submit("form.stacked button[type=submit]");
    assert!(flash(browser).contains("草稿已保存"));
    browser.submit(&format!(
        "form[action='/review/{id}/resubmit'] button[type=submit]"
    ));
    assert_eq!(browser.path(), "/nominations", "back on the list");
    assert!(flash(browser).contains(LI.name));
    browser.open(&li_path);
    assert!(
        state(browser).contains("待文明办审核"),
        "back at the office"
    );
    sign_out(browser);

    sign_in(browser, "office");
    browser.open(&li_path);
    let changes = browser.page_text();
    assert!(
        changes.contains("与上一版本相比的修改") && changes.contains("累计60小时"),
        "the office sees what changed: {changes}"
    );
    browser.open("/review/office");
    for name in [WANG.name, LI.name] {
        tick_row(browser, name);
    }
    browser.submit("form[action='/review/office/eligible'] button[type=submit]");
    assert!(flash(browser).contains("所选推荐对象已标记为审核合格"));
    assert!(
        browser.page_text().contains("没有符合条件的推荐对象"),
        "the queue is empty"
    );
    browser.click("#f-status option[value=eligible]");
    browser.submit("form.filters button[type=submit]");
    let eligible = browser.page_text();
    for name in [WANG.name, LI.name] {
        assert!(
            line_with(&eligible, &[name]).contains("审核合格"),
            "{name} eligible: {eligible}"
        );
    }
    sign_out(browser);
}

/// Ticks the office queue's checkbox of the row of `name` (labelled by the nominee's name).
fn tick_row(browser: &Browser, name: &str) {
    browser.click(&format!("input[name=items][aria-label='{name}']"));
}

/// The office makes an expert pool outside the nominating tree and enrols five reviewers in it.
fn the_office_enrols_five_reviewers(browser: &Browser) {
    sign_in(browser, "office");
    browser.submit("a[href='/units']");
    choose(browser, "f-parent_id", "青岛市");
    browser.click("#f-kind option[value=department]");
    browser.fill("#f-name", "评审专家库");
    browser.submit("form[action='/units'] button[type=submit]");
    assert!(flash(browser).contains("已保存"));
    assert!(
        browser.page_text().contains("评审专家库"),
        "the pool is a unit"
    );
    for (username, display_name) in JUDGES {
        browser.open("/users");
        browser.submit("a[href='/users/new']");
        browser.fill("#f-username", username);
        browser.fill("#f-display_name", display_name);
        browser.click("#f-role option[value=reviewer]");
        choose(browser, "f-unit_id", "评审专家库");
        browser.fill("#f-password", PASSWORD);
        browser.submit("form[action='/users'] button[type=submit]");
        assert!(flash(browser).contains("已保存"), "{username} enrolled");
        let listed = line_with(&browser.page_text(), &[username, display_name]);
        assert!(
            listed.contains("评审专家") && listed.contains("评审专家库"),
            "{listed}"
        );
    }
    sign_out(browser);
}

/// The office forms the volunteer panel of the five reviewers and has them assigned. Returns
/// the panel's path.
fn the_office_forms_the_panel(
    browser: &Browser,
    campaign_id: &str,
    category_id: &str,
    judges: &[(&str, &str)],
) -> String {
    sign_in(browser, "office");
    the_office_moves_on(
        browser,
        &format!("/campaigns/{campaign_id}"),
        StageKind::Evaluation,
    );
    browser.open("/dashboard");
    browser.submit("a[href='/evaluation']");
    browser.click(&format!("#f-campaign option[value='{campaign_id}']"));
    browser.submit("form.filters button[type=submit]");
    assert!(
        browser.page_text().contains("还没有评审组"),
        "no panel yet: {}",
        browser.page_text()
    );
    browser.fill("#f-name", "最美志愿者评审组");
    browser.click(&format!("input[name=categories][value='{category_id}']"));
    for (username, display_name) in judges {
        tick(browser, &format!("{display_name} ({username})"));
    }
    browser.submit(&format!(
        "form[action='/evaluation/panels?campaign={campaign_id}'] button[type=submit]"
    ));
    assert!(flash(browser).contains("已保存"));
    let panel_path = browser.wait_path("/evaluation/panels/");
    let members = browser.page_text();
    for (_, display_name) in judges {
        assert!(members.contains(display_name), "{members}");
    }
    browser.submit("form[action$='/assign'] button[type=submit]");
    assert!(
        flash(browser).contains("新增分配 10 条"),
        "two nominations × five reviewers: {}",
        flash(browser)
    );
    // The matrix: one row per nominee, one column per reviewer; each row holds five
    // assignments not yet started, each with its way back.
    let assigned = browser.page_text();
    for name in [WANG.name, LI.name] {
        let row = assigned
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("{name}'s row: {assigned}"));
        assert_eq!(
            row.matches(&zh("sheet-status-none")).count(),
            5,
            "{name} goes to five reviewers: {row}"
        );
        assert_eq!(row.matches(&zh("matrix-unassign")).count(), 5, "{row}");
    }
    sign_out(browser);
    panel_path
}

/// Each reviewer scores both of their assignments, blind; 王志愿 highest.
fn five_reviewers_score(browser: &Browser, judges: &[(&str, &str)]) {
    let names = [WANG.name, LI.name];
    for &(username, _) in judges {
        sign_in(browser, username);
        browser.submit("a[href='/evaluation/mine']");
        let mine = browser.page_text();
        for name in names {
            assert!(
                line_with(&mine, &[name, TITLE]).contains("未开始"),
                "{username} has {name} to score: {mine}"
            );
        }
        for name in names {
            browser.open("/evaluation/mine");
            follow(browser, name);
            let page = browser.page_text();
            for (_, other) in judges.iter().filter(|(u, _)| *u != username) {
                assert!(!page.contains(other), "blind: no other reviewer shown");
            }
            for private in [WANG.phone, LI.phone, WANG.birth_date, LI.birth_date] {
                assert!(!page.contains(private), "no private data for reviewers");
            }
            if name == WANG.name {
                assert!(page.contains("laurel-e2e-"), "the photo is there to see");
            } else {
                assert!(page.contains("累计60小时"), "the revised deeds");
            }
            let this = names.iter().position(|n| *n == name).unwrap_or(0);
            let points = (10 - i32::try_from(this).unwrap_or(0) * 3).to_string();
            let fields = browser.find_all("input[id^='f-p-']");
            for field in &fields {
                browser.type_into(field, &points);
            }
            // The page's script keeps the total as the reviewer types (the default rubric
            // weighs every criterion 1).
            assert_eq!(
                browser.text("#score-total"),
                (fields.len() * points.parse::<usize>().unwrap_or(0)).to_string(),
                "the running total"
            );
            browser.click("input[name='sheet.approve'][value=yes]");
            browser.fill("#f-comment", "事迹突出。");
            browser.submit("button[name=action][value=submit]");
            assert!(flash(browser).contains("评分已提交"), "submitted");
            assert!(
                browser.text("h2 .badge").contains("已提交，已锁定"),
                "locked once submitted"
            );
        }
        browser.open("/evaluation/mine");
        let mine = browser.page_text();
        for name in names {
            assert!(
                line_with(&mine, &[name, TITLE]).contains("已提交"),
                "{mine}"
            );
        }
        sign_out(browser);
    }
}

/// The office reads the ranking from the panel and fixes the top two as the shortlist.
fn the_office_fixes_the_shortlist(
    browser: &Browser,
    campaign_path: &str,
    panel_path: &str,
    category_id: &str,
    judges: &[(&str, &str)],
) {
    sign_in(browser, "office");
    let open = the_office_moves_on(browser, campaign_path, StageKind::Shortlist);
    assert!(
        open.contains(&zh("stage-open-none")),
        "every sheet is in: {open}"
    );
    browser.open(panel_path);
    // Each reviewer's meter: the name, the bar, then the count.
    let progress = browser.text("#reviewer-progress");
    let lines: Vec<&str> = progress.lines().map(str::trim).collect();
    for (_, display_name) in judges {
        let at = lines.iter().position(|l| l == display_name);
        assert_eq!(
            at.and_then(|i| lines.get(i + 1)).copied(),
            Some("2 / 2"),
            "every sheet of {display_name} in: {progress}"
        );
    }
    let ranking_path = format!("/evaluation/categories/{category_id}/ranking");
    browser.submit(&format!("a[href='{ranking_path}']"));
    let ranking = browser.page_text();
    let first = line_with(&ranking, &[WANG.name]);
    let second = line_with(&ranking, &[LI.name]);
    assert!(
        first.starts_with('1') && second.starts_with('2'),
        "ranked by score: {ranking}"
    );
    assert!(
        first.contains("5 / 5") && second.contains("5 / 5"),
        "five sheets each"
    );
    assert!(
        ranking.find(WANG.name) < ranking.find(LI.name),
        "the first name first"
    );
    for name in [WANG.name, LI.name] {
        assert_eq!(
            browser.attribute(
                &format!("input[name=nominations][aria-label='{name}']"),
                "checked"
            ),
            "true",
            "{name} within the quota of two is ticked"
        );
    }
    browser.fill("#f-rationale", "按评审得分排名确定。");
    browser.submit(&format!(
        "form[action='/evaluation/categories/{category_id}/shortlist'] button[type=submit]"
    ));
    assert!(flash(browser).contains("入围名单已确定"));
    assert!(browser.page_text().contains("已确定入围名单"));
    sign_out(browser);
}

/// The office composes the notice from the shortlist and publishes it. Returns the notice's
/// path and the last day of its window.
fn the_office_publishes_the_notice(
    browser: &Browser,
    campaign_path: &str,
    today: time::Date,
) -> (String, String) {
    sign_in(browser, "office");
    the_office_moves_on(browser, campaign_path, StageKind::Notice);
    let desk = campaign_path.replacen("/campaigns/", "/publicity/campaigns/", 1);
    browser.submit(&format!("a[href='{desk}']"));
    let text = browser.page_text();
    assert!(
        text.contains(&format!("{} {}", WANG.name, WANG.affiliation))
            && text.contains(&format!("{} {}", LI.name, LI.affiliation))
            && text.contains("编制公示"),
        "{text}"
    );
    assert!(
        text.find(WANG.name) < text.find(LI.name),
        "in the shortlist's order"
    );
    browser.set_value("#f-window_starts_on", &today.to_string());
    browser.fill("#f-doc_number", "李沧文明办〔2026〕1号");
    browser.submit(&format!("form[action='{desk}/notice'] button[type=submit]"));
    assert!(flash(browser).contains("已保存"), "saved");
    assert!(browser.text("#window-end").contains("公示截止日期"));
    let window_end = browser.text("#window-end strong");
    browser.submit(&format!(
        "form[action='{desk}/notice/publish'] button[type=submit]"
    ));
    assert!(flash(browser).contains("公示已发布"));
    browser.submit("a[href^='/notices/']");
    let notice_path = browser.wait_path("/notices/");
    sign_out(browser);
    (notice_path, window_end)
}

/// A citizen reads the notice, objects to 王志愿 in real name, and follows it up by receipt
/// code. Returns the code.
fn a_citizen_objects(browser: &Browser, notice_path: &str) -> String {
    browser.forget_cookies();
    browser.open(notice_path);
    assert!(browser.text("h1").contains("拟表彰对象的公示"));
    let lines = browser.text(".honor-lines");
    assert!(
        lines.contains(&format!("{} {}", WANG.name, WANG.affiliation)) && lines.contains(LI.name),
        "{lines}"
    );
    let page = browser.page_text();
    for private in [WANG.phone, LI.phone, WANG.id_stem, LI.id_stem, "1980-05-17"] {
        assert!(!page.contains(private), "no private data: {private}");
    }
    browser.submit(".honor-lines li:first-child a");
    assert_eq!(
        browser.text("#f-nominee option:checked"),
        WANG.name,
        "the objection names its nominee"
    );
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
    assert!(browser.page_text().contains(WANG.name), "about 王志愿");
    code
}

/// The office investigates and dismisses the objection; the citizen sees the answer.
fn the_office_dismisses_it(browser: &Browser, campaign_path: &str, code: &str, window_end: &str) {
    let desk = campaign_path.replacen("/campaigns/", "/publicity/campaigns/", 1);
    sign_in(browser, "office");
    browser.open(&desk);
    assert!(
        browser
            .text(&format!("a[href='{desk}/objections']"))
            .contains("(1/1)"),
        "one open objection"
    );
    browser.submit(&format!("a[href='{desk}/objections']"));
    browser.submit("#objections a");
    let objection = browser.page_text();
    assert!(
        objection.contains("13712345678") && objection.contains(WANG.name),
        "the office sees the contact and the nominee: {objection}"
    );
    browser.click("input[name=outcome][value=dismissed]");
    browser.fill(
        "#f-reason",
        "经向推荐单位核实，服务时长记录属实，异议不成立。",
    );
    browser.submit("form[action$='/outcome'] button[type=submit]");
    assert!(flash(browser).contains("处理决定已记录"));
    // Within the window the final list waits, and says until when.
    browser.open(&desk);
    assert!(
        browser
            .text(&format!("a[href='{desk}/objections']"))
            .contains("(0/1)"),
        "none open"
    );
    let blocked = browser.text("#final-blocked");
    assert!(
        blocked.contains("尚未结束") && blocked.contains(window_end),
        "{blocked}"
    );
    sign_out(browser);
    browser.open(&format!("/objections/status?code={code}"));
    assert_eq!(browser.text("#objection-status"), "异议不成立");
    assert!(browser.page_text().contains("服务时长记录属实"));
}

/// After the window, the office confirms the final list, and a reader downloads it.
fn the_office_confirms_the_final_list(browser: &Browser, campaign_path: &str, port: u16) {
    let desk = campaign_path.replacen("/campaigns/", "/publicity/campaigns/", 1);
    sign_in(browser, "office");
    the_office_moves_on(browser, campaign_path, StageKind::FinalList);
    browser.open(&desk);
    browser.submit(&format!("a[href='{desk}/final-list']"));
    let proposed = browser.text(".honor-lines");
    assert!(
        proposed.contains(WANG.name) && proposed.contains(LI.name),
        "{proposed}"
    );
    browser.fill("#f-doc_number", "李沧文明办〔2026〕2号");
    browser.submit(&format!(
        "form[action='{desk}/final-list'] button[type=submit]"
    ));
    assert!(flash(browser).contains("最终名单已确认并发布"));
    browser.submit("a[href^='/lists/']");
    let list_path = browser.wait_path("/lists/");
    assert_eq!(browser.text(".honor-section h2"), CATEGORY);
    let honored = browser.text(".honor-section");
    assert!(
        honored.contains(WANG.name) && honored.contains(LI.name),
        "{honored}"
    );
    assert!(!browser.page_text().contains(WANG.phone), "no private data");
    // The reader downloads the spreadsheet the page links to: the same names, in order.
    let href = browser.attribute("a[href$='export?format=xlsx']", "href");
    let rows = xlsx_rows(&download(port, href.trim_start_matches(&browser.base)));
    let cells: Vec<&String> = rows.iter().flatten().collect();
    let at = |name: &str| cells.iter().position(|c| c.contains(name));
    assert!(
        at(WANG.name).is_some() && at(WANG.name) < at(LI.name),
        "both in the XLSX, in order: {rows:?}"
    );
    assert!(
        !cells.iter().any(|c| c.contains(WANG.phone)),
        "no private data in the public XLSX"
    );
    // The digest a reader sees is the SHA-256 of the JSON they can download.
    let digest = browser.text(".digest");
    let (status, json) =
        request(port, "GET", &format!("{list_path}/json"), "", "").expect("the JSON answers");
    assert_eq!(status, 200);
    assert_eq!(laurel::pii::sha256_hex(json.as_bytes()), digest);
    // The campaign is done: archived, and grouped with the finished ones.
    the_office_moves_on(browser, campaign_path, StageKind::Archived);
    browser.open("/campaigns");
    let listed = browser.page_text();
    let finished = listed
        .split(&zh("campaigns-group-finished"))
        .nth(1)
        .unwrap_or_default();
    assert!(finished.contains(TITLE), "{listed}");
}

/// The body of a GET, as bytes (what a browser saves to disk).
fn download(port: u16, path: &str) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("the server");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("sent");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("an answer");
    let head_end = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head")
        + 4;
    let head = String::from_utf8_lossy(&answer[..head_end]);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        "{head}"
    );
    answer.split_off(head_end)
}

#[rocket::async_test]
#[ignore = "needs chromium and chromium-driver; .ci/run installs them and runs it"]
async fn a_whole_campaign_in_the_browser() {
    let app = TestApp::new().await;
    app.world().await;
    let today = app.app().config.today();
    let port = free_port();
    let mut server = Server::start(&app, port, &[]);
    let browser = Browser::start("campaign", &format!("http://127.0.0.1:{port}"));

    let campaign_path = the_office_sets_up_the_campaign(&browser, today);
    let campaign_id = campaign_path.trim_start_matches("/campaigns/").to_owned();

    let photo = std::env::temp_dir().join(format!("laurel-e2e-{port}.png"));
    std::fs::write(&photo, b"\x89PNG\r\n\x1a\n0000").expect("a photo");
    let category_id = a_community_nominates(
        &browser,
        "rec_a1",
        &campaign_id,
        &WANG,
        Some(&photo),
        "李村街道",
    );
    let _ = std::fs::remove_file(&photo);
    a_community_nominates(&browser, "rec_b1", &campaign_id, &LI, None, "九水街道");

    a_unit_recommends(&browser, "rec_a", &[WANG.name], "李沧区", "0 / 2", "1 / 2");
    a_unit_recommends(&browser, "rec_b", &[LI.name], "李沧区", "0 / 2", "1 / 2");
    a_unit_recommends(
        &browser,
        "rec_district",
        &[WANG.name, LI.name],
        "待文明办审核",
        "0 / 2",
        "2 / 2",
    );

    the_office_reviews(&browser, &campaign_path);
    the_office_enrols_five_reviewers(&browser);
    let panel_path = the_office_forms_the_panel(&browser, &campaign_id, &category_id, &JUDGES);
    five_reviewers_score(&browser, &JUDGES);
    the_office_fixes_the_shortlist(&browser, &campaign_path, &panel_path, &category_id, &JUDGES);

    let (notice_path, window_end) =
        the_office_publishes_the_notice(&browser, &campaign_path, today);
    let code = a_citizen_objects(&browser, &notice_path);
    the_office_dismisses_it(&browser, &campaign_path, &code, &window_end);

    // The window closes: the server runs on, the day after its last day.
    let last = time::Date::parse(
        &window_end,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .unwrap_or_else(|e| panic!("the window's end {window_end}: {e}"));
    let after = (last + time::Duration::days(1)).to_string();
    server.restart(&app, &[("LAUREL_TODAY", &after)]);
    the_office_confirms_the_final_list(&browser, &campaign_path, port);
}

/// The code the server's development setting wrote to its log for the voter whose number ends
/// in `tail` (the log masks the rest).
fn code_in_log(log: &std::path::Path, tail: &str) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let found = text
            .lines()
            .rfind(|line| line.contains("laurel outbound (not sent)") && line.contains(tail))
            .and_then(|line| {
                let digits: String = line
                    .split(':')
                    .next_back()?
                    .chars()
                    .skip_while(|c| !c.is_ascii_digit())
                    .take_while(char::is_ascii_digit)
                    .collect();
                (digits.len() == 6).then_some(digits)
            });
        if let Some(code) = found {
            return code;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no code for …{tail} in the server's log:\n{text}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[rocket::async_test]
#[ignore = "needs chromium and chromium-driver; .ci/run installs them and runs it"]
async fn a_member_of_the_public_votes_once_in_the_browser() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let rules = VoteRules {
        per_day: 1,
        several: true,
        totals: true,
    };
    let ids = voting_open(&app, &world, &["赵志愿", "钱志愿"], rules).await;
    let port = free_port();
    let log = std::env::temp_dir().join(format!("laurel-vote-{port}.log"));
    // The development setting (the default): the code goes to the server's log, not a phone.
    let _server = Server {
        child: serve_logged(&app, port, &[], &log),
        port,
    };
    let browser = Browser::start("vote", &format!("http://127.0.0.1:{port}"));
    let campaign = world.campaign.id;

    // From the campaign's public page to the ballot.
    browser.open(&format!("/public/campaigns/{campaign}"));
    browser.submit(&format!("a[href='/vote/{campaign}']"));
    browser.wait_path(&format!("/vote/{campaign}"));
    let ballot = browser.page_text();
    assert!(
        ballot.contains("赵志愿") && ballot.contains("钱志愿"),
        "{ballot}"
    );
    // The phone, the code from the log, the vote.
    browser.submit("#verify-link a");
    browser.wait_path(&format!("/vote/{campaign}/verify"));
    browser.fill("#f-phone", "13812345678");
    browser.submit("form[action$='/code'] button[type=submit]");
    assert!(browser.text("#code-sent").contains(&zh("vote-code-sent")));
    let code = code_in_log(&log, "5678");
    browser.fill("#f-code", &code);
    browser.submit("form[action$='/verify'] button[type=submit]");
    browser.wait_path(&format!("/vote/{campaign}"));
    assert_eq!(flash(&browser), zh("flash-vote-verified"));
    browser.submit(&format!(
        "form[action='/vote/{campaign}/{}'] button[type=submit]",
        ids[0]
    ));
    browser.wait_path(&format!("/vote/{campaign}"));
    assert_eq!(flash(&browser), zh("flash-vote-cast"));
    // One vote a day here: no button is offered any more, and the vote is counted.
    assert!(
        browser
            .find_all(&format!("form[action^='/vote/{campaign}/'] button"))
            .is_empty()
    );
    let counted = laurel::domain::voting::count(&app.app().db, campaign)
        .await
        .expect("totals");
    assert_eq!(counted.get(&ids[0]), Some(&1));
    let _ = std::fs::remove_file(&log);
}
