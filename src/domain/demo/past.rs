//! The 2022 campaign, carried through every stage to its archive: the nominees, the
//! recommendation and the office's review, the evaluation (in [`super::evaluation`]), the public
//! notice and the final list.

use std::collections::HashMap;

use sea_orm::EntityTrait;
use time::macros::date;

use super::{
    Timeline, actor_of, advance_to, campaign_input,
    chain::{self, Days, Decline},
    evaluation, experts, internal,
    nominees::{Nominee, Person, nomination_input},
};
use crate::{
    App,
    domain::{
        actor::Actor, campaigns, ids::CampaignId, nominations, notices, review, stages,
        workflow::Transition,
    },
    entity::{
        campaign::{self, StageKind},
        nomination::{self, NominationStatus},
    },
    error::AppResult,
    i18n::Lang,
};

/// The title of the 2022 campaign; its presence means the demo is already loaded.
pub(super) const PAST_TITLE: &str = "2022年度学雷锋志愿服务先进典型";

/// The dates of the 2022 campaign: recommendation in November, review to 30 November, the
/// notice from 5 December, the final list on 15 December. Streets and districts share one
/// deadline, as the campaigns before stages had it.
pub(super) const TIMELINE: Timeline = Timeline {
    opens: date!(2022 - 11 - 01),
    submit: date!(2022 - 11 - 20),
    streets: date!(2022 - 11 - 25),
    districts: date!(2022 - 11 - 25),
    review: date!(2022 - 11 - 30),
    evaluation: None,
    notice: date!(2022 - 12 - 05),
    announced: date!(2022 - 12 - 15),
};

/// The days the 2022 nominations moved on: submitted on 10 November, recommended by the
/// streets on 22 November and by the districts on 24 November.
const DAYS: Days = Days {
    submitted: date!(2022 - 11 - 10),
    streets: date!(2022 - 11 - 22),
    districts: date!(2022 - 11 - 24),
};

/// The city's final list, category by category, the districts in the city's order (市南区,
/// 崂山区, 李沧区): Licang's seven real honorees among the city's.
pub(super) const CITY_LIST: [&str; 11] = [
    "林海燕",
    "任均山",
    "青岛市崂山区沙子口街道“蓝色港湾”志愿服务队",
    "国家税务总局青岛市李沧区税务局“税务蓝”志愿服务队",
    "青岛市崂山区沙子口街道南窑社区“渔家小课堂”志愿服务项目",
    "青岛市李沧区李村街道北山社区“鲍秀兰爱心工作室”志愿服务项目",
    "青岛市李沧区世园街道“爱在百果山”志愿服务项目",
    "青岛市市南区八大关街道太平角社区",
    "青岛市李沧区李村街道南山社区",
    "青岛市李沧区九水街道延川路社区",
    "青岛市李沧区虎山路街道金秋社区",
];

