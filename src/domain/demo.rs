//! The demo data set (`laurel demo`): the Licang district's 2022 campaign carried to its close
//! with the real final list of DESIGN.md, plus a campaign of the current year that is open
//! today, so that a new user can try nominating at once.
//!
//! This module owns what the demo contains and the order it is loaded in. It writes nothing
//! itself: every unit, user, campaign and nomination goes through the domain services, signed
//! by the office admin or by the nominating unit's recommender, so the same rules apply as to
//! real input and the audit log records every step.
//!
//! The honorees and their official names are real; every private field, every deeds text, and
//! the nominees who were not chosen are made up.

mod evaluation;

use std::collections::HashMap;

use crate::i18n::Lang;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use time::{Date, Duration, macros::date};

use crate::{
    App,
    domain::{
        accounts::{self, SetupInput, UserInput},
        actor::Actor,
        campaigns::{self, CampaignInput, CategoryInput, STANDARD_CATEGORIES},
        honorees,
        ids::{CampaignId, CategoryId},
        nominations::{self, NominationInput},
        notices, review, stages,
        units::{self, UnitInput},
        values::IdNumber,
        workflow::Transition,
    },
    entity::{
        campaign::{self, StageKind},
        category::{self, NomineeKind},
        nomination::NominationStatus,
        unit,
        user::{self, Role},
    },
    error::{AppError, AppResult},
    pii,
};

/// The title of the 2022 campaign; its presence means the demo is already loaded.
const PAST_TITLE: &str = "2022年度学雷锋志愿服务先进典型";
/// The organizer of both demo campaigns.
const ORGANIZER: &str = "中共青岛市李沧区委精神文明建设办公室";
/// The root unit made on a fresh database.
const CITY: &str = "青岛市";
/// The administrative division code of Licang district, the first six digits of its residents'
/// ID numbers.
const LICANG_AREA_CODE: &str = "370213";

/// One user of the report: username, role name, unit name, password.
type ReportedUser = (String, String, String, String);

/// What the loader created, for printing once.
pub struct DemoReport {
    /// The users created: username, role name (`admin`, `recommender`, `reviewer`), unit name
    /// and password. The password is empty for a user that already existed with the same role
    /// and unit, and was kept as it was.
    pub users: Vec<ReportedUser>,
    /// How many campaigns were created.
    pub campaigns: usize,
    /// How many nominations were created.
    pub nominations: usize,
}

// Written by hand so that a debug print of the report never shows the passwords.
impl std::fmt::Debug for DemoReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let usernames: Vec<&str> = self.users.iter().map(|u| u.0.as_str()).collect();
        f.debug_struct("DemoReport")
            .field("users", &usernames)
            .field("campaigns", &self.campaigns)
            .field("nominations", &self.nominations)
            .finish()
    }
}

/// The units of the demo, parents first: name, kind, parent name (empty for the root).
const UNITS: [(&str, &str, &str); 12] = [
    ("李沧区", "district", ""),
    // Experts sit outside the nominating tree: a reviewer in a unit above or below a nominee
    // has a conflict of interest and is never assigned to it.
    (EXPERT_POOL, "department", ""),
    ("李村街道", "street", "李沧区"),
    ("世园街道", "street", "李沧区"),
    ("九水街道", "street", "李沧区"),
    ("虎山路街道", "street", "李沧区"),
    ("北山社区", "community", "李村街道"),
    ("南山社区", "community", "李村街道"),
    ("延川路社区", "community", "九水街道"),
    ("金秋社区", "community", "虎山路街道"),
    ("百果山社区", "community", "世园街道"),
    ("国家税务总局青岛市李沧区税务局", "department", "李沧区"),
];

/// The unit the demo's expert reviewers belong to.
const EXPERT_POOL: &str = "李沧区志愿服务评审专家库";

/// The users of the demo: username, display name, role, unit name.
const USERS: [(&str, &str, &str, &str); 15] = [
    ("licang", "李沧区推荐人", "recommender", "李沧区"),
    ("licun", "李村街道推荐人", "recommender", "李村街道"),
    ("jiushui", "九水街道推荐人", "recommender", "九水街道"),
    ("hushanlu", "虎山路街道推荐人", "recommender", "虎山路街道"),
    ("beishan", "北山社区推荐人", "recommender", "北山社区"),
    ("nanshan", "南山社区推荐人", "recommender", "南山社区"),
    ("yanchuan", "延川路社区推荐人", "recommender", "延川路社区"),
    ("jinqiu", "金秋社区推荐人", "recommender", "金秋社区"),
    ("shiyuan", "世园街道推荐人", "recommender", "世园街道"),
    (
        "shuiwu",
        "李沧区税务局推荐人",
        "recommender",
        "国家税务总局青岛市李沧区税务局",
    ),
    ("expert1", "评审专家一", "reviewer", EXPERT_POOL),
    ("expert2", "评审专家二", "reviewer", EXPERT_POOL),
    ("expert3", "评审专家三", "reviewer", EXPERT_POOL),
    ("expert4", "评审专家四", "reviewer", EXPERT_POOL),
    ("expert5", "评审专家五", "reviewer", EXPERT_POOL),
];

/// The category names and quotas (total, per unit) of both campaigns, in the order of
/// [`STANDARD_CATEGORIES`]: the district's 2022 quotas.
const CATEGORY_ROWS: [(&str, u32, u32); 4] = [
    ("最美志愿者", 1, 1),
    ("最佳志愿服务组织", 1, 1),
    ("最佳志愿服务项目", 2, 1),
    ("最美志愿服务社区", 3, 1),
];

