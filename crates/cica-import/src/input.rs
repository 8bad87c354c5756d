//! Refusing what is not text the importer can read, with a message saying why.

/// The most the importer reads from one file: a year of press releases is far less.
pub const MAX_BYTES: usize = 16 * 1024 * 1024;

/// The years a year hint may name: the Conference's archive starts in the 1990s.
pub const HINT_YEARS: std::ops::RangeInclusive<i32> = 1990..=2200;

/// Reads a year hint (`--year-hint`, `year_hint=`): a year in [`HINT_YEARS`].
pub fn year_hint(text: &str) -> Result<i32, String> {
    text.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| HINT_YEARS.contains(y))
        .ok_or_else(|| {
            format!(
                "`{text}` is not a year from {} to {}",
                HINT_YEARS.start(),
                HINT_YEARS.end()
            )
        })
}

/// The forms an input comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text: a release, agency copy, text copied from a page or extracted from a PDF.
    Text,
    /// A saved web page.
    Html,
    /// A Word document (DOCX).
    Docx,
    /// A PDF: a printed Digest, a release saved as PDF.
    Pdf,
}

impl Format {
    /// `text`, `html`, `docx` or `pdf` (`--format`, `format=`).
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.trim() {
            "text" => Ok(Self::Text),
            "html" => Ok(Self::Html),
            "docx" => Ok(Self::Docx),
            "pdf" => Ok(Self::Pdf),
            other => Err(format!(
                "`{other}` is not a format the importer reads (text, html, docx or pdf)"
            )),
        }
    }

    /// The form of an input, by its content: a PDF, a Word document, a saved web page, or
    /// plain text.
    pub fn of(bytes: &[u8]) -> Self {
        if crate::pdf::looks_like_pdf(bytes) {
            return Self::Pdf;
        }
        if crate::docx::looks_like_docx(bytes) {
            return Self::Docx;
        }
        let head = &bytes[..bytes.len().min(4096)];
        let text = match std::str::from_utf8(head) {
            Ok(t) => t,
            // The head may end inside a character.
            Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or(""),
        };
        Self::of_text(text)
    }

    fn of_text(text: &str) -> Self {
        if crate::html::looks_like_html(text) {
            Self::Html
        } else {
            Self::Text
        }
    }
}

/// Why an input was refused. Nothing is written when any input is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("{0}: the file is empty")]
    Empty(String),
    #[error("{name}: the file is {size} MB; the importer reads at most {} MB at a time (split it into parts)", MAX_BYTES / 1024 / 1024)]
    TooLarge { name: String, size: usize },
    #[error(
        "{0}: this is a binary file, not text (it holds NUL or control bytes); extract the text first"
    )]
    Binary(String),
    #[error("{name}: this Word document could not be read: {reason}")]
    BadDocx { name: String, reason: String },
    #[error("{name}: this PDF could not be read: {reason}")]
    BadPdf { name: String, reason: String },
    #[error(
        "{name}: the text is not UTF-8 (invalid byte at offset {offset}); convert it to UTF-8 first"
    )]
    NotUtf8 { name: String, offset: usize },
    #[error(
        "{0}: no item was found: the text holds no paragraph of sentences (at least six words ending with a full stop) to read as a news item"
    )]
    NothingFound(String),
}

/// Refuses an input over [`MAX_BYTES`], before anything is read or unpacked.
pub fn check_size(name: &str, bytes: &[u8]) -> Result<(), InputError> {
    if bytes.len() > MAX_BYTES {
        return Err(InputError::TooLarge {
            name: name.to_owned(),
            size: bytes.len().div_ceil(1024 * 1024),
        });
    }
    Ok(())
}

/// Checks that `bytes` is text the importer can read and returns it.
pub fn check<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a str, InputError> {
    check_size(name, bytes)?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(InputError::Empty(name.to_owned()));
    }
    let control = bytes
        .iter()
        .filter(|b| matches!(b, 0 | 1..=8 | 14..=31) && **b != 27)
        .count();
    if bytes.contains(&0) || control * 100 > bytes.len().max(1) {
        return Err(InputError::Binary(name.to_owned()));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| InputError::NotUtf8 {
        name: name.to_owned(),
        offset: e.valid_up_to(),
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_inputs_say_what_is_wrong() {
        let big = vec![b'a'; MAX_BYTES + 1];
        let table: &[(&[u8], &str)] = &[
            (b"", "the file is empty"),
            (b"  \n\t\n", "the file is empty"),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "binary file"),
            (b"caf\xe9 latte", "not UTF-8 (invalid byte at offset 3)"),
            (&big, "the file is 17 MB"),
        ];
        for (bytes, want) in table {
            let err = check("f.txt", bytes).expect_err("refused").to_string();
            assert!(err.starts_with("f.txt: ") && err.contains(want), "{err}");
        }
        assert_eq!(year_hint("2025"), Ok(2025));
        for bad in ["-2147483648", "1989", "2201", "soon", ""] {
            assert!(
                year_hint(bad).is_err_and(|e| e.contains("is not a year")),
                "{bad}"
            );
        }
        assert_eq!(
            check("f.txt", "\u{feff}Astana, 1 May 2025 – Text.".as_bytes()),
            Ok("Astana, 1 May 2025 – Text.")
        );
    }
}
