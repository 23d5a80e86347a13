//! Every training option, once: its key (the URL's and, with dashes, the command line's), label,
//! help, kind and range. The table drives the URL (parsing and the link to the settings on
//! screen), the settings inputs (laid out by [`crate::page::settings_form`]), the native command
//! line and validation.
use crate::base::error::AppError;
use crate::data::augment::Augment;
use crate::i18n::K;
use crate::model::net::{MAX_BUFFER_VALUES, Net, PRESET_NAMES};
use crate::train::config::{OptimizerKind, TrainConfig};

/// The most workers a CPU run splits its batches between (`workers`).
pub const MAX_WORKERS: usize = 16;

/// What an option holds, and its range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// A whole number in `min..=max`.
    Int { min: u64, max: u64 },
    /// A number in the range, each end open or closed; `step` for the input's arrows.
    Float { min: f64, max: f64, min_open: bool, max_open: bool, step: f64 },
    /// On or off (`1`, `true`, `yes`, `on` or nothing for on).
    Flag,
    /// One of these words.
    Choice(&'static [&'static str]),
    /// A network in its text form ([`Net::parse`]).
    Net,
}

/// A value of an option, as typed.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Int(u64),
    Float(f64),
    Flag(bool),
    Word(&'static str),
    Net(Net),
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Int(v) => write!(f, "{v}"),
            Value::Float(v) => write!(f, "{v}"),
            Value::Flag(v) => write!(f, "{}", if *v { 1 } else { 0 }),
            Value::Word(w) => write!(f, "{w}"),
            Value::Net(n) => write!(f, "{n}"),
        }
    }
}

/// One option of a training run.
pub struct Opt {
    /// `lr_step`: the URL key; `--lr-step` on the command line.
    pub key: &'static str,
    /// Its label and help on the page ([`K::en`] on the command line).
    pub label: K,
    pub help: K,
    pub kind: Kind,
    /// Its value in `config` (`None`: not set, e.g. "all images").
    pub get: fn(&Settings) -> Option<Value>,
    pub set: fn(&mut Settings, Value),
    /// Shown but never written into the URL (it follows from other options).
    pub derived: bool,
    /// Part of the run's recipe (`false`: how it is computed, the same training either way).
    pub recipe: bool,
}

/// What the options set: a run's recipe, and how it is computed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    pub config: TrainConfig,
    /// Workers that share each batch when the CPU trains (0: one per core, at most 8): the same
    /// training, faster.
    pub workers: usize,
}

impl Settings {
    /// `config` computed the default way.
    pub fn of(config: &TrainConfig) -> Self {
        Self { config: config.clone(), workers: 0 }
    }
}

fn int(v: Value) -> u64 {
    if let Value::Int(v) = v { v } else { 0 }
}

fn float(v: Value) -> f64 {
    match v {
        Value::Float(v) => v,
        Value::Int(v) => v as f64,
        _ => 0.0,
    }
}

const fn closed(min: f64, max: f64, step: f64) -> Kind {
    Kind::Float { min, max, min_open: false, max_open: false, step }
}

