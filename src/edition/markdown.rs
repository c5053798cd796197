//! Markdown to HTML: pulldown-cmark, raw HTML escaped, links checked and resolved, stable anchors.

use crate::model::slug::Slugger;
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

/// How a link in Markdown resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkOutcome {
    /// Render as a link to this href.
    Href(String),
    /// The target exists but the reader may not see it: render the text only.
    Hidden,
    /// Nothing by that path.
    Broken,
    /// The page exists but has no such `#fragment`.
    BrokenAnchor,
}

/// Resolves relative links of one piece of Markdown to page hrefs.
pub trait Linker {
    /// Resolves a relative path and its fragment (without `#`, may be empty) to an href.
    fn resolve(&self, path: &str, fragment: &str) -> LinkOutcome;
}

/// A problem with a link, found while rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkProblem {
    /// 0-based line within the Markdown text.
    pub line: u32,
    /// 1-based column within that line.
    pub col: u32,
    /// The link target as written.
    pub target: String,
    /// What went wrong.
    pub kind: LinkOutcome,
    /// The link uses a scheme that is not allowed (e.g. `javascript:`).
    pub unsafe_scheme: bool,
}

/// A heading of a rendered page, for tables of contents.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    /// Level 1-6.
    pub level: u8,
    /// Anchor id.
    pub id: String,
    /// Plain text.
    pub text: String,
}

/// Rendered Markdown.
#[derive(Debug, Default, Clone)]
pub struct Html {
    /// The HTML.
    pub html: String,
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Link problems to report.
    pub problems: Vec<LinkProblem>,
}

/// Markdown switches for one render.
pub struct MdOptions<'a> {
    /// Pass raw HTML through instead of escaping it.
    pub allow_raw_html: bool,
    /// Resolves relative links.
    pub linker: &'a dyn Linker,
    /// Anchor allocator of the page the text goes on.
    pub slugger: Option<&'a mut Slugger>,
    /// Shift headings down so a `#` in a field renders below the page title (0 for pages).
    pub heading_shift: u8,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
}

fn allowed_scheme(url: &str) -> Option<bool> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    // A colon after a slash, `?` or `#` belongs to a path or query, not a scheme.
    if scheme.contains(['/', '?', '#']) {
        return None;
    }
    let s = scheme.to_ascii_lowercase();
    Some(matches!(s.as_str(), "http" | "https" | "mailto" | "tel"))
}

/// Maps byte offsets to 0-based lines and 1-based columns, scanning forward only, so a
/// text with many links costs one pass in all, even when it is one very long line.
struct LineIndex<'t> {
    text: &'t str,
    offset: usize,
    line: u32,
    /// Characters between the start of the line and `offset`.
    col: u32,
}

impl<'t> LineIndex<'t> {
    fn new(text: &'t str) -> Self {
        LineIndex {
            text,
            offset: 0,
            line: 0,
            col: 0,
        }
    }

    fn at(&mut self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            *self = LineIndex::new(self.text);
        }
        for b in &self.text.as_bytes()[self.offset..offset] {
            if *b == b'\n' {
                self.line += 1;
                self.col = 0;
            } else if b & 0xC0 != 0x80 {
                self.col += 1;
            }
        }
        self.offset = offset;
        (self.line, self.col + 1)
    }
}

/// Renders Markdown `text` to HTML.
pub fn render(text: &str, opts: MdOptions<'_>) -> Html {
    let mut own_slugger = Slugger::default();
    let mut r = Renderer {
        allow_raw_html: opts.allow_raw_html,
        linker: opts.linker,
        heading_shift: opts.heading_shift,
        slugger: match opts.slugger {
            Some(s) => s,
            None => &mut own_slugger,
        },
        out: Html::default(),
        events: Vec::new(),
        link_stack: Vec::new(),
        heading_start: None,
        lines: LineIndex::new(text),
        block: None,
        in_code_block: false,
    };
    for (ev, range) in Parser::new_ext(text, options()).into_offset_iter() {
        r.event(ev, range.start);
    }
    let mut out = r.out;
    pulldown_cmark::html::push_html(&mut out.html, r.events.into_iter());
    out
}

