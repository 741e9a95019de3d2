//! The provincial demo's nominees, invented but realistic: Chinese names drawn from common
//! surnames and given names (distinct within the campaign), valid ID numbers of the nominee's
//! district, mobile numbers of a block no one holds, and deeds written from the kinds of
//! service real nominations describe. A seeded generator makes every load the same.

use std::collections::HashSet;

use time::{Date, Month};

use crate::{
    domain::{demo::nominees::id_number, nominations::NominationInput},
    error::AppResult,
};

use super::super::internal;

/// A small deterministic generator (xorshift64*): the same demo on every load.
pub(super) struct Dice(u64);

impl Dice {
    /// A generator from `seed`.
    pub(super) fn new(seed: u64) -> Self {
        Self(seed | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (0 for an empty range).
    pub(super) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }

    /// A number in `low..=high`.
    pub(super) fn between(&mut self, low: u32, high: u32) -> u32 {
        let span = usize::try_from(high.saturating_sub(low)).unwrap_or(0) + 1;
        low + u32::try_from(self.below(span)).unwrap_or(0)
    }

    /// One of `items`.
    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Common surnames, the most common listed twice so that they come up more often.
const SURNAMES: [&str; 60] = [
    "王", "李", "张", "刘", "陈", "杨", "王", "李", "张", "刘", "赵", "黄", "周", "吴", "徐", "孙",
    "胡", "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于",
    "董", "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾",
    "丁", "魏", "薛", "叶", "阎", "潘", "杜", "戴", "夏", "姜", "范", "宫",
];

/// Men's given names of the generations born 1955–2000.
const MEN: [&str; 32] = [
    "建国", "志强", "海涛", "德胜", "庆华", "国栋", "振华", "晓东", "立新", "文斌", "宏伟", "永刚",
    "浩然", "俊杰", "博文", "宇航", "学军", "春生", "洪涛", "传福", "连成", "树林", "兆平", "守信",
    "玉山", "明", "伟", "军", "磊", "鹏", "涛", "强",
];

/// Women's given names of the same generations.
const WOMEN: [&str; 32] = [
    "秀兰", "桂英", "玉梅", "丽华", "淑珍", "慧敏", "晓燕", "红霞", "春梅", "婷婷", "欣怡", "梓涵",
    "佳琪", "雨桐", "海燕", "翠萍", "美玲", "晓丽", "凤英", "素芬", "爱华", "金凤", "秀云", "立红",
    "艳", "静", "敏", "娜", "丽", "芳", "雪", "霞",
];

/// What a volunteer does, in the words of a summary and of the full deeds.
struct Service {
    /// The kind of service, as a team would be named after it.
    team: &'static str,
    /// One line for the summary.
    summary: &'static str,
    /// One paragraph for the full deeds.
    full: &'static str,
}

const SERVICES: [Service; 10] = [
    Service {
        team: "助老",
        summary: "每周上门探访辖区独居和空巢老人，为他们代购代办、陪同就医",
        full: "每周固定两天走访辖区独居和空巢老人，帮他们代购生活用品、陪同就医、打扫卫生；逢年过节组织志愿者包饺子、送春联，让老人们感受到社区大家庭的温暖。",
    },
    Service {
        team: "环保",
        summary: "组织居民开展垃圾分类宣传和河道、海滩清理",
        full: "带领志愿者在小区开展垃圾分类入户宣传，定期组织居民清理河道和海滩垃圾，推动社区建起废旧物品回收点，小区垃圾分类准确率明显提高。",
    },
    Service {
        team: "应急救援",
        summary: "参加山地搜救、防汛抢险和应急救护培训",
        full: "多次参加山地搜救和防汛抢险，汛期坚持夜间巡查河道；取得红十字救护员证书后，在社区和学校开展心肺复苏和急救知识培训，受训群众数千人次。",
    },
    Service {
        team: "助残",
        summary: "为残障人士提供康复陪护、出行帮扶和就业指导",
        full: "长期结对帮扶辖区残障人士，陪同康复训练、协助出行，联系爱心企业为有劳动能力的残障人士提供就业岗位，帮助多户家庭走出困境。",
    },
    Service {
        team: "关爱儿童",
        summary: "为留守儿童和困境儿童开展课后辅导和心理陪伴",
        full: "利用业余时间为留守儿童和困境儿童开展课后辅导、阅读陪伴和心理疏导，组织假期夏令营，结对帮扶的孩子中多人考入理想学校。",
    },
    Service {
        team: "文明交通",
        summary: "坚持在学校和路口开展文明交通劝导",
        full: "每天上下学高峰在学校门口和繁忙路口劝导行人和非机动车文明出行，协助交警疏导交通，护送学生过马路，风雨无阻。",
    },
    Service {
        team: "义诊",
        summary: "组织医护志愿者深入社区和农村开展义诊和健康讲座",
        full: "组织医护志愿者深入社区和偏远村庄开展义诊、健康讲座和慢病随访，为行动不便的老人上门测量血压血糖，建立健康档案。",
    },
    Service {
        team: "文化宣讲",
        summary: "开展理论宣讲、非遗传承和群众文化活动",
        full: "组建群众宣讲小分队，用快板、吕剧等群众喜闻乐见的形式宣讲党的创新理论和身边好人好事，义务教授剪纸、面塑等非遗技艺。",
    },
    Service {
        team: "邻里守望",
        summary: "调解邻里纠纷，参与老旧小区改造议事和楼院治理",
        full: "担任楼长和调解员，耐心调解邻里纠纷，组织居民参与老旧小区改造议事，推动加装电梯、整治楼道杂物，楼院面貌焕然一新。",
    },
    Service {
        team: "助学",
        summary: "资助困难学生并组织大学生志愿者开展支教",
        full: "多年来资助困难学生完成学业，组织大学生志愿者到农村学校开展周末支教和假期课堂，捐建图书角，受益学生数百人。",
    },
];

/// Where the volunteers work or what they were.
const OCCUPATIONS: [&str; 12] = [
    "退休教师",
    "社区网格员",
    "退役军人",
    "个体工商户",
    "企业职工",
    "大学生",
    "医院护士",
    "出租车司机",
    "社区医生",
    "律师",
    "退休职工",
    "快递员",
];

/// How the nominations end their deeds.
const RECOGNITION: [&str; 5] = [
    "被评为区级优秀志愿者",
    "多次受到街道表彰",
    "带动身边三十余名居民加入志愿服务队伍",
    "受到群众广泛好评",
    "所在志愿服务队被评为市级示范团队",
];

/// What an organization is called after, besides its kind of service.
const TEAM_NAMES: [&str; 12] = [
    "红帆",
    "海之韵",
    "夕阳红",
    "爱心妈妈",
    "蓝天",
    "绿色家园",
    "银龄",
    "春晖",
    "暖心",
    "益路同行",
    "彩虹",
    "先锋",
];

/// Where a nominee lives: the names of its unit's ancestors and the district's area code.
pub(super) struct Place<'a> {
    pub(super) city: &'a str,
    pub(super) district: &'a str,
    pub(super) street: &'a str,
    pub(super) community: &'a str,
    pub(super) area_code: &'a str,
}

/// The state of the generator across nominees: names, ID numbers and phones already given.
pub(super) struct People {
    dice: Dice,
    names: HashSet<String>,
    ids: HashSet<String>,
    phones: u32,
}

impl People {
    /// A generator of nominees.
    pub(super) fn new(seed: u64) -> Self {
        Self {
            dice: Dice::new(seed),
            names: HashSet::new(),
            ids: HashSet::new(),
            phones: 0,
        }
    }

