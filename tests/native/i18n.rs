//! The page's two languages: every string in both, with the same `{slots}`; no text left in
//! the components; the language chosen from the browser's; Chinese numbers, durations, statuses
//! and errors.
use mnist_web::base::error::AppError;
use mnist_web::i18n::format::duration;
use mnist_web::i18n::{K, Lang, error_text, slots};
use mnist_web::model::net::Net;
use mnist_web::page::model_text::structure;
use mnist_web::page::page_state::{PageState, Phase};
use mnist_web::page::status_text::status_text;
use std::collections::BTreeSet;

fn has_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn every_string_is_in_both_languages_with_the_same_slots() {
    // Technical strings that read the same in Chinese.
    let same = [K::SettingProblem, K::TheCpu, K::DeviceLine];
    for &k in K::ALL {
        assert!(!k.en().trim().is_empty() && !Lang::Zh.text(k).trim().is_empty(), "{k:?} is empty in a language");
        assert!(has_chinese(Lang::Zh.text(k)) || same.contains(&k), "{k:?} is not in Chinese: {:?}", Lang::Zh.text(k));
        assert!(!has_chinese(k.en()), "{k:?} has Chinese in its English: {:?}", k.en());
        let (en, zh): (BTreeSet<_>, BTreeSet<_>) = (slots(k.en()).into_iter().collect(), slots(Lang::Zh.text(k)).into_iter().collect());
        assert_eq!(en, zh, "{k:?}: the languages fill different values");
    }
}

#[test]
fn the_tutorials_terms_are_used() {
    // Each term within one string (not across two strings' joint).
    for term in ["批次", "损失值", "准确率", "卷积层", "池化层", "轮", "学习率"] {
        assert!(K::ALL.iter().any(|k| Lang::Zh.text(*k).contains(term)), "{term} is missing");
    }
    // The English words are not left in the Chinese table where the tutorial has a term.
    for (k, term) in [(K::LossPerBatch, "损失值"), (K::TestAfterEpoch, "轮")] {
        assert!(Lang::Zh.text(k).contains(term), "{k:?}: {}", Lang::Zh.text(k));
    }
}

/// Text nodes, `format!`s, titles and labels with words in them: the components' strings must
/// come from the table.
#[test]
fn no_text_is_left_in_the_components() {
    let words = regex_lite::Regex::new(r"[A-Za-z]{3,}").unwrap();
    let patterns = [r#">\s*"([^"]*)""#, r#"\{\s*format!\("([^"]*)""#, r#"(?:title|aria-label)="([^"]*)""#];
    let patterns: Vec<_> = patterns.iter().map(|p| regex_lite::Regex::new(p).unwrap()).collect();
    // Names, the same in every language.
    let names = ["WebGPU", "CPU", "(JSON)", "CSV", "JSON"];
    let mut found = Vec::new();
    let mut files = Vec::new();
    let mut dirs = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() { dirs.push(path) } else { files.push(path) }
        }
    }
    assert!(files.len() > 20, "the components are read ({} files)", files.len());
    for path in files {
        let source = std::fs::read_to_string(&path).unwrap();
        for (n, line) in source.lines().enumerate().filter(|(_, l)| !l.trim_start().starts_with("//")) {
            for p in &patterns {
                for c in p.captures_iter(line) {
                    // Placeholders and units are fine ("{:.1}%", "{} → {}", "rgba(…)").
                    let text = regex_lite::Regex::new(r"\{[^}]*\}").unwrap().replace_all(&c[1], "");
                    if words.is_match(&text) && !names.contains(&&c[1]) {
                        found.push(format!("{}:{}: {}", path.display(), n + 1, &c[1]));
                    }
                }
            }
        }
    }
    assert!(found.is_empty(), "text outside the table:\n{}", found.join("\n"));
}

#[test]
fn the_language_comes_from_the_url_or_the_browser() {
    assert_eq!(Lang::parse("zh"), Some(Lang::Zh));
    assert_eq!(Lang::parse("zh-CN"), Some(Lang::Zh));
    assert_eq!(Lang::parse("EN_gb"), Some(Lang::En));
    assert_eq!(Lang::parse("fr"), None);
    assert_eq!(Lang::from_browser(["zh-CN", "en-US"]), Lang::Zh);
    assert_eq!(Lang::from_browser(["fr-FR", "zh-TW", "en"]), Lang::Zh, "the first language the page speaks");
    assert_eq!(Lang::from_browser(["de"]), Lang::En, "English when the page speaks none");
    assert_eq!(Lang::from_browser([]), Lang::En);
    let s = mnist_web::page::url::parse_query("?lang=zh").unwrap();
    assert_eq!(s.lang, Some(Lang::Zh));
    assert!(mnist_web::page::url::parse_query("?lang=klingon").is_err());
}

