//! The default theme's own files, read as text: what a browser would silently drop.

use crate::common::*;

/// The text of `css` with its comments and quoted strings blanked, so that a brace inside
/// either is not counted.
fn code_only(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for d in chars.by_ref() {
                    out.push(if d == '\n' { '\n' } else { ' ' });
                    if prev == '*' && d == '/' {
                        break;
                    }
                    prev = d;
                }
            }
            '"' | '\'' => {
                out.push(' ');
                let mut escaped = false;
                for d in chars.by_ref() {
                    out.push(if d == '\n' { '\n' } else { ' ' });
                    if !escaped && d == c {
                        break;
                    }
                    escaped = !escaped && d == '\\';
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Where the braces of `css` do not pair up: a `}` with nothing open (a browser then reads
/// it into the next rule's selector and drops that rule), or blocks left open at the end.
fn unpaired_braces(css: &str) -> Vec<String> {
    let mut faults = Vec::new();
    let mut depth = 0usize;
    for (n, line) in code_only(css).lines().enumerate() {
        for c in line.chars() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => faults.push(format!("line {}: a `}}` closes nothing", n + 1)),
                '}' => depth -= 1,
                _ => {}
            }
        }
    }
    if depth > 0 {
        faults.push(format!("{depth} block(s) never closed"));
    }
    faults
}

#[test]
fn unpaired_braces_are_found() {
    assert!(unpaired_braces("a { b: c; }\n@media x { d { e: f; } }\n").is_empty());
    assert!(unpaired_braces("a::after { content: \"}\" / \"\"; } /* } */").is_empty());
    assert_eq!(
        unpaired_braces("a { b: c; }\n}\n.tag { x: y; }"),
        ["line 2: a `}` closes nothing"]
    );
    assert_eq!(
        unpaired_braces("@media x { a { b: c; }"),
        ["1 block(s) never closed"]
    );
}

/// A stray `}` once dropped `.tag` (the exercise guide's objective labels) from the theme.
#[test]
fn every_stylesheet_of_the_theme_has_paired_braces() {
    let dir = repo().join("themes/default/static");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "css") {
            seen += 1;
            let faults = unpaired_braces(&std::fs::read_to_string(&path).unwrap());
            assert!(faults.is_empty(), "{}: {faults:?}", path.display());
        }
    }
    assert!(seen > 0, "no stylesheet under {}", dir.display());
}

/// The file names of the fixed pages a template could write out instead of asking
/// `site.routes` (from `src/model/routes.rs`).
fn fixed_page_links(template: &str) -> Vec<String> {
    let routes = std::fs::read_to_string(repo().join("src/model/routes.rs")).unwrap();
    let pages: Vec<&str> = routes
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub const "))
        .filter_map(|l| l.split_once(": &str = \"")?.1.strip_suffix("\";"))
        .filter(|p| p.ends_with(".html"))
        .collect();
    assert!(pages.contains(&"deadlines.html"), "{pages:?}");
    pages
        .iter()
        .filter(|p| template.contains(&format!("{{{{ root }}}}{p}")))
        .map(|p| p.to_string())
        .collect()
}

#[test]
fn templates_link_to_fixed_pages_through_the_routes() {
    assert_eq!(
        fixed_page_links("<a href=\"{{ root }}deadlines.html\">x</a>"),
        ["deadlines.html"]
    );
    let dir = repo().join("themes/default/templates");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for p in fixed_page_links(&text) {
            found.push(format!("{}: {p}", entry.file_name().to_string_lossy()));
        }
    }
    assert!(
        found.is_empty(),
        "write {{{{ root }}}}{{{{ site.routes.NAME }}}} instead: {found:?}"
    );
}