    /// A person's name not given yet, mostly of three characters.
    pub(super) fn name(&mut self, male: bool) -> String {
        loop {
            let surname = self.dice.pick(&SURNAMES);
            let given = self.dice.pick(if male { &MEN } else { &WOMEN });
            let name = format!("{surname}{given}");
            if self.names.insert(name.clone()) {
                return name;
            }
        }
    }

    /// The next nominee's mobile number, in a block no one holds (139 6390 xxxx).
    fn phone(&mut self) -> String {
        self.phones += 1;
        format!("1396390{:04}", self.phones % 10_000)
    }

    /// A volunteer of `place`, as the community's recommender fills in the form.
    ///
    /// # Errors
    /// When no valid ID number can be made (it always can).
    pub(super) fn volunteer(&mut self, place: &Place<'_>) -> AppResult<NominationInput> {
        let male = self.dice.below(2) == 0;
        let name = self.name(male);
        let occupation = self.dice.pick(&OCCUPATIONS);
        let young = *occupation == "大学生";
        let year = if young {
            1998 + i32::try_from(self.dice.below(4)).unwrap_or(0)
        } else {
            1955 + i32::try_from(self.dice.below(40)).unwrap_or(0)
        };
        let month = Month::try_from(u8::try_from(self.dice.between(1, 12)).unwrap_or(1))
            .unwrap_or(Month::January);
        let day = u8::try_from(self.dice.between(1, 28)).unwrap_or(1);
        let born = Date::from_calendar_date(year, month, day)
            .map_err(|_| internal("a demo birth date is out of range"))?;
        let id = loop {
            let seq = u16::try_from(self.dice.below(1000)).unwrap_or(0);
            let id = id_number(place.area_code, born, seq, male)
                .ok_or_else(|| internal("a demo ID number cannot be built"))?;
            if self.ids.insert(id.clone()) {
                break id;
            }
        };
        let service = self.dice.pick(&SERVICES);
        let since = 2008 + self.dice.between(0, 12);
        let hours = self.dice.between(12, 360) * 10;
        let recognition = self.dice.pick(&RECOGNITION);
        let pronoun = if male { "他" } else { "她" };
        let affiliation = format!(
            "{}{}{}{}{}",
            place.city, place.district, place.street, place.community, occupation
        );
        Ok(NominationInput {
            nominee_name: name.clone(),
            affiliation,
            phone: self.phone(),
            gender: if male { "male" } else { "female" }.into(),
            birth_date: born.to_string(),
            id_number: id,
            volunteer_hours: hours.to_string(),
            deeds_summary: format!(
                "{name}自{since}年起参加{}志愿服务，{}，累计志愿服务时长{hours}小时，{recognition}。",
                service.team, service.summary
            ),
            deeds_full: format!(
                "{name}是{}{}的一名{occupation}。{since}年，{pronoun}加入社区{}志愿服务队，从此与志愿服务结下不解之缘。\n\n{}多年来，{pronoun}累计志愿服务时长{hours}小时，{recognition}。",
                place.street, place.community, service.team, service.full
            ),
            ..NominationInput::default()
        })
    }

