use line_index::{LineCol, LineIndex, TextSize, WideEncoding, WideLineCol};

use crate::Span;

/// How columns are counted: LSP clients speak UTF-16 unless they negotiate UTF-8; people and our
/// JSON output count characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Characters,
}

/// A zero-based line and column, the column counted in some [`Encoding`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// The text of one file and its line index: the one place where byte offsets and line/column
/// positions are converted into each other.
pub struct Document {
    text: String,
    lines: LineIndex,
}

impl Document {
    pub fn new(text: String) -> Self {
        let lines = LineIndex::new(&text);
        Document { text, lines }
    }

    /// Decodes file bytes. Invalid UTF-8 is replaced (so that the text can still be shown) and the
    /// byte offset of the first bad sequence is returned beside the document.
    pub fn from_bytes(bytes: Vec<u8>) -> (Self, Option<usize>) {
        match String::from_utf8(bytes) {
            Ok(text) => (Document::new(text), None),
            Err(error) => {
                let bad = error.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
                (Document::new(text), Some(bad))
            }
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn slice(&self, span: Span) -> &str {
        let range = self.clamp(span.start as usize)..self.clamp(span.end as usize);
        &self.text[range]
    }

    /// The position of a byte offset; offsets past the end or inside a character are moved back
    /// to the nearest character boundary, so that no offset can fail.
    pub fn position(&self, offset: usize, encoding: Encoding) -> Position {
        let offset = self.clamp(offset);
        let utf8 = self.lines.line_col(TextSize::new(offset as u32));
        let column = match encoding {
            Encoding::Utf8 => utf8.col,
            Encoding::Utf16 => self.wide(WideEncoding::Utf16, utf8),
            Encoding::Characters => self.wide(WideEncoding::Utf32, utf8),
        };
        Position { line: utf8.line, column }
    }

    /// The byte offset of a position, or `None` when the line does not exist. A column past the end
    /// of its line is clamped to the line's end, as LSP asks.
    pub fn offset(&self, position: Position, encoding: Encoding) -> Option<usize> {
        let line = self.lines.line(position.line)?;
        let line_text = &self.text[usize::from(line.start())..usize::from(line.end())];
        let content_len = line_text.trim_end_matches(['\n', '\r']).len();
        let mut units = 0u32;
        let mut byte = 0;
        for (index, ch) in line_text[..content_len].char_indices() {
            if units >= position.column {
                break;
            }
            units += match encoding {
                Encoding::Utf8 => ch.len_utf8() as u32,
                Encoding::Utf16 => ch.len_utf16() as u32,
                Encoding::Characters => 1,
            };
            byte = index + ch.len_utf8();
        }
        if units < position.column {
            byte = content_len;
        }
        Some(usize::from(line.start()) + byte)
    }

    pub fn line_count(&self) -> u32 {
        self.lines.line_col(self.lines.len()).line + 1
    }

    /// The byte range of a zero-based line, without its line break.
    pub fn line_span(&self, line: u32) -> Option<Span> {
        let range = self.lines.line(line)?;
        let text = &self.text[usize::from(range.start())..usize::from(range.end())];
        let start = usize::from(range.start());
        Some(Span::new(start, start + text.trim_end_matches(['\n', '\r']).len()))
    }

    fn wide(&self, encoding: WideEncoding, utf8: LineCol) -> u32 {
        self.lines.to_wide(encoding, utf8).map_or(utf8.col, |wide: WideLineCol| wide.col)
    }

    fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_in_every_encoding() {
        let doc = Document::new("a: 1\nb: \"é𝄞x\"\r\nc".to_string());
        let x = doc.text().find('x').unwrap();
        assert_eq!(doc.position(x, Encoding::Utf8), Position { line: 1, column: 10 });
        assert_eq!(doc.position(x, Encoding::Utf16), Position { line: 1, column: 7 });
        assert_eq!(doc.position(x, Encoding::Characters), Position { line: 1, column: 6 });
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Characters] {
            let position = doc.position(x, encoding);
            assert_eq!(doc.offset(position, encoding), Some(x));
        }
    }

    #[test]
    fn out_of_range_is_clamped_not_a_panic() {
        let doc = Document::new("é\nab".to_string());
        assert_eq!(doc.position(1, Encoding::Utf8), Position { line: 0, column: 0 });
        assert_eq!(doc.position(99, Encoding::Utf16), Position { line: 1, column: 2 });
        assert_eq!(doc.offset(Position { line: 0, column: 40 }, Encoding::Utf16), Some(2));
        assert_eq!(doc.offset(Position { line: 7, column: 0 }, Encoding::Utf16), None);
        assert_eq!(doc.line_count(), 2);
    }

    #[test]
    fn invalid_utf8_reports_the_first_bad_byte() {
        let (doc, bad) = Document::from_bytes(b"ab\xffcd".to_vec());
        assert_eq!(bad, Some(2));
        assert_eq!(doc.text(), "ab\u{fffd}cd");
    }
}
