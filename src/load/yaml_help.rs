//! YAML mistakes explained: a parser error, or a type error that a YAML slip caused, read
//! against the source text to name the slip, point at it and show the fix in words a
//! scheme author (not a developer) knows. The parser's message alone is often about a
//! symptom a line or two away; the text says what was meant.

use super::problem::{Problem, ProblemKind};
use super::yaml_lines::{self as yl, Kind, Line};

/// A mistake recognised in the text: where it is, what it is and how to fix it.
struct Found {
    kind: ProblemKind,
    line: u32,
    /// 0-based character column.
    col: usize,
    message: String,
    help: String,
}

impl Found {
    fn syntax(line: &Line, col: usize, message: String, help: String) -> Found {
        Found {
            kind: ProblemKind::YamlSyntax,
            line: line.no,
            col,
            message,
            help,
        }
    }
}

/// `p`, a problem met parsing `text`, explained when the text shows which YAML mistake
/// caused it; `p` unchanged otherwise.
pub fn explain(text: &str, p: Problem) -> Problem {
    if !matches!(
        p.kind,
        ProblemKind::YamlSyntax
            | ProblemKind::InvalidValue
            | ProblemKind::UnknownField
            | ProblemKind::MissingField
    ) {
        return p;
    }
    explain_in(text, &yl::read(upto(text, p.line)), p)
}

/// Every problem of `ps`, met parsing `text`, explained as [`explain`] does; the text is
/// read once for all of them, not once per problem (a file may hold hundreds).
pub fn explain_all(text: &str, ps: Vec<Problem>) -> Vec<Problem> {
    if ps.len() < 2 {
        return ps.into_iter().map(|p| explain(text, p)).collect();
    }
    let all = yl::read(text);
    ps.into_iter()
        .map(|p| {
            let keep = match p.line {
                0 => all.len(),
                n => all.len().min(n as usize + LINES_AFTER + 1),
            };
            explain_in(text, &all[..keep], p)
        })
        .collect()
}

/// `p` explained from `lines`, the classified lines of `text` up to a little past it.
fn explain_in(text: &str, lines: &[Line], p: Problem) -> Problem {
    if !matches!(
        p.kind,
        ProblemKind::YamlSyntax
            | ProblemKind::InvalidValue
            | ProblemKind::UnknownField
            | ProblemKind::MissingField
    ) {
        return p;
    }
    let found = empty_front_matter(text, lines, &p)
        .or_else(|| tab(lines, &p))
        .or_else(|| second_document(lines, &p))
        .or_else(|| hash_in_flow(lines, &p))
        .or_else(|| unclosed_quote(lines, &p))
        .or_else(|| special_start(lines, &p))
        .or_else(|| colon_in_value(lines, &p))
        .or_else(|| more_of_value(lines, &p))
        .or_else(|| too_little(lines, &p))
        .or_else(|| field_out_of_line(lines, &p))
        .or_else(|| comma_in_braces(lines, &p))
        .or_else(|| text_read_as_field(lines, &p));
    match found {
        Some(f) => Problem {
            kind: f.kind,
            line: f.line,
            column: u32::try_from(f.col + 1).unwrap_or(u32::MAX),
            message: f.message,
            help: Some(f.help),
            ..p
        },
        None => belongs_above(lines, p),
    }
}

/// How far past the problem's line the text is read: the mistakes explained here show
/// within a few lines, or within the mapping that holds the problem.
const LINES_AFTER: usize = 500;

/// `text` up to `LINES_AFTER` lines past `line` (all of it when the line is unknown), so
/// that a problem near the top of a huge file costs little to explain.
fn upto(text: &str, line: u32) -> &str {
    if line == 0 {
        return text;
    }
    let keep = line as usize + LINES_AFTER;
    match text.match_indices('\n').nth(keep) {
        Some((i, _)) => &text[..=i],
        None => text,
    }
}

/// `v` as a YAML quoted string: in double quotes, or in single quotes when it holds a
/// double quote or a backslash (the one escape of single quotes is a doubled `'`).
pub fn quoted(v: &str) -> String {
    if v.contains(['"', '\\']) {
        format!("'{}'", v.replace('\'', "''"))
    } else {
        format!("\"{v}\"")
    }
}

