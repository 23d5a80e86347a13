//! The native training command (and the data loading that native tests share).
use crate::arch::Arch;
use crate::augment::Augment;
use crate::backend::{self, BackendKind};
use crate::calibrate;
use crate::data::{self, Dataset};
use crate::error::{AppError, Result};
use crate::idx::maybe_gunzip;
use crate::model::Cnn;
use crate::protocol::Event;
use crate::session::{self, Control, Host, ReadPolicy};
use crate::train::TrainConfig;
use crate::weights;
use burn::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

const HELP: &str = "train [options]  — trains the MNIST CNN natively with the browser's code
  --data DIR            folder with the MNIST files, raw or .gz (default static/data)
  --backend cpu|wgpu    device (default: the faster of the two, measured by a few steps on each)
  --epochs N --batch N --lr X --seed N --train-images N --test-images N
  --arch tutorial|deeper   network variant (default tutorial)
  --dropout P           dropout rate before the classifier (default 0: off)
  --augment             random rotation ±10°, shift ±2 px, scale ±10% (or set --rotate DEG --shift PX --scale F)
  --lr-step N --lr-gamma G   multiply the learning rate by G every N epochs (default off)
  --max-batches N       stop after N batches in all
  --bench N             benchmark instead: 2 warm-up batches, then N timed batches of 64 (prints JSON)
  --init FILE           start from these weights instead of the seeded initialisation
  --out FILE            write the trained weights here
  --losses-json FILE    write every batch loss as a JSON array";

/// Reads one data file from `dir` (`name.gz` or `name`), decompressed.
pub fn read_file(dir: &Path, name: &str) -> Result<Vec<u8>> {
    let gz = dir.join(format!("{name}.gz"));
    let path = if gz.exists() { gz } else { dir.join(name) };
    let bytes = std::fs::read(&path).map_err(|e| AppError::Io(format!("cannot read {}: {e}", path.display())))?;
    maybe_gunzip(name, bytes)
}

/// Loads the training and test sets from `dir`.
pub fn load_mnist(dir: &Path) -> Result<(Dataset, Dataset)> {
    let set = |i: &str, l: &str| -> Result<Dataset> {
        Dataset::from_idx((i, &read_file(dir, i)?), (l, &read_file(dir, l)?))
    };
    Ok((set(data::TRAIN_IMAGES, data::TRAIN_LABELS)?, set(data::TEST_IMAGES, data::TEST_LABELS)?))
}

/// The default data folder: `static/data` of this crate.
pub fn default_data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("static/data")
}

struct Printer {
    start: Instant,
    losses: Vec<f32>,
}

impl Host for Printer {
    async fn between_batches(&mut self) -> Control {
        Control::Continue { paused_ms: 0.0 }
    }

    fn report(&mut self, event: Event) {
        match event {
            Event::Losses { losses, progress: p, .. } => {
                self.losses.extend(&losses);
                let n = self.losses.len();
                if n % 100 < losses.len() || n <= 5 {
                    println!(
                        "epoch {}/{} batch {}/{}  loss {:.4}  {:.0} img/s  eta {:.0}s",
                        p.epoch, p.epochs, p.batch, p.batches_per_epoch, losses.last().unwrap_or(&f32::NAN), p.images_per_sec, p.eta_s
                    );
                }
            }
            Event::Eval { epoch, result: r, .. } => {
                println!(
                    "EVAL epoch {epoch:.2}: test accuracy {:.2}% ({}/{}), test loss {:.4}  [{:.0}s]",
                    r.accuracy, r.correct, r.total, r.loss, self.start.elapsed().as_secs_f64()
                );
                if let Some(mb) = rss_mb() {
                    println!("      memory: {mb:.0} MB resident");
                }
                let per: Vec<String> = r.per_class().iter().enumerate().map(|(d, a)| format!("{d}:{:.1}", a.unwrap_or(f64::NAN))).collect();
                println!("      per digit (%): {}", per.join(" "));
            }
            Event::Done { stopped } => println!("done (stopped: {stopped}) in {:.1}s", self.start.elapsed().as_secs_f64()),
        }
    }

    fn now_ms(&self) -> f64 {
        self.start.elapsed().as_secs_f64() * 1000.0
    }

    fn memory_mb(&self) -> f64 {
        rss_mb().unwrap_or(0.0)
    }
}

/// The native benchmark's probe: a clock; wgpu's calls are not counted here (kernel launches are,
/// by the benchmark itself).
struct Clock(Instant);

impl crate::bench::Probe for Clock {
    fn now_ms(&self) -> f64 {
        self.0.elapsed().as_secs_f64() * 1000.0
    }

    fn counts(&self) -> Option<crate::bench::GpuCounts> {
        None
    }
}