/// The private fields of a person nominee.
struct Person {
    /// Whether a man (the ID number's 17th digit is odd for men, even for women).
    male: bool,
    /// Birth date, also encoded in the ID number.
    born: Date,
    /// The ID number's sequence digits (15–17) before the sex is applied.
    seq: u16,
    /// Registered volunteer hours.
    hours: u32,
}

/// One nominee of the demo, and the unit that puts it forward.
struct Nominee {
    /// The category key, one of [`STANDARD_CATEGORIES`].
    category: &'static str,
    /// The nominating unit's recommender (a username of [`USERS`]).
    by: &'static str,
    name: &'static str,
    /// A person's affiliation and role; empty for the others, whose public line is the name.
    affiliation: &'static str,
    phone: &'static str,
    person: Option<Person>,
    founded_on: Option<Date>,
    members: Option<u32>,
    contact: &'static str,
    summary: &'static str,
    full: &'static str,
}

/// The 2022 nominations: the first seven are the real honorees, the rest were not chosen.
/// No unit nominates twice in one category (each unit's quota is one).
const PAST: [Nominee; 12] = [
    Nominee {
        category: "volunteer",
        by: "licun",
        name: "任均山",
        affiliation: "青岛市李沧区任均山便民志愿服务岗队长",
        phone: "13863901001",
        person: Some(Person {
            male: true,
            born: date!(1955 - 06 - 18),
            seq: 31,
            hours: 3860,
        }),
        founded_on: None,
        members: None,
        contact: "",
        summary: "退休后在李村街道牵头设立便民志愿服务岗，十余年如一日义务为居民修理自行车、小家电，缝补衣物、磨剪刀，累计服务群众两万余人次；疫情防控期间带领队员参与卡口值守和生活物资配送，带动周边八十余名居民加入志愿服务队伍。",
        full: "任均山同志退休后，看到社区居民修车难、修小家电难，便在李村街道自发设立便民服务点，带着自家工具免费为群众修理自行车、缝补衣物、磨剪刀，坚持每周二、四、六上午定点服务，风雨无阻。\n\n\
               服务岗从最初的一个人、一张桌子，发展到拥有八十余名志愿者，涵盖维修、理发、义诊、法律咨询等十余个服务项目，累计服务群众两万余人次。他还自费购置工具和配件，为行动不便的老人和困难家庭上门维修，从不收取分文。\n\n\
               疫情防控期间，任均山主动请缨，带领队员参与小区卡口值守、核酸检测秩序维护和生活物资配送。他常说：“能为大家做点事，心里踏实。”他的事迹在辖区广为传颂，带动越来越多的居民加入志愿服务行列。",
    },
    Nominee {
        category: "organization",
        by: "shuiwu",
        name: "国家税务总局青岛市李沧区税务局\"税务蓝\"志愿服务队",
        affiliation: "",
        phone: "13863901002",
        person: None,
        founded_on: Some(date!(2016 - 03 - 05)),
        members: Some(126),
        contact: "王晓燕",
        summary: "由李沧区税务局青年干部组成，常态化开展“税务蓝”进社区、进企业活动，为小微企业和个体工商户提供政策辅导和办税指导，累计开展志愿服务三百余场，惠及纳税人缴费人四万余人次；结对帮扶困难家庭，助力社区疫情防控。",
        full: "“税务蓝”志愿服务队成立于2016年，现有注册志愿者一百二十六名，以青年税务干部为主体，围绕“便民办税春风行动”，把政策宣讲和办税辅导送到企业门口、居民身边。\n\n\
               服务队组建政策宣讲、办税辅导、爱心帮扶三支分队，深入商圈、园区和社区开展减税降费政策解读，手把手指导小微企业和个体工商户使用电子税务局，累计开展志愿服务三百余场，惠及纳税人缴费人四万余人次。\n\n\
               服务队还与辖区六户困难家庭长期结对，定期走访慰问；疫情防控期间，五十余名队员下沉社区参与值守和物资保障，展现了税务青年的责任与担当。",
    },
    Nominee {
        category: "project",
        by: "beishan",
        name: "青岛市李沧区李村街道北山社区\"鲍秀兰爱心工作室\"志愿服务项目",
        affiliation: "",
        phone: "13863901003",
        person: None,
        founded_on: Some(date!(2015 - 09 - 01)),
        members: None,
        contact: "鲍秀兰",
        summary: "以社区老党员鲍秀兰名字命名，依托北山社区党群服务中心，组织志愿者为辖区独居老人、残疾人提供助餐、理发、陪诊、代购等上门服务，开展邻里调解和青少年课后托管，年均服务六千余人次，形成“有需求找工作室”的社区互助品牌。",
        full: "“鲍秀兰爱心工作室”以社区老党员鲍秀兰的名字命名，设在北山社区党群服务中心，由退休党员、在职党员和热心居民共同组成志愿服务团队。\n\n\
               工作室建立独居老人、残疾人服务台账，按需提供助餐、理发、陪诊、代购等上门服务；设立“老鲍调解室”，化解邻里矛盾纠纷；开设“四点半课堂”，为双职工家庭子女提供课后托管，年均服务六千余人次。\n\n\
               经过多年发展，“有需求找工作室”已成为北山社区居民的口头禅，工作室的做法在李村街道各社区推广，带动形成了人人参与、互帮互助的社区氛围。",
    },
    Nominee {
        category: "project",
        by: "shiyuan",
        name: "青岛市李沧区世园街道\"爱在百果山\"志愿服务项目",
        affiliation: "",
        phone: "13863901004",
        person: None,
        founded_on: Some(date!(2017 - 04 - 15)),
        members: None,
        contact: "刘建华",
        summary: "立足百果山森林公园和世园会旧址周边，组织志愿者开展生态巡护、文明劝导、游客服务和护林防火宣传，采摘季为果农提供助销服务，年均开展活动一百二十余场，参与志愿者三千余人次，守护一方绿水青山。",
        full: "“爱在百果山”志愿服务项目由世园街道发起，围绕百果山森林公园和世园会旧址周边的生态保护与文明旅游，组建生态巡护、文明劝导、游客服务三支志愿服务队伍。\n\n\
               项目志愿者在节假日和旅游旺季开展文明劝导和游客咨询服务，在防火期开展护林巡查和防火宣传；采摘季联合电商志愿者为果农直播助销，帮助果农增收。项目年均开展活动一百二十余场，参与志愿者三千余人次。\n\n\
               项目还面向中小学生开展自然教育和植树护绿活动，让“绿水青山就是金山银山”的理念在孩子们心中扎根。",
    },
    Nominee {
        category: "community",
        by: "nanshan",
        name: "青岛市李沧区李村街道南山社区",
        affiliation: "",
        phone: "13863901005",
        person: None,
        founded_on: None,
        members: Some(860),
        contact: "张丽",
        summary: "社区注册志愿者八百六十余名，组建“红色管家”“银发先锋”等十支志愿服务队伍，建立志愿服务积分兑换机制，常态化开展环境整治、助老助残、政策宣讲等活动，居民“点单”、志愿者“接单”，志愿服务成为社区治理的重要力量。",
        full: "南山社区以新时代文明实践站为阵地，组建“红色管家”“银发先锋”“青春南山”等十支志愿服务队伍，注册志愿者八百六十余名。\n\n\
               社区建立志愿服务积分兑换机制，志愿者凭积分可在爱心超市兑换生活用品；推行“居民点单、社区派单、志愿者接单”的服务模式，常态化开展环境整治、助老助残、政策宣讲、矛盾调解等活动，全年开展志愿服务一百八十余场。\n\n\
               在老旧小区改造和疫情防控中，社区志愿者冲锋在前，协助入户宣传、秩序维护和物资配送，赢得居民广泛赞誉。",
    },
    Nominee {
        category: "community",
        by: "yanchuan",
        name: "青岛市李沧区九水街道延川路社区",
        affiliation: "",
        phone: "13863901006",
        person: None,
        founded_on: None,
        members: Some(720),
        contact: "孙海燕",
        summary: "依托新时代文明实践站打造“十五分钟志愿服务圈”，组建楼长、网格员、党员志愿者队伍，开展老旧小区环境提升、垃圾分类督导、“四点半课堂”等项目，全年开展志愿服务活动两百余场，注册志愿者七百二十余名。",
        full: "延川路社区依托新时代文明实践站，整合辖区单位、物业和社会组织资源，打造居民步行十五分钟可及的“志愿服务圈”。\n\n\
               社区以楼长、网格员、党员为骨干组建志愿者队伍，注册志愿者七百二十余名，开展老旧小区环境提升、垃圾分类督导、“四点半课堂”、健康义诊等项目，全年开展志愿服务活动两百余场。\n\n\
               社区推行志愿服务“时间银行”，志愿者的服务时长可兑换同等时长的服务，形成“今天我帮人、明天人帮我”的良性循环。",
    },
    Nominee {
        category: "community",
        by: "jinqiu",
        name: "青岛市李沧区虎山路街道金秋社区",
        affiliation: "",
        phone: "13863901007",
        person: None,
        founded_on: None,
        members: Some(650),
        contact: "李文静",
        summary: "针对老年居民多的特点建立“金秋助老”志愿服务体系，为八十岁以上老人和空巢老人建档立卡，开展结对探访、助浴助洁、健康义诊和智能手机教学，同时组织青年志愿者参与防汛和治安巡逻，形成老中青共同参与的志愿服务格局。",
        full: "金秋社区六十岁以上居民占三成以上。社区建立“金秋助老”志愿服务体系，为八十岁以上老人和空巢老人逐户建档立卡，由志愿者一对一结对探访。\n\n\
               社区志愿者定期开展助浴助洁、健康义诊、理发修脚等服务，开设智能手机课堂，帮助老人跨越“数字鸿沟”；社区注册志愿者六百五十余名，其中低龄老人志愿者服务高龄老人，形成“以老助老”的特色。\n\n\
               社区还组织青年志愿者参与汛期巡查、治安巡逻和文明交通劝导，形成了老中青共同参与、人人皆可志愿的良好局面。",
    },
    Nominee {
        category: "volunteer",
        by: "yanchuan",
        name: "王秀珍",
        affiliation: "青岛市李沧区九水街道延川路社区“巧手编织”志愿服务队队长",
        phone: "13863901008",
        person: Some(Person {
            male: false,
            born: date!(1962 - 02 - 14),
            seq: 46,
            hours: 1250,
        }),
        founded_on: None,
        members: None,
        contact: "",
        summary: "组织社区二十余名退休居民成立“巧手编织”志愿服务队，七年来编织围巾、毛衣、护膝等三千余件，捐赠给环卫工人、福利院儿童和偏远地区学校；定期教授残疾人编织技能，帮助其中六人实现居家就业。",
        full: "王秀珍退休后，把多年的编织手艺变成了服务他人的本领。她发动社区二十余名退休居民成立“巧手编织”志愿服务队，每周在社区活动室集中编织。\n\n\
               七年来，服务队编织围巾、毛衣、护膝等三千余件，冬季送给辖区环卫工人，也通过结对渠道捐赠给福利院儿童和偏远地区学校。\n\n\
               她还定期为残疾人开设编织技能课程，联系爱心企业收购成品，帮助其中六人实现居家就业。",
    },
    Nominee {
        category: "volunteer",
        by: "jinqiu",
        name: "陈志刚",
        affiliation: "青岛市李沧区虎山路街道金秋社区退役军人志愿服务队副队长",
        phone: "13863901009",
        person: Some(Person {
            male: true,
            born: date!(1975 - 10 - 09),
            seq: 113,
            hours: 640,
        }),
        founded_on: None,
        members: None,
        contact: "",
        summary: "退役后加入社区退役军人志愿服务队，利用业余时间参与防汛巡查、治安巡逻和应急救护培训，三年来参与志愿服务二百余次，协助处置突发险情十余起；结对帮扶社区两户困难退役军人家庭。",
        full: "陈志刚曾在部队服役十二年，退役后在辖区一家物流企业工作。2019年，他加入金秋社区退役军人志愿服务队，并担任副队长。\n\n\
               他利用业余时间参与汛期巡查、夜间治安巡逻，考取应急救护证书后，为居民和学生开展心肺复苏等急救培训二十余场，三年来参与志愿服务二百余次，协助处置突发险情十余起。\n\n\
               他还与社区两户困难退役军人家庭结对，定期上门帮忙维修、代办事务，被居民称为“身边的兵”。",
    },
    Nominee {
        category: "organization",
        by: "licang",
        name: "青岛市李沧区\"红马甲\"应急救援志愿服务队",
        affiliation: "",
        phone: "13863901010",
        person: None,
        founded_on: Some(date!(2014 - 07 - 20)),
        members: Some(85),
        contact: "赵明",
        summary: "由退役军人、医护人员和户外爱好者组成，常年开展山地搜救、水域救援、防汛抢险和应急知识普及，累计参与救援任务六十余次，开展应急培训进社区、进校园活动一百余场。",
        full: "“红马甲”应急救援志愿服务队成立于2014年，现有队员八十五名，骨干多为退役军人、医护人员和户外运动爱好者，配备搜救、破拆、急救等专业装备。\n\n\
               服务队二十四小时待命，累计参与山地搜救、水域救援、防汛抢险等任务六十余次；每年组织队员开展专业训练，持证上岗率达到九成以上。\n\n\
               服务队还把应急知识送进社区、校园和企业，开展心肺复苏、火灾逃生等培训演练一百余场，提升了群众的自救互救能力。",
    },
    Nominee {
        category: "project",
        by: "nanshan",
        name: "青岛市李沧区李村街道\"银龄课堂\"志愿服务项目",
        affiliation: "",
        phone: "13863901011",
        person: None,
        founded_on: Some(date!(2018 - 05 - 10)),
        members: None,
        contact: "周红",
        summary: "招募退休教师、医生和大学生志愿者，在街道各社区开设智能手机使用、防范电信诈骗、健康养生、书法绘画等课程，四年来开课四百余节，惠及老年居民一万余人次。",
        full: "“银龄课堂”志愿服务项目由李村街道新时代文明实践所发起，招募退休教师、退休医生和在校大学生担任志愿讲师。\n\n\
               项目在街道各社区轮流开课，内容包括智能手机使用、防范电信诈骗、健康养生、书法绘画等，采取小班教学、一对一辅导，四年来开课四百余节，惠及老年居民一万余人次。\n\n\
               项目还组织学员中的积极分子组成“银龄宣讲团”，走进社区开展反诈宣传，实现了从“受助者”到“助人者”的转变。",
    },
    Nominee {
        category: "community",
        by: "shiyuan",
        name: "青岛市李沧区世园街道百果山社区",
        affiliation: "",
        phone: "13863901012",
        person: None,
        founded_on: None,
        members: Some(410),
        contact: "马晓东",
        summary: "社区注册志愿者四百一十余名，围绕百果山生态保护和乡村振兴开展护林防火、环境整治、果品助销等志愿服务，建立“志愿服务+积分超市”激励机制，全年开展活动九十余场。",
        full: "百果山社区地处城乡接合部，社区结合山林资源丰富、果农较多的实际，组建护林防火、环境整治、果品助销三支志愿服务队伍，注册志愿者四百一十余名。\n\n\
               社区建立“志愿服务+积分超市”激励机制，居民参与志愿服务可获得积分兑换生活用品，全年开展活动九十余场。\n\n\
               采摘季，社区志愿者协助果农开展线上销售和游客引导，带动果农增收，促进了乡风文明建设。",
    },
];