/// The line a problem is on, with its index.
fn at<'l, 'a>(lines: &'l [Line<'a>], p: &Problem) -> Option<(usize, &'l Line<'a>)> {
    let i = (p.line as usize).checked_sub(1)?;
    lines.get(i).map(|l| (i, l))
}

/// The problem's 0-based column.
fn col0(p: &Problem) -> usize {
    (p.column as usize).saturating_sub(1)
}

/// `a`, `b` and `c`: up to four names, each in backticks.
fn names(keys: &[&str]) -> String {
    let shown: Vec<String> = keys.iter().take(4).map(|k| format!("`{k}`")).collect();
    match shown.len() {
        0 => String::new(),
        1 => shown[0].clone(),
        _ if keys.len() > 4 => format!("{} and the others", shown.join(", ")),
        n => format!("{} and {}", shown[..n - 1].join(", "), shown[n - 1]),
    }
}

/// The nearest line above `i` that holds a key or an item.
fn structural_above<'l, 'a>(lines: &'l [Line<'a>], i: usize) -> Option<(usize, &'l Line<'a>)> {
    lines[..i]
        .iter()
        .enumerate()
        .rev()
        .find(|(_, l)| l.structural())
}

/// Page front matter with nothing in it: its text is the padding line alone, and the
/// parser stops at the closing `---`.
fn empty_front_matter(text: &str, lines: &[Line], p: &Problem) -> Option<Found> {
    if !text.trim().is_empty() || text.is_empty() {
        return None;
    }
    let no = u32::try_from(lines.len() + 1).unwrap_or(u32::MAX);
    Some(Found {
        kind: ProblemKind::YamlSyntax,
        line: no.max(p.line),
        col: 0,
        message: "the front matter is empty: the page's fields must come before this `---`".into(),
        help: "write the fields (title, weight, ...) between the first two `---` lines; if the file starts with `---` twice, delete one of them".into(),
    })
}

/// A tab in the indentation of a line at or just after the problem (the parser often
/// reports the line before).
fn tab(lines: &[Line], p: &Problem) -> Option<Found> {
    let last = if p.line == 0 {
        lines.len()
    } else {
        p.line as usize + 1
    };
    let (i, l) = lines.iter().enumerate().take(last).find(|(_, l)| {
        l.kind != Kind::Text && {
            let lead = &l.text[..l.text.len() - l.text.trim_start().len()];
            lead.contains('\t')
        }
    })?;
    let col = l.text.find('\t').unwrap_or(0);
    let above = structural_above(lines, i)
        .map(|(_, a)| {
            format!(
                " (the line above starts at column {})",
                a.key_col().unwrap_or(a.indent) + 1
            )
        })
        .unwrap_or_default();
    Some(Found::syntax(
        l,
        yl::char_col(l.text, col),
        "this line is indented with a tab".into(),
        format!(
            "YAML indents with spaces only: replace the tab with spaces, lining the line up with the fields it belongs beside{above}"
        ),
    ))
}

/// A `---` (or `...`) after the start of the file: YAML reads a second document there, and
/// irbook reads one.
fn second_document(lines: &[Line], p: &Problem) -> Option<Found> {
    let first = lines
        .iter()
        .position(|l| !matches!(l.kind, Kind::Blank | Kind::Comment))?;
    let (_, m) = lines
        .iter()
        .enumerate()
        .skip(first + 1)
        .find(|(_, l)| l.kind == Kind::Marker)?;
    let at_marker = at(lines, p).is_some_and(|(_, l)| l.kind == Kind::Marker);
    let explains = p.kind == ProblemKind::MissingField
        || p.message.contains("document")
        || at_marker
        || p.line >= m.no;
    if !explains {
        return None;
    }
    let what = if m.text.starts_with("...") {
        "this `...` line ends the YAML document"
    } else {
        "this `---` line starts a second YAML document"
    };
    let missing = field_name(&p.message)
        .filter(|_| p.kind == ProblemKind::MissingField)
        .map(|f| format!(" (so `{f}` is missing)"))
        .unwrap_or_default();
    Some(Found::syntax(
        m,
        0,
        format!("{what}; irbook reads one document per file{missing}"),
        "delete this line: a scheme file is a single YAML document".into(),
    ))
}