/// Resident memory of this process in MB (Linux), to show that a long run does not grow.
pub fn rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status.lines().find(|l| l.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Picks the device: the one asked for, or the faster of the GPU (when there is one) and the
/// CPU, measured by a few training steps on each.
pub fn pick_device(kind: Option<BackendKind>) -> Result<(Device, BackendKind, String)> {
    match kind {
        Some(BackendKind::Cpu) => Ok((backend::cpu(), BackendKind::Cpu, "CPU (flex)".into())),
        Some(BackendKind::Gpu) => Ok((backend::native_gpu()?, BackendKind::Gpu, "GPU (wgpu)".into())),
        None => Ok(match backend::native_gpu() {
            Ok(gpu) => {
                let start = Instant::now();
                let now = move || start.elapsed().as_secs_f64() * 1000.0;
                let never = |_| std::future::pending::<()>();
                let figures = futures_lite::future::block_on(async {
                    let cpu = calibrate::time_steps(&backend::cpu(), calibrate::CPU_BUDGET_MS, now, never).await;
                    let gpu = calibrate::time_steps(&gpu, calibrate::GPU_MIN_MS, now, never).await;
                    calibrate::Calibration { gpu, cpu }
                });
                let why = figures.describe("the GPU (wgpu)");
                match figures.choice() {
                    BackendKind::Gpu => (gpu, BackendKind::Gpu, format!("GPU (wgpu): {why}")),
                    BackendKind::Cpu => (backend::cpu(), BackendKind::Cpu, format!("CPU (flex): {why}")),
                }
            }
            Err(e) => (backend::cpu(), BackendKind::Cpu, format!("CPU (flex): no GPU ({e})")),
        }),
    }
}

/// Trains with the browser's session code; returns the losses and the trained model's weights.
pub fn train(config: &TrainConfig, device: &Device, train: &Dataset, test: &Dataset, init: &[f32], max_batches: Option<usize>) -> Result<(Vec<f32>, Vec<f32>)> {
    let model = weights::load(Cnn::build(config.arch, config.dropout, &device.clone().autodiff()), init)?;
    let mut host = Printer { start: Instant::now(), losses: Vec::new() };
    let policy = ReadPolicy { read_ms: 2000.0, max_pending: 100, max_batches };
    let model = futures_lite::future::block_on(session::run(config, train, test, model, &policy, &mut host))?;
    let flat = futures_lite::future::block_on(weights::read_flat(&model))?;
    Ok((host.losses, flat))
}

pub fn main(args: Vec<String>) -> Result<()> {
    let mut config = TrainConfig::default();
    let (mut dir, mut kind, mut max_batches, mut bench) = (default_data_dir(), None, None, None::<usize>);
    let (mut init, mut out, mut losses_json) = (None::<PathBuf>, None::<PathBuf>, None::<PathBuf>);
    let mut it = args.into_iter();
    while let Some(flag) = it.next() {
        if flag == "--help" || flag == "-h" {
            println!("{HELP}");
            return Ok(());
        }
        if flag == "--augment" {
            config.augment = Augment::STANDARD;
            continue;
        }
        let value = it.next().ok_or_else(|| AppError::Config(format!("{flag} needs a value")))?;
        let num = |v: &str| v.parse::<f64>().map_err(|_| AppError::Config(format!("{flag} {v}: not a number")));
        match flag.as_str() {
            "--data" => dir = value.into(),
            "--backend" => kind = Some(BackendKind::parse(&value)?),
            "--epochs" => config.epochs = num(&value)? as usize,
            "--batch" => config.batch = num(&value)? as usize,
            "--lr" => config.lr = num(&value)?,
            "--seed" => config.seed = num(&value)? as u64,
            "--train-images" => config.train_images = Some(num(&value)? as usize),
            "--test-images" => config.test_images = Some(num(&value)? as usize),
            "--arch" => config.arch = Arch::parse(&value).ok_or_else(|| AppError::Config(format!("unknown network variant {value}")))?,
            "--dropout" => config.dropout = num(&value)?,
            "--rotate" => config.augment.rotate = num(&value)?,
            "--shift" => config.augment.shift = num(&value)?,
            "--scale" => config.augment.scale = num(&value)?,
            "--lr-step" => config.lr_step = num(&value)? as usize,
            "--lr-gamma" => config.lr_gamma = num(&value)?,
            "--bench" => bench = Some(num(&value)? as usize),
            "--max-batches" => max_batches = Some(num(&value)? as usize),
            "--init" => init = Some(value.into()),
            "--out" => out = Some(value.into()),
            "--losses-json" => losses_json = Some(value.into()),
            _ => return Err(AppError::Config(format!("unknown option {flag}\n{HELP}"))),
        }
    }
    config.validate()?;
    let (train_set, test_set) = load_mnist(&dir)?;
    let train_set = train_set.truncate(config.train_images.unwrap_or(usize::MAX));
    let test_set = test_set.truncate(config.test_images.unwrap_or(usize::MAX));
    let (device, kind, name) = pick_device(kind)?;
    if let Some(n) = bench {
        let kind = if kind == BackendKind::Gpu { "wgpu" } else { "cpu" };
        let adapter = format!("{name}, {} threads", std::thread::available_parallelism().map_or(1, |n| n.get()));
        let probe = Clock(Instant::now());
        let r = futures_lite::future::block_on(crate::bench::train(&train_set, &device, (kind.into(), adapter), 2, n.max(1), &probe))?;
        println!("{}", serde_json::to_string(&r).expect("serialises"));
        return Ok(());
    }
    println!("device: {name}; {} training and {} test images; {config:?}", train_set.len(), test_set.len());
    let init = match init {
        Some(p) => weights::decode(&std::fs::read(&p).map_err(|e| AppError::Io(format!("{}: {e}", p.display())))?)?,
        None => weights::init_for(config.arch, config.seed),
    };
    let (losses, flat) = train(&config, &device, &train_set, &test_set, &init, max_batches)?;
    if let Some(p) = out {
        std::fs::write(&p, weights::encode(&flat)).map_err(|e| AppError::Io(format!("{}: {e}", p.display())))?;
        println!("weights written to {}", p.display());
    }
    if let Some(p) = losses_json {
        let json = serde_json::to_string(&losses).expect("floats serialise");
        std::fs::write(&p, json).map_err(|e| AppError::Io(format!("{}: {e}", p.display())))?;
    }
    Ok(())
}
