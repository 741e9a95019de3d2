//! The nominees of the demo's campaigns in progress (`stages`), one table per campaign: who
//! each district's units put forward this season. All of them are invented.

use time::macros::date;

use super::nominees::{Nominee, Person};

/// The campaign in review: one found eligible, one waiting at the office, one returned.
pub(super) const REVIEW: [Nominee; 3] = [
    Nominee {
        category: "volunteer",
        by: "nanyao",
        name: "刘志强",
        affiliation: "青岛市崂山区沙子口街道南窑社区渔民志愿救援队队员",
        phone: "13863901021",
        person: Some(Person {
            male: true,
            born: date!(1968 - 09 - 03),
            seq: 75,
            hours: 760,
        }),
        founded_on: None,
        members: None,
        contact: "",
        summary: "从事近海捕捞三十余年，熟悉附近海域水文情况，十年来驾驶自家渔船参与海上救援二十余次，救起落水群众十余人；休渔期义务为渔民讲解安全生产知识，组织渔民清理近岸海漂垃圾。",
        full: "刘志强是南窑社区的一名老渔民。2013年，他加入社区渔民志愿救援队，只要接到求救信息，就第一时间驾船出海。\n\n\
               十年来，他参与海上救援二十余次，救起落水群众十余人；休渔期，他义务为年轻渔民讲解安全生产知识，带头清理近岸海漂垃圾，被渔民们称为“海上老把式”。",
    },
    Nominee {
        category: "project",
        by: "taiping",
        name: "青岛市市南区八大关街道太平角社区“海滨书屋”志愿服务项目",
        affiliation: "",
        phone: "13863901022",
        person: None,
        founded_on: Some(date!(2018 - 04 - 23)),
        members: None,
        contact: "刘梅",
        summary: "利用社区闲置用房建成公益书屋，由退休教师和大学生志愿者轮流值守，开展亲子阅读、读书分享和假期托管，五年来开放一千五百余天，服务居民和游客四万余人次。",
        full: "“海滨书屋”由太平角社区利用闲置用房改建，藏书八千余册，全部来自居民和辖区单位捐赠。\n\n\
               书屋由退休教师和大学生志愿者轮流值守，常年开展亲子阅读、读书分享和假期托管活动，五年来开放一千五百余天，服务居民和游客四万余人次。",
    },
    Nominee {
        category: "volunteer",
        by: "beishan",
        name: "赵丽华",
        affiliation: "青岛市李沧区李村街道北山社区“鲍秀兰爱心工作室”志愿者",
        phone: "13863901023",
        person: Some(Person {
            male: false,
            born: date!(1979 - 12 - 08),
            seq: 224,
            hours: 310,
        }),
        founded_on: None,
        members: None,
        contact: "",
        summary: "工作之余在“鲍秀兰爱心工作室”担任志愿者，每周为社区独居老人上门送餐、打扫卫生，组织楼院居民开展邻里互助，三年来志愿服务三百余小时。",
        full: "赵丽华是北山社区的一名普通居民。2020年，她加入“鲍秀兰爱心工作室”，成为一名志愿者。\n\n\
               她每周为社区独居老人上门送餐、打扫卫生，陪老人聊天解闷；她还组织楼院居民结成互助小组，谁家有困难大家一起帮，三年来志愿服务三百余小时。",
    },
];