/// The options, in the order the page shows them.
pub const OPTIONS: &[Opt] = &[
    Opt {
        key: "epochs",
        label: K::OptEpochs,
        help: K::OptEpochsHelp,
        kind: Kind::Int { min: 1, max: 1000 },
        get: |s| Some(Value::Int(s.config.epochs as u64)),
        set: |s, v| s.config.epochs = int(v) as usize,
        derived: false,
        recipe: true,
    },
    Opt {
        key: "batch",
        label: K::OptBatch,
        help: K::OptBatchHelp,
        kind: Kind::Int { min: 1, max: 4096 },
        get: |s| Some(Value::Int(s.config.batch as u64)),
        set: |s, v| s.config.batch = int(v) as usize,
        derived: false,
        recipe: true,
    },
    Opt {
        key: "lr",
        label: K::OptLr,
        help: K::OptLrHelp,
        kind: Kind::Float { min: 0.0, max: 1.0, min_open: true, max_open: false, step: 0.0001 },
        get: |s| Some(Value::Float(s.config.lr)),
        set: |s, v| s.config.lr = float(v),
        derived: false,
        recipe: true,
    },
    Opt {
        key: "seed",
        label: K::OptSeed,
        help: K::OptSeedHelp,
        kind: Kind::Int { min: 0, max: u64::MAX },
        get: |s| Some(Value::Int(s.config.seed)),
        set: |s, v| s.config.seed = int(v),
        derived: false,
        recipe: true,
    },
    Opt {
        key: "workers",
        label: K::OptWorkers,
        help: K::OptWorkersHelp,
        kind: Kind::Int { min: 0, max: MAX_WORKERS as u64 },
        get: |s| Some(Value::Int(s.workers as u64)),
        set: |s, v| s.workers = int(v) as usize,
        derived: false,
        recipe: false,
    },
    Opt {
        key: "net",
        label: K::OptNet,
        help: K::OptNetHelp,
        kind: Kind::Net,
        get: |s| Some(Value::Net(s.config.net.clone())),
        set: |s, v| {
            if let Value::Net(n) = v {
                s.config.net = n
            }
        },
        derived: false,
        recipe: true,
    },
    Opt {
        key: "arch",
        label: K::OptArch,
        help: K::OptArchHelp,
        kind: Kind::Choice(&PRESET_NAMES),
        get: |s| s.config.net.preset_name().map(Value::Word),
        set: |s, v| {
            if let Value::Word(w) = v {
                s.config.net = Net::preset(w).unwrap_or_default()
            }
        },
        derived: true,
        recipe: true,
    },
    Opt {
        key: "dropout",
        label: K::OptDropout,
        help: K::OptDropoutHelp,
        kind: Kind::Float { min: 0.0, max: 0.95, min_open: false, max_open: true, step: 0.05 },
        get: |s| Some(Value::Float(s.config.dropout)),
        set: |s, v| s.config.dropout = float(v),
        derived: false,
        recipe: true,
    },
    Opt {
        key: "optimizer",
        label: K::OptOptimizer,
        help: K::OptOptimizerHelp,
        kind: Kind::Choice(&["adam", "sgd", "adamw"]),
        get: |s| Some(Value::Word(s.config.optimizer.as_str())),
        set: |s, v| {
            if let Value::Word(w) = v {
                s.config.optimizer = OptimizerKind::parse(w).unwrap_or_default()
            }
        },
        derived: false,
        recipe: true,
    },
    Opt {
        key: "momentum",
        label: K::OptMomentum,
        help: K::OptMomentumHelp,
        kind: Kind::Float { min: 0.0, max: 1.0, min_open: false, max_open: true, step: 0.05 },
        get: |s| Some(Value::Float(s.config.momentum)),
        set: |s, v| s.config.momentum = float(v),
        derived: false,
        recipe: true,
    },
    Opt {
        key: "nesterov",
        label: K::OptNesterov,
        help: K::OptNesterovHelp,
        kind: Kind::Flag,
        get: |s| Some(Value::Flag(s.config.nesterov)),
        set: |s, v| s.config.nesterov = v == Value::Flag(true),
        derived: false,
        recipe: true,
    },
    Opt {
        key: "weight_decay",
        label: K::OptWeightDecay,
        help: K::OptWeightDecayHelp,
        kind: closed(0.0, 1.0, 0.0001),
        get: |s| Some(Value::Float(s.config.weight_decay)),
        set: |s, v| s.config.weight_decay = float(v),
        derived: false,
        recipe: true,
    },
    Opt {
        key: "lr_step",
        label: K::OptLrStep,
        help: K::OptLrStepHelp,
        kind: Kind::Int { min: 0, max: 1000 },
        get: |s| Some(Value::Int(s.config.lr_step as u64)),
        set: |s, v| s.config.lr_step = int(v) as usize,
        derived: false,
        recipe: true,
    },
    Opt {
        key: "lr_gamma",
        label: K::OptLrGamma,
        help: K::OptLrGammaHelp,
        kind: Kind::Float { min: 0.0, max: 1.0, min_open: true, max_open: false, step: 0.05 },
        get: |s| Some(Value::Float(s.config.lr_gamma)),
        set: |s, v| s.config.lr_gamma = float(v),
        derived: false,
        recipe: true,
    },
    Opt {
        key: "augment",
        label: K::OptAugment,
        help: K::OptAugmentHelp,
        kind: Kind::Flag,
        get: |s| Some(Value::Flag(s.config.augment.is_on())),
        set: |s, v| s.config.augment = if v == Value::Flag(true) { Augment::STANDARD } else { Augment::default() },
        derived: true,
        recipe: true,
    },
    Opt {
        key: "rotate",
        label: K::OptRotate,
        help: K::OptRotateHelp,
        kind: closed(0.0, 90.0, 1.0),
        get: |s| Some(Value::Float(s.config.augment.rotate)),
        set: |s, v| s.config.augment.rotate = float(v),
        derived: false,
        recipe: true,
    },
    Opt {
        key: "shift",
        label: K::OptShift,
        help: K::OptShiftHelp,
        kind: closed(0.0, 8.0, 0.5),
        get: |s| Some(Value::Float(s.config.augment.shift)),
        set: |s, v| s.config.augment.shift = float(v),
        derived: false,
        recipe: true,
    },
    Opt {
        key: "scale",
        label: K::OptScale,
        help: K::OptScaleHelp,
        kind: closed(0.0, 0.5, 0.05),
        get: |s| Some(Value::Float(s.config.augment.scale)),
        set: |s, v| s.config.augment.scale = float(v),
        derived: false,
        recipe: true,
    },
    Opt {
        key: "train_images",
        label: K::OptTrainImages,
        help: K::OptTrainImagesHelp,
        kind: Kind::Int { min: 1, max: 60_000 },
        get: |s| s.config.train_images.map(|n| Value::Int(n as u64)),
        set: |s, v| s.config.train_images = Some(int(v) as usize),
        derived: false,
        recipe: true,
    },
    Opt {
        key: "test_images",
        label: K::OptTestImages,
        help: K::OptTestImagesHelp,
        kind: Kind::Int { min: 1, max: 10_000 },
        get: |s| s.config.test_images.map(|n| Value::Int(n as u64)),
        set: |s, v| s.config.test_images = Some(int(v) as usize),
        derived: false,
        recipe: true,
    },
];

