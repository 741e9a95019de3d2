use laurel::{
    App,
    domain::{
        accounts::{self, SetupInput, UserInput},
        actor::Actor,
        campaigns::{self, CampaignInput},
        units::{self, UnitInput},
    },
    entity::{campaign, unit},
};
use rocket::{
    figment::Figment,
    http::{ContentType, Header, Status},
    local::asynchronous::{Client, LocalResponse},
};
use sea_orm::{ConnectionTrait, Database, Statement};

pub const PASSWORD: &str = "correct-horse-battery";

/// A PostgreSQL database made for one test, dropped when the test ends.
struct PgDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let (url, name) = (self.admin_url.clone(), self.name.clone());
        // Drop runs outside any async context; a small runtime on its own thread does the work.
        let _ = std::thread::spawn(move || {
            let runtime = rocket::tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            if let Ok(runtime) = runtime {
                runtime.block_on(async {
                    if let Ok(db) = Database::connect(&url).await {
                        let _ = db
                            .execute_raw(Statement::from_string(
                                db.get_database_backend(),
                                format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
                            ))
                            .await;
                    }
                });
            }
        })
        .join();
    }
}

pub struct TestApp {
    pub client: Client,
    /// The database's URL, for another instance on it.
    url: String,
    _dir: tempfile::TempDir,
    _pg: Option<PgDatabase>,
}

/// The harness's settings for an instance on the database at `url` with its files in `dir`.
fn figment_for(url: &str, dir: &std::path::Path) -> Figment {
    laurel::figment()
        .merge(("secret_key", "a".repeat(64)))
        .merge(("log_level", "off"))
        .merge(("laurel.database_url", url))
        .merge(("laurel.data_dir", dir.display().to_string()))
        .merge(("laurel.argon2_memory_kib", 1024))
        .merge(("laurel.attachment_max_bytes", 64 * 1024))
        .merge(("limits.file", 256 * 1024))
        .merge(("limits.data-form", 512 * 1024))
}

/// Users and units of the standard fixture: a city, one district with two streets, a community
/// under each street, a recommender at each unit below the city, a reviewer, the office admin.
pub struct World {
    pub street_a: unit::Model,
    pub street_b: unit::Model,
    pub community_a1: unit::Model,
    pub community_b1: unit::Model,
    pub campaign: campaign::Model,
}

impl TestApp {
    pub async fn new() -> TestApp {
        TestApp::with(&[]).await
    }

    /// A fresh app with these settings merged over the tests' (`("laurel.outbound", "send")` …).
    pub async fn with(settings: &[(&str, String)]) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let (url, pg) = match std::env::var("LAUREL_TEST_DATABASE_URL") {
            Ok(admin_url) if admin_url.starts_with("postgres") => {
                let name = format!("laurel_test_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(&admin_url)
                    .await
                    .expect("PostgreSQL answers");
                admin
                    .execute_raw(Statement::from_string(
                        admin.get_database_backend(),
                        format!("CREATE DATABASE \"{name}\""),
                    ))
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                let base = admin_url
                    .rsplit_once('/')
                    .map_or(admin_url.as_str(), |(base, _)| base)
                    .to_owned();
                (
                    format!("{base}/{name}"),
                    Some(PgDatabase { admin_url, name }),
                )
            }
            _ => (
                format!("sqlite://{}/laurel.db?mode=rwc", dir.path().display()),
                None,
            ),
        };
        let mut figment = figment_for(&url, dir.path());
        for (key, value) in settings {
            // Numbers as numbers: the settings are typed.
            figment = match value.parse::<i64>() {
                Ok(number) => figment.merge((*key, number)),
                Err(_) => figment.merge((*key, value.clone())),
            };
        }
        let client = Client::tracked(laurel::rocket(figment))
            .await
            .expect("the app ignites");
        TestApp {
            client,
            url,
            _dir: dir,
            _pg: pg,
        }
    }