/// The name in backticks in a parser message: "missing field `x`" -> `x`.
fn field_name(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(&message[start..start + len])
}

/// A ` #` inside a `[...]` or `{...}` on the problem's line or just above: YAML reads a
/// comment there, which cuts the list short.
fn hash_in_flow(lines: &[Line], p: &Problem) -> Option<Found> {
    let (i, _) = at(lines, p)?;
    for l in lines[i.saturating_sub(3)..=i].iter() {
        if l.kind == Kind::Text {
            continue;
        }
        let mut depth = 0usize;
        let mut quote = None;
        let mut prev = ' ';
        for (b, c) in l.text.char_indices() {
            match (quote, c) {
                (None, '"' | '\'') if matches!(prev, ' ' | '[' | '{' | ',') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '[' | '{') => depth += 1,
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                (None, '#') if depth > 0 && matches!(prev, ' ' | '\t') => {
                    let end = l.text[b..]
                        .find([',', ']', '}'])
                        .map_or(l.text.len(), |e| b + e);
                    let item = l.text[b..end].trim();
                    return Some(Found::syntax(
                        l,
                        yl::char_col(l.text, b),
                        "` #` starts a comment in YAML, which cuts this list short: the rest of the line is not read".into(),
                        format!("put the item in quotes: `{}`", quoted(item)),
                    ));
                }
                _ => {}
            }
            prev = c;
        }
    }
    None
}

/// A quoted value with text after its closing quote, or one whose quote is never closed
/// on its line (the parser then complains lines later).
fn unclosed_quote(lines: &[Line], p: &Problem) -> Option<Found> {
    if !p.message.contains("after double-quoted") && !p.message.contains("after single-quoted") {
        return None;
    }
    let q = if p.message.contains("double") {
        '"'
    } else {
        '\''
    };
    let (i, l) = at(lines, p)?;
    // Where the value opened: on this line, or on the nearest line above with an odd count.
    let opened = lines[i.saturating_sub(30)..i]
        .iter()
        .rev()
        .find(|o| o.structural() && o.value.starts_with(q) && o.text.matches(q).count() % 2 == 1);
    if let Some(o) = opened {
        let col = o.text.rfind(q).map_or(0, |b| yl::char_col(o.text, b));
        let owner = o
            .key
            .map_or("this item".to_owned(), |(_, k)| format!("`{k}`"));
        return Some(Found::syntax(
            o,
            col,
            format!(
                "the quoted value of {owner} is not closed on its line, so YAML reads on to the next `{q}`, at line {}",
                l.no
            ),
            format!("end the value with `{q}` on this line"),
        ));
    }
    let value = yl::without_comment(l.value);
    let prefix = match l.key {
        Some((_, k)) => format!("{k}: "),
        None => "- ".into(),
    };
    Some(Found::syntax(
        l,
        col0(p),
        format!("text follows the closing `{q}` of this value"),
        format!(
            "quote the whole value, quotes included: `{prefix}{}`",
            quoted(value)
        ),
    ))
}

