//! One page of an edition made to be read on its own, away from the site
//! (`irbook exercise report`): its relative links, dead anywhere but in the site, point at
//! the published site, or become plain text naming the page.
//!
//! It works on irbook's own HTML: attribute values double-quoted and escaped, no `<` in
//! text, and `<style>` and `<script>` contents skipped.

use crate::edition::markdown::escape_attr;

/// Where a standalone page's links to the rest of its edition lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links<'a> {
    /// The edition is published at this address, ending in `/`: links become absolute.
    Published(&'a str),
    /// No address is known: a link becomes its text, with the page named in its title.
    Text,
}

/// `html`, the page at `page` (its path in the edition, e.g. `exercises/x/reports/y.html`),
/// with every relative `href` and `src` made absolute under the published address, or,
/// without one, every relative link turned into its text and every relative image into
/// its `alt` text. Same-page links (`#main`) and links with a scheme stay as they are.
pub fn detach(html: &str, page: &str, links: Links) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    // Open <a> elements whose closing tag becomes `</span>`.
    let mut unlinked: Vec<bool> = Vec::new();
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = tag_end(rest) else {
            break;
        };
        let tag = &rest[..end];
        rest = &rest[end..];
        let name = tag_name(tag);
        match name.as_str() {
            "style" | "script" => {
                out.push_str(tag);
                let close = format!("</{name}");
                let body = rest.find(&close).unwrap_or(rest.len());
                out.push_str(&rest[..body]);
                rest = &rest[body..];
            }
            "/a" => {
                let was = unlinked.pop().unwrap_or(false);
                out.push_str(if was { "</span>" } else { tag });
            }
            "a" => {
                let (t, unlink) = anchor(tag, page, links);
                unlinked.push(unlink);
                out.push_str(&t);
            }
            "img" if links == Links::Text && relative_attr(tag, "src").is_some() => {
                out.push_str(&attr(tag, "alt").unwrap_or_default());
            }
            _ => out.push_str(&absolute(tag, page, links)),
        }
    }
    out.push_str(rest);
    out
}

/// The length of the tag at the start of `s` (up to and with its `>`), quotes respected.
fn tag_end(s: &str) -> Option<usize> {
    let mut quoted = false;
    for (i, c) in s.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '>' if !quoted => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// `a`, `/a`, `img`... in lowercase; empty for comments and doctypes.
fn tag_name(tag: &str) -> String {
    tag[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
        .collect::<String>()
        .to_ascii_lowercase()
}

/// An `<a>` start tag as the standalone page has it, and whether it became a `<span>`.
fn anchor(tag: &str, page: &str, links: Links) -> (String, bool) {
    match (links, relative_attr(tag, "href")) {
        (Links::Text, Some(href)) => {
            let target = resolve(page, &href);
            let class = attr(tag, "class").map_or(String::new(), |c| format!(" {c}"));
            let span =
                format!("<span class=\"site-ref{class}\" title=\"Page of the site: {target}\">");
            (span, true)
        }
        _ => (absolute(tag, page, links), false),
    }
}

/// `tag` with its relative `href` and `src` made absolute under the published address.
fn absolute(tag: &str, page: &str, links: Links) -> String {
    let Links::Published(base) = links else {
        return tag.to_owned();
    };
    let mut tag = tag.to_owned();
    for name in ["href", "src"] {
        if let Some(value) = relative_attr(&tag, name) {
            let url = format!("{}{}", escape_attr(base), resolve(page, &value));
            tag = tag.replacen(
                &format!(" {name}=\"{value}\""),
                &format!(" {name}=\"{url}\""),
                1,
            );
        }
    }
    tag
}

/// The value of attribute `name` of `tag`, as written (still escaped).
fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(tag[start..start + len].to_owned())
}

/// The value of attribute `name` when it is a link relative to the page: not empty, not
/// to the same page (`#...`), without a scheme (`https:`, `mailto:`) and not `//host`.
fn relative_attr(tag: &str, name: &str) -> Option<String> {
    let v = attr(tag, name)?;
    let scheme = v
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|first| first.contains(':'));
    let relative = !v.is_empty() && !v.starts_with('#') && !v.starts_with("//") && !scheme;
    relative.then_some(v)
}

/// The path in the edition that `href`, written in the page at `page`, leads to; its query
/// and fragment kept.
pub fn resolve(page: &str, href: &str) -> String {
    let split = href.find(['?', '#']).unwrap_or(href.len());
    let (path, suffix) = href.split_at(split);
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    if path.is_empty() {
        return format!("{page}{suffix}");
    }
    for seg in path.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    format!("{}{suffix}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "exercises/drill/reports/run.html";

    #[test]
    fn resolves_against_the_page() {
        assert_eq!(
            resolve(PAGE, "../../../contacts.html#role-a"),
            "contacts.html#role-a"
        );
        assert_eq!(resolve(PAGE, "../guide.html"), "exercises/drill/guide.html");
        assert_eq!(
            resolve(PAGE, "./x.html?q=1"),
            "exercises/drill/reports/x.html?q=1"
        );
        assert_eq!(
            resolve("index.html", "playbooks/a.html"),
            "playbooks/a.html"
        );
        assert_eq!(resolve(PAGE, "?q"), format!("{PAGE}?q"));
    }

    #[test]
    fn links_become_absolute_under_the_published_address() {
        let html = "<p><a href=\"../../../severity.html#level-sev1\">Critical</a> \
            <a href=\"#main\">top</a> <a href=\"mailto:x@y.example\">x</a> \
            <a href=\"https://other.example/\">o</a> <img src=\"../pic.png\" alt=\"A\"></p>";
        let out = detach(html, PAGE, Links::Published("https://i.example/s/isirt/"));
        assert_eq!(
            out,
            "<p><a href=\"https://i.example/s/isirt/severity.html#level-sev1\">Critical</a> \
            <a href=\"#main\">top</a> <a href=\"mailto:x@y.example\">x</a> \
            <a href=\"https://other.example/\">o</a> \
            <img src=\"https://i.example/s/isirt/exercises/drill/pic.png\" alt=\"A\"></p>"
        );
    }

    #[test]
    fn without_an_address_links_become_text_naming_the_page() {
        let html = "<a class=\"brand\" href=\"../../../index.html\">Home <code>x</code></a> \
            <a href=\"#main\">top</a> <img src=\"p.png\" alt=\"A chart\">";
        assert_eq!(
            detach(html, PAGE, Links::Text),
            "<span class=\"site-ref brand\" title=\"Page of the site: index.html\">Home \
            <code>x</code></span> <a href=\"#main\">top</a> A chart"
        );
    }

    #[test]
    fn style_and_script_contents_are_left_alone() {
        let html = "<style>a[href=\"x.html\"] > b { color: red }</style><a href=\"x.html\">x</a>";
        assert_eq!(
            detach(html, "p.html", Links::Text),
            "<style>a[href=\"x.html\"] > b { color: red }</style>\
            <span class=\"site-ref\" title=\"Page of the site: x.html\">x</span>"
        );
    }
}
