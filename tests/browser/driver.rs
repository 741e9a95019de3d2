//! A headless Chromium driven through ChromeDriver's WebDriver protocol (W3C): JSON over HTTP,
//! spoken with the standard library and serde_json. On a panic the page is saved as a
//! screenshot and its source under `target/browser-failures/`.

use std::{
    io::{Read, Write},
    net::TcpStream,
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use serde_json::{Value, json};

use crate::helpers::server::free_port;

/// The key under which WebDriver returns an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Where ChromeDriver and Chromium are (Debian's packages; .ci/run installs them).
fn driver_path() -> String {
    std::env::var("LAUREL_CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into())
}

fn chromium_path() -> String {
    std::env::var("LAUREL_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

/// One browser session, named for its screenshots.
pub struct Browser {
    port: u16,
    session: String,
    driver: Child,
    name: String,
    /// The server's base URL, `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Browser {
    /// Starts ChromeDriver and a headless Chromium that asks for zh-CN pages.
    pub fn start(name: &str, base: &str) -> Browser {
        let port = free_port();
        let driver = Command::new(driver_path())
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver runs (apt-get install chromium chromium-driver)");
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        let mut browser = Browser {
            port,
            session: String::new(),
            driver,
            name: name.to_owned(),
            base: base.to_owned(),
        };
        let created = browser.call(
            "POST",
            "/session",
            Some(json!({
                "capabilities": { "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": chromium_path(),
                        "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                                 "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=zh-CN"],
                        "prefs": { "intl.accept_languages": "zh-CN,zh" }
                    }
                }}
            })),
        );
        browser.session = created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {created}"))
            .to_owned();
        browser
    }

    /// A WebDriver command; its `value`.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("chromedriver");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .expect("timeout");
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .expect("sent");
        // ChromeDriver keeps the connection open: read the head, then Content-Length bytes.
        let mut answer = Vec::new();
        let mut chunk = [0_u8; 8192];
        let head_end = loop {
            if let Some(at) = answer.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            let n = stream.read(&mut chunk).expect("answer");
            assert!(n > 0, "chromedriver closed the connection");
            answer.extend_from_slice(&chunk[..n]);
        };
        let head = String::from_utf8_lossy(&answer[..head_end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        while answer.len() < head_end + length {
            let n = stream.read(&mut chunk).expect("answer");
            if n == 0 {
                break;
            }
            answer.extend_from_slice(&chunk[..n]);
        }
        let body = String::from_utf8_lossy(&answer[head_end..]);
        let value: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
        value["value"].clone()
    }

    fn session_path(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.session)
    }

    /// Opens a path of the server.
    pub fn open(&self, path: &str) {
        self.call(
            "POST",
            &self.session_path("/url"),
            Some(json!({ "url": format!("{}{path}", self.base) })),
        );
    }

    /// The current path (and query).
    pub fn path(&self) -> String {
        let url = self.call("GET", &self.session_path("/url"), None);
        url.as_str()
            .unwrap_or_default()
            .trim_start_matches(&self.base)
            .to_owned()
    }

    /// Waits up to five seconds for the browser to arrive at a path starting with `prefix`.
    pub fn wait_path(&self, prefix: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let path = self.path();
            if path.starts_with(prefix) {
                return path;
            }
            assert!(Instant::now() < deadline, "at {path}, not at {prefix}…");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The element a CSS selector finds, waiting up to five seconds for it.
    pub fn find(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let found = self.call(
                "POST",
                &self.session_path("/element"),
                Some(json!({ "using": "css selector", "value": css })),
            );
            if let Some(id) = found[ELEMENT].as_str() {
                return id.to_owned();
            }
            assert!(
                Instant::now() < deadline,
                "no element {css} on {}: {found}",
                self.path()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Every element a CSS selector finds now.
    pub fn find_all(&self, css: &str) -> Vec<String> {
        let found = self.call(
            "POST",
            &self.session_path("/elements"),
            Some(json!({ "using": "css selector", "value": css })),
        );
        found
            .as_array()
            .map(|all| {
                all.iter()
                    .filter_map(|e| e[ELEMENT].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Clears a field and types into it.
    pub fn fill(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.type_into(&id, text);
    }

    /// Clears an element found before and types into it.
    pub fn type_into(&self, id: &str, text: &str) {
        self.call(
            "POST",
            &self.session_path(&format!("/element/{id}/clear")),
            Some(json!({})),
        );
        self.call(
            "POST",
            &self.session_path(&format!("/element/{id}/value")),
            Some(json!({ "text": text })),
        );
    }

    /// Sets a field's value directly (date inputs, whose typing depends on the locale).
    pub fn set_value(&self, css: &str, value: &str) {
        let id = self.find(css);
        self.call(
            "POST",
            &self.session_path("/execute/sync"),
            Some(json!({
                "script": "arguments[0].value = arguments[1];",
                "args": [{ ELEMENT: id }, value]
            })),
        );
    }

    /// Clicks an element.
    pub fn click(&self, css: &str) {
        let id = self.find(css);
        self.call(
            "POST",
            &self.session_path(&format!("/element/{id}/click")),
            Some(json!({})),
        );
    }

    /// Clicks something that loads a new page, and waits until the new page has loaded.
    pub fn submit(&self, css: &str) {
        let script = |source: &str| {
            self.call(
                "POST",
                &self.session_path("/execute/sync"),
                Some(json!({ "script": source, "args": [] })),
            )
        };
        script("window.__laurelOldPage = true;");
        self.click(css);
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let state = script("return window.__laurelOldPage ? 'old' : document.readyState;");
            if state == "complete" {
                return;
            }
            assert!(Instant::now() < deadline, "{css} did not load a new page");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// An element's visible text.
    pub fn text(&self, css: &str) -> String {
        let id = self.find(css);
        self.call(
            "GET",
            &self.session_path(&format!("/element/{id}/text")),
            None,
        )
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    /// The page's HTML as it stands.
    pub fn source(&self) -> String {
        self.call("GET", &self.session_path("/source"), None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The whole page's visible text.
    pub fn page_text(&self) -> String {
        self.text("body")
    }

    /// An attribute of an element.
    pub fn attribute(&self, css: &str, name: &str) -> String {
        let id = self.find(css);
        self.call(
            "GET",
            &self.session_path(&format!("/element/{id}/attribute/{name}")),
            None,
        )
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    /// Forgets the cookies: the next page is seen as a stranger sees it.
    pub fn forget_cookies(&self) {
        self.call("DELETE", &self.session_path("/cookie"), None);
    }

    /// Saves a screenshot and the page source under `target/browser-failures/`.
    pub fn save(&self, label: &str) -> PathBuf {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/browser-failures");
        let _ = std::fs::create_dir_all(&dir);
        let shot = self.call("GET", &self.session_path("/screenshot"), None);
        let png = dir.join(format!("{}-{label}.png", self.name));
        if let Some(data) = shot.as_str() {
            let _ = std::fs::write(&png, base64_decode(data));
        }
        let source = self.call("GET", &self.session_path("/source"), None);
        let _ = std::fs::write(
            dir.join(format!("{}-{label}.html", self.name)),
            source.as_str().unwrap_or_default(),
        );
        png
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if std::thread::panicking() && !self.session.is_empty() {
            let png = self.save("failure");
            eprintln!("browser: screenshot of the failure at {}", png.display());
        }
        if !self.session.is_empty() {
            self.call("DELETE", &self.session_path(""), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Standard base64, as WebDriver sends screenshots.
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0_u32;
    let mut bits = 0;
    for sextet in text.bytes().filter_map(value) {
        buffer = (buffer << 6) | u32::from(sextet);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buffer >> bits) & 0xFF).unwrap_or(0));
        }
    }
    out
}