/// The current campaign's nominations: whether to submit it, and the nominee. Drafts by
/// 南山社区 and 北山社区 show the editing flow; the submitted one shows the read-only view.
const CURRENT: [(bool, Nominee); 3] = [
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
            name: "青岛市李沧区李村街道北山社区\"邻里守望\"志愿服务队",
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

/// Loads the demo data set: the units and users of the Licang district, the 2022 campaign with
/// its nominations (closed), and an open campaign of the current year with three nominations.
/// On a fresh database it first runs setup, making the city and the office admin.
///
/// # Errors
/// [`AppError::Refused`] (`error-demo-loaded`) when the 2022 campaign already exists;
/// [`AppError::Internal`] when the database has users but no active office admin; any error of
/// the services it calls.
pub async fn load(app: &App) -> AppResult<DemoReport> {
    let loaded = campaign::Entity::find()
        .filter(campaign::Column::Title.eq(PAST_TITLE))
        .one(&app.db)
        .await?;
    if loaded.is_some() {
        return Err(AppError::Refused("error-demo-loaded", vec![]));
    }
    let (admin, root, mut users) = office(app).await?;
    let units = ensure_units(app, &admin, &root).await?;
    let actors = ensure_users(app, &admin, &units, &mut users).await?;
    let mut nominations = load_past_campaign(app, &admin, &actors).await?;
    let past = campaign::Entity::find()
        .filter(campaign::Column::Title.eq(PAST_TITLE))
        .one(&app.db)
        .await?
        .ok_or_else(|| internal("the 2022 campaign is missing"))?;
    let honorees: Vec<&str> = PAST.iter().take(7).map(|n| n.name).collect();
    let experts: Vec<&Actor> = ["expert1", "expert2", "expert3", "expert4", "expert5"]
        .iter()
        .map(|name| actor_of(&actors, name))
        .collect::<AppResult<_>>()?;
    evaluation::evaluate(app, &admin, CampaignId(past.id), &honorees, &experts).await?;
    advance_to(app, &admin, CampaignId(past.id), StageKind::Notice).await?;
    publish_past_lists(app, &admin, &past).await?;
    advance_to(app, &admin, CampaignId(past.id), StageKind::Archived).await?;
    nominations += load_current_campaign(app, &admin, &actors).await?;
    Ok(DemoReport {
        users,
        campaigns: 2,
        nominations,
    })
}

/// The 2022 notice (5 working days from 5 December) and, after it, the final list as the
/// district published it.
async fn publish_past_lists(app: &App, admin: &Actor, past: &campaign::Model) -> AppResult<()> {
    let id = CampaignId(past.id);
    let life = stages::load(&app.db, past).await?;
    let mut notice = notices::DocumentInput::blank_notice(past, &life, Lang::ZhCn);
    notice.doc_number = "李沧文明办〔2022〕12号".into();
    notice.issued_on = "2022-12-05".into();
    let draft = notices::save_notice(&app.db, admin, id, &notice).await?;
    let published = notices::publish_notice(&app.db, admin, id, draft.version).await?;
    advance_to(app, admin, id, StageKind::FinalList).await?;
    let mut list = notices::DocumentInput::blank_final_list(past, &life, &published, Lang::ZhCn);
    list.doc_number = "李沧文明办〔2022〕15号".into();
    list.issued_on = "2022-12-15".into();
    honorees::confirm_final_list(&app.db, admin, id, &list, date!(2022 - 12 - 15)).await?;
    Ok(())
}

fn internal(message: &str) -> AppError {
    AppError::Internal(format!("demo: {message}"))
}

fn password(bytes: usize) -> AppResult<String> {
    pii::random_token(bytes).map_err(|e| AppError::Internal(e.to_string()))
}

/// The office admin the loader acts as, the root unit, and the admin to report when setup made
/// one. An existing database keeps its admin and its root, whatever the root is named.
async fn office(app: &App) -> AppResult<(Actor, unit::Model, Vec<ReportedUser>)> {
    let mut reported = Vec::new();
    let admin = if accounts::needs_setup(&app.db).await? {
        let password = password(8)?;
        let input = SetupInput {
            city_name: CITY.into(),
            username: "office".into(),
            display_name: "文明办管理员".into(),
            password: password.clone(),
        };
        let admin = accounts::setup(&app.db, &app.config, &input, None).await?;
        reported.push((
            admin.username.clone(),
            "admin".into(),
            CITY.into(),
            password,
        ));
        admin
    } else {
        user::Entity::find()
            .filter(user::Column::Role.eq(Role::Admin))
            .filter(user::Column::Active.eq(true))
            .order_by_asc(user::Column::CreatedAt)
            .one(&app.db)
            .await?
            .ok_or_else(|| internal("no active office admin to load the demo as"))?
    };
    let actor = accounts::actor_for_user(&app.db, admin.id, None)
        .await?
        .ok_or_else(|| internal("the office admin cannot act"))?;
    let root = units::list_all(&app.db)
        .await?
        .into_iter()
        .find(|u| u.parent_id.is_none())
        .ok_or_else(|| internal("no root unit"))?;
    Ok((actor, root, reported))
}

/// Makes the units of [`UNITS`], reusing any that already exist under the same parent.
async fn ensure_units(
    app: &App,
    admin: &Actor,
    root: &unit::Model,
) -> AppResult<HashMap<&'static str, unit::Model>> {
    let mut made: HashMap<&'static str, unit::Model> = HashMap::new();
    for (name, kind, parent_name) in UNITS {
        let parent = if parent_name.is_empty() {
            root.clone()
        } else {
            made.get(parent_name)
                .cloned()
                .ok_or_else(|| internal("a unit is listed before its parent"))?
        };
        let existing = units::list_all(&app.db)
            .await?
            .into_iter()
            .find(|u| u.parent_id == Some(parent.id) && u.name == name);
        let unit = match existing {
            Some(unit) => unit,
            None => {
                let input = UnitInput {
                    name: name.into(),
                    kind: kind.into(),
                    parent_id: parent.id.to_string(),
                };
                units::create_unit(&app.db, admin, &input).await?
            }
        };
        made.insert(name, unit);
    }
    Ok(made)
}

