//! Embeds every language of the page: each `src/i18n/locales/<code>.ftl` (English first), so
//! that a new language is one new file. The fuzz crate (`fuzz/`, beside the sources it includes)
//! builds with this script too.
use std::path::Path;

fn main() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = [manifest.join("src/i18n/locales"), manifest.join("../src/i18n/locales")]
        .into_iter()
        .find(|d| d.is_dir())
        .expect("src/i18n/locales/ is there, beside the crate or above it");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut codes: Vec<String> = std::fs::read_dir(&dir)
        .expect("src/i18n/locales/ is readable")
        .filter_map(|e| e.ok()?.path().file_name()?.to_str()?.strip_suffix(".ftl").map(str::to_string))
        .collect();
    // English is the source language (what a missing message falls back to): first.
    codes.sort_by_key(|c| (c != "en", c.clone()));
    assert_eq!(codes.first().map(String::as_str), Some("en"), "src/i18n/locales/en.ftl is the source language");
    let entries: String =
        codes.iter().map(|c| format!("    ({c:?}, include_str!({:?})),\n", dir.join(format!("{c}.ftl")).display().to_string())).collect();
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("locales.rs");
    std::fs::write(
        out,
        format!("/// Every language's code and Fluent file, English first.\npub const LOCALES: &[(&str, &str)] = &[\n{entries}];\n"),
    )
    .expect("OUT_DIR is writable");
}