/// A value starting with a character YAML reserves: `*` (alias), `&` (anchor), `!` (tag),
/// `@`, a backtick, `%`, or `#` (a comment, so the value is empty).
fn special_start(lines: &[Line], p: &Problem) -> Option<Found> {
    let (_, l) = at(lines, p)?;
    if !l.structural() || !matches!(p.kind, ProblemKind::YamlSyntax | ProblemKind::InvalidValue) {
        return None;
    }
    let value = l.value;
    let first = value.chars().next()?;
    let why = match first {
        '*' => "YAML reads `*` at the start of a value as a reference to an anchor",
        '&' => "YAML reads `&` at the start of a value as the name of an anchor",
        '!' => "YAML reads `!` at the start of a value as a type tag",
        '@' | '`' => "YAML does not allow this character at the start of a plain value",
        '%' => "YAML reads `%` at the start of a line as a directive",
        '#' => "YAML reads `#` after a space as the start of a comment, so the value is empty",
        _ => return None,
    };
    let vcol = yl::char_col(l.text, offset(l.text, value));
    if col0(p) + 2 < vcol {
        return None;
    }
    let prefix = match l.key {
        Some((_, k)) => format!("{k}: "),
        None => "- ".into(),
    };
    let shown = if first == '`' {
        "a backtick".to_owned()
    } else {
        format!("`{first}`")
    };
    Some(Found::syntax(
        l,
        vcol,
        format!("the value starts with {shown}: {why}"),
        format!(
            "put the value in quotes: `{prefix}{}`",
            quoted(value.trim_end())
        ),
    ))
}

/// The `: ` YAML stumbled on: inside a value (quote it), or after a key indented further
/// than the one above, which YAML reads as more of the value above (un-indent it).
fn colon_in_value(lines: &[Line], p: &Problem) -> Option<Found> {
    if !p.message.contains("mapping values are not allowed") {
        return None;
    }
    let (i, l) = at(lines, p)?;
    let (kc, key) = l.key?;
    let colon = kc + key.chars().count();
    if col0(p) > colon {
        // `key: text: more`: the value holds the `: `.
        let value = yl::without_comment(l.value);
        return Some(Found::syntax(
            l,
            col0(p),
            format!(
                "the value of `{key}` contains `: `, which YAML reads as the start of another field"
            ),
            format!("put the value in quotes: `{key}: {}`", quoted(value)),
        ));
    }
    // The line above holds a value that this line continues, as far as YAML can tell.
    let (a, above) = lines[..i]
        .iter()
        .enumerate()
        .rev()
        .find(|(_, a)| matches!(a.kind, Kind::Key | Kind::Item))?;
    let (akc, akey) = above.key?;
    let plain = !above.nests() && !above.opens_block();
    if !plain || l.indent <= akc {
        return None;
    }
    if is_field_name(key) {
        let siblings = sibling_names(lines, a);
        return Some(Found::syntax(
            l,
            kc,
            format!(
                "`{key}` is indented further than `{akey}` above, so YAML reads it as more of `{akey}`'s value"
            ),
            format!(
                "un-indent `{key}` to column {}, where {} start{}",
                akc + 1,
                names(&siblings),
                if siblings.len() == 1 { "s" } else { "" }
            ),
        ));
    }
    Some(Found::syntax(
        l,
        col0(p),
        format!(
            "this line continues the value of `{akey}` (line {}), and its `: ` makes YAML read a field",
            above.no
        ),
        format!(
            "put the whole value of `{akey}` in quotes, or write it on one line in quotes: `{akey}: \"...\"`"
        ),
    ))
}

/// The byte offset of `sub`, a slice of `text`, in `text`.
fn offset(text: &str, sub: &str) -> usize {
    (sub.as_ptr() as usize)
        .saturating_sub(text.as_ptr() as usize)
        .min(text.len())
}

/// A value error on a line whose value YAML continued with the next line: a field
/// indented further than the key above, which YAML reads as more of its value.
fn more_of_value(lines: &[Line], p: &Problem) -> Option<Found> {
    if !matches!(p.kind, ProblemKind::InvalidValue | ProblemKind::YamlSyntax) {
        return None;
    }
    let (i, l) = at(lines, p)?;
    let (kc, key) = l.key?;
    if l.nests() || l.opens_block() {
        return None;
    }
    let next = lines[i + 1..]
        .iter()
        .find(|n| !matches!(n.kind, Kind::Blank | Kind::Comment))?;
    let (nc, nkey) = next.key.filter(|(_, k)| is_field_name(k))?;
    if next.dash.is_some() || nc <= kc {
        return None;
    }
    let siblings = sibling_names(lines, i);
    Some(Found::syntax(
        next,
        nc,
        format!(
            "`{nkey}` is indented further than `{key}` above, so YAML reads it as more of `{key}`'s value"
        ),
        format!(
            "un-indent `{nkey}` to column {}, where {} start{}",
            kc + 1,
            names(&siblings),
            if siblings.len() == 1 { "s" } else { "" }
        ),
    ))
}

