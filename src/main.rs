//! The `laurel` command: `serve` (the default), `migrate`, `demo`, `admin create`, `admin token`,
//! `audit verify`, `backup`.

use std::{io::Write, process::ExitCode};

use laurel::{App, AppConfig, domain::accounts};

const USAGE: &str = "\
usage: laurel [serve]            serve http://127.0.0.1:8000 (Rocket.toml, ROCKET_*, LAUREL_*, DATABASE_URL)
       laurel migrate            create or update the database schema, then exit
       laurel demo               load the demo data set (prints the demo passwords once)
       laurel demo --province    load the provincial demo instead, into a new database: a
                                 province's campaign in its voting stage
       laurel admin create --username NAME --name DISPLAY_NAME [--city CITY | --province NAME]
                                 create an office admin; the password is read from
                                 LAUREL_ADMIN_PASSWORD or, if unset, from standard input;
                                 on a new database it creates the root unit (a city, or with
                                 --province a province whose cities recommend to its office)
       laurel admin token --username NAME [--name LABEL] [--days N] [--scope full|read]
                                 issue an API token to an active user (the first admin's
                                 first token, say) and print it once
       laurel audit verify [--expect ID:HASH]... [--against FILE]...
                                 check the audit log's hash chain and its signed checkpoints,
                                 and against points kept outside: an event id and hash noted
                                 down, a published page or a mirrored /checkpoints.json;
                                 exits non-zero at a break or a disagreement
       laurel backup PATH        copy the live SQLite database to a new file PATH, consistently,
                                 then check the copy's audit chain
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match words.as_slice() {
        [] | ["serve"] => rocket::execute(serve()),
        ["migrate"] => rocket::execute(migrate()),
        ["demo"] => rocket::execute(demo(false)),
        ["demo", "--province"] => rocket::execute(demo(true)),
        ["admin", "create", rest @ ..] => rocket::execute(admin_create(rest)),
        ["admin", "token", rest @ ..] => rocket::execute(admin_token(rest)),
        ["audit", "verify", rest @ ..] => rocket::execute(audit_verify(rest)),
        ["backup", path] => rocket::execute(backup(std::path::Path::new(path))),
        ["help" | "-h" | "--help"] => {
            say(USAGE);
            Ok(())
        }
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            let _ = writeln!(std::io::stderr(), "laurel: {message}");
            ExitCode::FAILURE
        }
    }
}

fn say(text: &str) {
    let _ = writeln!(std::io::stdout(), "{text}");
}

fn config() -> Result<AppConfig, String> {
    laurel::figment()
        .extract_inner("laurel")
        .map_err(|e| format!("configuration: {e}"))
}

async fn serve() -> Result<(), String> {
    let figment = laurel::secrets::with_secret_key(laurel::figment())?;
    laurel::rocket(figment)
        .launch()
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

async fn migrate() -> Result<(), String> {
    App::start(config()?).await?;
    say("migrations applied");
    Ok(())
}

async fn demo(province: bool) -> Result<(), String> {
    let app = App::start(config()?).await?;
    let loaded = if province {
        laurel::domain::demo::province::load(&app).await
    } else {
        laurel::domain::demo::load(&app).await
    };
    let report = loaded.map_err(|e| {
        laurel::i18n::translate(laurel::i18n::Lang::En, e.code(), &[]) + &format!(" ({e})")
    })?;
    say(&format!(
        "demo data loaded: {} campaign{}, {} nominations.\nSign in at http://127.0.0.1:8000/login with (shown once, write them down):",
        report.campaigns,
        if report.campaigns == 1 { "" } else { "s" },
        report.nominations
    ));
    for (username, role, unit, password) in &report.users {
        say(&format!(
            "  {username:<14} {password:<16} {role:<12} {unit}"
        ));
    }
    Ok(())
}

fn flag<'a>(args: &[&'a str], name: &str) -> Option<&'a str> {
    args.windows(2)
        .find(|pair| pair[0] == name)
        .map(|pair| pair[1])
}