impl Opt {
    /// The option with this URL key.
    pub fn find(key: &str) -> Option<&'static Opt> {
        OPTIONS.iter().find(|o| o.key == key)
    }

    /// `--lr-step`'s name without dashes: `lr-step`.
    pub fn flag(&self) -> String {
        self.key.replace('_', "-")
    }

    /// "a whole number from 1 to 1000", "a number above 0 and at most 1".
    pub fn range(&self) -> String {
        match self.kind {
            Kind::Int { min, max } => format!("a whole number from {min} to {max}"),
            Kind::Float { min, max, min_open, max_open, .. } => match (min_open, max_open) {
                (false, false) => format!("a number from {min} to {max}"),
                (true, false) => format!("a number above {min} and at most {max}"),
                (false, true) => format!("a number from {min} and below {max}"),
                (true, true) => format!("a number above {min} and below {max}"),
            },
            Kind::Flag => "on or off (1 or 0)".into(),
            Kind::Choice(words) => format!("one of {}", words.join(", ")),
            Kind::Net => "a network such as c16k5-p-c32k5-c32k5-p-c64k5 (c<channels>k<kernel>, p, d<rate>, l<units>)".into(),
        }
    }

    /// Parses a typed value, refusing one of the wrong kind or out of range.
    pub fn parse(&self, text: &str) -> Result<Value, String> {
        let text = text.trim();
        let bad = || format!("{} = {text:?}: must be {}", self.key, self.range());
        let value = match self.kind {
            Kind::Int { .. } => Value::Int(text.parse().map_err(|_| bad())?),
            Kind::Float { .. } => Value::Float(text.parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(bad)?),
            Kind::Flag => Value::Flag(match text.to_ascii_lowercase().as_str() {
                "" | "1" | "true" | "yes" | "on" => true,
                "0" | "false" | "no" | "off" => false,
                _ => return Err(bad()),
            }),
            Kind::Choice(words) => Value::Word(words.iter().find(|w| w.eq_ignore_ascii_case(text)).ok_or_else(bad)?),
            Kind::Net => Value::Net(Net::parse(text).map_err(|e| format!("{} = {:?}: {e}", self.key, crate::base::text::cut(text, 40)))?),
        };
        if self.accepts(&value) { Ok(value) } else { Err(bad()) }
    }

    /// Whether `value` is of this option's kind and in its range.
    pub fn accepts(&self, value: &Value) -> bool {
        match (self.kind, value) {
            (Kind::Int { min, max }, Value::Int(v)) => (min..=max).contains(v),
            (Kind::Float { min, max, min_open, max_open, .. }, Value::Float(v)) => {
                v.is_finite() && (if min_open { *v > min } else { *v >= min }) && (if max_open { *v < max } else { *v <= max })
            }
            (Kind::Flag, Value::Flag(_)) => true,
            (Kind::Choice(words), Value::Word(w)) => words.contains(w),
            (Kind::Net, Value::Net(n)) => n.check().is_ok(),
            _ => false,
        }
    }
}