/// One render in progress: the events to write, and what is open.
struct Renderer<'t, 'a> {
    allow_raw_html: bool,
    linker: &'a dyn Linker,
    heading_shift: u8,
    slugger: &'a mut Slugger,
    out: Html,
    events: Vec<Event<'t>>,
    /// Link ends to drop, in nesting order, for links rendered as text only.
    link_stack: Vec<bool>,
    heading_start: Option<usize>,
    lines: LineIndex<'t>,
    /// The HTML block being read: a comment over several lines comes as several events, and
    /// a block may hold a comment and text, so comments are cut from the whole block.
    block: Option<String>,
    /// Inside a code block, where text is left as written.
    in_code_block: bool,
}

impl<'t> Renderer<'t, '_> {
    /// Takes the parser's event `ev`, found at byte `start` of the text.
    fn event(&mut self, ev: Event<'t>, start: usize) {
        match ev {
            Event::Start(Tag::HtmlBlock) => {
                self.block = Some(String::new());
                self.events.push(Event::Start(Tag::HtmlBlock));
            }
            Event::Html(h) if self.block.is_some() => {
                if let Some(b) = self.block.as_mut() {
                    b.push_str(&h);
                }
            }
            Event::End(TagEnd::HtmlBlock) => self.end_html_block(),
            // Inline HTML is one tag or one whole comment per event.
            Event::Html(h) | Event::InlineHtml(h) => self.inline_html(h),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let _ = id;
                self.start_link(start, link_type, dest_url, title);
            }
            Event::End(TagEnd::Link) => self.end_link(),
            Event::Start(Tag::Image { dest_url, .. }) => self.image(start, &dest_url),
            Event::End(TagEnd::Image) => {
                self.link_stack.pop();
                self.events.push(Event::End(TagEnd::Emphasis));
            }
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => self.start_heading(level, classes, attrs),
            Event::End(TagEnd::Heading(level)) => self.end_heading(level),
            // A table scrolls inside its own box on a narrow screen, never the page.
            Event::Start(Tag::Table(align)) => {
                self.events
                    .push(Event::Html(CowStr::Borrowed("<div class=\"table-wrap\">")));
                self.events.push(Event::Start(Tag::Table(align)));
            }
            Event::End(TagEnd::Table) => {
                self.events.push(Event::End(TagEnd::Table));
                self.events.push(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                self.in_code_block = true;
                self.events.push(Event::Start(Tag::CodeBlock(kind)));
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code_block = false;
                self.events.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Text(t) if !self.in_code_block => self.text(t),
            other => self.events.push(other),
        }
    }

    /// Inline HTML, one tag or one whole comment: comments dropped, the rest kept as HTML
    /// only where raw HTML is allowed and shown as text elsewhere.
    fn inline_html(&mut self, h: CowStr<'t>) {
        if h.starts_with("<!--") {
            return;
        }
        if self.allow_raw_html {
            self.events.push(Event::Html(h));
        } else {
            self.events.push(Event::Text(h));
        }
    }

    /// A link's end, closed only if its start was written as a link.
    fn end_link(&mut self) {
        if self.link_stack.pop().unwrap_or(false) {
            self.events
                .push(Event::InlineHtml(CowStr::Borrowed("</a>")));
        }
    }

    /// A heading's start, shifted down by the renderer's shift; its id is given at its end.
    fn start_heading(
        &mut self,
        level: HeadingLevel,
        classes: Vec<CowStr<'t>>,
        attrs: Vec<(CowStr<'t>, Option<CowStr<'t>>)>,
    ) {
        let shifted = shift(level, self.heading_shift);
        self.heading_start = Some(self.events.len());
        self.events.push(Event::Start(Tag::Heading {
            level: shifted,
            id: None,
            classes,
            attrs,
        }));
    }

    /// Text, with each ISO date (`2026-10-06`) in a `<time>` element, which the theme keeps
    /// on one line: a date broken after its first hyphen reads as two numbers.
    fn text(&mut self, t: CowStr<'t>) {
        let dates = iso_dates(&t);
        if dates.is_empty() {
            self.events.push(Event::Text(t));
            return;
        }
        let mut last = 0;
        for (start, end) in dates {
            if start > last {
                self.events
                    .push(Event::Text(CowStr::from(t[last..start].to_owned())));
            }
            self.events
                .push(Event::InlineHtml(CowStr::Borrowed("<time>")));
            self.events
                .push(Event::Text(CowStr::from(t[start..end].to_owned())));
            self.events
                .push(Event::InlineHtml(CowStr::Borrowed("</time>")));
            last = end;
        }
        if last < t.len() {
            self.events
                .push(Event::Text(CowStr::from(t[last..].to_owned())));
        }
    }

    /// Ends an HTML block: its text without comments, raw or escaped.
    fn end_html_block(&mut self) {
        let html = self.block.take().unwrap_or_default();
        let kept = strip_comments(&html);
        if !kept.trim().is_empty() {
            let kept = CowStr::from(kept.into_owned());
            self.events.push(if self.allow_raw_html {
                Event::Html(kept)
            } else {
                Event::Text(kept)
            });
        }
        self.events.push(Event::End(TagEnd::HtmlBlock));
    }

    /// Starts a link at byte `start`: resolved, or a problem and its text only.
    fn start_link(
        &mut self,
        start: usize,
        link_type: LinkType,
        dest_url: CowStr<'t>,
        title: CowStr<'t>,
    ) {
        let (line, col) = self.lines.at(start);
        match resolve_link(&dest_url, link_type, self.linker) {
            Ok(href) => {
                // The tag is written here rather than by pulldown-cmark, whose href
                // escaping would percent-encode the root marker of internal links.
                self.link_stack.push(true);
                let mut tag = format!("<a href=\"{}\"", escape_attr(&href));
                if !title.is_empty() {
                    tag.push_str(&format!(" title=\"{}\"", escape_attr(&title)));
                }
                tag.push('>');
                self.events.push(Event::InlineHtml(CowStr::from(tag)));
            }
            Err((kind, unsafe_scheme)) => {
                self.link_stack.push(false);
                self.out.problems.push(LinkProblem {
                    line,
                    col,
                    target: dest_url.to_string(),
                    kind,
                    unsafe_scheme,
                });
            }
        }
    }

    /// An image at byte `start`: reported, and its text shown in emphasis. No image may
    /// load from outside the site; local images are not supported yet.
    fn image(&mut self, start: usize, dest_url: &str) {
        let (line, col) = self.lines.at(start);
        self.out.problems.push(LinkProblem {
            line,
            col,
            target: dest_url.to_string(),
            kind: LinkOutcome::Broken,
            unsafe_scheme: allowed_scheme(dest_url).is_some(),
        });
        self.link_stack.push(false);
        self.events.push(Event::Start(Tag::Emphasis));
    }

    /// Ends a heading: its anchor from its plain text, and an entry in the headings.
    fn end_heading(&mut self, level: pulldown_cmark::HeadingLevel) {
        let shifted = shift(level, self.heading_shift);
        if let Some(start) = self.heading_start.take() {
            let plain = plain_text(&self.events[start + 1..]);
            let anchor = self.slugger.slug(&plain);
            if let Event::Start(Tag::Heading { id, .. }) = &mut self.events[start] {
                *id = Some(CowStr::from(anchor.clone()));
            }
            self.out.headings.push(Heading {
                level: shifted as u8,
                id: anchor,
                text: plain,
            });
        }
        self.events.push(Event::End(TagEnd::Heading(shifted)));
    }
}

