//! A data set's classes: how many (MNIST's ten digits, or 2–62 for a set of one's own) and their
//! names, read from a text file of one name a line.
use crate::base::error::{AppError, Result};

/// The fewest classes a data set may have: two, or there is nothing to tell apart.
pub const MIN_CLASSES: usize = 2;
/// The most: EMNIST's "byclass" split (10 digits, 26 capitals, 26 small letters).
pub const MAX_CLASSES: usize = 62;
/// The largest text file read as class names (62 names need far less).
pub const MAX_NAMES_BYTES: usize = 1 << 20;
/// MNIST's classes: the digits 0–9.
pub const DIGITS: usize = 10;

/// The names "0", "1", … of `count` classes: MNIST's digits, or a set given without names.
pub fn numbered(count: usize) -> Vec<String> {
    (0..count).map(|c| c.to_string()).collect()
}

/// The names of `count` classes as a weights file's metadata keeps them (one a line), or
/// numbered when it keeps none or not as many.
pub fn kept_or_numbered(kept: Option<&str>, count: usize) -> Vec<String> {
    let names: Vec<String> = kept.map(|t| t.lines().map(str::to_string).collect()).unwrap_or_default();
    if names.len() == count { names } else { numbered(count) }
}

/// Class names as a set's text file gives them, and the label of the first (0, or 1 for EMNIST
/// letters, whose labels run 1–26).
#[derive(Clone, Debug, PartialEq)]
pub struct Names {
    pub names: Vec<String>,
    /// The first name's label, when the file says (EMNIST's mapping does); `None` for a list.
    pub first: Option<usize>,
}

/// The class names of text file `name`: EMNIST's mapping (each line a label and the character
/// codes of its class, `1 65 97`: "Aa"), or a list, one name a line ([`parse_names`]).
pub fn read_names(name: &str, text: &str) -> Result<Names> {
    match parse_mapping(text) {
        Some(pairs) => {
            let first = pairs.first().map_or(0, |p| p.0);
            if first > 1 || !(MIN_CLASSES..=MAX_CLASSES).contains(&pairs.len()) || pairs.iter().enumerate().any(|(i, p)| p.0 != first + i) {
                return Err(AppError::ClassNamesCount { name: name.into(), count: pairs.len() });
            }
            Ok(Names { names: pairs.into_iter().map(|p| p.1).collect(), first: Some(first) })
        }
        None => Ok(Names { names: parse_names(name, text)?, first: None }),
    }
}

/// EMNIST's mapping: every non-blank line a label then one or more character codes; `None` when
/// the text is not one. Sorted by label.
fn parse_mapping(text: &str) -> Option<Vec<(usize, String)>> {
    let mut pairs = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut numbers = line.split_whitespace().map(|n| n.parse::<u32>().ok());
        let label = numbers.next()?? as usize;
        let mut name = String::new();
        for code in numbers {
            let c = char::from_u32(code?).filter(|c| !c.is_control())?;
            if !name.contains(c) {
                name.push(c);
            }
        }
        if name.is_empty() {
            return None;
        }
        pairs.push((label, name));
    }
    pairs.sort_by_key(|p| p.0);
    (!pairs.is_empty()).then_some(pairs)
}

/// The class names of the text file `name`: one per line, trimmed; blank lines at the end are
/// left out. Refused: fewer than [`MIN_CLASSES`] or more than [`MAX_CLASSES`] names, a blank line
/// before the last name, a name given twice.
pub fn parse_names(name: &str, text: &str) -> Result<Vec<String>> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let used = lines.iter().rposition(|l| !l.is_empty()).map_or(0, |last| last + 1);
    let names: Vec<String> = lines[..used].iter().map(|l| l.to_string()).collect();
    if !(MIN_CLASSES..=MAX_CLASSES).contains(&names.len()) {
        return Err(AppError::ClassNamesCount { name: name.into(), count: names.len() });
    }
    for (i, class) in names.iter().enumerate() {
        if class.is_empty() {
            return Err(AppError::ClassNameEmpty { name: name.into(), line: i + 1 });
        }
        if names[..i].contains(class) {
            return Err(AppError::ClassNameTwice { name: name.into(), line: i + 1, class: class.clone() });
        }
    }
    Ok(names)
}
