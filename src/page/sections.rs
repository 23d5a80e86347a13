//! The page's sections as a phone shows them (one column, links to each kept at the top) and
//! which one is being read.
use crate::i18n::K;

/// Each section's element id (a card's) and its link's words, in the order of the links.
pub const SECTIONS: [(&str, K); 5] = [
    ("train", K::SectionTrain),
    ("draw", K::SectionDraw),
    ("inside", K::SectionInside),
    ("results", K::SectionResults),
    ("runs", K::SectionRuns),
];

/// The section being read, given each section's top (px from the top of the screen, in the
/// order of [`SECTIONS`]): the lowest one whose top has passed `line`, else the highest.
pub fn current(tops: &[f64], line: f64) -> usize {
    let passed = tops.iter().enumerate().filter(|(_, t)| **t <= line).max_by(|a, b| a.1.total_cmp(b.1));
    let highest = || tops.iter().enumerate().min_by(|a, b| a.1.total_cmp(b.1));
    passed.or_else(highest).map_or(0, |(i, _)| i)
}