/// Makes the users of [`USERS`] and returns their actors by username. A user left by an
/// earlier, interrupted load (same role and unit) is reused with its password; any other
/// holder of the username makes `create_user` refuse the name.
async fn ensure_users(
    app: &App,
    admin: &Actor,
    units: &HashMap<&'static str, unit::Model>,
    reported: &mut Vec<ReportedUser>,
) -> AppResult<HashMap<&'static str, Actor>> {
    let mut actors = HashMap::new();
    for (username, display_name, role, unit_name) in USERS {
        let unit = units
            .get(unit_name)
            .ok_or_else(|| internal("a user's unit is missing"))?;
        let existing = user::Entity::find()
            .filter(user::Column::Username.eq(username))
            .one(&app.db)
            .await?
            .filter(|u| accounts::parse_role(role) == Some(u.role) && u.unit_id == unit.id);
        let (user, password) = match existing {
            Some(user) => (user, String::new()),
            None => {
                let password = password(6)?;
                let input = UserInput {
                    username: username.into(),
                    display_name: display_name.into(),
                    role: role.into(),
                    unit_id: unit.id.to_string(),
                    password: password.clone(),
                    active: true,
                };
                (
                    accounts::create_user(&app.db, &app.config, admin, &input).await?,
                    password,
                )
            }
        };
        let actor = accounts::actor_for_user(&app.db, user.id, None)
            .await?
            .ok_or_else(|| internal("a demo user is inactive"))?;
        reported.push((username.into(), role.into(), unit.name.clone(), password));
        actors.insert(username, actor);
    }
    Ok(actors)
}