    /// The `laurel` command run on this test's database and files, with `LAUREL_ADMIN_PASSWORD`
    /// set to `password` when given: whether it succeeded, and its output.
    pub fn command(&self, args: &[&str], password: Option<&str>) -> (bool, String) {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_laurel"));
        command
            .args(args)
            .env("DATABASE_URL", &self.url)
            .env("LAUREL_DATA_DIR", self._dir.path())
            .env_remove("LAUREL_ADMIN_PASSWORD");
        if let Some(password) = password {
            command.env("LAUREL_ADMIN_PASSWORD", password);
        }
        let output = command.output().expect("laurel runs");
        (
            output.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ),
        )
    }

    /// Another instance on this test's database and files whose office date is `today`: how a
    /// test steps a campaign past its windows (the database outlives it only with `self`).
    pub async fn on_day(&self, today: time::Date) -> Client {
        let figment =
            figment_for(&self.url, self._dir.path()).merge(("laurel.today", today.to_string()));
        Client::tracked(laurel::rocket(figment))
            .await
            .expect("the app ignites")
    }

    pub fn app(&self) -> &App {
        self.client.rocket().state::<App>().expect("App is managed")
    }

    pub async fn get(&self, path: &str) -> (Status, String) {
        let response = self.client.get(path.to_owned()).dispatch().await;
        let status = response.status();
        (status, response.into_string().await.unwrap_or_default())
    }

    /// The CSRF token this client's forms carry (fetched from a page that renders one).
    pub async fn csrf_token(&self) -> String {
        let mut html = String::new();
        for path in ["/login", "/setup", "/dashboard"] {
            html = self.get(path).await.1;
            if html.contains("name=\"_csrf\"") {
                break;
            }
        }
        extract_csrf(&html).expect("a page with a CSRF field")
    }

    /// Posts a urlencoded form, with this client's CSRF token first.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> LocalResponse<'_> {
        let token = self.csrf_token().await;
        let mut all = vec![("_csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post_form_raw(path, &all).await
    }

    /// Posts exactly these fields (no token added).
    pub async fn post_form_raw(&self, path: &str, fields: &[(&str, &str)]) -> LocalResponse<'_> {
        self.client
            .post(path.to_owned())
            .header(ContentType::Form)
            .body(encode(fields))
            .dispatch()
            .await
    }

    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &[u8]),
    ) -> LocalResponse<'_> {
        let token = self.csrf_token().await;
        let boundary = "LaurelTestBoundary7MA4YWxk";
        let mut body = Vec::new();
        for (name, value) in
            std::iter::once(("_csrf", token.as_str())).chain(fields.iter().copied())
        {
            body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes());
        }
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n", file.0).as_bytes(),
        );
        body.extend_from_slice(file.1);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        self.client
            .post(path.to_owned())
            .header(Header::new(
                "Content-Type",
                format!("multipart/form-data; boundary={boundary}"),
            ))
            .body(body)
            .dispatch()
            .await
    }

    pub async fn login(&self, username: &str) {
        self.logout().await;
        let response = self
            .post_form(
                "/login",
                &[("username", username), ("password", PASSWORD), ("next", "")],
            )
            .await;
        assert_eq!(
            response.status(),
            Status::SeeOther,
            "sign-in of {username} failed"
        );
    }

    pub async fn logout(&self) {
        let token = self.csrf_token().await;
        self.post_form_raw("/logout", &[("_csrf", &token)]).await;
    }

    /// The office adds an active user `username` of `role` in `unit`, with the test password.
    pub async fn add_user(
        &self,
        username: &str,
        display_name: &str,
        role: &str,
        unit: &unit::Model,
    ) -> Actor {
        let office = self.actor("office").await;
        let input = UserInput {
            username: username.into(),
            display_name: display_name.into(),
            role: role.into(),
            unit_id: unit.id.to_string(),
            password: PASSWORD.into(),
            active: true,
            service: false,
        };
        accounts::create_user(&self.app().db, &self.app().config, &office, &input)
            .await
            .expect("user");
        self.actor(username).await
    }

    pub async fn actor(&self, username: &str) -> Actor {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let user = laurel::entity::user::Entity::find()
            .filter(laurel::entity::user::Column::Username.eq(username))
            .one(&self.app().db)
            .await
            .expect("query")
            .expect("user exists");
        accounts::actor_for_user(&self.app().db, user.id, None)
            .await
            .expect("query")
            .expect("active")
    }

    /// The standard fixture (see [`World`]), made through the domain services.
    pub async fn world(&self) -> World {
        let app = self.app();
        let setup = SetupInput {
            city_name: "青岛市".into(),
            username: "office".into(),
            display_name: "文明办".into(),
            password: PASSWORD.into(),
            province: false,
        };
        accounts::setup(&app.db, &app.config, &setup, None)
            .await
            .expect("setup");
        let admin = self.actor("office").await;
        let add = |parent: &unit::Model, kind: &str, name: &str| UnitInput {
            name: name.into(),
            kind: kind.into(),
            parent_id: parent.id.to_string(),
        };
        let city = units::list_all(&app.db).await.expect("units").remove(0);
        let district = units::create_unit(&app.db, &admin, &add(&city, "district", "李沧区"))
            .await
            .expect("district");
        let street_a = units::create_unit(&app.db, &admin, &add(&district, "street", "李村街道"))
            .await
            .expect("street");
        let street_b = units::create_unit(&app.db, &admin, &add(&district, "street", "九水街道"))
            .await
            .expect("street");
        let community_a1 =
            units::create_unit(&app.db, &admin, &add(&street_a, "community", "北山社区"))
                .await
                .expect("community");
        let community_b1 =
            units::create_unit(&app.db, &admin, &add(&street_b, "community", "延川路社区"))
                .await
                .expect("community");
        for (username, role, unit) in [
            ("rec_district", "recommender", &district),
            ("rec_a", "recommender", &street_a),
            ("rec_b", "recommender", &street_b),
            ("rec_a1", "recommender", &community_a1),
            ("rec_b1", "recommender", &community_b1),
            ("expert", "reviewer", &district),
        ] {
            self.add_user(username, &format!("{username} 用户"), role, unit)
                .await;
        }
        let campaign = campaigns::create_campaign(&app.db, &admin, &open_campaign_input(app))
            .await
            .expect("campaign");
        let campaign = laurel::domain::stages::advance_to(
            &app.db,
            &admin,
            campaign.id.into(),
            laurel::domain::stages::StageKind::Recommendation,
        )
        .await
        .expect("taking nominations");
        World {
            street_a,
            street_b,
            community_a1,
            community_b1,
            campaign,
        }
    }
}