/// The campaign in evaluation, scored by some of its panel.
pub(super) const EVALUATION: [Nominee; 3] = [
    Nominee {
        category: "volunteer",
        by: "yanchuan",
        name: "孙建国",
        affiliation: "青岛市李沧区九水街道延川路社区新时代文明实践站志愿者",
        phone: "13863901024",
        person: Some(Person {
            male: true,
            born: date!(1957 - 03 - 27),
            seq: 19,
            hours: 1820,
        }),
        founded_on: None,
        members: None,
        contact: "",
        summary: "退休后扎根社区新时代文明实践站，开设“老孙讲政策”宣讲课堂，用居民听得懂的话宣讲惠民政策，六年来宣讲三百余场；牵头组建社区义务维修队，为困难家庭免费维修水电。",
        full: "孙建国退休前是一名机关干部。退休后，他主动到社区新时代文明实践站报到，开设“老孙讲政策”宣讲课堂。\n\n\
               六年来，他宣讲三百余场，把医保、养老等惠民政策讲得明明白白；他还牵头组建社区义务维修队，为困难家庭免费维修水电一千余次。",
    },
    Nominee {
        category: "organization",
        by: "licang",
        name: "青岛市李沧区“小巷管家”志愿服务队",
        affiliation: "",
        phone: "13863901025",
        person: None,
        founded_on: Some(date!(2016 - 05 - 10)),
        members: Some(210),
        contact: "杜文斌",
        summary: "由各街道社区居民骨干组成，认领辖区背街小巷，常态化开展环境巡查、文明劝导和问题上报，累计上报并推动解决环境卫生、设施损坏等问题两千余件。",
        full: "“小巷管家”志愿服务队成立于2016年，现有队员二百一十名，每名队员认领一条背街小巷，做到“管家”有人、巡查有序。\n\n\
               队员每天巡查所认领的小巷，开展文明劝导，发现问题及时上报，累计推动解决环境卫生、设施损坏等问题两千余件，背街小巷面貌明显改善。",
    },
    Nominee {
        category: "project",
        by: "badaguan",
        name: "青岛市市南区八大关街道“文明旅游我先行”志愿服务项目",
        affiliation: "",
        phone: "13863901026",
        person: None,
        founded_on: Some(date!(2017 - 07 - 01)),
        members: None,
        contact: "黄雅琴",
        summary: "旅游旺季在八大关景区设立志愿服务点，为游客提供咨询引导、应急救助和文明劝导，六年来上岗志愿者一万余人次，服务游客六十余万人次。",
        full: "“文明旅游我先行”志愿服务项目由八大关街道发起，每年旅游旺季在景区主要路口设立志愿服务点。\n\n\
               志愿者为游客提供咨询引导、应急救助和文明劝导服务，六年来上岗志愿者一万余人次，服务游客六十余万人次，成为景区一道亮丽的风景。",
    },
];

/// The campaign on public notice: the first three are on it; the last was not chosen.
pub(super) const NOTICE: [Nominee; 4] = [
    Nominee {
        category: "volunteer",
        by: "licun",
        name: "张秀英",
        affiliation: "青岛市李沧区李村街道“邻里帮帮团”志愿服务队队长",
        phone: "13863901027",
        person: Some(Person {
            male: false,
            born: date!(1960 - 07 - 15),
            seq: 88,
            hours: 2130,
        }),
        founded_on: None,
        members: None,
        contact: "",
        summary: "牵头成立“邻里帮帮团”，组织四十余名居民结对帮扶独居老人和困难家庭，开展代购代办、陪诊陪护和邻里调解，八年来帮扶群众一千余户。",
        full: "张秀英退休后发现，楼里的独居老人越来越多，很多事情一个人办不了。2015年，她牵头成立“邻里帮帮团”，动员四十余名居民加入。\n\n\
               帮帮团与独居老人和困难家庭结对，开展代购代办、陪诊陪护和邻里调解，八年来帮扶群众一千余户，让“远亲不如近邻”在李村街道落地生根。",
    },
    Nominee {
        category: "organization",
        by: "shazikou",
        name: "青岛市崂山区沙子口街道“渔嫂”志愿服务队",
        affiliation: "",
        phone: "13863901028",
        person: None,
        founded_on: Some(date!(2016 - 09 - 09)),
        members: Some(58),
        contact: "王秀芹",
        summary: "由渔村妇女组成，丈夫出海时互相照应，常年开展渔家老人照料、留守儿童看护和邻里纠纷调解，七年来服务渔村群众两万余人次。",
        full: "“渔嫂”志愿服务队成立于2016年，现有队员五十八名，都是沙子口街道各渔村的妇女。丈夫出海时，她们互相照应，也照应着村里的老人和孩子。\n\n\
               服务队常年开展渔家老人照料、留守儿童看护和邻里纠纷调解，七年来服务渔村群众两万余人次。",
    },
    Nominee {
        category: "community",
        by: "nanyao",
        name: "青岛市崂山区沙子口街道南窑社区",
        affiliation: "",
        phone: "13863901029",
        person: None,
        founded_on: None,
        members: Some(320),
        contact: "于红梅",
        summary: "社区注册志愿者三百二十余名，建立“渔村邻里守望”机制，以渔船、楼院为单元结成互助小组，常态化开展助老助残、安全巡查和环境整治，全年开展活动一百二十余场。",
        full: "南窑社区是一个传统渔村。社区建立“渔村邻里守望”机制，以渔船、楼院为单元把三百二十余名注册志愿者编成互助小组。\n\n\
               互助小组常态化开展助老助残、安全巡查和环境整治，全年开展活动一百二十余场，渔村邻里守望相助蔚然成风。",
    },
    Nominee {
        category: "volunteer",
        by: "taiping",
        name: "周建华",
        affiliation: "青岛市市南区八大关街道太平角社区楼院长",
        phone: "13863901030",
        person: Some(Person {
            male: true,
            born: date!(1972 - 02 - 19),
            seq: 131,
            hours: 380,
        }),
        founded_on: None,
        members: None,
        contact: "",
        summary: "担任楼院长以来，组织楼院居民开展邻里互助和楼道环境整治，协调解决停车、漏水等邻里矛盾三十余起，四年来志愿服务三百八十余小时。",
        full: "周建华担任太平角社区楼院长四年，把楼院当成自己的家来打理。\n\n\
               他组织楼院居民开展邻里互助和楼道环境整治，协调解决停车、漏水等邻里矛盾三十余起，四年来志愿服务三百八十余小时。",
    },
];