/// The publicity text of a demo campaign of `year`.
fn description(year: i32) -> String {
    format!(
        "为大力弘扬“奉献、友爱、互助、进步”的志愿精神，推动学雷锋志愿服务制度化常态化，\
         {ORGANIZER}决定开展{year}年度学雷锋志愿服务先进典型推选活动。\n\n\
         本次活动推选最美志愿者、最佳志愿服务组织、最佳志愿服务项目、最美志愿服务社区四类先进典型。\
         推选坚持公开、公平、公正，按照层层推荐、逐级审核的原则，由各街道、区直各部门单位在广泛征求意见的基础上择优推荐，\
         经区文明办组织评审后确定拟表扬对象。\n\n\
         拟表扬对象将在区级媒体进行公示，接受社会监督；公示无异议后正式发布先进典型名单。"
    )
}

/// The campaign form of a demo campaign: the four standard categories with the district's
/// quotas, and 20 hours as the minimum for volunteers.
fn campaign_input(
    title: &str,
    year: i32,
    timeline: [Date; 7],
    district_recommends: bool,
) -> CampaignInput {
    let categories = STANDARD_CATEGORIES
        .iter()
        .zip(CATEGORY_ROWS)
        .map(|((key, kind), (name, quota, unit_quota))| CategoryInput {
            id: String::new(),
            key: (*key).to_owned(),
            name: name.to_owned(),
            nominee_kind: campaigns::kind_name(*kind).to_owned(),
            quota: quota.to_string(),
            unit_quota: unit_quota.to_string(),
            min_hours: if *kind == NomineeKind::Person {
                "20".into()
            } else {
                String::new()
            },
            reviewers_per_nomination: campaigns::DEFAULT_REVIEWERS.to_string(),
            require_majority: true,
            ..CategoryInput::default()
        })
        .collect();
    let [opens, closes, street, district, review, notice, announced] =
        timeline.map(|d| d.to_string());
    CampaignInput {
        title: title.to_owned(),
        year: year.to_string(),
        organizer: ORGANIZER.to_owned(),
        description: description(year),
        nomination_opens_on: opens,
        nomination_closes_on: closes,
        street_closes_on: street,
        district_closes_on: if district_recommends {
            district
        } else {
            String::new()
        },
        recommend_street: true,
        recommend_district: district_recommends,
        aggregation: campaigns::DEFAULT_AGGREGATION.into(),
        review_closes_on: review,
        evaluation_closes_on: String::new(),
        notice_starts_on: notice,
        announced_on: announced,
        version: 0,
        categories,
        copy_of: String::new(),
    }
}