/// A campaign whose recommendation deadlines lie ahead of today.
pub fn open_campaign_input(app: &App) -> CampaignInput {
    let today = app.config.today();
    let day = |offset: i64| (today + time::Duration::days(offset)).to_string();
    let mut input = CampaignInput::blank(laurel::i18n::Lang::ZhCn, today);
    input.title = "2026年度学雷锋志愿服务先进典型".into();
    input.organizer = "李沧区文明办".into();
    input.description = "学雷锋志愿服务先进典型推选活动".into();
    input.nomination_opens_on = day(-3);
    input.nomination_closes_on = day(20);
    input.street_closes_on = day(23);
    input.district_closes_on = day(25);
    input.review_closes_on = day(30);
    input.notice_starts_on = day(35);
    input.announced_on = day(45);
    // The fixture keeps only the hours rule the campaign form always had; the tests of the
    // eligibility rules set the others.
    for row in &mut input.categories {
        row.min_years = String::new();
        row.needs_registration = false;
        row.min_members = String::new();
    }
    input
}

pub fn extract_csrf(html: &str) -> Option<String> {
    let start = html.find("name=\"_csrf\" value=\"")? + "name=\"_csrf\" value=\"".len();
    Some(html[start..].chars().take_while(|c| *c != '"').collect())
}

