//! Embeds the default theme and the example scheme into the binary.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn walk(base: &Path, rel: &Path, out: &mut Vec<PathBuf>) {
    let entries = walkdir::WalkDir::new(base.join(rel))
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
    for e in entries.flatten() {
        if e.file_type().is_file()
            && let Ok(inner) = e.path().strip_prefix(base)
        {
            out.push(inner.to_owned());
        }
    }
}

fn emit(name: &str, base: &Path, roots: &[&str]) {
    let mut files = Vec::new();
    for r in roots {
        let p = base.join(r);
        println!("cargo:rerun-if-changed={}", p.display());
        if p.is_file() {
            files.push(PathBuf::from(r));
        } else {
            walk(base, Path::new(r), &mut files);
        }
    }
    files.sort();
    let mut code = String::from(
        "/// Embedded files: path and bytes.\npub(super) const FILES: &[(&str, &[u8])] = &[\n",
    );
    for f in &files {
        let key = f
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let abs = base.join(f);
        println!("cargo:rerun-if-changed={}", abs.display());
        let _ = writeln!(
            code,
            "    ({key:?}, include_bytes!({:?})),",
            abs.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join(name);
    std::fs::write(out, code).expect("OUT_DIR is writable");
}

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    emit(
        "embedded_theme.rs",
        &root.join("themes/default"),
        &["templates", "static", "scripts"],
    );
    emit(
        "embedded_example.rs",
        &root,
        &["irbook.yaml", "content", "exercises", "incidents"],
    );
}