#[test]
fn values_fill_their_slots() {
    assert_eq!(Lang::Zh.fill(K::ShowMore, &[("n", &12)]), "再显示 12 张");
    // A value not given stays as its slot, as the page's templates write it.
    assert_eq!(Lang::En.fill(K::ShowMore, &[]), K::ShowMore.en());
    assert!(K::ShowMore.en().contains("{n}"), "{}", K::ShowMore.en());
}

#[test]
fn durations_numbers_and_statuses_in_chinese() {
    assert_eq!(duration(185.0, Lang::Zh), "3 分 5 秒");
    assert_eq!(duration(185.0, Lang::En), "3 min 5 s");
    assert_eq!(duration(7260.0, Lang::Zh), "2 小时 1 分");
    let mut s = PageState { phase: Phase::Ready, data: Some((60_000, 10_000)), ..PageState::default() };
    assert_eq!(status_text(&s, Lang::Zh), "就绪：60,000 张训练图像和 10,000 张测试图像");
    assert_eq!(status_text(&s, Lang::En), "Ready: 60,000 training and 10,000 test images");
    s.phase = Phase::Error;
    s.errors.push(AppError::NoWebGpu("no adapter".into()));
    assert_eq!(status_text(&s, Lang::Zh), "未能就绪：WebGPU 不可用：no adapter");
}

#[test]
fn errors_and_the_network_table_in_chinese() {
    let e = AppError::IdxBadMagic { name: "t10k-images".into(), found: 1, expected: 2051, kind: "image".into() };
    assert!(error_text(Lang::Zh, &e).contains("不是 MNIST 的图像文件"), "{}", error_text(Lang::Zh, &e));
    assert_eq!(error_text(Lang::En, &e), e.to_string());
    let rows = structure(&Net::default(), 0.0, Lang::Zh);
    assert_eq!(rows[0].block, "输入");
    assert!(rows[1].layers.contains("卷积层") && rows[2].layers.contains("池化层"), "{}; {}", rows[1].layers, rows[2].layers);
    assert_eq!(
        rows.iter().map(|r| r.output.as_str()).collect::<Vec<_>>(),
        structure(&Net::default(), 0.0, Lang::En).iter().map(|r| r.output.as_str()).collect::<Vec<_>>()
    );
}

#[test]
fn each_error_says_one_thing_in_each_language() {
    // States that are not settings have words of their own, not "invalid setting".
    for (e, en, zh) in [
        (AppError::RunInProgress, "A run is still going on", "还有一次训练在进行"),
        (AppError::NotReady, "not ready yet", "还没有准备好"),
        (AppError::Worker { role: "helper".into(), why: "x".into() }, "the helper worker failed", "辅助线程出错"),
        (AppError::WorkerRestarted { role: "prediction".into(), why: "x".into() }, "started again with the model it had", "识别线程停止了"),
        (AppError::NotFinite { batch: 3, epoch: 2 }, "batch 3 (epoch 2)", "第 3 批（第 2 轮）"),
        (AppError::TooLarge { name: "f".into(), max_mb: 8 }, "f: the file is larger than 8 MB", "f：文件超过 8 MB"),
    ] {
        let (words_en, words_zh) = (error_text(Lang::En, &e), error_text(Lang::Zh, &e));
        assert!(words_en.contains(en) && !words_en.contains("invalid setting"), "{words_en}");
        assert!(words_zh.contains(zh) && !words_zh.contains("设置无效"), "{words_zh}");
    }
}

#[test]
fn a_weights_files_own_words_are_reworded() {
    use mnist_web::i18n::reword;
    let recipe = [K::RecipeTutorial, K::RecipeSettings];
    assert_eq!(reword("settings epochs=1&lr=0.01", &recipe, Lang::Zh), "设置 epochs=1&lr=0.01");
    assert_eq!(reword("the tutorial's recipe", &recipe, Lang::Zh), "教程的设置");
    assert_eq!(reword("the tutorial's recipe", &recipe, Lang::En), "the tutorial's recipe");
    assert_eq!(reword("someone's own notes", &recipe, Lang::Zh), "someone's own notes", "other words stay as written");
    let on = [K::TrainedInBrowser, K::TrainedNatively];
    assert_eq!(reword("in the browser on WebGPU (x)", &on, Lang::Zh), "在浏览器中训练，设备：WebGPU (x)");
}

