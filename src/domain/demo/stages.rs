//! The city's campaigns in progress around today, one in each stage a new user should see
//! after recommendation: the office's review (one nomination waiting at the office, one returned
//! to its unit with the reason), expert evaluation (a panel part of the way through its score
//! sheets), public notice (its window open today, one objection received) and the final list
//! (the window closed, an objection decided, the list to be confirmed). Each is replayed through
//! its stages on days of its own timeline; the nominees are in `stage_nominees`.

use std::collections::HashMap;

use time::Date;

use super::{
    Timeline, advance_to, campaign_input,
    chain::{self, Days},
    days_from, evaluation,
    evaluation::Progress,
    experts, internal,
    nominees::Nominee,
    stage_nominees::{EVALUATION, FINAL_LIST, NOTICE, REVIEW},
};
use crate::{
    App,
    domain::{
        actor::Actor,
        campaigns,
        ids::{CampaignId, DocumentId, ObjectionId},
        notices, review, stages,
        workflow::Transition,
    },
    entity::{campaign::StageKind, document, nomination},
    error::AppResult,
    i18n::Lang,
};

// The titles of the campaigns in progress; `{year}` is the year their recommendation opened.
/// The campaign in the office's review.
pub(super) const REVIEW_TITLE: &str = "{year}年青岛市学雷锋志愿服务“四个100”先进典型";
/// The campaign in expert evaluation.
pub(super) const EVALUATION_TITLE: &str = "{year}年度青岛市新时代文明实践志愿服务先进典型";
/// The campaign on public notice.
pub(super) const NOTICE_TITLE: &str = "{year}年度青岛市“邻里守望”志愿服务先进典型";
/// The campaign waiting for its final list.
pub(super) const FINAL_LIST_TITLE: &str = "{year}年度青岛市“关爱山川河流”志愿服务先进典型";

/// Why the office returns 赵丽华's nomination in the campaign in review.
pub(super) const RETURN_REASON: &str =
    "请补充近三年参加志愿服务的证明材料（全国志愿服务信息系统记录截图），并核对服务时长。";

/// A campaign carried to the office's review, and what it holds.
struct Loaded {
    id: CampaignId,
    title: String,
    timeline: Timeline,
    /// The nominations, in the order of their nominees' table.
    made: Vec<nomination::Model>,
}

/// Creates a campaign of the city titled after `title` with its dates `days` from today (see
/// [`Timeline::around`]), opens it, and has every nominee submitted and recommended up its
/// chain on days inside the window; then moves it to the office's review.
async fn to_review(
    app: &App,
    admin: &Actor,
    actors: &HashMap<&'static str, Actor>,
    title: &str,
    days: [i64; 8],
    nominees: &[Nominee],
) -> AppResult<Loaded> {
    let timeline = Timeline::around(app.config.today(), days)?;
    let title = title.replace("{year}", &timeline.opens.year().to_string());
    let created =
        campaigns::create_campaign(&app.db, admin, &campaign_input(&title, &timeline)).await?;
    let id = CampaignId(created.id);
    advance_to(app, admin, id, StageKind::Recommendation).await?;
    // Submitted five days before the deadline; each level recommends two days before its own.
    let days = Days {
        submitted: days_from(timeline.submit, -5)?,
        streets: days_from(timeline.streets, -2)?,
        districts: days_from(timeline.districts, -2)?,
    };
    let nominees: Vec<&Nominee> = nominees.iter().collect();
    let mut made = chain::submit_all(app, actors, id, &nominees, days.submitted).await?;
    chain::recommend_all(app, actors, &mut made, days, &[]).await?;
    advance_to(app, admin, id, StageKind::Review).await?;
    Ok(Loaded {
        id,
        title,
        timeline,
        made,
    })
}

/// The office's decision on one nomination at the office, on `day`.
async fn decide(
    app: &App,
    admin: &Actor,
    nomination: &nomination::Model,
    transition: Transition,
    reason: &str,
    day: Date,
) -> AppResult<nomination::Model> {
    review::transition(
        app,
        admin,
        nomination.id.into(),
        transition,
        nomination.version,
        reason,
        day,
    )
    .await
}