    /// A volunteer organization of `place`'s street, with a contact person of the community.
    pub(super) fn organization(&mut self, place: &Place<'_>) -> NominationInput {
        let service = self.dice.pick(&SERVICES);
        let team = self.dice.pick(&TEAM_NAMES);
        let male = self.dice.below(2) == 0;
        let contact = self.name(male);
        let founded = 2008 + self.dice.between(0, 11);
        let members = self.dice.between(25, 320);
        let served = self.dice.between(8, 90) * 100;
        let name = format!(
            "{}{}{}“{team}”{}志愿服务队",
            place.city, place.district, place.community, service.team
        );
        NominationInput {
            nominee_name: name.clone(),
            phone: self.phone(),
            founded_on: format!(
                "{founded}-0{}-1{}",
                self.dice.between(1, 9),
                self.dice.between(0, 9)
            ),
            member_count: members.to_string(),
            contact_name: contact,
            deeds_summary: format!(
                "成立于{founded}年，现有注册志愿者{members}人，常年开展{}志愿服务，{}，累计服务群众{served}余人次。",
                service.team, service.summary
            ),
            deeds_full: format!(
                "{name}成立于{founded}年，由{}{}居民自发组建，现有注册志愿者{members}人，建立了招募、培训、服务记录和激励的完整制度。\n\n队员们{}累计服务群众{served}余人次。",
                place.street, place.community, service.full
            ),
            ..NominationInput::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::values::{DeedsSummary, IdNumber, Phone};

    fn place() -> Place<'static> {
        Place {
            city: "烟台市",
            district: "芝罘区",
            street: "毓璜顶街道",
            community: "文化宫社区",
            area_code: "370602",
        }
    }

    #[test]
    fn generated_volunteers_are_valid_distinct_and_mostly_three_characters() {
        let mut people = People::new(7);
        let mut names = HashSet::new();
        let mut three = 0;
        for _ in 0..300 {
            let input = people.volunteer(&place()).unwrap();
            let id = IdNumber::parse(&input.id_number).unwrap();
            assert_eq!(id.birth_date().to_string(), input.birth_date);
            assert!(input.id_number.starts_with("370602"));
            assert!(Phone::parse(&input.phone).unwrap().is_mobile());
            assert!(
                DeedsSummary::parse(&input.deeds_summary).is_ok(),
                "{}",
                input.deeds_summary
            );
            assert!(input.deeds_full.contains("\n\n"));
            assert!(
                names.insert(input.nominee_name.clone()),
                "{}",
                input.nominee_name
            );
            three += usize::from(input.nominee_name.chars().count() == 3);
        }
        assert!(three > 200, "{three} of 300 names have three characters");
    }

    #[test]
    fn the_same_seed_makes_the_same_people() {
        let (mut a, mut b) = (People::new(11), People::new(11));
        for _ in 0..20 {
            assert_eq!(
                a.volunteer(&place()).unwrap().nominee_name,
                b.volunteer(&place()).unwrap().nominee_name
            );
        }
    }

    #[test]
    fn generated_organizations_have_what_their_category_asks() {
        let mut people = People::new(3);
        for _ in 0..50 {
            let input = people.organization(&place());
            assert!(input.nominee_name.ends_with("志愿服务队"));
            assert!(input.member_count.parse::<u32>().unwrap() >= 25);
            assert!(
                time::Date::parse(
                    &input.founded_on,
                    &time::format_description::well_known::Iso8601::DATE
                )
                .is_ok(),
                "{}",
                input.founded_on
            );
            assert!(DeedsSummary::parse(&input.deeds_summary).is_ok());
            assert!(!input.contact_name.is_empty());
        }
    }
}