fn category_id(categories: &[category::Model], key: &str) -> AppResult<CategoryId> {
    categories
        .iter()
        .find(|c| c.key == key)
        .map(|c| CategoryId(c.id))
        .ok_or_else(|| internal("a demo category is missing"))
}

fn actor_of<'a>(actors: &'a HashMap<&'static str, Actor>, username: &str) -> AppResult<&'a Actor> {
    actors
        .get(username)
        .ok_or_else(|| internal("a nominating user is missing"))
}

/// The office's decision on each 2022 nominee after recommendation (by name), and its reason.
/// The seven honorees and two others are found eligible; one is returned for revision, then
/// resubmitted and found eligible; one is rejected. 银龄课堂 never reaches the office: 李村街道
/// declines it, its one project place going to 鲍秀兰爱心工作室.
const PAST_REVIEW: [(&str, Transition, &str); 3] = [
    (
        "王秀珍",
        Transition::ReturnForRevision,
        "请补充全国志愿服务信息系统中的本年度服务时长记录。",
    ),
    (
        "陈志刚",
        Transition::Reject,
        "注册志愿者不满三年，不符合推荐条件。",
    ),
    (
        "青岛市李沧区李村街道\"银龄课堂\"志愿服务项目",
        Transition::Decline,
        "本街道项目类推荐名额为一个，已推荐北山社区“鲍秀兰爱心工作室”项目。",
    ),
];