/// Every nomination found eligible five days before review closes; the campaign moves on to
/// evaluation.
async fn all_eligible(app: &App, admin: &Actor, loaded: &Loaded) -> AppResult<()> {
    let day = days_from(loaded.timeline.review, -5)?;
    for nomination in &loaded.made {
        decide(app, admin, nomination, Transition::MarkEligible, "", day).await?;
    }
    advance_to(app, admin, loaded.id, StageKind::Evaluation).await
}

/// Publishes the campaign's notice from `starts` for five working days, as `doc_number`.
async fn publish_notice(
    app: &App,
    admin: &Actor,
    id: CampaignId,
    starts: Date,
    doc_number: String,
) -> AppResult<document::Model> {
    advance_to(app, admin, id, StageKind::Notice).await?;
    let campaign = campaigns::get_any(&app.db, id).await?.0;
    let life = stages::load(&app.db, &campaign).await?;
    let mut notice = notices::DocumentInput::blank_notice(&campaign, &life, Lang::ZhCn);
    notice.doc_number = doc_number;
    notice.issued_on = starts.to_string();
    notice.window_starts_on = starts.to_string();
    let draft = notices::save_notice(&app.db, admin, id, &notice).await?;
    notices::publish_notice(&app.db, &app.signer, admin, id, draft.version).await
}

/// Someone files an objection in their real name against `nominee` of `notice` on `day`.
async fn object(
    app: &App,
    notice: &document::Model,
    nominee: &nomination::Model,
    filer: (&str, &str, &str),
    text: &str,
    day: Date,
) -> AppResult<crate::entity::objection::Model> {
    let (name, unit, phone) = filer;
    let input = notices::ObjectionInput {
        nominee: nominee.id.to_string(),
        text: text.into(),
        filer_name: name.into(),
        filer_unit: unit.into(),
        filer_contact: phone.into(),
    };
    // An address of the documentation range: the demo's filers have none of their own.
    let ip = Some("192.0.2.10");
    notices::file_objection(app, DocumentId(notice.id), &input, None, ip, day).await
}

/// Loads the four campaigns in progress. Returns how many nominations they hold.
pub(super) async fn load(
    app: &App,
    admin: &Actor,
    actors: &HashMap<&'static str, Actor>,
) -> AppResult<usize> {
    in_review(app, admin, actors).await?;
    in_evaluation(app, admin, actors).await?;
    on_notice(app, admin, actors).await?;
    awaiting_final_list(app, admin, actors).await?;
    Ok(REVIEW.len() + EVALUATION.len() + NOTICE.len() + FINAL_LIST.len())
}

/// Review closes in ten days: 刘志强 was found eligible three days ago, the project of 太平角社区
/// waits at the office, and 赵丽华's nomination was returned to 北山社区 two days ago.
async fn in_review(
    app: &App,
    admin: &Actor,
    actors: &HashMap<&'static str, Actor>,
) -> AppResult<()> {
    let loaded = to_review(
        app,
        admin,
        actors,
        REVIEW_TITLE,
        [-45, -20, -15, -10, 10, 20, 25, 35],
        &REVIEW,
    )
    .await?;
    let today = app.config.today();
    let [eligible, _waiting, returned] = loaded.made.as_slice() else {
        return Err(internal("the campaign in review holds three nominations"));
    };
    let day = days_from(today, -3)?;
    decide(app, admin, eligible, Transition::MarkEligible, "", day).await?;
    let day = days_from(today, -2)?;
    decide(
        app,
        admin,
        returned,
        Transition::ReturnForRevision,
        RETURN_REASON,
        day,
    )
    .await?;
    Ok(())
}

/// Scoring closes in a week: three experts have submitted their sheets, the fourth has saved
/// drafts, the fifth has not started.
async fn in_evaluation(
    app: &App,
    admin: &Actor,
    actors: &HashMap<&'static str, Actor>,
) -> AppResult<()> {
    let loaded = to_review(
        app,
        admin,
        actors,
        EVALUATION_TITLE,
        [-75, -50, -45, -40, -25, 7, 15, 25],
        &EVALUATION,
    )
    .await?;
    all_eligible(app, admin, &loaded).await?;
    let experts = experts(actors)?;
    let panel = format!("{}评审委员会", loaded.title);
    evaluation::form_panel(app, admin, loaded.id, &panel, &experts).await?;
    let progress = [
        Progress::Submitted,
        Progress::Submitted,
        Progress::Submitted,
        Progress::Drafted,
        Progress::NotStarted,
    ];
    let sheets: Vec<(&Actor, Progress)> = experts.iter().copied().zip(progress).collect();
    let favoured: Vec<&str> = EVALUATION.iter().take(2).map(|n| n.name).collect();
    let day = days_from(app.config.today(), -2)?;
    evaluation::score(app, loaded.id, &loaded.title, &sheets, &favoured, day).await
}

