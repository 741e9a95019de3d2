//! `laurel-bench`: Laurel's figures, each as a ratio to a ceiling measured in the same run
//! (this machine is shared and noisy, so absolute numbers mean little).
//!
//! It starts the application on a fresh SQLite database in a temporary directory, with
//! generated data (a campaign with a published 200-entry notice, and 100,000 honorees), and
//! beside it a bare Rocket that serves the measured pages' exact bytes from memory. A small
//! load generator with a fixed number of keep-alive connections runs on its own thread. The
//! sections (`--only` picks some): `routes` measures each page and its ceiling alternately,
//! several rounds; `submissions` compares API submissions with single-row inserts;
//! `exports` times the streamed honor-roll exports against a plain CSV writer from memory and
//! samples the process's resident memory while they run and after; `lists` adds a million
//! nominations and measures the list and search pages with one client; `server` starts the
//! release `laurel` binary on an empty database for cold start and resident memory.
//!
//! Run it optimised: `cargo build --release && target/release/laurel-bench` (see README,
//! Performance).

use std::{
    io::Write,
    net::TcpListener,
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use laurel::entity::campaign_stage::StageKind;
use laurel::{
    App,
    domain::{
        accounts::{self, SetupInput, UserInput, tokens},
        campaigns::{self, CampaignInput},
        exports::{push_row, spreadsheet_safe},
        ids::CampaignId,
        notices, stages,
        units::{self, UnitInput},
    },
    entity::{honoree, nomination, shortlist_entry, user},
};
use rocket::{
    get,
    http::ContentType,
    routes,
    tokio::{
        self,
        io::{AsyncReadExt, AsyncWriteExt},
        net::TcpStream,
    },
};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

const USAGE: &str = "usage: laurel-bench [--seconds N] [--rounds N] [--connections N] [--rows N] \
                     [--nominations N] [--only routes,submissions,votes,exports,roster,lists,server] \
                     [--database postgres://…/postgres]";

/// The parts of a run, in order.
const SECTIONS: [&str; 7] = [
    "routes",
    "submissions",
    "votes",
    "exports",
    "roster",
    "lists",
    "server",
];

/// What to run.
struct Options {
    seconds: u64,
    rounds: u32,
    connections: usize,
    rows: usize,
    /// Nominations generated for the list pages.
    nominations: usize,
    /// The sections to run (all by default).
    only: Vec<String>,
    /// A PostgreSQL server to measure on instead of SQLite (`postgres://…/postgres`): a fresh
    /// database is made on it for the run and dropped after.
    database: Option<String>,
}

impl Options {
    fn runs(&self, section: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|s| s == section)
    }
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        seconds: 3,
        rounds: 3,
        connections: 16,
        rows: 100_000,
        nominations: 1_000_000,
        only: Vec::new(),
        database: None,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        if args[i] == "--only" {
            let sections = args.get(i + 1).ok_or_else(|| USAGE.to_owned())?;
            for section in sections.split(',') {
                if !SECTIONS.contains(&section) {
                    return Err(USAGE.to_owned());
                }
                options.only.push(section.to_owned());
            }
            i += 2;
            continue;
        }
        if args[i] == "--database" {
            let url = args.get(i + 1).ok_or_else(|| USAGE.to_owned())?;
            if !url.starts_with("postgres") {
                return Err(USAGE.to_owned());
            }
            options.database = Some(url.clone());
            i += 2;
            continue;
        }
        let value = args
            .get(i + 1)
            .and_then(|v| v.parse::<u64>().ok())
            .ok_or_else(|| USAGE.to_owned())?;
        match args[i].as_str() {
            "--seconds" => options.seconds = value.max(1),
            "--rounds" => options.rounds = u32::try_from(value).unwrap_or(3).max(1),
            "--connections" => options.connections = usize::try_from(value).unwrap_or(16).max(1),
            "--rows" => options.rows = usize::try_from(value).unwrap_or(100_000).max(1),
            "--nominations" => {
                options.nominations = usize::try_from(value).unwrap_or(1_000_000).max(1);
            }
            _ => return Err(USAGE.to_owned()),
        }
        i += 2;
    }
    Ok(options)
}

fn main() {
    let result = options().and_then(|options| rocket::execute(run(options)));
    if let Err(message) = result {
        let _ = writeln!(std::io::stderr(), "laurel-bench: {message}");
        std::process::exit(1);
    }
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(listener.local_addr().map_err(|e| e.to_string())?.port())
}

fn say(text: &str) {
    let _ = writeln!(std::io::stdout(), "{text}");
}

async fn run(options: Options) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("laurel-bench-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let fresh = match &options.database {
        Some(server) => Some(postgres_database(server, None).await?),
        None => None,
    };
    let url = match &fresh {
        Some((url, _)) => url.clone(),
        None => format!("sqlite://{}/laurel.db?mode=rwc", dir.display()),
    };
    say(&format!(
        "database: {}",
        if fresh.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    ));
    let result = measure(&options, &dir, &url).await;
    if let (Some(server), Some((_, name))) = (&options.database, &fresh) {
        postgres_database(server, Some(name)).await?;
    }
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// Makes a fresh database on the PostgreSQL server `server` (its URL and name), or drops
/// the one named `drop`.
async fn postgres_database(server: &str, drop: Option<&str>) -> Result<(String, String), String> {
    use sea_orm::ConnectionTrait;
    let admin = sea_orm::Database::connect(server)
        .await
        .map_err(|e| format!("PostgreSQL at {server}: {e}"))?;
    let name = drop.map_or_else(
        || format!("laurel_bench_{}", uuid::Uuid::new_v4().simple()),
        str::to_owned,
    );
    let sql = if drop.is_some() {
        format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")
    } else {
        format!("CREATE DATABASE \"{name}\"")
    };
    admin
        .execute_raw(sea_orm::Statement::from_string(
            admin.get_database_backend(),
            sql,
        ))
        .await
        .map_err(|e| e.to_string())?;
    admin.close().await.ok();
    let base = server.rsplit_once('/').map_or(server, |(base, _)| base);
    Ok((format!("{base}/{name}"), name))
}

async fn measure(options: &Options, dir: &std::path::Path, url: &str) -> Result<(), String> {
    let app_port = free_port()?;
    let figment = laurel::figment()
        .merge(("secret_key", "b".repeat(64)))
        .merge(("log_level", "off"))
        .merge(("port", app_port))
        .merge(("workers", 2))
        .merge(("laurel.database_url", url))
        .merge(("laurel.data_dir", dir.display().to_string()))
        // Every vote comes from this machine's address: bursts are counted, never held.
        .merge(("laurel.vote_burst_per_minute", u64::MAX / 2))
        .merge(("laurel.vote_burst_pattern", u64::MAX / 2));
    let rocket = laurel::rocket(figment.clone())
        .ignite()
        .await
        .map_err(|e| e.to_string())?;
    let app = rocket.state::<App>().ok_or("the app is not managed")?;
    say("generating data…");
    let data = generate(app, options.rows).await?;
    let voting = voting_campaign(&app.db, &data).await?;
    let db = app.db.clone();
    let pii = app.pii.clone();
    let _server = tokio::spawn(rocket.launch());
    let app_base = format!("127.0.0.1:{app_port}");
    wait_for(&app_base).await?;

    // The ceilings: a bare Rocket answering a short text, and the exact bytes of each page
    // under test from memory.
    let notice_path = format!("/notices/{}", data.notice);
    let list_path = format!("/lists/{}", data.final_list);
    let css = fetch(&app_base, "/login").await.map(|page| {
        let page = String::from_utf8_lossy(&page).into_owned();
        page.split("href=\"")
            .find(|p| p.starts_with("/css/"))
            .and_then(|p| p.split('"').next())
            .unwrap_or("/css/app.css")
            .to_owned()
    })?;
    let ballot_path = format!("/vote/{}", voting.campaign);
    let ballot_json = format!("/api/v1/votes/{}", voting.campaign);
    let mut pages = std::collections::HashMap::new();
    for (name, path) in [
        ("notice", &notice_path),
        ("list", &list_path),
        ("css", &css),
        ("ballot", &ballot_path),
        ("ballotjson", &ballot_json),
    ] {
        let bytes: &'static [u8] = Box::leak(fetch(&app_base, path).await?.into_boxed_slice());
        pages.insert(name.to_owned(), bytes);
    }
    let bare_port = free_port()?;
    let bare = rocket::custom(
        rocket::Config::figment()
            .merge(("port", bare_port))
            .merge(("secret_key", "c".repeat(64)))
            .merge(("workers", 2))
            .merge(("log_level", "off")),
    )
    .manage(Pages(pages))
    .mount("/", routes![bytes, text]);
    let _bare = tokio::spawn(bare.launch());
    let bare_base = format!("127.0.0.1:{bare_port}");
    wait_for(&bare_base).await?;

    if options.runs("routes") {
        say(&format!(
            "\nroutes against their ceilings: {} connections, {} rounds of {} s each, alternately",
            options.connections, options.rounds, options.seconds
        ));
        let compare = |label: &str,
                       bare_path: &str,
                       app_path: &str,
                       target: f64|
         -> Result<(), String> {
            let mut bare_total = 0.0;
            let mut app_total = 0.0;
            let mut app_p99 = Duration::ZERO;
            let mut errors = 0;
            for _ in 0..options.rounds {
                let b = load(&bare_base, bare_path, options.connections, options.seconds)?;
                let a = load(&app_base, app_path, options.connections, options.seconds)?;
                bare_total += b.rate;
                app_total += a.rate;
                app_p99 = app_p99.max(a.p99);
                errors += a.errors;
            }
            let rounds = f64::from(options.rounds);
            let ratio = 100.0 * app_total / bare_total;
            say(&format!(
                "  {label:<44} {:>7.0} req/s, p99 {:>6.2} ms, {errors} errors · ceiling {:>7.0} req/s · {ratio:>4.0}%{}",
                app_total / rounds,
                app_p99.as_secs_f64() * 1e3,
                bare_total / rounds,
                if target > 0.0 {
                    format!(" (target ≥ {target:.0}%)")
                } else {
                    String::new()
                }
            ));
            Ok(())
        };
        compare(
            "GET /healthz (every fairing; database checked ≤ 1/s)",
            "/text",
            "/healthz",
            80.0,
        )?;
        compare(
            "published notice page (200 entries)",
            "/b/notice",
            &notice_path,
            90.0,
        )?;
        compare(
            "published final list page (200 entries)",
            "/b/list",
            &list_path,
            90.0,
        )?;
        compare("public asset (app.css)", "/b/css", &css, 90.0)?;
        compare(
            "public voting ballot, 20 candidates (kept 1 s)",
            "/b/ballot",
            &ballot_path,
            90.0,
        )?;
        compare(
            "running totals, the ballot's JSON (kept 1 s)",
            "/b/ballotjson",
            &ballot_json,
            90.0,
        )?;
        compare("sign-in page (rendered)", "/text", "/login", 0.0)?;
        compare(
            "campaign public page (rendered)",
            "/text",
            &format!("/public/campaigns/{}", data.campaign),
            0.0,
        )?;
        compare(
            "honor-roll search, 100,000 rows (rendered)",
            "/text",
            "/honors?q=%E8%8D%A3%E8%AA%89%E5%BF%97%E6%84%BF%E8%80%850001",
            0.0,
        )?;
    }

    if options.runs("submissions") {
        submissions(&db, &figment, &app_base, &data, options).await?;
    }
    if options.runs("votes") {
        votes(&db, &app_base, &voting, options).await?;
    }
    if options.runs("exports") {
        exports(&db, &app_base, options.rows).await?;
    }
    if options.runs("roster") {
        roster(&db, &figment, &app_base, &data, &pii, options.rows).await?;
    }
    if options.runs("lists") {
        lists(&db, &figment, &app_base, &data, options).await?;
    }
    if options.runs("server") {
        server_process(options).await?;
    }
    Ok(())
}

