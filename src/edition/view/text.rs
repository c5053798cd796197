//! Texts: audience blocks filtered, Markdown rendered (or reused from the cache), and
//! every problem found on the way reported at its position.

use super::*;
use crate::check::diagnostic::Inside;

/// Where a Markdown text sits, for positions in diagnostics.
#[derive(Clone, Copy)]
pub(super) struct Place<'a> {
    pub(super) file: &'a str,
    pub(super) pos: Pos,
    /// Text is a whole Markdown body (exact positions) rather than a YAML field.
    pub(super) body: bool,
}

impl Builder<'_> {
    pub(super) fn push(&self, d: Diagnostic) {
        if let Ok(mut v) = self.diags.lock() {
            v.push(d);
        }
    }

    pub(super) fn at(place: Place, line: u32, col: u32) -> Pos {
        if place.body {
            Pos {
                line: place.pos.line + line,
                col: if line == 0 {
                    place.pos.col + col - 1
                } else {
                    col
                },
            }
        } else {
            place.pos
        }
    }

    /// Filters audience blocks and renders Markdown, reporting problems.
    pub(super) fn md(
        &self,
        text: &str,
        place: Place,
        slugger: Option<&mut Slugger>,
        shift: u8,
    ) -> Html {
        self.md_with_headings(text, None, place, slugger, shift).0
    }

    /// Filters audience blocks and renders Markdown, with the headings it rendered.
    /// `source` is the text itself when it is a whole Markdown body, which the cache then
    /// keeps without copying it.
    pub(super) fn md_with_headings(
        &self,
        text: &str,
        source: Option<&crate::model::SourceSlice>,
        place: Place,
        slugger: Option<&mut Slugger>,
        shift: u8,
    ) -> (Html, Vec<markdown::Heading>) {
        let Some(filtered) = self.filtered(text, place) else {
            return (Html::new(""), Vec::new());
        };
        let linker = FileLinker {
            b: self,
            file: place.file,
        };
        // Text without markers reads the same in every edition: reuse the HTML another
        // edition rendered, if every link in it resolves the same way here.
        let key = matches!(filtered, Cow::Borrowed(_)).then(|| {
            (
                place.file.to_owned(),
                place.pos.line,
                place.pos.col,
                shift,
                slugger.is_some(),
            )
        });
        let cached = key.as_ref().and_then(|k| self.cache.get(k, text, &linker));
        let (html, headings, problems) = match cached {
            Some(hit) => hit,
            None => {
                let recorder = Recorder {
                    inner: &linker,
                    seen: RefCell::new(Vec::new()),
                };
                let out = markdown::render(
                    &filtered,
                    MdOptions {
                        allow_raw_html: self.s.config.data.markdown.allow_raw_html,
                        linker: &recorder,
                        slugger,
                        heading_shift: shift,
                    },
                );
                let html = Html::new(&out.html);
                if let Some(k) = key {
                    self.cache
                        .put(k, text, source, &html, &out, recorder.seen.into_inner());
                }
                (html, out.headings, out.problems)
            }
        };
        self.report_links(place, text, problems);
        (html, headings)
    }

    /// `text` with the blocks this edition may not see removed, or `None` (and the problem
    /// reported) when its audience markers are wrong.
    fn filtered<'t>(&self, text: &'t str, place: Place) -> Option<Cow<'t, str>> {
        let idx = self.idx;
        let rank = self.ed.rank;
        let can_see = |a: &str| {
            idx.audiences
                .iter()
                .position(|x| x.as_str() == a)
                .map(|r| r <= rank)
        };
        match markers::filter(text, &can_see) {
            Ok(f) => Some(f),
            Err(e) => {
                self.push(
                    crate::check::markers::misplaced(
                        place.file,
                        Self::at(place, e.line, e.col),
                        e.message,
                        e.help,
                    )
                    .inside(Self::inside(place, text, e.line, e.col)),
                );
                None
            }
        }
    }

    /// Where inside a field's value `text` the problem at `line` and `col` lies; a body's
    /// positions are the file's already.
    fn inside(place: Place, text: &str, line: u32, col: u32) -> Option<Inside> {
        (!place.body)
            .then(|| crate::check::relocate::locate(text, line, col))
            .flatten()
    }

    /// Reports the link problems met rendering `text` at `place`.
    fn report_links(&self, place: Place, text: &str, problems: Vec<markdown::LinkProblem>) {
        // The nearest source is sought for as many broken links as can be shown; a text
        // of 50,000 broken links would otherwise spend seconds on suggestions never seen.
        let mut suggest = crate::check::report::MAX_PER_FILE_AND_RULE;
        for p in problems {
            let fault = match p.kind {
                _ if p.unsafe_scheme => LinkFault::Unsafe,
                LinkOutcome::Hidden => LinkFault::Hidden,
                LinkOutcome::BrokenAnchor => LinkFault::BrokenAnchor,
                _ => LinkFault::Broken,
            };
            self.push(
                crate::check::links::in_text(BadLink {
                    file: place.file,
                    pos: Self::at(place, p.line, p.col),
                    target: &p.target,
                    fault,
                    edition: &self.ed.id,
                    sources: (fault == LinkFault::Broken && suggest > 0).then(|| {
                        suggest -= 1;
                        &self.idx.files
                    }),
                })
                .inside(Self::inside(place, text, p.line, p.col)),
            );
        }
    }

    pub(super) fn md_field(&self, text: &At<String>, file: &str) -> Html {
        self.md(
            text,
            Place {
                file,
                pos: text.pos,
                body: false,
            },
            None,
            2,
        )
    }
}