/// The campaign waiting for its final list: the first two were on its notice; the last was not
/// chosen.
pub(super) const FINAL_LIST: [Nominee; 3] = [
    Nominee {
        category: "organization",
        by: "laoshan",
        name: "青岛市崂山区“守护崂山”生态志愿服务队",
        affiliation: "",
        phone: "13863901031",
        person: None,
        founded_on: Some(date!(2014 - 04 - 22)),
        members: Some(180),
        contact: "姜涛",
        summary: "常年在崂山风景区开展护林防火巡查、登山步道垃圾清理和生态保护宣传，累计组织活动五百余场，清理山林垃圾四十余吨，协助救助迷路受伤游客六十余人。",
        full: "“守护崂山”生态志愿服务队成立于2014年，现有队员一百八十名，多为户外运动爱好者和山区村民。\n\n\
               服务队常年开展护林防火巡查、登山步道垃圾清理和生态保护宣传，累计组织活动五百余场，清理山林垃圾四十余吨，协助救助迷路受伤游客六十余人。",
    },
    Nominee {
        category: "project",
        by: "shiyuan",
        name: "青岛市李沧区世园街道“清水河畔”护河志愿服务项目",
        affiliation: "",
        phone: "13863901032",
        person: None,
        founded_on: Some(date!(2018 - 03 - 12)),
        members: None,
        contact: "刘建华",
        summary: "组织沿河社区居民和中小学生担任“民间河长”，定期巡河护河、清理河道垃圾、劝阻乱倒乱排，开展节水护水宣传，五年来巡河三千余次。",
        full: "“清水河畔”护河志愿服务项目由世园街道发起，组织沿河社区居民和中小学生担任“民间河长”。\n\n\
               志愿者定期巡河护河、清理河道垃圾、劝阻乱倒乱排，开展节水护水宣传进校园、进社区活动，五年来巡河三千余次，河道面貌焕然一新。",
    },
    Nominee {
        category: "volunteer",
        by: "badaguan",
        name: "李建军",
        affiliation: "青岛市市南区八大关街道机关干部",
        phone: "13863901033",
        person: Some(Person {
            male: true,
            born: date!(1983 - 06 - 30),
            seq: 205,
            hours: 260,
        }),
        founded_on: None,
        members: None,
        contact: "",
        summary: "利用周末时间参加海岸线净滩和山林清洁活动，发动单位同事组建环保志愿小组，三年来参加志愿服务二百六十余小时。",
        full: "李建军是八大关街道的一名机关干部，也是一名户外运动爱好者。\n\n\
               三年来，他利用周末时间参加海岸线净滩和山林清洁活动，发动单位同事组建环保志愿小组，累计志愿服务二百六十余小时。",
    },
];