/// `html` without its HTML comments, and nothing else removed. A comment ends at the
/// first `-->` after its `<!--`, where `<!-->` and `<!--->` are whole (empty) comments as
/// in CommonMark and browsers; one never closed runs to the end, as its HTML block does.
pub fn strip_comments(html: &str) -> std::borrow::Cow<'_, str> {
    if !html.contains("<!--") {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        rest = match rest[start + 2..].find("-->") {
            Some(end) => &rest[start + 2 + end + 3..],
            None => "",
        };
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Byte ranges of the ISO dates (`YYYY-MM-DD`, month 01-12, day 01-31) standing on their
/// own in `text`: not part of a longer word, number or path such as `run-2026-10-06.yaml`.
fn iso_dates(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let joined = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'/' | b'_');
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = text.get(r)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i + 10 <= b.len() {
        let fits = b[i + 4] == b'-'
            && b[i + 7] == b'-'
            && num(i..i + 4).is_some()
            && num(i + 5..i + 7).is_some_and(|m| (1..=12).contains(&m))
            && num(i + 8..i + 10).is_some_and(|d| (1..=31).contains(&d))
            && (i == 0 || !joined(b[i - 1]))
            // A dot after the date ends a sentence, unless a word follows it (a file name).
            && b.get(i + 10).is_none_or(|c| !joined(*c))
            && !(b.get(i + 10) == Some(&b'.') && b.get(i + 11).is_some_and(|c| c.is_ascii_alphanumeric()));
        if fits {
            out.push((i, i + 10));
            i += 10;
        } else {
            i += 1;
        }
    }
    out
}

