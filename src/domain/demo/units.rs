//! The demo's people and places: the units under the city (the nominating tree, the experts'
//! pool and the agencies that clear candidates), the demo users of each role, and the office
//! admin the loader acts as (made by setup on a fresh database).

use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::{ReportedUser, internal};
use crate::{
    App,
    domain::{
        accounts::{self, SetupInput, UserInput},
        actor::Actor,
        units::{self, UnitInput},
    },
    entity::{
        unit,
        user::{self, Role},
    },
    error::{AppError, AppResult},
    pii,
};

/// The root unit made on a fresh database.
const CITY: &str = "青岛市";

/// The units of the demo, parents first: name, kind, parent name (empty for the root). Three of
/// the city's districts recommend: Licang (李沧区), whose honorees are real, and 市南区 and 崂山区,
/// whose are invented.
pub(super) const UNITS: [(&str, &str, &str); 23] = [
    ("市南区", "district", ""),
    ("崂山区", "district", ""),
    ("李沧区", "district", ""),
    // Experts sit outside the nominating tree: a reviewer in a unit above or below a nominee
    // has a conflict of interest and is never assigned to it.
    (EXPERT_POOL, "department", ""),
    ("八大关街道", "street", "市南区"),
    ("太平角社区", "community", "八大关街道"),
    ("沙子口街道", "street", "崂山区"),
    ("南窑社区", "community", "沙子口街道"),
    ("李村街道", "street", "李沧区"),
    ("世园街道", "street", "李沧区"),
    ("九水街道", "street", "李沧区"),
    ("虎山路街道", "street", "李沧区"),
    ("北山社区", "community", "李村街道"),
    ("南山社区", "community", "李村街道"),
    ("延川路社区", "community", "九水街道"),
    ("金秋社区", "community", "虎山路街道"),
    ("百果山社区", "community", "世园街道"),
    // A department nominates like a district: straight to the office.
    ("国家税务总局青岛市李沧区税务局", "department", "李沧区"),
    // The agencies a campaign with a clearance stage (联审) asks, outside the nominating tree.
    (COURT, "agency", ""),
    ("青岛市人民检察院", "agency", ""),
    ("青岛市公安局", "agency", ""),
    ("青岛市社会信用体系建设领导小组办公室", "agency", ""),
    ("青岛市纪委监委", "agency", ""),
];

/// The first of the demo's clearing agencies.
pub(super) const COURT: &str = "青岛市中级人民法院";

/// The unit the demo's expert reviewers belong to.
pub(super) const EXPERT_POOL: &str = "青岛市志愿服务评审专家库";

/// The users of the demo: username, display name, role, unit name.
pub(super) const USERS: [(&str, &str, &str, &str); 26] = [
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
    ("shinan", "市南区推荐人", "recommender", "市南区"),
    ("badaguan", "八大关街道推荐人", "recommender", "八大关街道"),
    ("taiping", "太平角社区推荐人", "recommender", "太平角社区"),
    ("laoshan", "崂山区推荐人", "recommender", "崂山区"),
    ("shazikou", "沙子口街道推荐人", "recommender", "沙子口街道"),
    ("nanyao", "南窑社区推荐人", "recommender", "南窑社区"),
    ("expert1", "评审专家一", "reviewer", EXPERT_POOL),
    ("expert2", "评审专家二", "reviewer", EXPERT_POOL),
    ("expert3", "评审专家三", "reviewer", EXPERT_POOL),
    ("expert4", "评审专家四", "reviewer", EXPERT_POOL),
    ("expert5", "评审专家五", "reviewer", EXPERT_POOL),
    ("fayuan", "市中级人民法院联审员", "agency", COURT),
    (
        "jianchayuan",
        "市人民检察院联审员",
        "agency",
        "青岛市人民检察院",
    ),
    ("gongan", "市公安局联审员", "agency", "青岛市公安局"),
    (
        "xinyong",
        "市信用办联审员",
        "agency",
        "青岛市社会信用体系建设领导小组办公室",
    ),
    ("jiwei", "市纪委监委联审员", "agency", "青岛市纪委监委"),
];

/// The usernames of the demo's experts, in order.
pub(super) const EXPERTS: [&str; 5] = ["expert1", "expert2", "expert3", "expert4", "expert5"];

/// Whether the unit of a demo user is a street (its recommendations come before its
/// district's).
pub(super) fn is_street(unit_name: &str) -> bool {
    UNITS
        .iter()
        .any(|(name, kind, _)| *name == unit_name && *kind == "street")
}

pub(super) fn password(bytes: usize) -> AppResult<String> {
    pii::random_token(bytes).map_err(|e| AppError::Internal(e.to_string()))
}

/// The office admin the loader acts as, the root unit, and the admin to report when setup made
/// one. An existing database keeps its admin and its root, whatever the root is named.
pub(super) async fn office(app: &App) -> AppResult<(Actor, unit::Model, Vec<ReportedUser>)> {
    let mut reported = Vec::new();
    let admin = if accounts::needs_setup(&app.db).await? {
        let password = password(8)?;
        let input = SetupInput {
            city_name: CITY.into(),
            username: "office".into(),
            display_name: "文明办管理员".into(),
            password: password.clone(),
            province: false,
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
pub(super) async fn ensure_units(
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
pub(super) async fn ensure_users(
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
                    service: false,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_come_after_their_parents_and_users_have_units() {
        for (index, (_, _, parent)) in UNITS.iter().enumerate() {
            assert!(parent.is_empty() || UNITS[..index].iter().any(|u| u.0 == *parent));
        }
        for (_, _, _, unit_name) in USERS {
            assert!(UNITS.iter().any(|u| u.0 == unit_name));
        }
        for expert in EXPERTS {
            assert!(USERS.iter().any(|u| u.0 == expert && u.2 == "reviewer"));
        }
        // An agency's users are of the agency role, and only theirs.
        for (_, _, role, unit_name) in USERS {
            let kind = UNITS.iter().find(|u| u.0 == unit_name).map(|u| u.1);
            assert_eq!(role == "agency", kind == Some("agency"), "{unit_name}");
        }
        assert!(is_street("李村街道") && !is_street("李沧区"));
    }
}
