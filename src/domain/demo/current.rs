//! The campaign of the current year, open today: what a new user tries first.

use std::collections::HashMap;

use time::macros::date;

use super::{
    Timeline, actor_of, advance_to, campaign_input, category_id,
    nominees::{Nominee, Person, nomination_input},
};
use crate::{
    App,
    domain::{actor::Actor, campaigns, ids::CampaignId, nominations},
    entity::campaign::StageKind,
    error::AppResult,
};

/// The current campaign's nominations: whether to submit it, and the nominee. Drafts by
/// 南山社区 and 北山社区 show the editing flow; the submitted one shows the read-only view.
pub(super) const CURRENT: [(bool, Nominee); 3] = [
    (
        false,
        Nominee {
            category: "volunteer",
            by: "nanshan",
            name: "刘桂芳",
            affiliation: "青岛市李沧区李村街道南山社区“夕阳红”志愿服务队队员",
            phone: "13863901013",
            person: Some(Person {
                male: false,
                born: date!(1958 - 08 - 23),
                seq: 62,
                hours: 980,
            }),
            founded_on: None,
            members: None,
            contact: "",
            summary: "坚持为社区独居老人义务送餐五年，每天中午把热饭送到十余户老人家中，顺带陪老人聊天、检查水电安全，累计送餐一万余份；发现老人突发疾病两次，及时联系救治。",
            full: "刘桂芳是南山社区“夕阳红”志愿服务队的一名队员。五年前，她得知社区几位独居老人做饭困难，便主动承担起送餐任务。\n\n\
                   每天中午，她把社区助老食堂的热饭送到十余户老人家中，顺带陪老人聊聊天、查看水电燃气是否安全，累计送餐一万余份。\n\n\
                   她曾两次发现老人突发疾病，第一时间拨打急救电话并联系家属，为救治赢得了时间。",
        },
    ),
    (
        false,
        Nominee {
            category: "organization",
            by: "beishan",
            name: "青岛市李沧区李村街道北山社区“邻里守望”志愿服务队",
            affiliation: "",
            phone: "13863901014",
            person: None,
            founded_on: Some(date!(2016 - 11 - 01)),
            members: Some(64),
            contact: "高志强",
            summary: "由社区党员和热心居民组成，以楼院为单元开展邻里守望、夜间巡逻、矛盾调解和便民维修，六年来调解邻里纠纷一百三十余起，巡逻时长累计两万余小时。",
            full: "“邻里守望”志愿服务队成立于2016年，现有队员六十四名，以社区党员和热心居民为骨干，按楼院划分守望小组。\n\n\
                   队员每晚轮流巡逻，排查安全隐患，协助物业处理突发情况；设立楼院调解点，六年来调解邻里纠纷一百三十余起。\n\n\
                   服务队还组织便民维修、义务理发等活动，让“远亲不如近邻”在北山社区成为现实。",
        },
    ),
    (
        true,
        Nominee {
            category: "volunteer",
            by: "yanchuan",
            name: "杨帆",
            affiliation: "青岛市李沧区九水街道延川路社区网格员",
            phone: "13863901015",
            person: Some(Person {
                male: true,
                born: date!(1990 - 04 - 02),
                seq: 157,
                hours: 420,
            }),
            founded_on: None,
            members: None,
            contact: "",
            summary: "工作之余组建青年志愿者小组，为网格内八十余户老人开展代购代办、智能手机教学和家电维修，发动辖区大学生开展“四点半课堂”，两年来志愿服务四百余小时。",
            full: "杨帆是延川路社区的一名网格员。在走访中，他发现网格内不少老人生活上有困难，便利用业余时间组建青年志愿者小组。\n\n\
                   小组为网格内八十余户老人开展代购代办、智能手机教学和小家电维修；他还发动辖区大学生开设“四点半课堂”，为双职工家庭的孩子辅导功课。\n\n\
                   两年来，他累计志愿服务四百余小时，被居民亲切地称为“小杨管家”。",
        },
    ),
];

/// The campaign of the current year, open today: two drafts and one submitted nomination.
/// Returns how many nominations it holds.
pub(super) async fn load_current_campaign(
    app: &App,
    admin: &Actor,
    actors: &HashMap<&'static str, Actor>,
) -> AppResult<usize> {
    // Opened a week ago; submissions close in a month.
    let timeline = Timeline::around(app.config.today(), [-7, 30, 34, 38, 45, 48, 50, 60])?;
    let title = format!("{}年度学雷锋志愿服务先进典型", timeline.opens.year());
    let input = campaign_input(&title, &timeline);
    let created = campaigns::create_campaign(&app.db, admin, &input).await?;
    let id = CampaignId(created.id);
    advance_to(app, admin, id, StageKind::Recommendation).await?;
    let categories = campaigns::categories_of(&app.db, id).await?;
    for (submit, nominee) in &CURRENT {
        let category = category_id(&categories, nominee.category)?;
        let input = nomination_input(nominee)?;
        let actor = actor_of(actors, nominee.by)?;
        let draft = nominations::create_draft(app, actor, id, category, &input).await?;
        if *submit {
            crate::domain::review::submit(app, actor, draft.id.into(), draft.version).await?;
        }
    }
    Ok(CURRENT.len())
}
