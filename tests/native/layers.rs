//! The crate's folders import one way (the order `src/lib.rs` gives), and no two files import
//! each other round a circle. Read from the sources: every `crate::…` path outside comments.
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// `src/`'s folders, lowest first: each may use only those before it (and itself).
const LAYERS: [&str; 14] =
    ["base", "i18n", "data", "model", "weights", "train", "runs", "device", "inspect", "protocol", "worker", "page", "native", "web"];

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/model/ops/mod.rs` → `model::ops`; `src/train/session.rs` → `train::session`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src/").with_extension("");
    let parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).filter(|p| p != "mod").collect();
    parts.join("::")
}

/// The modules `text` refers to by `crate::` paths (the longest prefix that is a module) and by
/// `super::` paths (resolved against `module`), comments left out.
fn references(text: &str, module: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let path = regex_lite::Regex::new(r"\b(crate|super)((?:::[A-Za-z_][A-Za-z0-9_]*)+)").expect("a valid pattern");
    let mut found = BTreeSet::new();
    for line in text.lines().map(str::trim_start).filter(|l| !l.starts_with("//")) {
        let code = line.split(" //").next().unwrap_or(line);
        for c in path.captures_iter(code) {
            let rest: Vec<&str> = c[2].split("::").filter(|s| !s.is_empty()).collect();
            let mut base: Vec<&str> = Vec::new();
            if &c[1] == "super" {
                base = module.split("::").collect();
                // `super` of `x::y` (`x/y.rs`) is `x`; of `x` (`x/mod.rs`) the crate.
                base.pop();
            }
            let full: Vec<&str> = base.into_iter().chain(rest).collect();
            if let Some(n) = (1..=full.len()).rev().find(|&n| modules.contains(&full[..n].join("::"))) {
                found.insert(full[..n].join("::"));
            }
        }
    }
    found
}

/// (module, the modules it uses) for every file of `src/`.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.retain(|f| !f.starts_with(src.join("bin")) && f.file_name().is_some_and(|n| n != "main.rs" && n != "lib.rs"));
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(&src, f)).collect();
    files
        .iter()
        .map(|f| {
            let module = module_of(&src, f);
            let text = std::fs::read_to_string(f).expect("a readable source file");
            let mut uses = references(&text, &module, &modules);
            uses.remove(&module);
            (module, uses)
        })
        .collect()
}

fn folder(module: &str) -> &str {
    module.split("::").next().unwrap_or(module)
}

/// `a` is `b` or contains it (a folder's `mod.rs` and its files may refer to each other: a trait
/// declared in `ops/mod.rs` and implemented in `ops/cube.rs`).
fn nested(a: &str, b: &str) -> bool {
    a == b || b.starts_with(&format!("{a}::")) || a.starts_with(&format!("{b}::"))
}

#[test]
fn folders_import_downwards_only() {
    let rank = |m: &str| LAYERS.iter().position(|l| *l == folder(m));
    let mut wrong = Vec::new();
    for (module, uses) in graph() {
        let from = rank(&module).unwrap_or_else(|| panic!("{module}: its folder is not in LAYERS"));
        for used in uses {
            let to = rank(&used).unwrap_or_else(|| panic!("{used}: its folder is not in LAYERS"));
            if to > from {
                wrong.push(format!("{module} uses {used}"));
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the layer order {LAYERS:?}:\n{}", wrong.join("\n"));
}

#[test]
fn no_import_circle_between_files() {
    let graph = graph();
    // Depth-first search for a back edge; the path to it is the circle.
    fn visit<'a>(
        m: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|s| *s == m) {
            return Some(stack[i..].iter().map(|s| s.to_string()).chain([m.to_string()]).collect());
        }
        if !done.insert(m) {
            return None;
        }
        stack.push(m);
        for used in graph.get(m).into_iter().flatten().filter(|u| !nested(m, u)) {
            if let Some(circle) = visit(used, graph, stack, done) {
                return Some(circle);
            }
        }
        stack.pop();
        None
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        if let Some(circle) = visit(m, &graph, &mut Vec::new(), &mut done) {
            panic!("an import circle: {}", circle.join(" → "));
        }
    }
}

#[test]
fn the_reader_counts_paths_in_code_not_in_comments() {
    // The reader itself: a `crate::` path in code counts, one in a comment does not, and `super::`
    // resolves against the file's module.
    let modules: BTreeSet<String> =
        ["train::session", "train::config", "page::url", "model::ops", "model::ops::cube"].map(String::from).into();
    let text = "use crate::train::config::TrainConfig;\n// crate::page::url is only mentioned\nlet x = crate::page::url::parse(q);";
    let found = references(text, "train::session", &modules);
    assert_eq!(found, ["page::url", "train::config"].map(String::from).into());
    let found = references("use super::NetOps;", "model::ops::cube", &modules);
    assert_eq!(found, ["model::ops"].map(String::from).into());
    assert!(nested("model::ops", "model::ops::cube") && !nested("model::ops", "model::network"));
}

#[test]
fn tests_live_in_tests_not_in_src() {
    // Cargo.toml builds no unit-test harness for the library or the binaries (each would compile
    // all of burn's code for this crate once more), so a test written in src/ would never run.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    assert!(files.len() > 50, "src/ read: {} files", files.len());
    let with_tests: Vec<_> = files
        .iter()
        .filter(|f| {
            let text = std::fs::read_to_string(f).expect("a source file");
            text.contains("#[test]") || text.contains("#[cfg(test)]")
        })
        .collect();
    assert!(with_tests.is_empty(), "tests in src/ would not run (move them to tests/native/): {with_tests:?}");
}
