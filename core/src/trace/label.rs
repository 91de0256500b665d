//! Device labels (`lo`, `veth0@blue`) for lazily formatted trace summaries:
//! kept inline (no heap) when short, which they nearly always are.

use alloc::boxed::Box;
use alloc::string::String;
use core::fmt;

/// The most bytes a [`ShortText`] holds: an interface name (IFNAMSIZ - 1).
pub const SHORT_TEXT_MAX: usize = 15;

/// A UTF-8 text of at most [`SHORT_TEXT_MAX`] bytes stored inline.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ShortText {
    len: u8,
    bytes: [u8; SHORT_TEXT_MAX],
}

impl ShortText {
    /// `text` stored inline, or `None` if it is longer than [`SHORT_TEXT_MAX`].
    pub fn new(text: &str) -> Option<ShortText> {
        let len = u8::try_from(text.len())
            .ok()
            .filter(|&l| usize::from(l) <= SHORT_TEXT_MAX)?;
        let mut bytes = [0; SHORT_TEXT_MAX];
        bytes
            .get_mut(..text.len())?
            .copy_from_slice(text.as_bytes());
        Some(ShortText { len, bytes })
    }

    /// `a` followed by `sep` and `b` (`veth0@blue`), if it fits.
    pub fn joined(a: &str, sep: char, b: &str) -> Option<ShortText> {
        let mut buf = [0u8; 4];
        let sep = sep.encode_utf8(&mut buf);
        let total = a.len() + sep.len() + b.len();
        if total > SHORT_TEXT_MAX {
            return None;
        }
        let mut t = ShortText::new(a)?;
        for part in [sep.as_bytes(), b.as_bytes()] {
            let start = usize::from(t.len);
            t.bytes
                .get_mut(start..start + part.len())?
                .copy_from_slice(part);
            t.len = u8::try_from(start + part.len()).ok()?;
        }
        Some(t)
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        self.bytes
            .get(..usize::from(self.len))
            .and_then(|b| core::str::from_utf8(b).ok())
            .unwrap_or("")
    }
}

impl fmt::Display for ShortText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for ShortText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// A device label: inline when it fits in a [`ShortText`], else on the heap.
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum Label {
    /// Up to [`SHORT_TEXT_MAX`] bytes, inline.
    Inline(ShortText),
    /// A longer label.
    Heap(Box<str>),
}

impl Label {
    /// `text` as a label.
    pub fn new(text: &str) -> Label {
        ShortText::new(text).map_or_else(|| Label::Heap(Box::from(text)), Label::Inline)
    }

    /// `a`, `sep`, `b` as one label (`veth0@blue`).
    pub fn joined(a: &str, sep: char, b: &str) -> Label {
        ShortText::joined(a, sep, b).map_or_else(
            || Label::Heap(String::into_boxed_str(alloc::format!("{a}{sep}{b}"))),
            Label::Inline,
        )
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        match self {
            Label::Inline(t) => t.as_str(),
            Label::Heap(s) => s,
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_short_texts_and_refuses_long_ones() {
        assert_eq!(ShortText::new("lo").map(|t| t.as_str() == "lo"), Some(true));
        assert!(ShortText::new(&"x".repeat(SHORT_TEXT_MAX)).is_some());
        assert!(ShortText::new(&"x".repeat(SHORT_TEXT_MAX + 1)).is_none());
        let j = ShortText::joined("veth0", '@', "blue");
        assert_eq!(j.map(|t| alloc::format!("{t}")), Some("veth0@blue".into()));
        assert!(ShortText::joined("veth0", '@', &"n".repeat(10)).is_none());
        assert!(ShortText::joined("veth0", '@', &"n".repeat(9)).is_some());
        let long = Label::joined("veth0", '@', &"n".repeat(40));
        assert!(matches!(long, Label::Heap(_)));
        assert_eq!(long.as_str().len(), 46);
        assert!(matches!(Label::new("lo"), Label::Inline(_)));
    }
}
