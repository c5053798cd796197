//! The floor: the least work any Markdown site generator must do.
//!
//! ```sh
//! cargo run --release --example floor -- [--threads 1] IN OUT
//! ```
//!
//! Reads every `.md` file under `IN`, skips its `---` front matter, renders the body
//! with pulldown-cmark (tables, footnotes, strikethrough, task lists, GFM) and writes
//! `OUT/<same relative path>.html` (`a/b.md` becomes `OUT/a/b.html`). No templates,
//! no links checked, no navigation. With `--threads 1` everything runs on the calling
//! thread; by default the files are rendered on all cores with rayon.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;

const USAGE: &str = "usage: floor [--threads N] IN OUT";

/// Collects every `.md` file under `dir`, sorted for a stable order.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            collect(&path, out)?;
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    Ok(())
}

/// The text after a leading `---` front matter block, or all of it without one.
fn body(text: &str) -> &str {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return text;
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        if line.trim_end() == "---" {
            return &rest[offset..];
        }
    }
    text
}

/// Renders one file and writes its HTML; returns the bytes written.
fn render(src: &Path, input: &Path, output: &Path) -> std::io::Result<usize> {
    let text = fs::read_to_string(src)?;
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM;
    let md = body(&text);
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, Parser::new_ext(md, opts));
    let rel = src.strip_prefix(input).unwrap_or(src);
    let dest = output.join(rel).with_extension("html");
    if let Some(parent) = dest.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(&dest, &out)?;
    Ok(out.len())
}

fn run(args: Vec<String>) -> Result<(), String> {
    let mut threads = 0usize;
    let mut paths = Vec::new();
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        if arg == "--threads" {
            let v = it.next().ok_or(USAGE)?;
            threads = v.parse().map_err(|_| format!("--threads: bad `{v}`"))?;
        } else if arg == "-h" || arg == "--help" {
            return Err(USAGE.into());
        } else {
            paths.push(PathBuf::from(arg));
        }
    }
    let [input, output] = <[PathBuf; 2]>::try_from(paths).map_err(|_| USAGE.to_owned())?;
    let start = Instant::now();
    let mut files = Vec::new();
    collect(&input, &mut files).map_err(|e| format!("{}: {e}", input.display()))?;
    files.sort();
    let one = |f: &PathBuf| render(f, &input, &output).map_err(|e| format!("{}: {e}", f.display()));
    let bytes: usize = if threads == 1 {
        files.iter().map(one).sum::<Result<usize, String>>()?
    } else {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| e.to_string())?;
        pool.install(|| files.par_iter().map(one).sum::<Result<usize, String>>())?
    };
    eprintln!(
        "rendered {} files ({:.1} MB of HTML) in {:.3} s",
        files.len(),
        bytes as f64 / 1e6,
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
