//! The page's languages for the sources the targets include (`src/i18n/catalog.rs` embeds them
//! through `OUT_DIR`, as the app's own build.rs does).
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src/i18n/locales");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut codes: Vec<String> = std::fs::read_dir(&dir)
        .expect("src/i18n/locales/ is readable")
        .filter_map(|e| e.ok()?.path().file_name()?.to_str()?.strip_suffix(".ftl").map(str::to_string))
        .collect();
    codes.sort_by_key(|c| (c != "en", c.clone()));
    let entries: String =
        codes.iter().map(|c| format!("    ({c:?}, include_str!({:?})),\n", dir.join(format!("{c}.ftl")).display().to_string())).collect();
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("locales.rs");
    std::fs::write(out, format!("pub const LOCALES: &[(&str, &str)] = &[\n{entries}];\n")).expect("OUT_DIR is writable");
}
