//! Word files (DOCX) from delegations: the paragraphs of the document's body
//! (`word/document.xml` in the zip), each as printed, one after the other; headers, footers,
//! comments and tracked deletions are left out. What comes out is text in the form the
//! splitter reads.

use std::io::Read;

use quick_xml::Reader;
use quick_xml::events::Event;

/// The most the document's XML may unpack to: a long report is a few megabytes.
const MAX_XML: u64 = 64 * 1024 * 1024;

/// Why a Word file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocxError {
    #[error("it is not a readable zip archive ({0})")]
    NotZip(String),
    #[error("it holds no word/document.xml, so it is not a Word document")]
    NoDocument,
    #[error("its document unpacks to more than {} MB", MAX_XML / 1024 / 1024)]
    TooLarge,
    #[error("its document is not well-formed XML ({0})")]
    BadXml(String),
}

/// Whether `bytes` is a zip archive holding a Word document.
pub fn looks_like_docx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") && bytes.windows(17).any(|w| w == b"word/document.xml")
}

/// The paragraphs of a Word document's body, separated by blank lines.
pub fn read(bytes: &[u8]) -> Result<String, DocxError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| DocxError::NotZip(e.to_string()))?;
    let file = zip
        .by_name("word/document.xml")
        .map_err(|_| DocxError::NoDocument)?;
    if file.size() > MAX_XML {
        return Err(DocxError::TooLarge);
    }
    let mut xml = String::new();
    file.take(MAX_XML + 1)
        .read_to_string(&mut xml)
        .map_err(|e| DocxError::BadXml(e.to_string()))?;
    if xml.len() as u64 > MAX_XML {
        return Err(DocxError::TooLarge);
    }
    paragraphs(&xml).map(|p| p.join("\n\n"))
}

/// The text of each `w:p` of the body, in order; empty paragraphs left out.
fn paragraphs(xml: &str) -> Result<Vec<String>, DocxError> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current = String::new();
    // Inside a `w:t` (text) run, and inside a deleted run (`w:del`), which is not the text.
    let (mut in_text, mut deleted) = (false, 0usize);
    loop {
        match reader.read_event() {
            Err(e) => return Err(DocxError::BadXml(e.to_string())),
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => match e.local_name().into_inner() {
                "t" => in_text = true,
                "del" => deleted += 1,
                "tab" => current.push(' '),
                _ => {}
            },
            Ok(Event::Empty(e)) => {
                if matches!(e.local_name().into_inner(), "tab" | "br" | "cr") {
                    current.push(' ');
                }
            }
            Ok(Event::End(e)) => match e.local_name().into_inner() {
                "t" => in_text = false,
                "del" => deleted = deleted.saturating_sub(1),
                "p" => {
                    let p = crate::split::squeeze(&current);
                    if !p.is_empty() {
                        out.push(p);
                    }
                    current.clear();
                }
                _ => {}
            },
            Ok(Event::Text(t)) if in_text && deleted == 0 => current.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) if in_text && deleted == 0 => {
                // An entity inside a text run: `&amp;`, `&#x2013;`.
                if let Some(c) = r
                    .resolve_char_ref()
                    .map_err(|e| DocxError::BadXml(e.to_string()))?
                {
                    current.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_xml_entity(&r.into_inner()) {
                    current.push_str(s);
                }
            }
            Ok(_) => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_paragraphs_are_read_and_deletions_left_out() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>Experts meet</w:t></w:r><w:r><w:t xml:space="preserve"> in Astana</w:t></w:r></w:p>
<w:p/>
<w:p><w:r><w:t>Astana, 3 June 2024 – Experts of Kazakhstan &amp; Mongolia met.</w:t></w:r><w:del><w:r><w:delText>Dropped.</w:delText></w:r></w:del><w:r><w:tab/><w:t>They agreed.</w:t></w:r></w:p>
</w:body></w:document>"#;
        assert_eq!(
            paragraphs(xml).expect("reads"),
            [
                "Experts meet in Astana",
                "Astana, 3 June 2024 – Experts of Kazakhstan & Mongolia met. They agreed."
            ]
        );
        assert!(
            matches!(paragraphs("<w:p><w:t>a</w:p>"), Err(DocxError::BadXml(_))),
            "mismatched ends"
        );
    }

    #[test]
    fn what_is_not_a_word_document_is_refused() {
        assert!(matches!(
            read(b"PK\x03\x04 not really"),
            Err(DocxError::NotZip(_))
        ));
        assert!(!looks_like_docx(b"plain text"));
    }
}