/// A field name as scheme files spell them: lowercase words joined by `_` or `-`.
fn is_field_name(key: &str) -> bool {
    key.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// The keys of the mapping holding the key on line `i`.
fn sibling_names<'a>(lines: &[Line<'a>], i: usize) -> Vec<&'a str> {
    yl::siblings(lines, i)
        .into_iter()
        .filter_map(|j| lines[j].key.map(|(_, k)| k))
        .collect()
}

/// A key indented less than the fields it follows, at no column of the mappings above.
fn too_little(lines: &[Line], p: &Problem) -> Option<Found> {
    if p.kind != ProblemKind::YamlSyntax || !p.message.contains("did not find expected") {
        return None;
    }
    let (i, l) = at(lines, p)?;
    let (kc, key) = l.key?;
    let start = l.dash.unwrap_or(kc);
    let levels = levels_above(lines, i);
    if levels.iter().any(|(c, _)| *c == start) {
        return None;
    }
    let deeper = levels
        .iter()
        .filter(|(c, _)| *c > start)
        .min_by_key(|(c, _)| *c);
    let shallower = levels
        .iter()
        .filter(|(c, _)| *c < start)
        .max_by_key(|(c, _)| *c);
    let option = |(c, j): &(usize, usize)| {
        format!(
            "to column {} to line it up with {}",
            c + 1,
            names(&sibling_names(lines, *j))
        )
    };
    let options: Vec<String> = deeper
        .iter()
        .chain(shallower.iter())
        .map(|x| option(x))
        .collect();
    if options.is_empty() {
        return None;
    }
    Some(Found::syntax(
        l,
        start,
        format!(
            "`{key}` starts at column {}, in line with no field above it",
            start + 1
        ),
        format!(
            "move it {}; the fields of one mapping start in the same column",
            options.join(", or ")
        ),
    ))
}

/// The mappings open above line `i`, innermost first: each one's key column and a line
/// holding one of its keys.
fn levels_above(lines: &[Line], i: usize) -> Vec<(usize, usize)> {
    let mut levels = Vec::new();
    let mut min = usize::MAX;
    for (j, l) in lines[..i].iter().enumerate().rev() {
        if l.kind == Kind::Marker {
            break;
        }
        if !l.structural() {
            continue;
        }
        if let Some(kc) = l.key_col()
            && kc < min
        {
            levels.push((kc, j));
            min = kc;
        }
        if let Some(d) = l.dash {
            min = min.min(d);
        }
        if min == 0 {
            break;
        }
    }
    levels
}

/// A missing field that is there, but left of the column of the fields beside it.
fn field_out_of_line(lines: &[Line], p: &Problem) -> Option<Found> {
    if p.kind != ProblemKind::MissingField {
        return None;
    }
    let field = field_name(&p.message)?;
    let (i, l) = at(lines, p)?;
    let (kc, first) = l.key?;
    let found = lines.iter().skip(i + 1).find(|o| {
        if !o.structural() {
            return false;
        }
        o.key.is_some_and(|(c, k)| k == field && c != kc) || o.start() < kc
    })?;
    // Further right, it would be a field of a nested mapping, or a syntax error.
    let (fc, _) = found.key.filter(|(c, k)| *k == field && *c < kc)?;
    Some(Found::syntax(
        found,
        fc,
        format!(
            "`{field}` starts at column {}, left of the fields it belongs with (column {}), so YAML does not count it among them",
            fc + 1,
            kc + 1
        ),
        format!("move `{field}` to column {}, under `{first}`", kc + 1),
    ))
}