/// A campaign taken from its call to a published notice: nominated, reviewed, every
/// nomination found eligible, scored with the first `favoured` ahead, and its shortlist on
/// notice under document number `number` (`{year}` is the notice's year).
async fn to_notice(
    app: &App,
    admin: &Actor,
    actors: &HashMap<&'static str, Actor>,
    (title, days, nominees): (&str, [i64; 8], &[Nominee]),
    favoured: usize,
    number: &str,
) -> AppResult<(Loaded, document::Model)> {
    let loaded = to_review(app, admin, actors, title, days, nominees).await?;
    all_eligible(app, admin, &loaded).await?;
    let favoured: Vec<&str> = nominees.iter().take(favoured).map(|n| n.name).collect();
    let experts = experts(actors)?;
    let day = days_from(
        loaded.timeline.evaluation.unwrap_or(loaded.timeline.review),
        -3,
    )?;
    evaluation::evaluate(
        app,
        admin,
        loaded.id,
        &loaded.title,
        &favoured,
        &experts,
        day,
    )
    .await?;
    let starts = loaded.timeline.notice;
    let number = number.replace("{year}", &starts.year().to_string());
    let notice = publish_notice(app, admin, loaded.id, starts, number).await?;
    Ok((loaded, notice))
}

/// The notice went up two days ago for five working days; yesterday a resident objected to
/// 张秀英, and the office has not yet decided.
async fn on_notice(
    app: &App,
    admin: &Actor,
    actors: &HashMap<&'static str, Actor>,
) -> AppResult<()> {
    let days = [-100, -75, -70, -65, -45, -20, -2, 14];
    let (loaded, notice) = to_notice(
        app,
        admin,
        actors,
        (NOTICE_TITLE, days, &NOTICE),
        3,
        "青文明办〔{year}〕21号",
    )
    .await?;
    let today = app.config.today();
    object(
        app,
        &notice,
        loaded
            .made
            .first()
            .ok_or_else(|| internal("the campaign on notice holds no nomination"))?,
        ("王建民", "青岛市李沧区李村街道居民", "13963900101"),
        "反映该同志事迹材料中所列部分帮扶活动的时间与实际不符，请予核实。",
        days_from(today, -1)?,
    )
    .await?;
    Ok(())
}

/// The notice's window closed two weeks ago; the one objection was investigated and dismissed.
/// The office may now confirm the final list.
async fn awaiting_final_list(
    app: &App,
    admin: &Actor,
    actors: &HashMap<&'static str, Actor>,
) -> AppResult<()> {
    let days = [-130, -105, -100, -95, -75, -45, -21, 3];
    let (loaded, notice) = to_notice(
        app,
        admin,
        actors,
        (FINAL_LIST_TITLE, days, &FINAL_LIST),
        2,
        "青文明办〔{year}〕18号",
    )
    .await?;
    let filed = object(
        app,
        &notice,
        loaded
            .made
            .get(1)
            .ok_or_else(|| internal("the campaign's project is missing"))?,
        ("陈立群", "青岛市李沧区世园街道居民", "13963900102"),
        "该项目部分巡河活动由学校统一组织，是否属于志愿服务项目，请核实。",
        days_from(loaded.timeline.notice, 2)?,
    )
    .await?;
    let outcome = notices::OutcomeInput {
        outcome: "dismissed".into(),
        reason: "经核实，该项目巡河活动均由志愿者自愿报名参加，并在全国志愿服务信息系统登记，异议不成立。"
            .into(),
        correct: false,
        version: filed.version,
    };
    notices::decide(
        &app.db,
        &app.signer,
        admin,
        ObjectionId(filed.id),
        &outcome,
        Lang::ZhCn,
    )
    .await?;
    advance_to(app, admin, loaded.id, StageKind::FinalList).await
}
