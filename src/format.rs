//! Numbers and durations as the page writes them.

/// Thousands separators: 121514 -> "121,514".
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

/// Whole seconds, minutes and seconds, or hours and minutes: "3 min 5 s".
pub fn duration(secs: f64) -> String {
    let s = secs.max(0.0).round() as u64;
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min {} s", s / 60, s % 60),
        _ => format!("{} h {} min", s / 3600, s % 3600 / 60),
    }
}

/// Epochs as a whole number when whole ("3"), else with two decimals ("2.35").
pub fn epochs(e: f64) -> String {
    if (e - e.round()).abs() < 1e-9 { format!("{e:.0}") } else { format!("{e:.2}") }
}
