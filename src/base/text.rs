//! What a file says, made safe to print or show: a name, a metadata value or a reason taken from
//! an untrusted file may hold terminal escapes (which retitle a terminal or hide text), control
//! characters or Unicode's direction overrides (which reorder what is read). They are dropped,
//! line breaks and tabs become spaces, and the text is cut at a length a message can hold.

/// The most characters of one piece of a file's text that a message shows.
pub const MAX_SHOWN: usize = 2_000;

/// Whether `c` changes how text is laid out or read rather than being read: control characters
/// (C0, DEL, C1: the terminal's escapes) and the invisible format characters that reorder or
/// hide text (bidirectional embeddings, overrides and isolates, zero-width marks, the BOM).
fn hidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// `text` with what could hide or reorder it dropped (line breaks and tabs as spaces), at most
/// [`MAX_SHOWN`] characters (a cut one ends in "…").
pub fn printable(text: &str) -> String {
    cut(text, MAX_SHOWN)
}

/// [`printable`] at most `max` characters (a name inside a message is cut shorter).
pub fn cut(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(4 * max));
    for (i, c) in text.chars().map(|c| if matches!(c, '\n' | '\r' | '\t') { ' ' } else { c }).filter(|c| !hidden(*c)).enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        out.push(c);
    }
    out
}

/// The one `&'static str` holding `text`: names made at run time (a network's layer names) used
/// where names are `&'static str`; each distinct text is kept once, so memory stays bounded by
/// the distinct names.
pub fn intern(text: &str) -> &'static str {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut names = NAMES.get_or_init(|| Mutex::new(HashSet::new())).lock().unwrap_or_else(|e| e.into_inner());
    match names.get(text) {
        Some(name) => name,
        None => {
            let name: &'static str = Box::leak(text.to_string().into_boxed_str());
            names.insert(name);
            name
        }
    }
}