/// Whether `opt`'s value changes the training of `config`: the augmentation's amounts only while
/// augmentation is on, SGD's momentum only for SGD (the page greys out the others, and a run's
/// name leaves them out).
pub fn matters(opt: &Opt, config: &TrainConfig) -> bool {
    match opt.key {
        "rotate" | "shift" | "scale" => config.augment.is_on(),
        "momentum" | "nesterov" => config.optimizer == OptimizerKind::Sgd,
        _ => true,
    }
}

/// Checks every option of `settings` against its range, and that a batch of the network fits in
/// the GPU's buffers.
pub fn validate_settings(settings: &Settings) -> crate::Result<()> {
    for o in OPTIONS {
        if let Some(v) = (o.get)(settings).filter(|v| !o.accepts(v)) {
            return Err(AppError::Config(format!("{} is {v}, but must be {}", o.label.en(), o.range())));
        }
    }
    let c = &settings.config;
    let largest = c.net.largest_output().saturating_mul(c.batch);
    if largest > MAX_BUFFER_VALUES {
        return Err(AppError::Config(format!(
            "a batch of {} through this network makes a tensor of {} MB, more than the {} MB a GPU buffer holds: use a smaller batch or fewer channels",
            c.batch,
            (largest * 4) >> 20,
            (MAX_BUFFER_VALUES * 4) >> 20
        )));
    }
    Ok(())
}

/// Checks every option of the recipe `config` against its range.
pub fn validate(config: &TrainConfig) -> crate::Result<()> {
    validate_settings(&Settings::of(config))
}

/// Every option of the recipe `config`, in the table's order and words (`Epochs 10, Batch size
/// 64, …`), as the native command prints a run's settings.
pub fn summary(config: &TrainConfig) -> String {
    let s = Settings::of(config);
    let recipe = OPTIONS.iter().filter(|o| o.recipe && !o.derived && matters(o, config));
    recipe.filter_map(|o| (o.get)(&s).map(|v| format!("{} {v}", o.label.en()))).collect::<Vec<_>>().join(", ")
}

/// Applies `key = text` to `settings`; `Ok(false)` when `key` is not an option.
pub fn apply(settings: &mut Settings, key: &str, text: &str) -> Result<bool, String> {
    match Opt::find(key) {
        Some(o) => {
            (o.set)(settings, o.parse(text)?);
            Ok(true)
        }
        None => Ok(false),
    }
}

/// The query that reproduces `settings` from the defaults (only what differs), so that the
/// address bar always links to the run on screen.
pub fn settings_query(settings: &Settings) -> String {
    let d = Settings::default();
    OPTIONS
        .iter()
        .filter(|o| !o.derived)
        .filter_map(|o| (o.get)(settings).filter(|v| Some(v) != (o.get)(&d).as_ref()).map(|v| format!("{}={v}", o.key)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The query of the recipe `config` (what a weights file and a checkpoint say of their run).
pub fn query(config: &TrainConfig) -> String {
    settings_query(&Settings::of(config))
}
