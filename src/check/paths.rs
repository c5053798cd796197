//! Rule E0113: two sources must not become the same output file.

use super::diagnostic::{self as diag, Diagnostic};
use crate::model::{Pos, Scheme, routes};
use std::collections::BTreeMap;

/// Two sources must not become the same output file, also on case-insensitive file systems.
pub fn check(s: &Scheme, out: &mut Vec<Diagnostic>) {
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    for fixed in routes::RESERVED {
        taken.insert((*fixed).into(), "a built-in page".into());
    }
    let mut claim = |path: String, file: &str, pos: Pos, out: &mut Vec<Diagnostic>| {
        let key = path.to_lowercase();
        if let Some(prev) = taken.get(&key) {
            out.push(Diagnostic::error(diag::PATH_COLLISION, file, pos,
                format!("this becomes `{path}.html`, which {prev} becomes too"))
                .with_help("rename the file (or change the id) so each page has its own path; names differing only in case collide on Windows and macOS"));
        } else {
            taken.insert(key, format!("`{file}`"));
        }
    };
    for p in &s.pages {
        claim(p.slug.clone(), &p.file, Pos::default(), out);
    }
    for pb in &s.playbooks {
        claim(
            routes::playbook_stem(&pb.data.id.value),
            &pb.file,
            pb.data.id.pos,
            out,
        );
    }
    for p in &s.awareness {
        claim(p.slug.clone(), &p.file, Pos::default(), out);
    }
    // A learning path's own pages fill its folder (`awareness/path-ID/step-1.html`, ...):
    // an awareness page in a subfolder of that name would mix with them.
    for lp in &s.config.data.awareness.paths {
        let dir = routes::path_dir(&lp.id.value);
        for p in &s.awareness {
            if p.slug
                .to_lowercase()
                .starts_with(&format!("{}/", dir.to_lowercase()))
            {
                out.push(
                    Diagnostic::error(
                        diag::PATH_COLLISION,
                        &p.file,
                        Pos::default(),
                        format!(
                            "this becomes `{}.html`, in `{dir}/`, the folder of the learning path `{}` (irbook.yaml line {})",
                            p.slug, lp.id.value, lp.id.pos.line
                        ),
                    )
                    .with_help(
                        "move the page to a subfolder of content/awareness/ whose name does not start with `path-`, or rename the path",
                    ),
                );
            }
        }
    }
    for q in &s.quizzes {
        claim(
            routes::quiz_stem(&q.data.id.value),
            &q.file,
            q.data.id.pos,
            out,
        );
    }
    for t in &s.templates {
        claim(t.slug.clone(), &t.file, Pos::default(), out);
    }
    for f in &s.forms {
        claim(
            routes::form_stem(&f.data.id.value),
            &f.file,
            f.data.id.pos,
            out,
        );
    }
}