/// The 2022 nominations: the first seven are Licang's real honorees; then Licang's nominees who
/// were not chosen, then the invented nominees of 市南区 and 崂山区. No unit nominates twice in
/// one category.
pub(super) const PAST: [Nominee; 17] = [
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
        name: "国家税务总局青岛市李沧区税务局“税务蓝”志愿服务队",
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
        name: "青岛市李沧区李村街道北山社区“鲍秀兰爱心工作室”志愿服务项目",
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
        name: "青岛市李沧区世园街道“爱在百果山”志愿服务项目",
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
        name: "青岛市李沧区“红马甲”应急救援志愿服务队",
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
        name: "青岛市李沧区李村街道“银龄课堂”志愿服务项目",
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
    Nominee {
        category: "volunteer",
        by: "taiping",
        name: "林海燕",
        affiliation: "青岛市市南区八大关街道太平角社区“海之韵”志愿服务队队长",
        phone: "13863901016",
        person: Some(Person {
            male: false,
            born: date!(1961 - 05 - 12),
            seq: 58,
            hours: 2650,
        }),
        founded_on: None,
        members: None,
        contact: "",
        summary: "退休后牵头组建“海之韵”志愿服务队，常年在太平角海滨开展净滩护海、文明旅游劝导和游客咨询服务，组织队员与辖区独居老人结对帮扶；八年来带领队员开展志愿服务一千二百余次，清理海滩垃圾二十余吨。",
        full: "林海燕退休前是一名中学教师。2014年，她看到太平角海滨游客增多、海滩垃圾随之增多，便召集社区里的老同事、老邻居组建了“海之韵”志愿服务队。\n\n\
               服务队每周两次沿海岸线开展净滩护海，旅游旺季在海滨步道开展文明劝导和游客咨询；她还编写了海洋环保知识讲稿，走进辖区中小学讲了六十余堂课。八年来，服务队开展志愿服务一千二百余次，清理海滩垃圾二十余吨。\n\n\
               她组织队员与辖区三十余位独居老人结对，逢年过节上门看望，平时帮忙代购、陪诊，被老人们称为“海边的亲闺女”。",
    },
    Nominee {
        category: "community",
        by: "taiping",
        name: "青岛市市南区八大关街道太平角社区",
        affiliation: "",
        phone: "13863901017",
        person: None,
        founded_on: None,
        members: Some(530),
        contact: "陈晓丽",
        summary: "社区注册志愿者五百三十余名，依托历史文化街区开展文明旅游引导、老建筑保护宣传和海滨环境整治，建立“邻里互助时间银行”，常态化开展助老助残、法律咨询等服务，全年开展志愿服务活动一百六十余场。",
        full: "太平角社区地处八大关历史文化街区，游客多、老年居民多。社区以新时代文明实践站为阵地，组建文明旅游、护海净滩、邻里互助等八支志愿服务队伍，注册志愿者五百三十余名。\n\n\
               社区建立“邻里互助时间银行”，志愿者的服务时长可存可取，常态化开展助老助残、法律咨询、健康义诊等服务，全年开展志愿服务活动一百六十余场。\n\n\
               旅游旺季，社区志愿者在街区路口设立服务点，为游客指路、讲解老建筑的历史，劝导不文明行为，成为街区一道亮丽的风景线。",
    },
    Nominee {
        category: "project",
        by: "badaguan",
        name: "青岛市市南区八大关街道“老建筑里的红色记忆”志愿讲解项目",
        affiliation: "",
        phone: "13863901018",
        person: None,
        founded_on: Some(date!(2018 - 06 - 01)),
        members: None,
        contact: "孙立新",
        summary: "招募退休教师、文史爱好者和大学生担任志愿讲解员，挖掘街区老建筑中的革命历史故事，面向青少年和游客开展公益讲解，四年来讲解八百余场，受众三万余人次。",
        full: "“老建筑里的红色记忆”志愿讲解项目由八大关街道发起，招募退休教师、文史爱好者和在校大学生担任志愿讲解员，经培训考核后上岗。\n\n\
               讲解员深入挖掘街区老建筑中的革命历史故事，编写讲解词二十余篇，面向中小学生、机关干部和游客开展公益讲解，四年来讲解八百余场，受众三万余人次。",
    },
    Nominee {
        category: "organization",
        by: "shazikou",
        name: "青岛市崂山区沙子口街道“蓝色港湾”志愿服务队",
        affiliation: "",
        phone: "13863901019",
        person: None,
        founded_on: Some(date!(2015 - 08 - 18)),
        members: Some(96),
        contact: "于海涛",
        summary: "由渔民、退役军人和渔港从业人员组成，常年开展海上应急救助、渔港安全巡查、海洋垃圾清理和防溺水宣传，累计参与海上救助四十余次，救助遇险群众七十余人。",
        full: "“蓝色港湾”志愿服务队成立于2015年，现有队员九十六名，骨干多为经验丰富的老渔民和退役军人，配备救生艇、救生衣等应急装备。\n\n\
               服务队常年开展渔港安全巡查和海上应急救助，累计参与海上救助四十余次，救助遇险群众七十余人；每年休渔期组织队员清理近岸海洋垃圾，开展防溺水宣传进渔村、进校园活动五十余场。",
    },
    Nominee {
        category: "project",
        by: "nanyao",
        name: "青岛市崂山区沙子口街道南窑社区“渔家小课堂”志愿服务项目",
        affiliation: "",
        phone: "13863901020",
        person: None,
        founded_on: Some(date!(2017 - 03 - 20)),
        members: None,
        contact: "王淑芬",
        summary: "针对渔村留守儿童课后无人照看的问题，组织退休教师、大学生志愿者在社区开设“渔家小课堂”，提供课业辅导、海洋科普和安全教育，五年来服务儿童四百余名、开课一千二百余节。",
        full: "南窑社区是一个传统渔村，不少孩子的父母出海打鱼，放学后无人照看。2017年，社区发起“渔家小课堂”志愿服务项目，招募退休教师、大学生志愿者利用课后和假期时间为孩子们服务。\n\n\
               小课堂开设课业辅导、海洋科普、防溺水安全教育和渔家文化等课程，五年来服务儿童四百余名、开课一千二百余节，让渔家孩子放学有去处、成长有陪伴。",
    },
];

/// What the office decides on the 2022 nominees that reached it, by name, with its reason:
/// one is returned for revision, then resubmitted and found eligible; one is rejected; every
/// other one is found eligible.
const PAST_REVIEW: [(&str, Transition, &str); 2] = [
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
];

/// What never reaches the office: 李村街道 declines 银龄课堂, recommending 鲍秀兰爱心工作室
/// from its streets' projects.
const PAST_DECLINES: [Decline; 1] = [(
    "青岛市李沧区李村街道“银龄课堂”志愿服务项目",
    "经街道评议，本街道推荐北山社区“鲍秀兰爱心工作室”项目参评。",
)];