#[test]
fn every_language_file_reads_without_a_problem() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/i18n/locales");
    let mut codes = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let code = path.file_stem().unwrap().to_string_lossy().into_owned();
        let (_, problems) = mnist_web::i18n::bundle(&code, &std::fs::read_to_string(&path).unwrap());
        assert!(problems.is_empty(), "{}: {problems:?}", path.display());
        codes.push(code);
    }
    codes.sort();
    let mut shipped: Vec<&str> = Lang::all().map(Lang::code).collect();
    shipped.sort();
    assert_eq!(codes, shipped, "every file in locales/ is a language of the page");
}

/// One of each error, with plain values.
fn every_error() -> Vec<AppError> {
    let (s, n) = (String::from("x"), 1usize);
    use AppError::*;
    vec![
        IdxTooShort { name: s.clone(), len: n },
        IdxBadMagic { name: s.clone(), found: 1, expected: 2051, kind: "image".into() },
        IdxBadDims { name: s.clone(), rows: 1, cols: 1 },
        IdxBadLength { name: s.clone(), expected: n, found: n },
        IdxBadLabel { name: s.clone(), index: n, label: 11, classes: 10 },
        ClassNamesCount { name: s.clone(), count: 70 },
        ClassNameEmpty { name: s.clone(), line: n },
        ClassNameTwice { name: s.clone(), line: n, class: s.clone() },
        SetsDisagree { train: s.clone(), test: s.clone(), index: n, label: 9, classes: 3 },
        DataEmpty { name: s.clone() },
        DataOneClass { name: s.clone(), label: 3, count: n },
        CountMismatch { images: n, labels: n },
        Gzip { name: s.clone(), reason: s.clone() },
        TooLarge { name: s.clone(), max_mb: 8 },
        Download { url: s.clone(), reason: s.clone() },
        Weights(s.clone()),
        BadWeightsFile { name: s.clone(), reason: s.clone() },
        Device(s.clone()),
        GpuLost(s.clone()),
        NotFinite { batch: n, epoch: n },
        CheckpointPastEnd { done: n, total: n },
        NoWebGpu(s.clone()),
        Config(s.clone()),
        RunInProgress,
        NotReady,
        Io(s.clone()),
        Worker { role: "training".into(), why: s.clone() },
        WorkerRestarted { role: "prediction".into(), why: s.clone() },
        RunLog { name: s.clone(), reason: s.clone() },
        OtherTab,
        CheckpointNotKept(s.clone()),
        ModelNotKept(s.clone()),
        Usage(s.clone()),
    ]
}

#[test]
fn every_error_has_its_words_in_chinese_with_every_value() {
    for e in every_error() {
        let (id, values) = mnist_web::i18n::error_message(&e);
        let values: Vec<(&str, &dyn std::fmt::Display)> = values.iter().map(|(n, v)| (*n, v as &dyn std::fmt::Display)).collect();
        let zh = Lang::Zh.own_message(id, &values).unwrap_or_else(|| panic!("{id} is missing from zh.ftl"));
        assert!(!zh.contains('{'), "{id}: a value left unfilled: {zh}");
        assert!(zh != e.to_string() || id == "error-as-written", "{id} reads as in English: {zh}");
        assert_eq!(Lang::En.own_message(id, &values), None, "English errors are the errors' own words, not en.ftl's");
        assert_eq!(error_text(Lang::En, &e), e.to_string());
    }
    let magic = error_text(Lang::Zh, &AppError::IdxBadMagic { name: "f".into(), found: 1, expected: 2049, kind: "label".into() });
    assert_eq!(magic, "f：魔数是 0x00000001（应为 0x00000801），这不是 MNIST 的标签文件");
}

#[test]
fn a_third_language_is_one_file_naming_only_the_pages_messages() {
    // tests/fixtures/de.ftl, as it would be dropped into src/i18n/locales/: it reads without a
    // problem and names only messages the page has.
    let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/de.ftl")).unwrap();
    let (bundle, problems) = mnist_web::i18n::bundle("de", &text);
    assert!(problems.is_empty(), "{problems:?}");
    let ids: Vec<&str> = text.lines().filter_map(|l| l.split_once(" =").map(|(id, _)| id)).filter(|id| !id.starts_with('#')).collect();
    let errors: Vec<&str> = every_error().iter().map(|e| mnist_web::i18n::error_message(e).0).collect();
    let own = ["language-name", "language-tag", "list-separator", "clause-separator"];
    for id in &ids {
        assert!(K::ALL.iter().any(|k| k.id() == *id) || errors.contains(id) || own.contains(id), "{id} is no message of the page");
    }
    assert_eq!(ids.len(), 10);
    let title = mnist_web::i18n::format_message(&bundle, "title", &[]).unwrap();
    assert_eq!(title, "MNIST in deinem Browser");
    // The shipped languages are the files in locales/ (the test above): German is not one.
    assert_eq!(Lang::parse("de"), None);
}