/// Resident memory of a process, in KiB.
fn rss_of(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// The release server as its own process on an empty database: cold start to the first 200,
/// and its resident memory idle and under load.
async fn server_process(options: &Options) -> Result<(), String> {
    let binary = std::env::current_exe()
        .map_err(|e| e.to_string())?
        .with_file_name("laurel");
    if !binary.exists() {
        say(
            "\nserver process: build it first (cargo build --release) to measure cold start and RSS",
        );
        return Ok(());
    }
    let dir = std::env::temp_dir().join(format!("laurel-bench-cold-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let port = free_port()?;
    let started = Instant::now();
    let mut child = std::process::Command::new(&binary)
        .arg("serve")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/laurel.db?mode=rwc", dir.display()),
        )
        .env("LAUREL_DATA_DIR", dir.display().to_string())
        .env("ROCKET_PORT", port.to_string())
        .env("ROCKET_LOG_LEVEL", "off")
        // The flood below comes from one machine; each attempt says it is another client.
        .env("LAUREL_CLIENT_IP_HEADER", "X-Real-IP")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let base = format!("127.0.0.1:{port}");
    let mut cold = None;
    while started.elapsed() < Duration::from_secs(30) {
        if fetch(&base, "/healthz").await.is_ok() {
            cold = Some(started.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let result = async {
        let cold = cold.ok_or("the server did not answer within 30 s")?;
        tokio::time::sleep(Duration::from_secs(1)).await;
        let idle = rss_of(child.id());
        let sampler = PeakSampler::start(child.id());
        let healthz = load(&base, "/healthz", 64, options.seconds)?;
        let login = load(&base, "/login", 64, options.seconds)?;
        let peak = sampler.stop();
        say(&format!(
            "\nserver process (release binary, empty database):\n  cold start to the first 200: {:.0} ms (target < 1 s)\n  resident memory idle: {:.1} MiB (target < 30 MiB); under load (64 connections, /healthz {:.0} req/s then /login {:.0} req/s): peak {:.1} MiB",
            cold.as_secs_f64() * 1e3,
            idle as f64 / 1024.0,
            healthz.rate,
            login.rate,
            peak as f64 / 1024.0
        ));
        // Sign-in needs a set-up office: one admin, made by the command beside the server.
        let made = std::process::Command::new(&binary)
            .args(["admin", "create", "--username", "office", "--name", "文明办"])
            .env(
                "DATABASE_URL",
                format!("sqlite://{}/laurel.db?mode=rwc", dir.display()),
            )
            .env("LAUREL_DATA_DIR", dir.display().to_string())
            .env("LAUREL_ADMIN_PASSWORD", "bench-password-123")
            .output()
            .map_err(|e| e.to_string())?;
        if !made.status.success() {
            return Err(format!(
                "admin create: {}",
                String::from_utf8_lossy(&made.stderr)
            ));
        }
        let before = rss_of(child.id());
        let sampler = PeakSampler::start(child.id());
        let answers = sign_in_flood(&base, FLOOD)?;
        let peak = sampler.stop();
        let count = |status: u16| answers.iter().filter(|s| **s == status).count();
        say(&format!(
            "  sign-in flood ({FLOOD} simultaneous wrong passwords from distinct clients, Argon2 19 MiB each): resident memory {:.1} MiB before, peak {:.1} MiB, growth {:.1} MiB (target <= 128 MiB; hashing's own budget {} MiB); {} checked (422), {} told to retry (429), {} other",
            before as f64 / 1024.0,
            peak as f64 / 1024.0,
            (peak.saturating_sub(before)) as f64 / 1024.0,
            accounts::HASHING_BUDGET_MIB,
            count(422),
            count(429),
            answers.len() - count(422) - count(429)
        ));
        Ok::<(), String>(())
    }
    .await;
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// The CSRF token of the sign-in form's page.
fn csrf_field(form: &str) -> Result<String, String> {
    form.split("name=\"_csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(str::to_owned)
        .ok_or_else(|| "no CSRF field on the sign-in form".to_owned())
}

/// Simultaneous sign-ins in the flood.
const FLOOD: usize = 200;

/// `attempts` sign-ins with wrong passwords, all at once, each from its own client address
/// (the server trusts `X-Real-IP` here) and for its own user name, so the throttle lets every
/// one through to the password check: their statuses.
fn sign_in_flood(base: &str, attempts: usize) -> Result<Vec<u16>, String> {
    use std::io::{Read, Write as _};
    let exchange = |request: &str| -> Result<String, String> {
        let mut stream = std::net::TcpStream::connect(base).map_err(|e| e.to_string())?;
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .map_err(|e| e.to_string())?;
        stream
            .write_all(request.as_bytes())
            .map_err(|e| e.to_string())?;
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        Ok(String::from_utf8_lossy(&answer).into_owned())
    };
    let form = exchange(&format!(
        "GET /login HTTP/1.1\r\nHost: {base}\r\nConnection: close\r\n\r\n"
    ))?;
    let cookies: Vec<&str> = form
        .lines()
        .filter_map(|l| {
            l.strip_prefix("set-cookie: ")
                .or_else(|| l.strip_prefix("Set-Cookie: "))
        })
        .filter_map(|c| c.split(';').next())
        .collect();
    let csrf = csrf_field(&form)?;
    let cookie = cookies.join("; ");
    let start = Arc::new(std::sync::Barrier::new(attempts));
    let threads: Vec<_> = (0..attempts)
        .map(|i| {
            let (start, cookie, csrf, base) =
                (Arc::clone(&start), cookie.clone(), csrf.clone(), base.to_owned());
            std::thread::spawn(move || {
                let body = format!(
                    "_csrf={}&username=flood{i}&password=wrong-password-{i}&next=",
                    encode(&csrf)
                );
                let request = format!(
                    "POST /login HTTP/1.1\r\nHost: {base}\r\nConnection: close\r\nX-Real-IP: 10.{}.{}.{}\r\nCookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
                    (i >> 16) & 255,
                    (i >> 8) & 255,
                    i & 255,
                    body.len()
                );
                start.wait();
                let mut stream = std::net::TcpStream::connect(&base).ok()?;
                stream.set_read_timeout(Some(Duration::from_secs(60))).ok()?;
                stream.write_all(request.as_bytes()).ok()?;
                let mut answer = Vec::new();
                let _ = stream.read_to_end(&mut answer);
                String::from_utf8_lossy(&answer)
                    .split(' ')
                    .nth(1)
                    .and_then(|code| code.parse::<u16>().ok())
            })
        })
        .collect();
    Ok(threads
        .into_iter()
        .map(|t| t.join().ok().flatten().unwrap_or(0))
        .collect())
}

/// The exports of the whole honor roll against a plain writer of the same rows.
async fn exports(db: &sea_orm::DatabaseConnection, base: &str, rows: usize) -> Result<(), String> {
    say(&format!("\nhonor-roll exports: {rows} rows"));
    // The ceiling: the same rows, already in memory, through a plain CSV writer.
    let read_started = Instant::now();
    let all = honoree::Entity::find()
        .all(db)
        .await
        .map_err(|e| e.to_string())?;
    let read_time = read_started.elapsed();
    let plain_time = plain_writer(|| {
        let mut plain = String::new();
        for h in &all {
            let cells = [
                h.year.to_string(),
                h.campaign_title.clone(),
                h.category_name.clone(),
                h.name.clone(),
                h.affiliation.clone(),
                h.unit_name.clone(),
                h.confirmed_on.to_string(),
            ]
            .map(|c| spreadsheet_safe(&c));
            push_row(&mut plain, cells.iter().map(String::as_str));
        }
        plain.len()
    });
    drop(all);
    say(&format!(
        "  (reading the same rows in one query through SeaORM: {:.3} s, {:.1}x the plain writer)",
        read_time.as_secs_f64(),
        read_time.as_secs_f64() / plain_time.as_secs_f64()
    ));

    let idle = downloads(base, "/honors/export?", "", plain_time).await?;
    for _ in 0..10 {
        fetch_len(base, "/honors/export?format=csv").await?;
        fetch_len(base, "/honors/export?format=xlsx").await?;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    say(&format!(
        "  after ten more of each: {} MiB resident ({:+} MiB against before the exports)",
        rss_of(std::process::id()) / 1024,
        (i64::try_from(rss_of(std::process::id())).unwrap_or(0) - i64::try_from(idle).unwrap_or(0))
            / 1024
    ));
    Ok(())
}

/// A campaign's roster of `rows` nominations (generated into the open campaign, with every
/// private field), exported by the office as CSV and XLSX through HTTP, against a plain CSV
/// writer of the same rows' eighteen cells from memory (ID numbers already decrypted).
async fn roster(
    db: &sea_orm::DatabaseConnection,
    figment: &rocket::figment::Figment,
    base: &str,
    data: &Generated,
    pii: &laurel::pii::PiiKeys,
    rows: usize,
) -> Result<(), String> {
    use sea_orm::PaginatorTrait;
    let d = |e: sea_orm::DbErr| e.to_string();
    let template: nomination::ActiveModel = nomination::Entity::find()
        .one(db)
        .await
        .map_err(d)?
        .ok_or("no nomination to copy")?
        .into();
    let born =
        time::Date::from_calendar_date(1950, time::Month::January, 1).map_err(|e| e.to_string())?;
    let have = nomination::Entity::find()
        .filter(nomination::Column::CampaignId.eq(data.campaign))
        .count(db)
        .await
        .map_err(d)?;
    let add = rows.saturating_sub(usize::try_from(have).unwrap_or(0));
    let mut batch = Vec::with_capacity(500);
    let at = laurel::domain::now();
    for i in 0..add {
        let birth = born + time::Duration::days(i64::try_from(i % 18_000).unwrap_or(0));
        let id_number = laurel::domain::values::IdNumber::with_check_digit(&format!(
            "370213{}{:03}",
            birth
                .format(&time::macros::format_description!("[year][month][day]"))
                .map_err(|e| e.to_string())?,
            (i / 18_000) % 1000
        ))
        .ok_or("an ID number")?;
        let (unit, _) = data.communities[i % data.communities.len()];
        let (category, kind) = data.categories[i % data.categories.len()];
        batch.push(nomination::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            campaign_id: Set(data.campaign),
            category_id: Set(category),
            unit_id: Set(unit),
            nominee_kind: Set(kind),
            status: Set(laurel::entity::nomination::NominationStatus::AtOffice),
            nominee_name: Set(person_name(i)),
            affiliation: Set(format!("第{}社区志愿服务队", i % 500)),
            deeds_summary: Set("长期坚持社区志愿服务，累计服务时长一千余小时。".into()),
            // Every private field, the ID number encrypted as the application stores it.
            gender: Set(Some(if i % 2 == 0 { "female" } else { "male" }.into())),
            birth_date: Set(Some(birth)),
            phone: Set(Some(format!("139{:08}", i % 100_000_000))),
            id_number_enc: Set(Some(pii.encrypt(&id_number).map_err(|e| e.to_string())?)),
            id_number_fp: Set(Some(pii.fingerprint(&id_number))),
            volunteer_hours: Set(Some(i32::try_from(i % 5000).unwrap_or(0))),
            contact_name: Set(Some(person_name(i + 1))),
            member_count: Set(Some(30)),
            level_unit_id: Set(None),
            submitted_at: Set(Some(at)),
            created_at: Set(at),
            updated_at: Set(at),
            ..template.clone()
        });
        if batch.len() == 500 || i + 1 == add {
            nomination::Entity::insert_many(std::mem::take(&mut batch))
                .exec(db)
                .await
                .map_err(d)?;
        }
    }
    let all = nomination::Entity::find()
        .filter(nomination::Column::CampaignId.eq(data.campaign))
        .all(db)
        .await
        .map_err(d)?;
    say(&format!(
        "\nroster exports: {} nominations of one campaign",
        all.len()
    ));
    // The ceiling's input: each row's eighteen cells as text, ID numbers decrypted.
    let cells: Vec<[String; 18]> = all
        .iter()
        .enumerate()
        .map(|(at, n)| {
            let day = |d: Option<time::Date>| d.map(|d| d.to_string()).unwrap_or_default();
            [
                (at + 1).to_string(),
                n.category_id.to_string(),
                n.nominee_name.clone(),
                n.gender.clone().unwrap_or_default(),
                day(n.birth_date),
                n.id_number_enc
                    .as_deref()
                    .and_then(|b| pii.decrypt(b).ok())
                    .unwrap_or_default(),
                n.phone.clone().unwrap_or_default(),
                n.affiliation.clone(),
                n.volunteer_hours.map(|h| h.to_string()).unwrap_or_default(),
                day(n.active_since),
                n.registered.map(|r| r.to_string()).unwrap_or_default(),
                day(n.founded_on),
                n.member_count.map(|m| m.to_string()).unwrap_or_default(),
                n.contact_name.clone().unwrap_or_default(),
                n.unit_id.to_string(),
                laurel::domain::name_of(&n.status),
                n.deeds_summary.clone(),
                n.submitted_at.map(|t| t.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    drop(all);
    let plain_time = plain_writer(|| {
        let mut plain = String::new();
        for row in &cells {
            let row = row.clone().map(|c| spreadsheet_safe(&c));
            push_row(&mut plain, row.iter().map(String::as_str));
        }
        plain.len()
    });
    drop(cells);
    let office = session_cookie(figment, "office").await?;
    let path = format!("/nominations/roster?campaign={}&", data.campaign);
    downloads(base, &path, &office, plain_time).await?;
    Ok(())
}

/// The ceiling of an export: `write` (a plain CSV writer of the rows, from memory, returning
/// its length) timed [`EXPORT_RUNS`] times; the median, also printed.
fn plain_writer(write: impl Fn() -> usize) -> Duration {
    let mut times = Vec::new();
    let mut len = 0;
    for _ in 0..EXPORT_RUNS {
        let started = Instant::now();
        len = write();
        times.push(started.elapsed());
    }
    let took = median(&mut times);
    say(&format!(
        "  plain CSV writer from memory: {:.3} s (median of {EXPORT_RUNS}), {len} bytes",
        took.as_secs_f64()
    ));
    took
}

/// Each format of an export (`path` ends ready for `format=…`), downloaded by `cookie`'s holder
/// [`EXPORT_RUNS`] times: the median against the plain writer, and the peak memory. Returns
/// the resident memory before the downloads, in KiB.
async fn downloads(base: &str, path: &str, cookie: &str, plain: Duration) -> Result<u64, String> {
    let idle = rss_of(std::process::id());
    for format in ["csv", "xlsx"] {
        let path = format!("{path}format={format}");
        let (first, bytes, peak) = sampled(|| fetch_len_as(base, &path, cookie)).await?;
        let mut times = vec![first];
        for _ in 1..EXPORT_RUNS {
            let started = Instant::now();
            fetch_len_as(base, &path, cookie).await?;
            times.push(started.elapsed());
        }
        let took = median(&mut times);
        say(&format!(
            "  {format}: {:.3} s (median of {EXPORT_RUNS}), {bytes} bytes, {:.1}x the plain writer, peak +{} MiB over {} MiB before",
            took.as_secs_f64(),
            took.as_secs_f64() / plain.as_secs_f64(),
            peak.saturating_sub(idle) / 1024,
            idle / 1024
        ));
    }
    Ok(idle)
}

/// Times each export is run; the median is reported.
const EXPORT_RUNS: usize = 5;

fn median(times: &mut [Duration]) -> Duration {
    times.sort_unstable();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// Samples a process's resident memory on a thread of its own until stopped; the peak.
struct PeakSampler {
    done: Arc<AtomicBool>,
    peak: Arc<AtomicU64>,
    thread: std::thread::JoinHandle<()>,
}

impl PeakSampler {
    fn start(pid: u32) -> PeakSampler {
        let done = Arc::new(AtomicBool::new(false));
        let peak = Arc::new(AtomicU64::new(rss_of(pid)));
        let thread = {
            let (done, peak) = (Arc::clone(&done), Arc::clone(&peak));
            std::thread::spawn(move || {
                while !done.load(Ordering::Relaxed) {
                    peak.fetch_max(rss_of(pid), Ordering::Relaxed);
                    std::thread::sleep(Duration::from_millis(5));
                }
            })
        };
        PeakSampler { done, peak, thread }
    }

    /// Stops sampling: the peak, in KiB.
    fn stop(self) -> u64 {
        self.done.store(true, Ordering::Relaxed);
        let _ = self.thread.join();
        self.peak.load(Ordering::Relaxed)
    }
}

/// Runs `work`, sampling this process's resident memory; its time, its result and the peak.
async fn sampled<F, Fut>(work: F) -> Result<(Duration, usize, u64), String>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<usize, String>>,
{
    let sampler = PeakSampler::start(std::process::id());
    let started = Instant::now();
    let result = work().await;
    let took = started.elapsed();
    let peak = sampler.stop();
    Ok((took, result?, peak))
}

/// The measured pages' bytes, for the bare routes: static, so answering copies nothing.
struct Pages(std::collections::HashMap<String, &'static [u8]>);

#[get("/b/<name>")]
fn bytes(name: &str, pages: &rocket::State<Pages>) -> Option<(ContentType, &'static [u8])> {
    let kind = match name {
        "css" => ContentType::CSS,
        "ballotjson" => ContentType::JSON,
        _ => ContentType::HTML,
    };
    pages.0.get(name).map(|bytes| (kind, *bytes))
}

#[get("/text")]
fn text() -> &'static str {
    "ok"
}

/// Nominations submitted through the API by many connections, against single-row inserts of
/// the same rows through SeaORM on the same database, in the same run.
async fn submissions(
    db: &sea_orm::DatabaseConnection,
    figment: &rocket::figment::Figment,
    base: &str,
    data: &Generated,
    options: &Options,
) -> Result<(), String> {
    let seconds = options.seconds;
    // The ceiling: one writer inserting rows as fast as the database takes them.
    let template = nomination::Entity::find()
        .one(db)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no nomination to copy")?;
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut inserted = 0_u32;
    while Instant::now() < deadline {
        let mut row: nomination::ActiveModel = template.clone().into();
        row.id = Set(uuid::Uuid::now_v7());
        row.nominee_name = Set(format!("直接插入{inserted}"));
        nomination::Entity::insert(row)
            .exec(db)
            .await
            .map_err(|e| e.to_string())?;
        inserted += 1;
    }
    let raw_rate = f64::from(inserted) / f64::from(u32::try_from(seconds).unwrap_or(1));
    let id = laurel::domain::values::IdNumber::with_check_digit("37021319800517123")
        .ok_or("id number")?;
    let body = serde_json::json!({
        "campaign_id": data.campaign, "category_id": data.category,
        "nominee_name": "接口提交", "affiliation": "社区志愿者", "gender": "female",
        "birth_date": "1980-05-17", "phone": "13900001111", "id_number": id,
        "volunteer_hours": 40, "active_since": "2015-03-01", "registered": true,
        "deeds_summary": "简介", "deeds_full": "详细事迹",
    })
    .to_string();
    let req = Req::post_json("/api/v1/nominations", &data.token, &body);
    stages(figment, data, &body, raw_rate).await?;
    for connections in [1, 64] {
        let http = load_req(base, &req, connections, seconds)?;
        say(&format!(
            "  POST /api/v1/nominations, {connections:>2} connections {:>9.0} /s, p99 {:>6.2} ms, {} errors · raw inserts {:>6.0} /s · {:>4.0}% (target ≥ 50%)",
            http.rate,
            http.p99.as_secs_f64() * 1e3,
            http.errors,
            raw_rate,
            100.0 * http.rate / raw_rate
        ));
    }
    Ok(())
}

/// A campaign in its voting stage with twenty assessed candidates (totals shown), for the
/// ballot's pages and the votes.
struct Voting {
    campaign: uuid::Uuid,
    /// The candidates' category.
    category: uuid::Uuid,
    /// Another category, for the ceiling's rows.
    other: uuid::Uuid,
    candidates: Vec<uuid::Uuid>,
    today: time::Date,
}

async fn voting_campaign(
    db: &sea_orm::DatabaseConnection,
    data: &Generated,
) -> Result<Voting, String> {
    let e = |e: laurel::error::AppError| format!("{e:?}");
    let d = |e: sea_orm::DbErr| e.to_string();
    let today = time::OffsetDateTime::now_utc()
        .to_offset(time::UtcOffset::from_hms(8, 0, 0).map_err(|e| e.to_string())?)
        .date();
    let day = |offset: i64| (today + time::Duration::days(offset)).to_string();
    let mut input = data.campaign_input.clone();
    input.title = "基准测试网上投票".into();
    input.voting = true;
    input.voting_opens_on = day(-1);
    input.voting_closes_on = day(10);
    input.votes_per_day = "1".into();
    input.vote_several = true;
    input.vote_totals = true;
    let created = campaigns::create_campaign(db, &data.office, &input)
        .await
        .map_err(e)?;
    let campaign = CampaignId(created.id);
    let categories = campaigns::categories_of(db, campaign).await.map_err(e)?;
    let (category, other) = match categories.as_slice() {
        [first, second, ..] => (first.id, second.id),
        _ => return Err("two categories".into()),
    };
    let template = nomination::Entity::find()
        .one(db)
        .await
        .map_err(d)?
        .ok_or("no nomination to copy")?;
    let mut candidates = Vec::new();
    for i in 0..20 {
        let mut row: nomination::ActiveModel = template.clone().into();
        let id = uuid::Uuid::now_v7();
        row.id = Set(id);
        row.campaign_id = Set(campaign.0);
        row.category_id = Set(category);
        row.nominee_name = Set(person_name(i));
        row.status = Set(nomination::NominationStatus::Assessed);
        nomination::Entity::insert(row).exec(db).await.map_err(d)?;
        candidates.push(id);
    }
    stages::advance_to(db, &data.office, campaign, StageKind::Voting)
        .await
        .map_err(e)?;
    Ok(Voting {
        campaign: campaign.0,
        category,
        other,
        candidates,
        today,
    })
}

/// Public votes at 256 connections, each request a verified voter's one vote, against one
/// writer inserting the same vote rows; then every acknowledged vote is looked for (none lost)
/// and no voter may have two in a category on a day (none doubled).
async fn votes(
    db: &sea_orm::DatabaseConnection,
    base: &str,
    voting: &Voting,
    options: &Options,
) -> Result<(), String> {
    use laurel::entity::{vote, vote_pass};
    use sea_orm::{ExprTrait, PaginatorTrait, QuerySelect};
    let d = |e: sea_orm::DbErr| e.to_string();
    let seconds = options.seconds;
    let connections = 256;
    let (campaign, category, other, candidates, today) = (
        CampaignId(voting.campaign),
        voting.category,
        voting.other,
        voting.candidates.clone(),
        voting.today,
    );
    // Verified voters: their passes, as `verify` leaves them.
    let voters = 150_000_usize;
    let expires = laurel::domain::now() + time::Duration::hours(12);
    for chunk in (0..voters).collect::<Vec<_>>().chunks(1000) {
        let rows = chunk.iter().map(|i| vote_pass::ActiveModel {
            token_hash: Set(laurel::pii::sha256_hex(format!("benchpass{i}").as_bytes())),
            campaign_id: Set(campaign.0),
            phone_hash: Set(format!("bench-voter-{i}")),
            expires_at: Set(expires),
            created_at: Set(laurel::domain::now()),
        });
        vote_pass::Entity::insert_many(rows)
            .exec(db)
            .await
            .map_err(d)?;
    }
    // The ceiling: the same vote rows, one insert at a time, in a category of their own.
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut inserted = 0_u32;
    while Instant::now() < deadline {
        let id = uuid::Uuid::now_v7();
        vote::Entity::insert(vote::ActiveModel {
            id: Set(id),
            campaign_id: Set(campaign.0),
            category_id: Set(other),
            nomination_id: Set(candidates[0]),
            voter_hash: Set(format!("ceiling-{inserted}")),
            day: Set(today),
            slot: Set(0),
            candidate_key: Set(candidates[0].to_string()),
            prefix: Set("127.0.0.0/24".into()),
            status: Set(vote::VoteStatus::Counted),
            flag: Set(None),
            decided_by: Set(None),
            created_at: Set(laurel::domain::now()),
        })
        .exec(db)
        .await
        .map_err(d)?;
        inserted += 1;
    }
    let raw_rate = f64::from(inserted) / f64::from(u32::try_from(seconds).unwrap_or(1));
    // Each connection's voters in turn, each for a candidate of their own.
    let path = format!("/api/v1/votes/{}", campaign.0);
    let http = load_with(base, connections, seconds, move |conn, n| {
        let voter = n * connections + conn;
        if voter >= voters {
            return None;
        }
        let candidate = candidates[voter % candidates.len()];
        Some(Req {
            bytes: format!(
                "POST {path}/{candidate} HTTP/1.1\r\nHost: bench\r\nX-Vote-Pass: benchpass{voter}\r\nContent-Length: 0\r\n\r\n"
            )
            .into_bytes(),
        })
    })?;
    let stored = vote::Entity::find()
        .filter(vote::Column::CategoryId.eq(category))
        .count(db)
        .await
        .map_err(d)?;
    let acknowledged = http.answered.saturating_sub(http.errors);
    let doubled = vote::Entity::find()
        .select_only()
        .column(vote::Column::VoterHash)
        .filter(vote::Column::CategoryId.eq(category))
        .group_by(vote::Column::VoterHash)
        .having(vote::Column::Id.count().gt(1))
        .into_tuple::<String>()
        .all(db)
        .await
        .map_err(d)?
        .len();
    say(&format!(
        "  POST /api/v1/votes/…, {connections} connections {:>9.0} /s, p99 {:>6.2} ms, {} errors · raw inserts {:>6.0} /s · {:>4.0}% (target ≥ 50%, p99 < 100 ms) · {} acknowledged, {} stored, {} lost, {doubled} doubled",
        http.rate,
        http.p99.as_secs_f64() * 1e3,
        http.errors,
        raw_rate,
        100.0 * http.rate / raw_rate,
        acknowledged,
        stored,
        acknowledged.saturating_sub(stored),
    ));
    Ok(())
}

/// Where a submission's time goes: its stages called directly, one after another, each for a
/// second, on a second `App` over the same database.
async fn stages(
    figment: &rocket::figment::Figment,
    data: &Generated,
    body: &str,
    raw_rate: f64,
) -> Result<(), String> {
    use laurel::domain::{
        ids::CategoryId,
        nominations::{self, NominationInput},
    };
    let config: laurel::AppConfig = figment.extract_inner("laurel").map_err(|e| e.to_string())?;
    let app = App::start(config).await?;
    let input: NominationInput = serde_json::from_str(body).map_err(|e| e.to_string())?;
    let e = |e: laurel::error::AppError| format!("{e:?}");
    let actor = tokens::token_actor(&app.db, &data.token, None)
        .await
        .map_err(e)?
        .ok_or("the bench token")?;
    let per_call = |calls: u32, took: Duration| took.as_secs_f64() * 1e3 / f64::from(calls.max(1));
    let mut timed = Vec::new();
    for stage in ["token", "create"] {
        let started = Instant::now();
        let mut calls = 0_u32;
        while started.elapsed() < Duration::from_secs(1) {
            match stage {
                "token" => {
                    tokens::token_actor(&app.db, &data.token, None)
                        .await
                        .map_err(e)?;
                }
                _ => {
                    nominations::create_draft(
                        &app,
                        &actor,
                        CampaignId(data.campaign),
                        CategoryId(data.category),
                        &input,
                    )
                    .await
                    .map_err(e)?;
                }
            }
            calls += 1;
        }
        timed.push(per_call(calls, started.elapsed()));
    }
    say(&format!(
        "  a submission's stages, one caller, per call: token to actor {:.2} ms · campaign and category, validation, then insert, name index, audit event and commit {:.2} ms · a raw insert {:.2} ms",
        timed[0],
        timed[1],
        1e3 / raw_rate
    ));
    Ok(())
}

/// A campaign with a published notice of 200 shortlisted volunteers, and `rows` honorees.
/// What the generated data set offers the measurements.
struct Generated {
    notice: uuid::Uuid,
    final_list: uuid::Uuid,
    campaign: uuid::Uuid,
    category: uuid::Uuid,
    /// An API token of a department's recommender, who may nominate.
    token: String,
    /// The campaign's categories.
    categories: Vec<(uuid::Uuid, laurel::entity::category::NomineeKind)>,
    /// Twenty communities and the street each is under.
    communities: Vec<(uuid::Uuid, uuid::Uuid)>,
    /// The office, and the form its campaigns were made from.
    office: laurel::domain::actor::Actor,
    campaign_input: CampaignInput,
}

async fn generate(app: &App, rows: usize) -> Result<Generated, String> {
    let e = |e: laurel::error::AppError| format!("{e:?}");
    let d = |e: sea_orm::DbErr| e.to_string();
    accounts::setup(
        &app.db,
        &app.config,
        &SetupInput {
            city_name: "青岛市".into(),
            username: "office".into(),
            display_name: "文明办".into(),
            password: "bench-password-123".into(),
            province: false,
        },
        None,
    )
    .await
    .map_err(e)?;
    let office_id = user::Entity::find()
        .one(&app.db)
        .await
        .map_err(d)?
        .ok_or("no office")?
        .id;
    let office = accounts::actor_for_user(&app.db, office_id, None)
        .await
        .map_err(e)?
        .ok_or("no actor")?;
    let today = app.config.today();
    let day = |offset: i64| (today + time::Duration::days(offset)).to_string();
    let mut input = CampaignInput::blank(laurel::i18n::Lang::ZhCn, today);
    input.title = "基准测试年度志愿服务先进典型".into();
    input.organizer = "文明办".into();
    input.description = "基准测试".into();
    input.nomination_opens_on = day(-3);
    input.nomination_closes_on = day(20);
    input.street_closes_on = day(23);
    input.district_closes_on = day(25);
    input.review_closes_on = day(30);
    input.notice_starts_on = day(35);
    input.announced_on = day(45);
    for row in &mut input.categories {
        row.quota = "200".into();
    }
    // Two campaigns: last year's, carried to its final list (the published pages and the
    // honor roll hang on it), and this year's, taking nominations (submissions and lists).
    let mut published_input = input.clone();
    published_input.title = "基准测试往年志愿服务先进典型".into();
    let past = campaigns::create_campaign(&app.db, &office, &published_input)
        .await
        .map_err(e)?;
    stages::advance_to(&app.db, &office, CampaignId(past.id), StageKind::Shortlist)
        .await
        .map_err(e)?;
    let created = campaigns::create_campaign(&app.db, &office, &input)
        .await
        .map_err(e)?;
    let campaign = stages::advance_to(
        &app.db,
        &office,
        CampaignId(created.id),
        StageKind::Recommendation,
    )
    .await
    .map_err(e)?;
    let past_category = campaigns::categories_of(&app.db, CampaignId(past.id))
        .await
        .map_err(e)?
        .into_iter()
        .next()
        .ok_or("no category")?;
    let categories = campaigns::categories_of(&app.db, CampaignId(campaign.id))
        .await
        .map_err(e)?;
    let category = categories.first().ok_or("no category")?;
    let now = laurel::domain::now();
    let mut shortlist = Vec::new();
    let mut nominees = Vec::new();
    for i in 0..200 {
        let id = uuid::Uuid::now_v7();
        nominees.push(nomination::ActiveModel {
            id: Set(id),
            campaign_id: Set(past.id),
            category_id: Set(past_category.id),
            unit_id: Set(office.unit_id),
            nominee_kind: Set(past_category.nominee_kind),
            status: Set(nomination::NominationStatus::Shortlisted),
            nominee_name: Set(format!("志愿者{i:03}")),
            affiliation: Set(format!("青岛市李沧区第{i}社区志愿服务队队长")),
            gender: Set(None),
            birth_date: Set(None),
            phone: Set(None),
            id_number_enc: Set(None),
            id_number_fp: Set(None),
            volunteer_hours: Set(Some(100)),
            active_since: Set(None),
            registered: Set(None),
            founded_on: Set(None),
            member_count: Set(None),
            contact_name: Set(None),
            deeds_summary: Set("长期坚持社区志愿服务，组织开展助老助残、环境整治、政策宣讲等活动，累计服务时长一千余小时，带动身边群众参与志愿服务，受到居民广泛好评。".repeat(2)),
            deeds_full: Set(String::new()),
            version: Set(1),
            created_by: Set(office.user_id),
            level_unit_id: Set(None),
            submitted_at: Set(Some(now)),
            created_at: Set(now),
            updated_at: Set(now),
        });
        shortlist.push(shortlist_entry::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            category_id: Set(past_category.id),
            nomination_id: Set(id),
            position: Set(i),
            fixed_by: Set(office.user_id),
            fixed_at: Set(now),
        });
    }
    nomination::Entity::insert_many(nominees)
        .exec(&app.db)
        .await
        .map_err(d)?;
    shortlist_entry::Entity::insert_many(shortlist)
        .exec(&app.db)
        .await
        .map_err(d)?;
    let past = stages::advance_to(&app.db, &office, CampaignId(past.id), StageKind::Notice)
        .await
        .map_err(e)?;
    let past_life = stages::load(&app.db, &past).await.map_err(e)?;
    let mut notice =
        notices::DocumentInput::blank_notice(&past, &past_life, laurel::i18n::Lang::ZhCn);
    notice.window_starts_on = day(0);
    let draft = notices::save_notice(&app.db, &office, CampaignId(past.id), &notice)
        .await
        .map_err(e)?;
    let published = notices::publish_notice(
        &app.db,
        &app.signer,
        &office,
        CampaignId(past.id),
        draft.version,
    )
    .await
    .map_err(e)?;
    stages::advance_to(&app.db, &office, CampaignId(past.id), StageKind::FinalList)
        .await
        .map_err(e)?;

    // The final list, confirmed once the window has closed; the honor roll's rows hang on it.
    let after = published
        .window_ends_on
        .ok_or("the notice has no end")?
        .next_day()
        .ok_or("no next day")?;
    let list_input = notices::DocumentInput::blank_final_list(
        &past,
        &past_life,
        &published,
        laurel::i18n::Lang::ZhCn,
    );
    let list = notices::confirm_final_list(
        &app.db,
        &app.signer,
        &office,
        CampaignId(past.id),
        &list_input,
        after,
    )
    .await
    .map_err(e)?;
    // A department (it nominates like a district) and its recommender, who nominates through
    // the API.
    let root = units::list_all(&app.db).await.map_err(e)?.remove(0);
    let community = units::create_unit(
        &app.db,
        &office,
        &UnitInput {
            name: "基准部门".into(),
            kind: "department".into(),
            parent_id: root.id.to_string(),
        },
    )
    .await
    .map_err(e)?;
    accounts::create_user(
        &app.db,
        &app.config,
        &office,
        &UserInput {
            username: "bench".into(),
            display_name: "基准推荐人".into(),
            role: "recommender".into(),
            unit_id: community.id.to_string(),
            password: "bench-password-123".into(),
            active: true,
            service: false,
        },
    )
    .await
    .map_err(e)?;
    let bench_user = user::Entity::find()
        .filter(user::Column::Username.eq("bench"))
        .one(&app.db)
        .await
        .map_err(d)?
        .ok_or("no bench user")?;
    let recommender = accounts::actor_for_user(&app.db, bench_user.id, None)
        .await
        .map_err(e)?
        .ok_or("no actor")?;
    let (token, _) = tokens::create_token(&app.db, &recommender, "bench", "", 180)
        .await
        .map_err(e)?;
    // For the list pages: a district, two streets of ten communities each, a community's
    // clerk and a street's recommender.
    let unit = |name: String, kind: &str, parent: uuid::Uuid| UnitInput {
        name,
        kind: kind.into(),
        parent_id: parent.to_string(),
    };
    let district = units::create_unit(
        &app.db,
        &office,
        &unit("基准区".into(), "district", root.id),
    )
    .await
    .map_err(e)?;
    let mut streets = Vec::new();
    let mut communities = Vec::new();
    for s in 0..2 {
        let street = units::create_unit(
            &app.db,
            &office,
            &unit(format!("基准街道{s}"), "street", district.id),
        )
        .await
        .map_err(e)?;
        for c in 0..10 {
            let community = units::create_unit(
                &app.db,
                &office,
                &unit(format!("基准社区{s}-{c}"), "community", street.id),
            )
            .await
            .map_err(e)?;
            communities.push((community.id, street.id));
        }
        streets.push(street.id);
    }
    for (username, unit_id) in [("clerk", communities[0].0), ("street", streets[0])] {
        accounts::create_user(
            &app.db,
            &app.config,
            &office,
            &UserInput {
                username: username.into(),
                display_name: username.into(),
                role: "recommender".into(),
                unit_id: unit_id.to_string(),
                password: "bench-password-123".into(),
                active: true,
                service: false,
            },
        )
        .await
        .map_err(e)?;
    }
    let mut batch = Vec::with_capacity(1000);
    for i in 0..rows {
        // Twenty-five years of final lists, each inserted when it was confirmed, as the
        // honor roll grows.
        let year = 2000 + i32::try_from(i * 25 / rows).unwrap_or(0);
        batch.push(honoree::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            campaign_id: Set(past.id),
            category_id: Set(past_category.id),
            nomination_id: Set(uuid::Uuid::now_v7()),
            document_id: Set(list.id),
            unit_id: Set(office.unit_id),
            position: Set(i32::try_from(i % 1000).unwrap_or(0)),
            name: Set(format!("荣誉志愿者{i:06}")),
            affiliation: Set(format!("青岛市李沧区第{}社区志愿服务队", i % 500)),
            category_name: Set(past_category.name.clone()),
            campaign_title: Set(format!("{year}年度学雷锋志愿服务先进典型")),
            unit_name: Set(format!("第{}社区", i % 500)),
            organizer: Set("青岛市李沧区文明办".into()),
            year: Set(year),
            confirmed_on: Set(today),
            created_at: Set(now),
        });
        if batch.len() == 1000 || i + 1 == rows {
            // And their names in the roll's name index, as confirming a list writes them.
            let grams: Vec<_> = batch
                .iter()
                .flat_map(|h| {
                    let (id, name) = (h.id.clone().unwrap(), h.name.clone().unwrap());
                    laurel::domain::honor_roll::name_index_rows(id, &name)
                })
                .collect();
            honoree::Entity::insert_many(std::mem::take(&mut batch))
                .exec(&app.db)
                .await
                .map_err(d)?;
            // Within SQLite's 32,766 values a statement.
            for grams in grams.chunks(5000) {
                laurel::entity::honoree_gram::Entity::insert_many(grams.to_vec())
                    .exec(&app.db)
                    .await
                    .map_err(d)?;
            }
        }
    }
    let check = honoree::Entity::find()
        .filter(honoree::Column::DocumentId.eq(list.id))
        .one(&app.db)
        .await
        .map_err(d)?;
    if rows > 0 && check.is_none() {
        return Err("honorees were not stored".into());
    }
    Ok(Generated {
        notice: published.id,
        final_list: list.id,
        campaign: campaign.id,
        category: category.id,
        token,
        categories: categories.iter().map(|c| (c.id, c.nominee_kind)).collect(),
        communities,
        office,
        campaign_input: input,
    })
}

async fn wait_for(base: &str) -> Result<(), String> {
    for _ in 0..200 {
        if TcpStream::connect(base).await.is_ok() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    Err(format!("nothing answers at {base}"))
}

/// One GET on a fresh connection: the body.
async fn fetch(base: &str, path: &str) -> Result<Vec<u8>, String> {
    let mut stream = TcpStream::connect(base).await.map_err(|e| e.to_string())?;
    let mut reader = Conn::new();
    let (status, body) = reader.get(&mut stream, path, true).await?;
    if status != 200 {
        return Err(format!("GET {path}: {status}"));
    }
    Ok(body)
}

/// One GET, counting the body's bytes without keeping them (chunked or sized).
async fn fetch_len(base: &str, path: &str) -> Result<usize, String> {
    fetch_len_as(base, path, "").await
}

/// A minimal HTTP/1.1 client connection: keep-alive, sized and chunked bodies. It shares the
/// machine's two cores with the servers it measures, so it reads into its buffer's spare
/// capacity, parses the head in place and moves no bytes per response: what it costs per
/// response byte would otherwise count against the server with the longer headers.
struct Conn {
    buf: Vec<u8>,
    /// Where the unread bytes of `buf` start.
    start: usize,
    counted: usize,
}

impl Conn {
    fn new() -> Self {
        Self {
            buf: Vec::with_capacity(1 << 16),
            start: 0,
            counted: 0,
        }
    }

    /// The bytes received and not yet read.
    fn unread(&self) -> &[u8] {
        &self.buf[self.start..]
    }

    fn advance(&mut self, n: usize) {
        self.start += n;
        if self.start == self.buf.len() {
            self.buf.clear();
            self.start = 0;
        }
    }

    async fn fill(&mut self, stream: &mut TcpStream) -> Result<(), String> {
        if self.start > 0 {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        self.buf.reserve(1 << 16);
        let n = stream
            .read_buf(&mut self.buf)
            .await
            .map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("connection closed".into());
        }
        Ok(())
    }

    /// Reads until the unread bytes hold `delimiter`: the offset where it starts.
    async fn find(&mut self, stream: &mut TcpStream, delimiter: &[u8]) -> Result<usize, String> {
        let mut scanned = 0;
        loop {
            if let Some(at) = self.unread()[scanned..]
                .windows(delimiter.len())
                .position(|w| w == delimiter)
            {
                return Ok(scanned + at);
            }
            scanned = self.unread().len().saturating_sub(delimiter.len() - 1);
            self.fill(stream).await?;
        }
    }

    /// Reads `n` bytes of the response, appending them to `body` if given, else dropping them.
    async fn consume(
        &mut self,
        stream: &mut TcpStream,
        n: usize,
        mut body: Option<&mut Vec<u8>>,
    ) -> Result<(), String> {
        let mut remaining = n;
        loop {
            let take = self.unread().len().min(remaining);
            if let Some(body) = body.as_deref_mut() {
                body.extend_from_slice(&self.unread()[..take]);
            }
            self.advance(take);
            remaining -= take;
            self.counted += take;
            if remaining == 0 {
                return Ok(());
            }
            self.fill(stream).await?;
        }
    }

    /// Sends a GET and reads the whole response; the body is kept only if `keep`.
    async fn get(
        &mut self,
        stream: &mut TcpStream,
        path: &str,
        keep: bool,
    ) -> Result<(u16, Vec<u8>), String> {
        self.send(stream, &Req::get(path), keep).await
    }

    /// Sends a request and reads the whole response; the body is kept only if `keep`.
    async fn send(
        &mut self,
        stream: &mut TcpStream,
        req: &Req,
        keep: bool,
    ) -> Result<(u16, Vec<u8>), String> {
        stream
            .write_all(&req.bytes)
            .await
            .map_err(|e| e.to_string())?;
        let head_end = self.find(stream, b"\r\n\r\n").await?;
        let head = Head::parse(&self.unread()[..head_end]);
        self.advance(head_end + 4);
        let mut body = Vec::new();
        self.counted = 0;
        if let Some(length) = head.length {
            self.consume(stream, length, keep.then_some(&mut body))
                .await?;
        } else if head.chunked {
            loop {
                let line_end = self.find(stream, b"\r\n").await?;
                let line = &self.unread()[..line_end];
                let digits = line.split(|&b| b == b';').next().unwrap_or_default();
                let size = std::str::from_utf8(digits)
                    .ok()
                    .and_then(|digits| usize::from_str_radix(digits.trim(), 16).ok())
                    .ok_or_else(|| format!("bad chunk size {:?}", String::from_utf8_lossy(line)))?;
                self.advance(line_end + 2);
                self.consume(stream, size, keep.then_some(&mut body))
                    .await?;
                // The chunk's closing line break is not body.
                let counted = self.counted;
                self.consume(stream, 2, None).await?;
                self.counted = counted;
                if size == 0 {
                    break;
                }
            }
        }
        Ok((head.status, body))
    }
}

/// What the client needs of a response's head.
#[derive(Debug, PartialEq)]
struct Head {
    status: u16,
    length: Option<usize>,
    chunked: bool,
}

impl Head {
    /// Parses the status line and header lines (without the blank line ending them).
    fn parse(head: &[u8]) -> Head {
        let mut lines = head.split(|&b| b == b'\n').map(|line| line.trim_ascii());
        let status = lines
            .next()
            .and_then(|line| line.split(|&b| b == b' ').nth(1))
            .and_then(|code| std::str::from_utf8(code).ok()?.parse().ok())
            .unwrap_or(0);
        let mut parsed = Head {
            status,
            length: None,
            chunked: false,
        };
        for line in lines {
            let Some(colon) = line.iter().position(|&b| b == b':') else {
                continue;
            };
            let (name, value) = (&line[..colon], line[colon + 1..].trim_ascii());
            if name.eq_ignore_ascii_case(b"content-length") {
                parsed.length = std::str::from_utf8(value).ok().and_then(|v| v.parse().ok());
            } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
                parsed.chunked = value.eq_ignore_ascii_case(b"chunked");
            }
        }
        parsed
    }
}

/// A request, as the bytes sent for it.
#[derive(Clone)]
struct Req {
    bytes: Vec<u8>,
}

impl Req {
    fn get(path: &str) -> Req {
        Req {
            bytes: format!("GET {path} HTTP/1.1\r\nHost: bench\r\nAccept-Language: zh-CN\r\n\r\n")
                .into_bytes(),
        }
    }

    /// A GET with this `Cookie` header (none if empty).
    fn get_as(path: &str, cookie: &str) -> Req {
        if cookie.is_empty() {
            return Req::get(path);
        }
        Req {
            bytes: format!(
                "GET {path} HTTP/1.1\r\nHost: bench\r\nAccept-Language: zh-CN\r\nCookie: {cookie}\r\n\r\n"
            )
            .into_bytes(),
        }
    }

    fn post_json(path: &str, bearer: &str, body: &str) -> Req {
        Req {
            bytes: format!(
                "POST {path} HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {bearer}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .into_bytes(),
        }
    }
}

/// The outcome of a load run.
struct Load {
    rate: f64,
    p99: Duration,
    errors: u64,
    /// Requests answered.
    answered: u64,
}

/// `connections` keep-alive connections GET `path` in a loop for `seconds`, on a thread of
/// their own: requests per second, the 99th percentile latency, and non-2xx answers.
fn load(base: &str, path: &str, connections: usize, seconds: u64) -> Result<Load, String> {
    load_req(base, &Req::get(path), connections, seconds)
}

/// As [`load`], for any request.
fn load_req(base: &str, req: &Req, connections: usize, seconds: u64) -> Result<Load, String> {
    let req = req.clone();
    load_with(base, connections, seconds, move |_, _| Some(req.clone()))
}

/// `connections` keep-alive connections, each sending `next(connection, n)` as its n-th
/// request until `seconds` have passed or `next` has no more for it.
fn load_with(
    base: &str,
    connections: usize,
    seconds: u64,
    next: impl Fn(usize, usize) -> Option<Req> + Send + Sync + 'static,
) -> Result<Load, String> {
    let base = base.to_owned();
    let next = Arc::new(next);
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        runtime.block_on(async move {
            let deadline = Instant::now() + Duration::from_secs(seconds);
            let mut tasks = Vec::new();
            for connection in 0..connections {
                let (base, next) = (base.clone(), Arc::clone(&next));
                tasks.push(tokio::spawn(async move {
                    let mut stream = TcpStream::connect(&base).await.map_err(|e| e.to_string())?;
                    let mut conn = Conn::new();
                    let mut latencies = Vec::new();
                    let mut errors = 0_u64;
                    let mut n = 0;
                    while Instant::now() < deadline {
                        let Some(req) = next(connection, n) else {
                            break;
                        };
                        n += 1;
                        let started = Instant::now();
                        let (status, _) = conn.send(&mut stream, &req, false).await?;
                        latencies.push(started.elapsed());
                        if !(200..300).contains(&status) {
                            errors += 1;
                        }
                    }
                    Ok::<_, String>((latencies, errors))
                }));
            }
            let started = Instant::now();
            let mut latencies = Vec::new();
            let mut errors = 0;
            for task in tasks {
                let (mine, err) = task.await.map_err(|e| e.to_string())??;
                latencies.extend(mine);
                errors += err;
            }
            let elapsed = started
                .elapsed()
                .as_secs_f64()
                .max(f64::from(u32::try_from(seconds).unwrap_or(1)));
            latencies.sort_unstable();
            let p99 = latencies
                .get(latencies.len().saturating_mul(99) / 100)
                .copied()
                .unwrap_or_default();
            #[allow(clippy::cast_precision_loss)]
            let rate = latencies.len() as f64 / elapsed;
            Ok(Load {
                rate,
                p99,
                errors,
                answered: latencies.len() as u64,
            })
        })
    })
    .join()
    .map_err(|_| "the load generator panicked".to_owned())?
}

/// The list and search pages with `options.nominations` nominations in the database, one
/// client at a time: the 99th percentile against 50 ms.
async fn lists(
    db: &sea_orm::DatabaseConnection,
    figment: &rocket::figment::Figment,
    base: &str,
    data: &Generated,
    options: &Options,
) -> Result<(), String> {
    use laurel::entity::nomination::NominationStatus;
    let count = options.nominations;
    say(&format!(
        "\nlist and search pages: {count} nominations, one client"
    ));
    let generating = Instant::now();
    let d = |e: sea_orm::DbErr| e.to_string();
    // Forty-nine earlier campaigns, closed, and the open one last: the nominations of years.
    let current = laurel::entity::campaign::Entity::find_by_id(data.campaign)
        .one(db)
        .await
        .map_err(d)?
        .ok_or("no campaign")?;
    let mut campaigns = Vec::new();
    for back in (1..CAMPAIGNS).rev() {
        let mut earlier: laurel::entity::campaign::ActiveModel = current.clone().into();
        let id = uuid::Uuid::now_v7();
        earlier.id = Set(id);
        earlier.title = Set(format!("往届评选{back:02}"));
        earlier.year = Set(current.year - i32::try_from(back).unwrap_or(0));
        earlier.stage = Set(StageKind::Archived);
        laurel::entity::campaign::Entity::insert(earlier)
            .exec(db)
            .await
            .map_err(d)?;
        let mut categories = Vec::new();
        for (category, kind) in &data.categories {
            let mut copy: laurel::entity::category::ActiveModel =
                laurel::entity::category::Entity::find_by_id(*category)
                    .one(db)
                    .await
                    .map_err(d)?
                    .ok_or("no category")?
                    .into();
            let category_id = uuid::Uuid::now_v7();
            copy.id = Set(category_id);
            copy.campaign_id = Set(id);
            laurel::entity::category::Entity::insert(copy)
                .exec(db)
                .await
                .map_err(d)?;
            categories.push((category_id, *kind));
        }
        campaigns.push((id, categories));
    }
    campaigns.push((data.campaign, data.categories.clone()));
    // The rest of each row as the notice's nominees have it.
    let template: nomination::ActiveModel = nomination::Entity::find()
        .one(db)
        .await
        .map_err(d)?
        .ok_or("no nomination to copy")?
        .into();
    let start = laurel::domain::now() - time::Duration::days(3650);
    let mut batch = Vec::with_capacity(500);
    for i in 0..count {
        let (unit, street) = data.communities[i % data.communities.len()];
        let which = i * CAMPAIGNS / count;
        let (campaign, categories) = &campaigns[which];
        let (category, kind) = categories[i % categories.len()];
        // Earlier campaigns' nominations are decided; the open one's are in every stage.
        let (status, level) = if which + 1 < CAMPAIGNS {
            if i % 10 == 0 {
                (NominationStatus::Rejected, None)
            } else {
                (NominationStatus::Eligible, None)
            }
        } else {
            match i % 100 {
                0 => (NominationStatus::Pending, Some(street)),
                1..=5 => (NominationStatus::AtOffice, None),
                6..=15 => (NominationStatus::Draft, None),
                _ => (NominationStatus::Eligible, None),
            }
        };
        let at = start + time::Duration::seconds(i64::try_from(i).unwrap_or(0) * 300);
        batch.push(nomination::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            campaign_id: Set(*campaign),
            category_id: Set(category),
            unit_id: Set(unit),
            nominee_kind: Set(kind),
            status: Set(status),
            nominee_name: Set(person_name(i)),
            affiliation: Set(format!("第{}社区志愿服务队", i % 500)),
            deeds_summary: Set("长期坚持社区志愿服务。".into()),
            level_unit_id: Set(level),
            submitted_at: Set((status != NominationStatus::Draft).then_some(at)),
            created_at: Set(at),
            updated_at: Set(at),
            ..template.clone()
        });
        if batch.len() == 500 || i + 1 == count {
            // And their names in the name search's index, as the application keeps it.
            let grams: Vec<laurel::entity::nomination_gram::ActiveModel> = batch
                .iter()
                .flat_map(|n| {
                    let (id, name) = (n.id.clone().unwrap(), n.nominee_name.clone().unwrap());
                    laurel::domain::names::name_pieces(&name)
                        .into_iter()
                        .map(move |gram| laurel::entity::nomination_gram::ActiveModel {
                            gram: Set(gram),
                            nomination_id: Set(id),
                        })
                })
                .collect();
            nomination::Entity::insert_many(std::mem::take(&mut batch))
                .exec(db)
                .await
                .map_err(d)?;
            laurel::entity::nomination_gram::Entity::insert_many(grams)
                .exec(db)
                .await
                .map_err(d)?;
        }
    }
    say(&format!(
        "  generated in {:.0} s",
        generating.elapsed().as_secs_f64()
    ));
    let office = session_cookie(figment, "office").await?;
    let clerk = session_cookie(figment, "clerk").await?;
    let street = session_cookie(figment, "street").await?;
    let probe = person_name(count / 2);
    // The cursor a reader reaches after 99 pages of 50.
    let deep = {
        use sea_orm::{QueryOrder, QuerySelect};
        let row = nomination::Entity::find()
            .order_by_desc(nomination::Column::UpdatedAt)
            .order_by_desc(nomination::Column::Id)
            .offset(99 * 50 - 1)
            .one(db)
            .await
            .map_err(d)?
            .ok_or("fewer than 100 pages")?;
        format!("{}.{}", row.updated_at.unix_timestamp_nanos(), row.id)
    };
    let pages = [
        (
            "office: all nominations, first page",
            "/nominations".to_owned(),
            &office,
        ),
        (
            "office: the 100th page",
            format!("/nominations?after={deep}"),
            &office,
        ),
        (
            "office: search a name",
            format!("/nominations?q={}", encode(&probe)),
            &office,
        ),
        (
            "office: search a surname (one character)",
            format!(
                "/nominations?q={}",
                encode(&probe.chars().take(1).collect::<String>())
            ),
            &office,
        ),
        (
            "office: search a character no name has",
            format!("/nominations?q={}", encode("鑫")),
            &office,
        ),
        (
            "office: search a name no one has",
            format!("/nominations?q={}", encode("欧阳无名")),
            &office,
        ),
        (
            "office: one campaign, at the office",
            format!("/nominations?campaign={}&status=at_office", data.campaign),
            &office,
        ),
        ("office: review queue", "/review/office".to_owned(), &office),
        (
            "office: the open campaign's progress",
            format!("/review/progress?campaign={}", data.campaign),
            &office,
        ),
        (
            "community clerk: own nominations",
            "/nominations".to_owned(),
            &clerk,
        ),
        ("street: inbox", "/review/inbox".to_owned(), &street),
        (
            "honor roll: search a name (public)",
            "/honors?q=%E8%8D%A3%E8%AA%89%E5%BF%97%E6%84%BF%E8%80%850001".to_owned(),
            &String::new(),
        ),
    ];
    // The search finds the name it looks for.
    let found = fetch_as(base, &format!("/nominations?q={}", encode(&probe)), &office).await?;
    if !String::from_utf8_lossy(&found).contains(&probe) {
        return Err(format!("the name search did not find {probe}"));
    }
    for (label, path, cookie) in pages {
        let result = load_req(base, &Req::get_as(&path, cookie), 1, options.seconds)?;
        say(&format!(
            "  {label:<40} p99 {:>7.1} ms, {:>6.0} req/s, {} errors (target p99 < 50 ms)",
            result.p99.as_secs_f64() * 1e3,
            result.rate,
            result.errors
        ));
    }
    Ok(())
}

/// A name as people have them: a common surname and one or two given-name characters, the
/// same for the same `i`.
fn person_name(i: usize) -> String {
    const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢";
    const GIVEN: &str = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉梅文新立海波宁晓燕春雪飞林东鹏辉翔俊凤琴云浩宇子涵欣怡梓轩思雨博文佳琪嘉";
    let surnames: Vec<char> = SURNAMES.chars().collect();
    let given: Vec<char> = GIVEN.chars().collect();
    let mut x = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x0005_DEEC_E66D;
    let mut pick = |n: usize| {
        x ^= x >> 29;
        x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        usize::try_from(x >> 33).unwrap_or(0) % n
    };
    let mut name = String::new();
    name.push(surnames[pick(surnames.len())]);
    for _ in 0..(1 + pick(2)) {
        name.push(given[pick(given.len())]);
    }
    name
}

/// Campaigns the list pages' nominations are spread over (the open one last).
const CAMPAIGNS: usize = 50;

/// GET with a `Cookie` header; the body.
/// The length of what `path` answers `cookie`'s holder, counted as it arrives (never held).
async fn fetch_len_as(base: &str, path: &str, cookie: &str) -> Result<usize, String> {
    let mut stream = TcpStream::connect(base).await.map_err(|e| e.to_string())?;
    let mut conn = Conn::new();
    let (status, body) = conn
        .send(&mut stream, &Req::get_as(path, cookie), false)
        .await?;
    if status != 200 {
        return Err(format!("GET {path}: {status}"));
    }
    Ok(body.len().max(conn.counted))
}

async fn fetch_as(base: &str, path: &str, cookie: &str) -> Result<Vec<u8>, String> {
    let mut stream = TcpStream::connect(base).await.map_err(|e| e.to_string())?;
    let (status, body) = Conn::new()
        .send(&mut stream, &Req::get_as(path, cookie), true)
        .await?;
    if status != 200 {
        return Err(format!("GET {path}: {status}"));
    }
    Ok(body)
}

/// Percent-encodes a query value.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Signs `username` in through the sign-in form of a local client of the same configuration
/// (same secret key, same database): the `Cookie` header of that session.
async fn session_cookie(
    figment: &rocket::figment::Figment,
    username: &str,
) -> Result<String, String> {
    use rocket::local::asynchronous::Client;
    let client = Client::tracked(laurel::rocket(figment.clone()))
        .await
        .map_err(|e| e.to_string())?;
    let form = client
        .get("/login")
        .dispatch()
        .await
        .into_string()
        .await
        .unwrap_or_default();
    let csrf = csrf_field(&form)?;
    let response = client
        .post("/login")
        .header(ContentType::Form)
        .body(format!(
            "_csrf={}&username={username}&password=bench-password-123&next=",
            encode(&csrf)
        ))
        .dispatch()
        .await;
    if response.status() != rocket::http::Status::SeeOther {
        return Err(format!("sign-in of {username}: {}", response.status()));
    }
    Ok(client
        .cookies()
        .iter()
        .map(|c| format!("{}={}", c.name(), c.value()))
        .collect::<Vec<_>>()
        .join("; "))
}

#[cfg(test)]
mod tests {
    use super::Head;

    #[test]
    fn a_head_gives_status_length_and_chunking_whatever_the_case() {
        let sized =
            b"HTTP/1.1 200 OK\r\ncontent-type: text/css\r\nContent-Length: 18425\r\nDate: x";
        assert_eq!(
            Head::parse(sized),
            Head {
                status: 200,
                length: Some(18425),
                chunked: false
            }
        );
        let chunked =
            b"HTTP/1.1 404 Not Found\r\nTRANSFER-ENCODING:  Chunked\r\nx-a: content-length: 3";
        assert_eq!(
            Head::parse(chunked),
            Head {
                status: 404,
                length: None,
                chunked: true
            }
        );
        assert_eq!(Head::parse(b"garbage").status, 0);
    }
}
