//! Compiles `templates/` and `public/` into the binary, so a release build runs from any folder.

use std::{
    env, fs,
    path::{Path, PathBuf},
};

fn files(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn main() {
    let manifest =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut out = String::new();
    for (name, macro_name, kind) in [
        ("templates", "include_str", "str"),
        ("public", "include_bytes", "[u8]"),
    ] {
        let root = manifest.join(name);
        println!("cargo:rerun-if-changed={}", root.display());
        out.push_str(&format!(
            "/// Files under `{name}/`: path relative to it, contents.\npub static {}: &[(&str, &{kind})] = &[\n",
            name.to_uppercase()
        ));
        for path in files(&root) {
            let relative = path
                .strip_prefix(&root)
                .expect("under root")
                .to_string_lossy()
                .replace('\\', "/");
            out.push_str(&format!(
                "    ({relative:?}, {macro_name}!({:?})),\n",
                path.display().to_string()
            ));
        }
        out.push_str("];\n");
    }
    let dest = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    fs::write(dest, out).expect("write embedded.rs");
}
