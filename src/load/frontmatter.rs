//! Splitting `---` front matter from a Markdown body, keeping file line numbers.

/// Front matter YAML padded so its lines keep their file numbering, and the body.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML, preceded by one empty line for the opening `---`.
    pub yaml: String,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// 1-based line of the file where the body starts.
    pub body_line: u32,
}

/// Why front matter could not be split off.
#[derive(Debug, PartialEq, Eq)]
pub enum FrontMatterError {
    /// The file does not start with a `---` line.
    Missing,
    /// No closing `---` line; carries the line count of the file.
    Unclosed(u32),
}

/// Splits a file that starts with a `---` line into YAML and body.
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().ok_or(FrontMatterError::Missing)?;
    if first.trim_end() != "---" {
        return Err(FrontMatterError::Missing);
    }
    let mut offset = first.len();
    let mut yaml = String::from("\n");
    let mut line_no = 1u32;
    for line in lines {
        line_no += 1;
        offset += line.len();
        if line.trim_end() == "---" {
            return Ok(Split {
                yaml,
                body: &text[offset..],
                body_line: line_no + 1,
            });
        }
        yaml.push_str(line);
    }
    Err(FrontMatterError::Unclosed(line_no))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_line_numbers() {
        let s = split("---\ntitle: A\n---\n# Body\n").unwrap();
        assert_eq!(s.yaml, "\ntitle: A\n");
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn reports_missing_and_unclosed() {
        assert_eq!(split("# no"), Err(FrontMatterError::Missing));
        assert_eq!(split(""), Err(FrontMatterError::Missing));
        assert_eq!(split("---\na: 1\n"), Err(FrontMatterError::Unclosed(2)));
        assert!(split("---\r\na: 1\r\n---\r\nx").is_ok());
    }
}