/// Plain text as HTML: escaped, with each ISO date in a `<time>` element as Markdown text
/// gets, so a date in a note written in a table cell stays on one line.
pub fn text_with_dates(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut last = 0;
    for (start, end) in iso_dates(s) {
        out.push_str(&escape_attr(&s[last..start]));
        out.push_str("<time>");
        out.push_str(&s[start..end]);
        out.push_str("</time>");
        last = end;
    }
    out.push_str(&escape_attr(&s[last..]));
    out
}

/// Escapes text for HTML, safe in text and in double-quoted attributes.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn shift(level: pulldown_cmark::HeadingLevel, by: u8) -> pulldown_cmark::HeadingLevel {
    use pulldown_cmark::HeadingLevel::*;
    let n = (level as u8 + by).min(6);
    match n {
        1 => H1,
        2 => H2,
        3 => H3,
        4 => H4,
        5 => H5,
        _ => H6,
    }
}

fn plain_text(events: &[Event<'_>]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s
}

/// Resolves one link destination, or says why it renders as text.
fn resolve_link(
    dest: &str,
    link_type: LinkType,
    linker: &dyn Linker,
) -> Result<String, (LinkOutcome, bool)> {
    let dest = dest.trim();
    if matches!(link_type, LinkType::Email) {
        return Ok(format!("mailto:{dest}"));
    }
    match allowed_scheme(dest) {
        Some(true) => return Ok(dest.to_owned()),
        Some(false) => return Err((LinkOutcome::Broken, true)),
        None => {}
    }
    if dest.starts_with('#') {
        return Ok(dest.to_owned());
    }
    if dest.is_empty() || dest.starts_with('/') || dest.starts_with('\\') || dest.starts_with("//")
    {
        return Err((LinkOutcome::Broken, false));
    }
    let (path, frag) = match dest.find('#') {
        Some(i) => (&dest[..i], &dest[i + 1..]),
        None => (dest, ""),
    };
    match linker.resolve(path, frag) {
        LinkOutcome::Href(h) if frag.is_empty() => Ok(h),
        LinkOutcome::Href(h) => Ok(format!("{h}#{frag}")),
        other => Err((other, false)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct L;
    impl Linker for L {
        fn resolve(&self, path: &str, _fragment: &str) -> LinkOutcome {
            match path {
                "a.md" => LinkOutcome::Href("a.html".into()),
                "secret.md" => LinkOutcome::Hidden,
                _ => LinkOutcome::Broken,
            }
        }
    }

    fn md(t: &str) -> Html {
        render(
            t,
            MdOptions {
                allow_raw_html: false,
                linker: &L,
                slugger: None,
                heading_shift: 0,
            },
        )
    }

    #[test]
    fn escapes_raw_html_and_drops_comments() {
        let h = md("<script>alert(1)</script>\n\nhi <b>x</b> <!-- note -->\n");
        assert!(!h.html.contains("<script>") && h.html.contains("&lt;script&gt;"));
        assert!(h.html.contains("&lt;b&gt;") && !h.html.contains("note"));
    }

    #[test]
    fn drops_exactly_the_comments() {
        // A comment over several lines vanishes whole, inner lines and `-->` included.
        let h = md("Before.\n\n<!-- review note:\nthe second line\nand the third\n-->\n\nAfter.\n");
        for gone in ["review", "second line", "third", "--&gt;", "-->", "&lt;!--"] {
            assert!(!h.html.contains(gone), "{gone} in {}", h.html);
        }
        assert!(h.html.contains("<p>Before.</p>") && h.html.contains("<p>After.</p>"));
        // Text after a comment on the same line is kept.
        let h = md("<!-- note --> Important text\n");
        assert!(
            h.html.contains("Important text") && !h.html.contains("note"),
            "{}",
            h.html
        );
        // A comment ending mid-line, then text; comments around text; empty comments.
        let h = md("<!-- a\nb --> kept one\n\n<!-- c --> kept two <!-- d -->\n\n<!-->kept three\n");
        for kept in ["kept one", "kept two", "kept three"] {
            assert!(h.html.contains(kept), "{kept} lost: {}", h.html);
        }
        for gone in ["a\n", "b ", " c ", " d "] {
            assert!(!h.html.contains(gone), "{gone:?} in {}", h.html);
        }
        // Inline comments over several lines, in a paragraph and in a list item.
        let h = md("Text <!-- qq\nrr --> more.\n\n- item <!-- ss\n  tt --> end\n");
        for gone in ["qq", "rr", "ss", "tt"] {
            assert!(!h.html.contains(gone), "{gone} in {}", h.html);
        }
        assert!(h.html.contains("Text  more.") && h.html.contains("item  end"));
        // A comment never closed hides the rest of its block, as in a browser.
        let h = md("<!-- open\nstill comment\n");
        assert!(
            !h.html.contains("open") && !h.html.contains("still"),
            "{}",
            h.html
        );
        // With raw HTML allowed, the HTML around a comment stays and the comment goes.
        let h = render(
            "<div>\n<!-- hidden\nnote -->\n<b>shown</b>\n</div>\n",
            MdOptions {
                allow_raw_html: true,
                linker: &L,
                slugger: None,
                heading_shift: 0,
            },
        );
        assert!(!h.html.contains("hidden") && !h.html.contains("note"));
        assert!(h.html.contains("<div>") && h.html.contains("<b>shown</b>"));
    }

    #[test]
    fn strips_comments_from_text() {
        assert_eq!(strip_comments("a <!-- b --> c"), "a  c");
        assert_eq!(strip_comments("<!-->x<!--->y"), "xy");
        assert_eq!(strip_comments("a<!----> b"), "a b");
        assert_eq!(strip_comments("a <!-- open"), "a ");
        assert_eq!(strip_comments("no comment -->"), "no comment -->");
    }

    #[test]
    fn refuses_javascript_links() {
        let h = md("[x](javascript:alert(1)) [y](JaVaScRiPt:x) [z](data:text/html,x)");
        assert!(!h.html.to_lowercase().contains("javascript") && !h.html.contains("data:"));
        assert_eq!(h.problems.len(), 3);
        assert!(h.problems.iter().all(|p| p.unsafe_scheme));
    }

    #[test]
    fn resolves_hides_and_reports_links() {
        let h = md("[a](a.md#top) [s](secret.md) [b](nope.md)\n[m](mailto:x@y) [w](https://e.x)");
        assert!(h.html.contains(r#"href="a.html#top""#));
        assert!(!h.html.contains("secret") && h.html.contains(">s<") || h.html.contains(" s "));
        assert_eq!(h.problems.len(), 2);
        assert_eq!(h.problems[1].kind, LinkOutcome::Broken);
        assert_eq!((h.problems[1].line, h.problems[1].col), (0, 30));
        assert!(h.html.contains("mailto:x@y") && h.html.contains("https://e.x"));
    }

    #[test]
    fn headings_get_unique_ids() {
        let h = md("# Notes\n\n## Notes\n");
        assert!(h.html.contains(r#"<h1 id="notes">"#) && h.html.contains(r#"<h2 id="notes-1">"#));
    }

    #[test]
    fn gfm_alerts_and_tables() {
        let h = md("> [!WARNING]\n> Careful\n\n|a|b|\n|-|-|\n|1|2|\n");
        assert!(h.html.contains("markdown-alert-warning"), "{}", h.html);
        // In a box that scrolls on a narrow screen.
        assert!(
            h.html.contains("<div class=\"table-wrap\"><table>"),
            "{}",
            h.html
        );
        assert!(h.html.contains("</table>\n</div>"), "{}", h.html);
    }

    #[test]
    fn dates_stand_in_time_elements() {
        let h = md("Due 2026-10-06. Runs `2026-01-02` and\n\n    2026-03-04\n");
        assert!(
            h.html.contains("Due <time>2026-10-06</time>."),
            "{}",
            h.html
        );
        // Not in code.
        assert!(h.html.contains("<code>2026-01-02</code>"), "{}", h.html);
        assert!(h.html.contains("<pre><code>2026-03-04"), "{}", h.html);
        let h = md("| Day | Step |\n|-|-|\n| 2026-12-15 | review |\n");
        assert!(
            h.html.contains("<td><time>2026-12-15</time></td>"),
            "{}",
            h.html
        );
        // A heading's anchor comes from its text alone.
        let h = md("## Review of 2026-08-31\n");
        assert!(
            h.html.contains(
                r#"<h2 id="review-of-2026-08-31">Review of <time>2026-08-31</time></h2>"#
            ),
            "{}",
            h.html
        );
    }

    #[test]
    fn plain_text_keeps_its_dates_whole_and_is_escaped() {
        assert_eq!(
            text_with_dates("Checked on 2026-11-19 <by> Ann & Bob"),
            "Checked on <time>2026-11-19</time> &lt;by&gt; Ann &amp; Bob"
        );
    }

    #[test]
    fn finds_dates_that_stand_alone() {
        fn found(t: &str) -> Vec<&str> {
            iso_dates(t).into_iter().map(|(a, b)| &t[a..b]).collect()
        }
        assert_eq!(found("2026-10-06"), ["2026-10-06"]);
        assert_eq!(
            found("from 2026-01-01 to 2026-12-31."),
            ["2026-01-01", "2026-12-31"]
        );
        assert_eq!(found("(2026-02-03)"), ["2026-02-03"]);
        // Part of a file name, a path, a longer number or not a date.
        assert!(found("run-2026-10-06.yaml").is_empty());
        assert!(found("records/2026-10-06.yaml").is_empty());
        assert!(found("2026-10-06.yaml").is_empty());
        assert!(found("12026-10-06").is_empty());
        assert!(found("2026-13-01 2026-00-10 2026-01-32 2026-1-01").is_empty());
        assert!(found("2026-10-061").is_empty());
        assert!(found("é2026-10-06").len() == 1);
    }
}