/// Loads the 2022 campaign and carries it to its archive. Returns how many nominations it holds.
pub(super) async fn load(
    app: &App,
    admin: &Actor,
    actors: &HashMap<&'static str, Actor>,
) -> AppResult<usize> {
    let created =
        campaigns::create_campaign(&app.db, admin, &campaign_input(PAST_TITLE, &TIMELINE)).await?;
    let id = CampaignId(created.id);
    advance_to(app, admin, id, StageKind::Recommendation).await?;
    let nominees: Vec<&Nominee> = PAST.iter().collect();
    let mut made = chain::submit_all(app, actors, id, &nominees, DAYS.submitted).await?;
    chain::recommend_all(app, actors, &mut made, DAYS, &PAST_DECLINES).await?;
    advance_to(app, admin, id, StageKind::Review).await?;
    for (nominee, nomination) in PAST.iter().zip(&made) {
        if nomination.status == NominationStatus::AtOffice {
            office_review(app, admin, actors, nominee, nomination).await?;
        }
    }
    advance_to(app, admin, id, StageKind::Evaluation).await?;
    let experts = experts(actors)?;
    let scored = date!(2022 - 12 - 01);
    evaluation::evaluate(app, admin, id, PAST_TITLE, &CITY_LIST, &experts, scored).await?;
    advance_to(app, admin, id, StageKind::Notice).await?;
    let past = campaign::Entity::find_by_id(id.0)
        .one(&app.db)
        .await?
        .ok_or_else(|| internal("the 2022 campaign is missing"))?;
    publish_past_lists(app, admin, &past).await?;
    advance_to(app, admin, id, StageKind::Archived).await?;
    Ok(PAST.len())
}

/// The office's strict review of one 2022 nomination that reached it, on 28 November.
async fn office_review(
    app: &App,
    admin: &Actor,
    actors: &HashMap<&'static str, Actor>,
    nominee: &Nominee,
    nomination: &nomination::Model,
) -> AppResult<nomination::Model> {
    let day = date!(2022 - 11 - 28);
    let decide = |n: &nomination::Model, transition, reason, day| {
        review::transition(app, admin, n.id.into(), transition, n.version, reason, day)
    };
    match PAST_REVIEW.iter().find(|(name, ..)| *name == nominee.name) {
        Some((_, Transition::ReturnForRevision, reason)) => {
            let returned = decide(nomination, Transition::ReturnForRevision, reason, day).await?;
            // The unit adds the missing record and resubmits; the office sees what changed.
            let actor = actor_of(actors, nominee.by)?;
            let mut input = nomination_input(nominee)?;
            input.deeds_full.push_str("\n\n（补充）全国志愿服务信息系统记录：2022年度志愿服务时长186小时，累计注册志愿服务6年。");
            input.version = returned.version;
            let next_day = date!(2022 - 11 - 29);
            let revised =
                nominations::update_draft_as_of(app, actor, returned.id.into(), &input, next_day)
                    .await?;
            let resubmitted = review::transition(
                app,
                actor,
                revised.id.into(),
                Transition::Resubmit,
                revised.version,
                "",
                next_day,
            )
            .await?;
            decide(
                &resubmitted,
                Transition::MarkEligible,
                "",
                date!(2022 - 11 - 30),
            )
            .await
        }
        Some((_, transition, reason)) => decide(nomination, *transition, reason, day).await,
        None => decide(nomination, Transition::MarkEligible, "", day).await,
    }
}

/// The 2022 notice (5 working days from 5 December) and, after it, the final list as the city
/// published it on 15 December.
async fn publish_past_lists(app: &App, admin: &Actor, past: &campaign::Model) -> AppResult<()> {
    let id = CampaignId(past.id);
    let life = stages::load(&app.db, past).await?;
    let mut notice = notices::DocumentInput::blank_notice(past, &life, Lang::ZhCn);
    notice.doc_number = "青文明办〔2022〕12号".into();
    notice.issued_on = "2022-12-05".into();
    let draft = notices::save_notice(&app.db, admin, id, &notice).await?;
    let published = notices::publish_notice(&app.db, &app.signer, admin, id, draft.version).await?;
    advance_to(app, admin, id, StageKind::FinalList).await?;
    let mut list = notices::DocumentInput::blank_final_list(past, &life, &published, Lang::ZhCn);
    list.doc_number = "青文明办〔2022〕15号".into();
    list.issued_on = "2022-12-15".into();
    notices::confirm_final_list(
        &app.db,
        &app.signer,
        admin,
        id,
        &list,
        date!(2022 - 12 - 15),
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_city_list_holds_licangs_seven_and_only_nominees_that_reach_evaluation() {
        let licang: Vec<&str> = PAST.iter().take(7).map(|n| n.name).collect();
        for name in &licang {
            assert!(CITY_LIST.contains(name), "{name}");
        }
        for name in CITY_LIST {
            let nominee = PAST.iter().find(|n| n.name == name).unwrap();
            assert!(!PAST_REVIEW.iter().any(|(n, ..)| *n == name));
            assert!(!PAST_DECLINES.iter().any(|(n, _)| *n == name));
            assert!(!nominee.name.contains('"') && !nominee.affiliation.contains('"'));
        }
        // The list reads category by category.
        let order = |name: &str| {
            let key = PAST.iter().find(|n| n.name == name).unwrap().category;
            crate::domain::campaigns::STANDARD_CATEGORIES
                .iter()
                .position(|(k, _)| *k == key)
        };
        assert!(CITY_LIST.windows(2).all(|w| order(w[0]) <= order(w[1])));
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
}