/// The 2022 campaign carried through recommendation and review, each step on a day inside its
/// window: submitted on 10 November, recommended by the streets on 22 November, reviewed by
/// the office on 28 November. Returns how many nominations it holds.
async fn load_past_campaign(
    app: &App,
    admin: &Actor,
    actors: &HashMap<&'static str, Actor>,
) -> AppResult<usize> {
    let timeline = [
        date!(2022 - 11 - 01),
        date!(2022 - 11 - 20),
        date!(2022 - 11 - 25),
        date!(2022 - 11 - 25),
        date!(2022 - 11 - 30),
        date!(2022 - 12 - 05),
        date!(2022 - 12 - 15),
    ];
    // The district's own office runs this campaign: communities recommend through their street.
    let input = campaign_input(PAST_TITLE, 2022, timeline, false);
    let created = campaigns::create_campaign(&app.db, admin, &input).await?;
    let id = CampaignId(created.id);
    advance_to(app, admin, id, StageKind::Recommendation).await?;
    let categories = campaigns::categories_of(&app.db, id).await?;
    let mut made = Vec::new();
    for nominee in &PAST {
        let category = category_id(&categories, nominee.category)?;
        let input = nomination_input(nominee)?;
        let actor = actor_of(actors, nominee.by)?;
        let draft = nominations::import_draft(app, actor, id, category, &input).await?;
        let sent = review::transition(
            app,
            actor,
            draft.id.into(),
            Transition::Submit,
            draft.version,
            "",
            date!(2022 - 11 - 10),
        )
        .await?;
        made.push((nominee, sent));
    }
    for (nominee, nomination) in &mut made {
        let planned = PAST_REVIEW.iter().find(|(name, ..)| *name == nominee.name);
        // Streets pass on what reached them, except what they decline.
        while nomination.status == NominationStatus::Pending {
            let holder = actors
                .values()
                .find(|a| Some(a.unit_id) == nomination.level_unit_id)
                .ok_or_else(|| internal("a recommending unit has no demo user"))?;
            let (transition, reason) = match planned {
                Some((_, Transition::Decline, reason)) => (Transition::Decline, *reason),
                _ => (Transition::Recommend, ""),
            };
            *nomination = review::transition(
                app,
                holder,
                nomination.id.into(),
                transition,
                nomination.version,
                reason,
                date!(2022 - 11 - 22),
            )
            .await?;
        }
    }
    advance_to(app, admin, id, StageKind::Review).await?;
    for (nominee, nomination) in &mut made {
        let planned = PAST_REVIEW.iter().find(|(name, ..)| *name == nominee.name);
        if nomination.status == NominationStatus::AtOffice {
            *nomination = office_review(app, admin, actors, nominee, nomination, planned).await?;
        }
    }
    advance_to(app, admin, id, StageKind::Evaluation).await?;
    Ok(PAST.len())
}

/// The office's strict review of one 2022 nomination that reached it.
async fn office_review(
    app: &App,
    admin: &Actor,
    actors: &HashMap<&'static str, Actor>,
    nominee: &Nominee,
    nomination: &crate::entity::nomination::Model,
    planned: Option<&(&str, Transition, &str)>,
) -> AppResult<crate::entity::nomination::Model> {
    let day = date!(2022 - 11 - 28);
    match planned {
        Some((_, Transition::Reject, reason)) => {
            review::transition(
                app,
                admin,
                nomination.id.into(),
                Transition::Reject,
                nomination.version,
                reason,
                day,
            )
            .await
        }
        Some((_, Transition::ReturnForRevision, reason)) => {
            let returned = review::transition(
                app,
                admin,
                nomination.id.into(),
                Transition::ReturnForRevision,
                nomination.version,
                reason,
                day,
            )
            .await?;
            // The unit adds the missing record and resubmits; the office sees what changed.
            let actor = actor_of(actors, nominee.by)?;
            let mut input = nomination_input(nominee)?;
            input.deeds_full.push_str("\n\n（补充）全国志愿服务信息系统记录：2022年度志愿服务时长186小时，累计注册志愿服务6年。");
            input.version = returned.version;
            let revised = nominations::update_draft_as_of(
                app,
                actor,
                returned.id.into(),
                &input,
                date!(2022 - 11 - 29),
            )
            .await?;
            let resubmitted = review::transition(
                app,
                actor,
                revised.id.into(),
                Transition::Resubmit,
                revised.version,
                "",
                date!(2022 - 11 - 29),
            )
            .await?;
            review::transition(
                app,
                admin,
                resubmitted.id.into(),
                Transition::MarkEligible,
                resubmitted.version,
                "",
                date!(2022 - 11 - 30),
            )
            .await
        }
        _ => {
            review::transition(
                app,
                admin,
                nomination.id.into(),
                Transition::MarkEligible,
                nomination.version,
                "",
                day,
            )
            .await
        }
    }
}

/// Moves a demo campaign on, stage by stage, until it is in `kind`.
async fn advance_to(app: &App, admin: &Actor, id: CampaignId, kind: StageKind) -> AppResult<()> {
    stages::advance_to(&app.db, admin, id, kind)
        .await
        .map(|_| ())
}

fn days_from(day: Date, days: i64) -> AppResult<Date> {
    day.checked_add(Duration::days(days))
        .ok_or_else(|| internal("a campaign date is out of range"))
}

/// The campaign of the current year, open today: two drafts and one submitted nomination.
/// Returns how many nominations it holds.
async fn load_current_campaign(
    app: &App,
    admin: &Actor,
    actors: &HashMap<&'static str, Actor>,
) -> AppResult<usize> {
    let today = app.config.today();
    let timeline = [
        days_from(today, -7)?,
        days_from(today, 30)?,
        days_from(today, 34)?,
        days_from(today, 38)?,
        days_from(today, 45)?,
        days_from(today, 50)?,
        days_from(today, 60)?,
    ];
    let title = format!("{}年度学雷锋志愿服务先进典型", today.year());
    // Today's campaign shows the whole chain: community, street, district, office.
    let input = campaign_input(&title, today.year(), timeline, true);
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
            nominations::submit(app, actor, draft.id.into(), draft.version).await?;
        }
    }
    Ok(CURRENT.len())
}