async fn admin_create(args: &[&str]) -> Result<(), String> {
    let (Some(username), Some(display_name)) = (flag(args, "--username"), flag(args, "--name"))
    else {
        return Err(USAGE.to_owned());
    };
    let password = match std::env::var("LAUREL_ADMIN_PASSWORD") {
        Ok(password) => password,
        Err(_) => {
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .map_err(|e| e.to_string())?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let app = App::start(config()?).await?;
    let province = flag(args, "--province");
    let input = accounts::SetupInput {
        city_name: province
            .or_else(|| flag(args, "--city"))
            .unwrap_or("本市")
            .to_owned(),
        province: province.is_some(),
        username: username.to_owned(),
        display_name: display_name.to_owned(),
        password,
    };
    match accounts::create_admin_cli(&app.db, &app.config, &input).await {
        Ok(user) => {
            say(&format!("office admin '{}' created", user.username));
            Ok(())
        }
        Err(other) => Err(refusal(&other)),
    }
}

async fn admin_token(args: &[&str]) -> Result<(), String> {
    use laurel::domain::accounts::tokens::{self, TokenRequest, TokenScope};
    let Some(username) = flag(args, "--username") else {
        return Err(USAGE.to_owned());
    };
    let scope = match flag(args, "--scope").unwrap_or("full") {
        "full" => TokenScope::Full,
        "read" => TokenScope::Read,
        _ => return Err(USAGE.to_owned()),
    };
    let app = App::start(config()?).await?;
    let request = TokenRequest {
        name: flag(args, "--name").unwrap_or("laurel admin token"),
        days: flag(args, "--days").unwrap_or_default(),
        scope,
    };
    match tokens::issue_token_cli(&app.db, username, &request, app.config.token_days).await {
        Ok((token, record)) => {
            say(&token);
            let until = record
                .expires_at
                .map(|t| t.date().to_string())
                .unwrap_or_default();
            let _ = writeln!(
                std::io::stderr(),
                "token for '{username}' valid until {until}; it is not stored and cannot be shown again"
            );
            Ok(())
        }
        Err(laurel::error::AppError::NotFound) => Err(format!("no active user named '{username}'")),
        Err(other) => Err(refusal(&other)),
    }
}

/// A refusal as the command line says it: each field's message in English, or the error.
fn refusal(error: &laurel::error::AppError) -> String {
    match error {
        laurel::error::AppError::Invalid(errors) => errors
            .0
            .iter()
            .map(|e| {
                format!(
                    "{}: {}",
                    e.field,
                    laurel::i18n::t(laurel::i18n::Lang::En, e.key)
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

async fn audit_verify(args: &[&str]) -> Result<(), String> {
    use laurel::domain::audit::{checkpoints, verify::ChainPoint};
    let mut expected = Vec::new();
    let mut against = Vec::new();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or_else(|| USAGE.to_owned())?;
        match *flag {
            "--expect" => {
                let (id, hash) = value
                    .split_once(':')
                    .and_then(|(id, hash)| Some((id.parse::<i64>().ok()?, hash)))
                    .ok_or_else(|| format!("--expect {value}: give ID:HASH"))?;
                expected.push(ChainPoint {
                    id,
                    hash: hash.to_owned(),
                });
            }
            "--against" => {
                let text = std::fs::read_to_string(value).map_err(|e| format!("{value}: {e}"))?;
                let found = checkpoints::found_in(&text);
                if found.is_empty() {
                    return Err(format!("{value}: no checkpoint in it"));
                }
                against.extend(found);
            }
            _ => return Err(USAGE.to_owned()),
        }
    }
    let app = App::start(config()?).await?;
    let report = laurel::domain::audit::verify::verify_all(
        &app.db,
        &app.signer.public_key(),
        &against,
        &expected,
    )
    .await
    .map_err(|e| format!("audit log: {e}"))?;
    if let Some(found) = &report.chain.first_break {
        return Err(format!(
            "audit log broken at event {}: {} ({} events checked{})",
            found.id,
            found.kind.name(),
            report.chain.checked,
            found
                .previous_id
                .map(|id| format!("; the event before it is {id}"))
                .unwrap_or_default()
        ));
    }
    if let Some(found) = &report.disagreement {
        return Err(format!(
            "audit log disagrees with a {} checkpoint at event {}: {}",
            found.source, found.event_id, found.problem
        ));
    }
    say(&format!(
        "audit log intact: {} events, {} checkpoints and points agree (public key {})",
        report.chain.checked,
        report.points,
        app.signer.public_hex()
    ));
    if let Some(last) = &report.chain.last {
        // Written down elsewhere, this catches a later cut or forged end of the log.
        say(&format!("last event {}: {}", last.id, last.hash));
    }
    Ok(())
}

async fn backup(path: &std::path::Path) -> Result<(), String> {
    let app = App::start(config()?).await?;
    laurel::db::backup(&app.db, path).await?;
    // The copy is checked as it will be restored: its own connection, its own chain.
    let absolute = std::path::absolute(path).map_err(|e| e.to_string())?;
    let copy = sea_orm::Database::connect(format!("sqlite://{}?mode=ro", absolute.display()))
        .await
        .map_err(|e| format!("opening the copy: {e}"))?;
    let full = laurel::domain::audit::verify::verify_all(&copy, &app.signer.public_key(), &[], &[])
        .await
        .map_err(|e| format!("the copy's audit log: {e}"))?;
    if !full.is_intact() {
        return Err(format!(
            "the copy's audit log does not verify ({} events checked{})",
            full.chain.checked,
            full.disagreement
                .map(|d| format!("; a checkpoint at event {}: {}", d.event_id, d.problem))
                .unwrap_or_default()
        ));
    }
    let report = full.chain;
    say(&format!(
        "backup written to {}: {} audit events, chain intact",
        path.display(),
        report.checked
    ));
    if let Some(last) = report.last {
        say(&format!("last event {}: {}", last.id, last.hash));
    }
    Ok(())
}
