//! Layout: the measures every diagram shares, and boxes of wrapped lines of text.

use super::text::{Style, wrap};

/// Space around the drawing, so strokes on the edge are not clipped.
pub(super) const MARGIN: i32 = 4;
/// Padding inside a box.
pub(super) const PAD: i32 = 10;
/// Horizontal gap between boxes, wide enough for an arrow.
pub(super) const GAP: i32 = 36;
/// Widest a diagram is laid out; wider content wraps onto another row. The page column
/// is about 912 px wide at most, so a diagram this wide is shown only slightly reduced.
pub(super) const MAX_WIDTH: i32 = 960;

/// What is drawn before a line's text.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    None,
    /// A list bullet (first line of an item).
    Bullet,
    /// Indented by this much, without a mark (continuation lines).
    Indent(i32),
    /// A circle holding a call order, so the number never wraps apart from its name.
    Number(usize),
    /// A decision diamond holding a question mark.
    Decision,
    /// No text: vertical space of this height.
    Space(i32),
}

/// One line of text in a box, already wrapped.
pub(super) struct Line {
    pub(super) text: String,
    pub(super) style: Style,
    pub(super) mark: Mark,
}

impl Line {
    pub(super) fn height(&self) -> i32 {
        match self.mark {
            Mark::Decision => 28,
            Mark::Space(h) => h,
            _ => self.style.line_height(),
        }
    }
}

/// How a box's outline is drawn; each kind differs in shape or line style, not colour.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Frame {
    /// Square corners, thin line.
    Plain,
    /// A double outline, for the starting point.
    Double,
    /// Round corners, for parties outside the organisation.
    Round,
    /// Dashed, for something empty or missing.
    Dashed,
}

/// A box of text lines.
pub(super) struct Block {
    /// Width available for text.
    pub(super) inner: i32,
    pub(super) frame: Frame,
    pub(super) lines: Vec<Line>,
}

/// Width of a bullet's hanging indent.
pub(super) const HANG: i32 = 14;
/// Width of a numbered heading's hanging indent.
pub(super) const NUMBER: i32 = 26;
/// Width of a decision diamond and the space after it.
pub(super) const DIAMOND: i32 = 30;

impl Block {
    pub(super) fn new(width: i32, frame: Frame) -> Block {
        Block {
            inner: width - 2 * PAD,
            frame,
            lines: Vec::new(),
        }
    }

    /// Adds `text` wrapped to the box, at most `max_lines` lines.
    pub(super) fn text(&mut self, text: &str, style: Style, max_lines: usize) {
        for t in wrap(text, style, self.inner, max_lines) {
            self.lines.push(Line {
                text: t,
                style,
                mark: Mark::None,
            });
        }
    }

    /// Adds a bulleted item, wrapped under its bullet.
    pub(super) fn item(&mut self, text: &str, style: Style, max_lines: usize) {
        let lines = wrap(text, style, self.inner - HANG, max_lines);
        for (i, t) in lines.into_iter().enumerate() {
            self.lines.push(Line {
                text: t,
                style,
                mark: if i == 0 {
                    Mark::Bullet
                } else {
                    Mark::Indent(HANG)
                },
            });
        }
    }

    /// Adds a heading after a circled number, wrapped beside it.
    pub(super) fn numbered(&mut self, n: usize, text: &str, style: Style, max_lines: usize) {
        let lines = wrap(text, style, self.inner - NUMBER, max_lines);
        for (i, t) in lines.into_iter().enumerate() {
            self.lines.push(Line {
                text: t,
                style,
                mark: if i == 0 {
                    Mark::Number(n)
                } else {
                    Mark::Indent(NUMBER)
                },
            });
        }
    }

    /// Adds a decision's question after a diamond, wrapped beside it.
    pub(super) fn decision(&mut self, text: &str, style: Style, max_lines: usize) {
        let lines = wrap(text, style, self.inner - DIAMOND, max_lines);
        for (i, t) in lines.into_iter().enumerate() {
            self.lines.push(Line {
                text: t,
                style,
                mark: if i == 0 {
                    Mark::Decision
                } else {
                    Mark::Indent(DIAMOND)
                },
            });
        }
    }

    /// Adds `text` indented by `by`, wrapped, at most `max_lines` lines.
    pub(super) fn indented(&mut self, by: i32, text: &str, style: Style, max_lines: usize) {
        for t in wrap(text, style, self.inner - by, max_lines) {
            self.lines.push(Line {
                text: t,
                style,
                mark: Mark::Indent(by),
            });
        }
    }

    /// The distance from the box's top to the middle of line `k`.
    pub(super) fn line_middle(&self, k: usize) -> i32 {
        let above: i32 = self.lines[..k].iter().map(Line::height).sum();
        PAD + above + self.lines.get(k).map_or(0, Line::height) / 2
    }

    /// Adds vertical space, to set groups of lines apart.
    pub(super) fn space(&mut self, h: i32) {
        self.lines.push(Line {
            text: String::new(),
            style: Style::Note,
            mark: Mark::Space(h),
        });
    }

    pub(super) fn height(&self) -> i32 {
        2 * PAD + self.lines.iter().map(Line::height).sum::<i32>()
    }
}
