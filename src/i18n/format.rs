//! Numbers and durations as the page writes them.
use crate::i18n::{K, Lang};

/// Thousands separators: 121514 -> "121,514" (also in Chinese, as `Intl.NumberFormat` writes).
pub fn group(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Whole seconds, minutes and seconds, or hours and minutes: "3 min 5 s", "3 分 5 秒".
pub fn duration(secs: f64, lang: Lang) -> String {
    let s = secs.max(0.0).round() as u64;
    match s {
        0..=59 => lang.fill(K::Seconds, &[("s", &s)]),
        60..=3599 => lang.fill(K::Minutes, &[("m", &(s / 60)), ("s", &(s % 60))]),
        _ => lang.fill(K::Hours, &[("h", &(s / 3600)), ("m", &(s % 3600 / 60))]),
    }
}

/// Epochs as a whole number when whole ("3"), else with two decimals ("2.35").
pub fn epochs(e: f64) -> String {
    if (e - e.round()).abs() < 1e-9 { format!("{e:.0}") } else { format!("{e:.2}") }
}
