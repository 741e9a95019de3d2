//! The real `laurel` binary as a separate process on the harness's database, and a minimal
//! HTTP client to talk to it.

use std::{
    io::{Read, Write},
    net::TcpStream,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use super::test_app::TestApp;

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// The `laurel` binary serving the harness's database on `port`.
pub fn serve(app: &TestApp, port: u16) -> Child {
    serve_with(app, port, &[])
}

/// The `laurel` binary serving the harness's database on `port`, with extra environment.
pub fn serve_with(app: &TestApp, port: u16, env: &[(&str, &str)]) -> Child {
    serve_into(app, port, env, Stdio::null())
}

/// [`serve_with`], its standard error (where the development setting writes text messages)
/// going to the file at `log`.
#[allow(
    dead_code,
    reason = "the browser test reads the code a voter gets from it"
)]
pub fn serve_logged(
    app: &TestApp,
    port: u16,
    env: &[(&str, &str)],
    log: &std::path::Path,
) -> Child {
    let file = std::fs::File::create(log).expect("a log file");
    serve_into(app, port, env, Stdio::from(file))
}

fn serve_into(app: &TestApp, port: u16, env: &[(&str, &str)], stderr: Stdio) -> Child {
    let config = &app.app().config;
    let mut child = Command::new(env!("CARGO_BIN_EXE_laurel"))
        .arg("serve")
        .env("DATABASE_URL", &config.database_url)
        .env("LAUREL_DATA_DIR", config.data_dir.display().to_string())
        .env("LAUREL_ARGON2_MEMORY_KIB", "1024")
        .env("ROCKET_PORT", port.to_string())
        .env("ROCKET_ADDRESS", "127.0.0.1")
        .env("ROCKET_LOG_LEVEL", "off")
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .expect("laurel starts");
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if request(port, "GET", "/healthz", "", "").is_ok_and(|(status, _)| status == 200) {
            return child;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server did not come up on port {port}");
}

/// One HTTP/1.1 request on its own connection: the status and the body.
pub fn request(
    port: u16,
    method: &str,
    path: &str,
    token: &str,
    body: &str,
) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let auth = if token.is_empty() {
        String::new()
    } else {
        format!("Authorization: Bearer {token}\r\n")
    };
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes)?;
    let answer = String::from_utf8_lossy(&bytes);
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status line"))?;
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Ok((status, body))
}

/// A response as the raw client saw it.
pub struct Answer {
    /// The status code.
    pub status: u16,
    /// The `Set-Cookie` values, `name=value` only.
    pub cookies: Vec<String>,
    /// The body, as text.
    pub body: String,
}

/// One HTTP/1.1 request with extra headers (a `Cookie`, a bearer token, a content type).
pub fn exchange(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> std::io::Result<Answer> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes)?;
    let text = String::from_utf8_lossy(&bytes);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status line"))?;
    let cookies = head
        .lines()
        .filter_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("set-cookie").then(|| {
                value
                    .trim()
                    .split(';')
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            })
        })
        .collect();
    Ok(Answer {
        status,
        cookies,
        body: body.to_owned(),
    })
}