pub fn encode(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                rocket::http::RawStr::new(k).percent_encode(),
                rocket::http::RawStr::new(v).percent_encode()
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

pub fn location(response: &LocalResponse<'_>) -> String {
    response
        .headers()
        .get_one("Location")
        .unwrap_or_default()
        .to_owned()
}

/// The number of audit events with this action.
pub async fn audit_count(app: &App, action: &str) -> u64 {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    laurel::entity::audit_event::Entity::find()
        .filter(laurel::entity::audit_event::Column::Action.eq(action))
        .count(&app.db)
        .await
        .expect("count")
}

/// A valid person nomination whose ID number is built from `seq`, so each one is distinct.
pub fn person(name: &str, seq: u16) -> laurel::domain::nominations::NominationInput {
    let id = laurel::domain::values::IdNumber::with_check_digit(&format!("3702131980051{seq:04}"))
        .expect("id");
    laurel::domain::nominations::NominationInput {
        nominee_name: name.into(),
        affiliation: "社区志愿者".into(),
        gender: if seq % 2 == 1 { "male" } else { "female" }.into(),
        birth_date: "1980-05-1".to_owned() + &(seq / 1000 % 10).to_string(),
        phone: "13900001111".into(),
        id_number: id,
        volunteer_hours: "40".into(),
        active_since: "2015-03-05".into(),
        registered: "yes".into(),
        deeds_summary: "简介".into(),
        deeds_full: "详细事迹".into(),
        ..laurel::domain::nominations::NominationInput::default()
    }
}

impl TestApp {
    /// A category of the fixture's campaign, by key (`volunteer` …).
    pub async fn category(&self, world: &World, key: &str) -> laurel::entity::category::Model {
        laurel::domain::campaigns::categories_of(&self.app().db, world.campaign.id.into())
            .await
            .expect("categories")
            .into_iter()
            .find(|c| c.key == key)
            .expect("a standard category")
    }

    /// A JSON API call with a bearer token; the answer's status and JSON (null when none).
    pub async fn api(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<serde_json::Value>,
    ) -> (Status, serde_json::Value) {
        api_on(&self.client, method, path, token, body).await
    }
}

/// A JSON API call to `client` with a bearer token (none when empty); the answer's status and
/// JSON (null when none).
pub async fn api_on(
    client: &Client,
    method: &str,
    path: &str,
    token: &str,
    body: Option<serde_json::Value>,
) -> (Status, serde_json::Value) {
    let mut request = match method {
        "POST" => client.post(path.to_owned()),
        "PUT" => client.put(path.to_owned()),
        "DELETE" => client.delete(path.to_owned()),
        _ => client.get(path.to_owned()),
    };
    if !token.is_empty() {
        request = request.header(Header::new("Authorization", format!("Bearer {token}")));
    }
    if let Some(body) = body {
        request = request.header(ContentType::JSON).body(body.to_string());
    }
    let response = request.dispatch().await;
    let status = response.status();
    let text = response.into_string().await.unwrap_or_default();
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
    )
}

/// The cells of a workbook's first sheet, as text.
pub fn xlsx_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("a workbook");
    let sheet = book.worksheet_range_at(0).expect("a sheet").expect("cells");
    sheet
        .rows()
        .map(|row| row.iter().map(ToString::to_string).collect())
        .collect()
}

/// Undoes the migration named `name` and every one after it (the newest first).
pub async fn migrate_down_to_before(db: &sea_orm::DatabaseConnection, name: &str) {
    use migration::MigratorTrait;
    let all = migration::Migrator::migrations();
    let at = all
        .iter()
        .position(|m| m.name() == name)
        .unwrap_or_else(|| panic!("no migration {name}"));
    let steps = u32::try_from(all.len() - at).expect("few migrations");
    migration::Migrator::down(db, Some(steps))
        .await
        .expect("down");
}
