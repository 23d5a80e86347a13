//! URL query parameters that override the defaults (for demos, links and tests).
use crate::arch::Arch;
use crate::augment::Augment;
use crate::backend::BackendKind;
use crate::bench::BenchKind;
use crate::error::{AppError, Result};
use crate::train::TrainConfig;

/// Default folder of the data files, relative to the page (works under any sub-path).
pub const DEFAULT_DATA_URL: &str = "data/";

#[derive(Clone, Debug, PartialEq)]
pub struct PageSettings {
    pub config: TrainConfig,
    /// `None`: the fastest available (WebGPU, then CPU).
    pub backend: Option<BackendKind>,
    pub autostart: bool,
    /// Folder (or host) that serves the four MNIST files, raw or `.gz`.
    pub data_url: String,
    /// `?bench=train|infer|load`: measure instead of waiting for the user.
    pub bench: Option<BenchKind>,
    /// `&batches=N`: timed batches (train) or reads (infer) of a benchmark.
    pub bench_count: usize,
    /// `&tasks_max=N`: kernels encoded before a submit on WebGPU (a benchmark's knob).
    pub tasks_max: Option<usize>,
}

impl Default for PageSettings {
    fn default() -> Self {
        Self { config: TrainConfig::default(), backend: None, autostart: false, data_url: DEFAULT_DATA_URL.into(), bench: None, bench_count: 10, tasks_max: None }
    }
}

fn number<T: std::str::FromStr>(key: &str, value: &str) -> Result<T> {
    value.trim().parse().map_err(|_| AppError::Config(format!("URL parameter {key}={value} is not a valid number")))
}

fn flag(value: &str) -> bool {
    matches!(value, "1" | "true" | "yes" | "on" | "")
}

/// Applies the query pairs (`epochs`, `batch`, `lr`, `train_images`, `test_images`, `seed`,
/// `dropout`, `augment`, `rotate`, `shift`, `scale`, `lr_step`, `lr_gamma`, `arch`, `backend`,
/// `autostart`, `data`) over the defaults. Unknown keys are ignored. `augment=1` turns on the
/// standard ranges; `rotate`/`shift`/`scale` set one range each.
pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<PageSettings> {
    let mut s = PageSettings::default();
    for (key, value) in pairs {
        match key {
            "epochs" => s.config.epochs = number(key, value)?,
            "batch" => s.config.batch = number(key, value)?,
            "lr" => s.config.lr = number(key, value)?,
            "train_images" => s.config.train_images = Some(number(key, value)?),
            "test_images" => s.config.test_images = Some(number(key, value)?),
            "seed" => s.config.seed = number(key, value)?,
            "dropout" => s.config.dropout = number(key, value)?,
            "augment" => s.config.augment = if flag(value) { Augment::STANDARD } else { Augment::default() },
            "rotate" => s.config.augment.rotate = number(key, value)?,
            "shift" => s.config.augment.shift = number(key, value)?,
            "scale" => s.config.augment.scale = number(key, value)?,
            "lr_step" => s.config.lr_step = number(key, value)?,
            "lr_gamma" => s.config.lr_gamma = number(key, value)?,
            "arch" => s.config.arch = Arch::parse(value).ok_or_else(|| AppError::Config(format!("URL parameter arch={value}: use tutorial or deeper")))?,
            "backend" => s.backend = Some(BackendKind::parse(value)?),
            "autostart" => s.autostart = flag(value),
            "data" => s.data_url = data_folder(value),
            "bench" => s.bench = Some(BenchKind::parse(value).ok_or_else(|| AppError::Config(format!("URL parameter bench={value}: use train, infer or load")))?),
            "batches" => s.bench_count = number::<usize>(key, value)?.clamp(1, 10_000),
            "tasks_max" => s.tasks_max = Some(number::<usize>(key, value)?.clamp(1, 65_536)),
            _ => {}
        }
    }
    s.config.validate()?;
    Ok(s)
}

/// A data folder URL always ends with '/' so file names can be appended.
pub fn data_folder(url: &str) -> String {
    if url.ends_with('/') { url.to_string() } else { format!("{url}/") }
}

/// Splits a URL query (`?a=1&b=x%20y`) into decoded pairs.
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Parses a whole query string.
pub fn parse_query(query: &str) -> Result<PageSettings> {
    let pairs = query_pairs(query);
    parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// The URL keys of the training settings: replaced as a whole in the address bar when a setting
/// changes ([`config_query`] writes those that differ from the defaults).
pub const CONFIG_KEYS: [&str; 14] =
    ["epochs", "batch", "lr", "train_images", "test_images", "seed", "arch", "dropout", "augment", "rotate", "shift", "scale", "lr_step", "lr_gamma"];

/// The query string that reproduces `config` (only the settings that differ from the defaults),
/// so that the address bar always links to the run on screen.
pub fn config_query(config: &TrainConfig) -> String {
    let d = TrainConfig::default();
    let mut q: Vec<String> = Vec::new();
    let mut put = |k: &str, v: String, differs: bool| if differs { q.push(format!("{k}={v}")) };
    put("epochs", config.epochs.to_string(), config.epochs != d.epochs);
    put("batch", config.batch.to_string(), config.batch != d.batch);
    put("lr", config.lr.to_string(), config.lr != d.lr);
    if let Some(n) = config.train_images { put("train_images", n.to_string(), true) }
    if let Some(n) = config.test_images { put("test_images", n.to_string(), true) }
    put("seed", config.seed.to_string(), config.seed != d.seed);
    put("arch", config.arch.as_str().into(), config.arch != d.arch);
    put("dropout", config.dropout.to_string(), config.dropout != d.dropout);
    let a = config.augment;
    put("rotate", a.rotate.to_string(), a.rotate != 0.0);
    put("shift", a.shift.to_string(), a.shift != 0.0);
    put("scale", a.scale.to_string(), a.scale != 0.0);
    put("lr_step", config.lr_step.to_string(), config.lr_step != 0);
    put("lr_gamma", config.lr_gamma.to_string(), config.lr_step != 0);
    q.join("&")
}