/// A resident ID number of Licang district for a person born on `born`: the area code, the
/// birth date, three sequence digits whose last is odd for a man and even for a woman, and the
/// check character. `None` when `seq` has more than three digits or the year more than four.
fn id_number(born: Date, seq: u16, male: bool) -> Option<String> {
    if seq > 999 {
        return None;
    }
    let seq = if male { seq | 1 } else { seq & !1 };
    let first17 = format!(
        "{LICANG_AREA_CODE}{:04}{:02}{:02}{seq:03}",
        born.year(),
        u8::from(born.month()),
        born.day()
    );
    IdNumber::with_check_digit(&first17)
}

/// The form a recommender would fill in for `nominee`.
fn nomination_input(nominee: &Nominee) -> AppResult<NominationInput> {
    let mut input = NominationInput {
        nominee_name: nominee.name.into(),
        affiliation: nominee.affiliation.into(),
        phone: nominee.phone.into(),
        founded_on: nominee
            .founded_on
            .map(|d| d.to_string())
            .unwrap_or_default(),
        member_count: nominee.members.map(|m| m.to_string()).unwrap_or_default(),
        contact_name: nominee.contact.into(),
        deeds_summary: nominee.summary.into(),
        deeds_full: nominee.full.into(),
        ..NominationInput::default()
    };
    if let Some(person) = &nominee.person {
        input.gender = if person.male { "male" } else { "female" }.into();
        input.birth_date = person.born.to_string();
        input.id_number = id_number(person.born, person.seq, person.male)
            .ok_or_else(|| internal("a demo ID number cannot be built"))?;
        input.volunteer_hours = person.hours.to_string();
    }
    Ok(input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::values::{DeedsSummary, Phone};

    #[test]
    fn id_number_is_valid_and_encodes_birth_and_sex() {
        let born = date!(1962 - 02 - 14);
        for (seq, male) in [
            (46, false),
            (46, true),
            (31, true),
            (31, false),
            (999, true),
            (0, false),
        ] {
            let text = id_number(born, seq, male).unwrap();
            let parsed = IdNumber::parse(&text).unwrap();
            assert_eq!(parsed.birth_date(), born);
            assert!(text.starts_with(LICANG_AREA_CODE));
            let sex_digit = text.as_bytes()[16] - b'0';
            assert_eq!(sex_digit % 2 == 1, male, "{text}");
        }
    }

    #[test]
    fn id_number_refuses_long_sequences() {
        assert_eq!(id_number(date!(1990 - 01 - 01), 1000, true), None);
    }

    #[test]
    fn every_demo_nominee_has_valid_private_fields() {
        let all = PAST.iter().chain(CURRENT.iter().map(|(_, n)| n));
        let mut phones = std::collections::HashSet::new();
        let mut ids = std::collections::HashSet::new();
        for nominee in all {
            let input = nomination_input(nominee).unwrap();
            assert!(
                DeedsSummary::parse(&input.deeds_summary).is_ok(),
                "{}",
                nominee.name
            );
            assert!(input.deeds_full.contains("\n\n"), "{}", nominee.name);
            let phone = Phone::parse(&input.phone).unwrap();
            assert!(phone.is_mobile() && phone.as_str().starts_with("1386390"));
            assert!(
                phones.insert(input.phone.clone()),
                "phone of {}",
                nominee.name
            );
            assert!(
                USERS
                    .iter()
                    .any(|u| u.0 == nominee.by && u.2 == "recommender")
            );
            assert!(
                STANDARD_CATEGORIES
                    .iter()
                    .any(|(key, _)| *key == nominee.category)
            );
            match &nominee.person {
                Some(person) => {
                    let id = IdNumber::parse(&input.id_number).unwrap();
                    assert_eq!(id.birth_date().to_string(), input.birth_date);
                    assert!(ids.insert(input.id_number.clone()));
                    assert!(person.hours >= 20);
                }
                None => {
                    assert!(input.affiliation.is_empty() && !input.contact_name.is_empty());
                    assert!(nominee.founded_on.is_none_or(|d| d.year() <= 2019));
                }
            }
            if nominee.category == "organization" {
                assert!(nominee.members.is_some_and(|m| m >= 20) && nominee.founded_on.is_some());
            }
        }
    }

    #[test]
    fn no_unit_nominates_twice_in_a_category_of_one_campaign() {
        let mut seen = std::collections::HashSet::new();
        for nominee in &PAST {
            assert!(
                seen.insert((nominee.by, nominee.category)),
                "{}",
                nominee.name
            );
        }
    }

    #[test]
    fn units_come_after_their_parents_and_users_have_units() {
        for (index, (_, _, parent)) in UNITS.iter().enumerate() {
            assert!(parent.is_empty() || UNITS[..index].iter().any(|u| u.0 == *parent));
        }
        for (_, _, _, unit_name) in USERS {
            assert!(UNITS.iter().any(|u| u.0 == unit_name));
        }
    }

    #[test]
    fn campaign_form_has_the_district_quotas() {
        let input = campaign_input(PAST_TITLE, 2022, [date!(2022 - 11 - 01); 7], false);
        let quotas: Vec<(&str, &str, &str)> = input
            .categories
            .iter()
            .map(|c| (c.name.as_str(), c.quota.as_str(), c.min_hours.as_str()))
            .collect();
        assert_eq!(
            quotas,
            [
                ("最美志愿者", "1", "20"),
                ("最佳志愿服务组织", "1", ""),
                ("最佳志愿服务项目", "2", ""),
                ("最美志愿服务社区", "3", "")
            ]
        );
        assert_eq!(input.nomination_opens_on, "2022-11-01");
    }
}