/// A comma inside `{...}` that ended a value early: YAML read the rest as another field.
fn comma_in_braces(lines: &[Line], p: &Problem) -> Option<Found> {
    if p.kind != ProblemKind::UnknownField {
        return None;
    }
    let (_, l) = at(lines, p)?;
    let b = yl::byte_at(l.text, col0(p));
    let before = &l.text[..b];
    let comma = before.trim_end().strip_suffix(',').map(str::len)?;
    let open = before.rfind('{')?;
    if before[open..].contains('}') {
        return None;
    }
    // The field the comma cut short, and its value up to the comma.
    let inside = &l.text[open + 1..comma];
    let (key, value) = inside
        .rsplit(", ")
        .find_map(|part| part.split_once(": "))
        .or_else(|| inside.split_once(": "))?;
    let key = key.rsplit(',').next().unwrap_or(key).trim();
    // The rest of the value: up to the `}`, or to the next `key: `.
    let close = l.text[b..].find('}').map_or(l.text.len(), |e| b + e);
    let parts: Vec<&str> = l.text[b..close]
        .split(", ")
        .take_while(|part| yl::find_colon(part).is_none())
        .collect();
    let orphan = parts.join(", ");
    let orphan = orphan.trim();
    // `{a: x, b: y}` with `b` unknown is a real unknown field (`orphan` is empty then); so
    // is one after a list or a quoted value, which a comma cannot have cut short.
    let plain = !value.trim_start().starts_with(['[', '{', '"', '\'']);
    if orphan.is_empty() || !plain {
        return None;
    }
    let whole = format!("{}, {orphan}", value.trim());
    Some(Found::syntax(
        l,
        yl::char_col(l.text, comma),
        format!(
            "the comma ends the value of `{key}` inside `{{...}}`, so YAML reads `{orphan}` as another field"
        ),
        format!("put the value in quotes: `{key}: {}`", quoted(&whole)),
    ))
}

/// Text where YAML, seeing `: ` (or a leading `[` or `{`), read a mapping or a list.
fn text_read_as_field(lines: &[Line], p: &Problem) -> Option<Found> {
    if p.kind != ProblemKind::InvalidValue
        || !(p.message.contains("expected string") || p.message.contains("expected a string"))
    {
        return None;
    }
    let (_, l) = at(lines, p)?;
    let b = yl::byte_at(l.text, col0(p));
    let rest = &l.text[b..];
    let in_flow = l.text[..b].contains('[');
    let end = if in_flow {
        rest.find([',', ']']).unwrap_or(rest.len())
    } else {
        rest.len()
    };
    let item = yl::without_comment(&rest[..end]);
    let prefix = if !in_flow && l.dash.is_some() && l.key_col() == Some(col0(p)) {
        "- "
    } else {
        ""
    };
    let message = match item.chars().next()? {
        '[' => format!("YAML reads `{item}` as a list, where text is expected"),
        '{' => format!("YAML reads `{item}` as a mapping, where text is expected"),
        _ if yl::find_colon(item).is_some() => format!(
            "YAML reads `{item}` as a field and its value because of the `: `, where text is expected"
        ),
        _ => return None,
    };
    Some(Found {
        kind: ProblemKind::YamlSyntax,
        line: l.no,
        col: col0(p),
        message,
        help: format!("put it in quotes: `{prefix}{}`", quoted(item)),
    })
}

/// An unknown field right below a deeper mapping: perhaps it belongs there, indented too
/// little. Says so in the help, keeping the problem.
fn belongs_above(lines: &[Line], mut p: Problem) -> Problem {
    if p.kind != ProblemKind::UnknownField {
        return p;
    }
    let Some((i, l)) = at(lines, &p) else {
        return p;
    };
    let Some((kc, key)) = l.key.filter(|(c, _)| *c == col0(&p)) else {
        return p;
    };
    let Some((a, above)) = structural_above(lines, i) else {
        return p;
    };
    let Some(ac) = above.key_col().filter(|c| *c > kc) else {
        return p;
    };
    let hint = format!(
        "if `{key}` belongs with {} above, indent it to column {}",
        names(&sibling_names(lines, a)),
        ac + 1
    );
    p.help = Some(match p.help {
        Some(h) => format!("{hint}; {h}"),
        None => hint,
    });
    p
}

#[cfg(test)]
mod tests;
