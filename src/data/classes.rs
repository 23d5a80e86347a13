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
