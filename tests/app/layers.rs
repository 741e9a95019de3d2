//! The layers, read from the source: the faces (`web`, `api`) read only the domain, `http` and
//! `i18n`, never the database's entities nor each other; `error.rs` and the domain know no face;
//! and no area imports another that imports it back, however long the circle (a domain folder
//! is one area; every other file is its own).

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

#[test]
fn the_faces_read_no_entity_nor_each_other_and_no_file_imports_in_a_circle() {
    let graph = source_graph(Path::new(env!("CARGO_MANIFEST_DIR")));
    let under = |file: &str, dir: &str| file.starts_with(dir);
    let mut wrong = Vec::new();
    for (file, deps) in &graph {
        for dep in deps {
            let face = under(file, "src/web/") || under(file, "src/api/");
            if face && under(dep, "src/entity/") {
                wrong.push(format!(
                    "{file} imports the entity {dep}: ask the domain for a view"
                ));
            }
            if under(file, "src/api/") && under(dep, "src/web/") {
                wrong.push(format!("{file} imports the pages' {dep}"));
            }
            if under(file, "src/web/") && under(dep, "src/api/") {
                wrong.push(format!("{file} imports the API's {dep}"));
            }
            let inner = file == "src/error.rs" || under(file, "src/domain/");
            if inner
                && (under(dep, "src/web/") || under(dep, "src/api/") || under(dep, "src/http/"))
            {
                wrong.push(format!("{file} imports the face {dep}"));
            }
        }
    }
    for circle in circles(&by_area(&graph)) {
        wrong.push(format!("import circle: {}", circle.join(" → ")));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The test's reader sees imports where they are: a sanity check of its parsing, so that the
/// layer test cannot pass by reading nothing.
#[test]
fn the_reader_finds_the_imports_it_is_meant_to_judge() {
    let graph = source_graph(Path::new(env!("CARGO_MANIFEST_DIR")));
    let deps = |file: &str| graph.get(file).cloned().unwrap_or_default();
    assert!(graph.len() > 100, "every source file: {}", graph.len());
    // A nested use tree, an inline path and a `super::` path.
    assert!(deps("src/web/notices/office.rs").contains("src/domain/notices/mod.rs"));
    assert!(deps("src/api/mod.rs").contains("src/http/mod.rs"));
    assert!(deps("src/domain/audit/log.rs").contains("src/domain/audit/verify.rs"));
    assert!(deps("src/web/review.rs").contains("src/web/nominations.rs"));
    // An area's face re-exporting its parts.
    assert!(deps("src/domain/review/mod.rs").contains("src/domain/review/decisions.rs"));
}

/// Every source file of the library (not its binaries) and the files it imports: `use crate::…`
/// trees, inline `crate::…` paths and `super::…` paths, each resolved to the file of the
/// longest module it names. Comments and `mod tests` at the end of a file are left out.
fn source_graph(root: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let src = root.join("src");
    let mut files = Vec::new();
    collect(&src, &mut files);
    let mut graph = BTreeMap::new();
    for path in files {
        let name = relative(root, &path);
        if name.starts_with("src/bin/") || name == "src/main.rs" || name == "src/lib.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a source file");
        let code = without_comments_and_tests(&text);
        let here = module_of(&name);
        let mut deps = BTreeSet::new();
        for module in imported_paths(&code, &here) {
            if let Some(file) = file_of(root, &module).filter(|file| *file != name) {
                deps.insert(file);
            }
        }
        graph.insert(name, deps);
    }
    graph
}

fn collect(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a directory").flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .expect("under the root")
        .to_string_lossy()
        .replace('\\', "/")
}

/// `src/domain/audit/log.rs` → `["domain", "audit", "log"]`; a `mod.rs` is its folder.
fn module_of(file: &str) -> Vec<String> {
    let mut parts: Vec<String> = file
        .trim_start_matches("src/")
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_owned)
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

fn without_comments_and_tests(text: &str) -> String {
    let end = text.find("#[cfg(test)]\nmod tests").unwrap_or(text.len());
    text[..end]
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .map(|line| line.split(" // ").next().unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every module path the code names, from the crate's root.
fn imported_paths(code: &str, here: &[String]) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("use crate::") {
        let tail = &rest[at + "use crate::".len()..];
        let end = tail.find(';').unwrap_or(tail.len());
        expand(&tail[..end], &mut Vec::new(), &mut paths);
        rest = &tail[end..];
    }
    // `use child::…` (a module file re-exporting or using its children).
    for line in code.lines() {
        let line = line.trim_start();
        let line = line
            .strip_prefix("pub(crate) ")
            .or_else(|| line.strip_prefix("pub(super) "))
            .or_else(|| line.strip_prefix("pub "))
            .unwrap_or(line);
        if let Some((head, _)) = line.strip_prefix("use ").and_then(|l| l.split_once("::")) {
            let mut path = here.to_vec();
            path.push(head.trim().to_owned());
            paths.push(path);
        }
    }
    for (prefix, base) in [("crate::", Vec::new()), ("super::", parent(here))] {
        let mut rest = code;
        while let Some(at) = rest.find(prefix) {
            let before = rest[..at].chars().last();
            let tail = &rest[at + prefix.len()..];
            if !before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                let path: Vec<String> = tail
                    .split("::")
                    .map(|segment| {
                        segment
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect::<String>()
                    })
                    .take_while(|segment| !segment.is_empty())
                    .collect();
                let mut full = base.clone();
                full.extend(path);
                paths.push(full);
            }
            rest = tail;
        }
    }
    paths
}

fn parent(here: &[String]) -> Vec<String> {
    here[..here.len().saturating_sub(1)].to_vec()
}

/// Expands a use tree (`a::{b, c::{d, e}}`) into its paths.
fn expand(tree: &str, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let tree = tree.trim();
    if let Some(inner) = tree.strip_prefix('{') {
        let inner = inner.trim_end().strip_suffix('}').unwrap_or(inner);
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&inner[start..i], &mut prefix.clone(), out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        expand(&inner[start..], &mut prefix.clone(), out);
        return;
    }
    match tree.split_once("::") {
        Some((head, tail)) => {
            prefix.push(head.trim().to_owned());
            expand(tail, prefix, out);
        }
        None => {
            let name = tree.split_whitespace().next().unwrap_or_default();
            if name == "self" || name == "*" {
                out.push(prefix.clone());
            } else if !name.is_empty() {
                let mut path = prefix.clone();
                path.push(name.to_owned());
                out.push(path);
            }
        }
    }
}

/// The file of the longest module a path names: `domain::audit::log::browse` → its file.
fn file_of(root: &Path, path: &[String]) -> Option<String> {
    let mut found = None;
    for len in 1..=path.len() {
        let dir = root.join("src").join(path[..len].join("/"));
        let file = dir.with_extension("rs");
        let folder = dir.join("mod.rs");
        if file.is_file() {
            found = Some(relative(root, &file));
        } else if folder.is_file() {
            found = Some(relative(root, &folder));
        } else {
            break;
        }
    }
    found
}

/// The graph between areas: the files of one domain folder are one node (its face and its
/// parts use each other by design); every other file is its own.
fn by_area(graph: &BTreeMap<String, BTreeSet<String>>) -> BTreeMap<String, BTreeSet<String>> {
    let node = |file: &str| match file.strip_prefix("src/domain/") {
        Some(rest) if rest.contains('/') => {
            format!("src/domain/{}/", rest.split('/').next().unwrap_or_default())
        }
        _ => file.to_owned(),
    };
    let mut areas: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, deps) in graph {
        let from = node(file);
        let entry = areas.entry(from.clone()).or_default();
        entry.extend(deps.iter().map(|d| node(d)).filter(|d| *d != from));
    }
    areas
}

/// The import circles: every strongly connected group of more than one node (Tarjan).
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'g> {
        graph: &'g BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        next: usize,
        found: Vec<Vec<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        for w in s.graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.graph.contains_key(w) {
                continue;
            }
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.stack.contains(&w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut group = Vec::new();
            while let Some(w) = s.stack.pop() {
                group.push(w.to_owned());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                s.found.push(group);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !state.index.contains_key(v.as_str()) {
            visit(&mut state, v);
        }
    }
    state.found
}
