//! The native training command (and the data loading that native tests share).
use crate::backend::{self, BackendKind};
use crate::calibrate;
use crate::checkpoint::Checkpoint;
use crate::data::{self, Dataset};
use crate::error::{AppError, Result};
use crate::idx::maybe_gunzip;
use crate::model::Cnn;
use crate::protocol::Event;
use crate::session::{self, Control, Host, ReadPolicy, Start};
use crate::train::TrainConfig;
use crate::weights;
use burn::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Reads one data file from `dir` (`name.gz` or `name`), decompressed.
pub fn read_file(dir: &Path, name: &str) -> Result<Vec<u8>> {
    let gz = dir.join(format!("{name}.gz"));
    let path = if gz.exists() { gz } else { dir.join(name) };
    let bytes = std::fs::read(&path).map_err(|e| AppError::Io(format!("cannot read {}: {e}", path.display())))?;
    maybe_gunzip(name, bytes)
}

/// Loads the training and test sets from `dir`.
pub fn load_mnist(dir: &Path) -> Result<(Dataset, Dataset)> {
    let set = |i: &str, l: &str| -> Result<Dataset> { Dataset::from_idx((i, &read_file(dir, i)?), (l, &read_file(dir, l)?)) };
    Ok((set(data::TRAIN_IMAGES, data::TRAIN_LABELS)?, set(data::TEST_IMAGES, data::TEST_LABELS)?))
}

/// The default data folder: `static/data` of this crate.
pub fn default_data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("static/data")
}

struct Printer {
    start: Instant,
    losses: Vec<f32>,
    /// When the current epoch started and when its last losses were reported (s since start).
    epoch_start: f64,
    last_losses: f64,
    /// Images per epoch (for images/s).
    images_per_epoch: usize,
    /// Where checkpoints go (`--checkpoint`).
    checkpoint_file: Option<PathBuf>,
}

impl Host for Printer {
    async fn between_batches(&mut self) -> Control {
        Control::Continue { paused_ms: 0.0 }
    }

    fn report(&mut self, event: Event) {
        match event {
            Event::Losses { losses, progress: p, .. } => {
                self.last_losses = self.start.elapsed().as_secs_f64();
                self.losses.extend(&losses);
                let n = self.losses.len();
                if n % 100 < losses.len() || n <= 5 {
                    println!(
                        "epoch {}/{} batch {}/{}  loss {:.4}  {:.0} img/s  eta {:.0}s",
                        p.epoch,
                        p.epochs,
                        p.batch,
                        p.batches_per_epoch,
                        losses.last().unwrap_or(&f32::NAN),
                        p.images_per_sec,
                        p.eta_s
                    );
                }
            }
            Event::Eval { epoch, result: r, .. } => {
                let now = self.start.elapsed().as_secs_f64();
                let train_s = self.last_losses - self.epoch_start;
                // The same line as bench/device/torch_tutorial.py prints, for bench/device/run.sh.
                println!(
                    "EPOCH {}: {train_s:.2} s training ({:.0} images/s), {:.2} s with test; accuracy {:.2}%",
                    crate::format::epochs(epoch),
                    self.images_per_epoch as f64 / train_s.max(1e-9),
                    now - self.epoch_start,
                    r.accuracy
                );
                self.epoch_start = now;
                println!(
                    "EVAL epoch {epoch:.2}: test accuracy {:.2}% ({}/{}), test loss {:.4}  [{:.0}s]",
                    r.accuracy,
                    r.correct,
                    r.total,
                    r.loss,
                    self.start.elapsed().as_secs_f64()
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

    fn checkpoint(&mut self, checkpoint: Checkpoint) {
        let Some(path) = &self.checkpoint_file else { return };
        // Written beside and renamed: an interrupted write never leaves half a checkpoint.
        let part = path.with_extension("part");
        let written = std::fs::write(&part, checkpoint.encode()).and_then(|()| std::fs::rename(&part, path));
        match written {
            Ok(()) => println!("checkpoint: {} after {} batches", path.display(), checkpoint.position.done),
            Err(e) => eprintln!("could not write the checkpoint {}: {e}", path.display()),
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

/// Picks the device: the one asked for (`cpu`, `wgpu`, or `cuda` in a build with the `cuda`
/// feature), or the faster of the GPU (when there is one) and the CPU, measured by a few training
/// steps on each. Returns the device, its kind ("cpu", "wgpu", "cuda") and a description.
pub fn pick_device(backend: Option<&str>) -> Result<(Device, &'static str, String)> {
    match backend {
        Some(s) if s.eq_ignore_ascii_case("cuda") => cuda(),
        Some(s) => Ok(match BackendKind::parse(s)? {
            BackendKind::Cpu => (backend::cpu(), "cpu", "CPU (flex)".into()),
            BackendKind::Gpu => (backend::native_gpu()?, "wgpu", "GPU (wgpu)".into()),
        }),
        None => Ok(match backend::native_gpu() {
            Ok(gpu) => calibrated(gpu),
            Err(e) => (backend::cpu(), "cpu", format!("CPU (flex): no GPU ({e})")),
        }),
    }
}

/// The faster of `gpu` and the CPU.
fn calibrated(gpu: Device) -> (Device, &'static str, String) {
    let start = Instant::now();
    let now = move || start.elapsed().as_secs_f64() * 1000.0;
    let never = |_| std::future::pending::<()>();
    let figures = futures_lite::future::block_on(async {
        let cpu = calibrate::time_steps(&backend::cpu(), calibrate::CPU_BUDGET_MS, now, never).await;
        let gpu = calibrate::time_steps(&gpu, calibrate::GPU_MIN_MS, now, never).await;
        calibrate::Calibration { gpu, cpu }
    });
    let why = crate::page_text::calibration_text(&figures, "the GPU (wgpu)", crate::i18n::Lang::En);
    match figures.choice() {
        BackendKind::Gpu => (gpu, "wgpu", format!("GPU (wgpu): {why}")),
        BackendKind::Cpu => (backend::cpu(), "cpu", format!("CPU (flex): {why}")),
    }
}

/// The first CUDA device, in a build with the `cuda` feature.
#[cfg(feature = "cuda")]
fn cuda() -> Result<(Device, &'static str, String)> {
    if Device::enumerate(burn::tensor::DeviceType::Cuda).into_vec().is_empty() {
        return Err(AppError::Device("no CUDA device (is the NVIDIA driver's libcuda installed?)".into()));
    }
    Ok((Device::cuda(0), "cuda", "GPU (CUDA)".into()))
}

#[cfg(not(feature = "cuda"))]
fn cuda() -> Result<(Device, &'static str, String)> {
    Err(AppError::Config("this train binary was built without CUDA (cargo build --release --bin train --features cuda)".into()))
}

/// A native run: every batch loss, the trained weights and the last evaluation.
pub struct Trained {
    pub losses: Vec<f32>,
    pub flat: Vec<f32>,
    pub last_eval: Option<(f64, crate::eval::EvalResult)>,
    pub evals: Vec<(f64, crate::eval::EvalResult)>,
}

/// Trains with the browser's session code from the weights `init`.
pub fn train(
    config: &TrainConfig,
    device: &Device,
    train: &Dataset,
    test: &Dataset,
    init: &[f32],
    max_batches: Option<usize>,
) -> Result<Trained> {
    let model = weights::load(Cnn::build(config.arch, config.dropout, &device.clone().autodiff()), init)?;
    run(config, (train, test), Start::fresh(model), max_batches, None)
}

/// Trains from `start`, keeping checkpoints in `checkpoint_file` if one is given.
pub fn run(
    config: &TrainConfig,
    (train, test): (&Dataset, &Dataset),
    start: Start,
    max_batches: Option<usize>,
    checkpoint_file: Option<&Path>,
) -> Result<Trained> {
    let images_per_epoch = config.train_images.map_or(train.len(), |n| n.min(train.len()));
    let mut host = Printer {
        start: Instant::now(),
        losses: start.history.losses.clone(),
        epoch_start: 0.0,
        last_losses: 0.0,
        images_per_epoch,
        checkpoint_file: checkpoint_file.map(Path::to_path_buf),
    };
    let policy =
        ReadPolicy { read_ms: 2000.0, max_pending: 100, max_batches, checkpoint_ms: checkpoint_file.map(|_| 30_000.0), snapshot_ms: None };
    let outcome = futures_lite::future::block_on(session::run(config, train, test, start, &policy, &mut host))?;
    let flat = futures_lite::future::block_on(weights::read_flat(&outcome.model))?;
    Ok(Trained { losses: host.losses, flat, last_eval: outcome.last_eval, evals: outcome.evals })
}

/// The `train` command (`args` without the program's name).
pub fn main(args: Vec<String>) -> Result<()> {
    let (args, config) = match crate::cli::parse(&args) {
        Ok(parsed) => parsed,
        Err(e) if matches!(e.kind(), clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion) => {
            print!("{e}");
            return Ok(());
        }
        Err(e) => return Err(AppError::Usage(e.to_string())),
    };
    config.validate()?;
    let (train_set, test_set) = load_mnist(&args.data)?;
    let (device, kind, name) = pick_device(args.backend.as_deref())?;
    if let Some(n) = args.bench {
        let adapter = format!("{name}, {} threads", std::thread::available_parallelism().map_or(1, |n| n.get()));
        let probe = Clock(Instant::now());
        let r = futures_lite::future::block_on(crate::bench::train(&train_set, &device, (kind.into(), adapter), 2, n as usize, &probe))?;
        println!("{}", serde_json::to_string(&r).expect("serialises"));
        return Ok(());
    }
    let resumed = match &args.resume {
        Some(p) => Some(read_checkpoint(p, &config, &args)?),
        None => None,
    };
    let config = resumed.as_ref().map_or(config, |c| c.config.clone());
    println!("device: {name}; {config:?}");
    let start = match &resumed {
        Some(c) => {
            println!("continuing {} from batch {} of {}", args.resume.as_ref().expect("given").display(), c.position.done, c.config.epochs);
            Start::resume(c, &device.clone().autodiff())?
        }
        None => {
            let init = match &args.init {
                Some(p) => read_weights(p, &config)?,
                None => weights::init_for(config.arch, config.seed),
            };
            Start::fresh(weights::load(Cnn::build(config.arch, config.dropout, &device.clone().autodiff()), &init)?)
        }
    };
    let run = run(&config, (&train_set, &test_set), start, args.max_batches, args.checkpoint.as_deref())?;
    if let Some(p) = &args.out {
        let meta = crate::weights::run_metadata(
            &config,
            run.last_eval.as_ref(),
            &crate::i18n::Lang::En.fill(crate::i18n::K::TrainedNatively, &[("device", &name)]),
        );
        std::fs::write(p, crate::model_file::encode(config.arch, &run.flat, &meta))
            .map_err(|e| AppError::Io(format!("{}: {e}", p.display())))?;
        println!("weights written to {}", p.display());
    }
    if let Some(p) = &args.log {
        let per_epoch = data::batch_count(config.train_images.map_or(train_set.len(), |n| n.min(train_set.len())), config.batch);
        let log =
            crate::run_log::RunLog { config: &config, device: &name, batches_per_epoch: per_epoch, losses: &run.losses, evals: &run.evals };
        let text = if p.extension().is_some_and(|e| e == "json") { log.json() } else { log.csv() };
        std::fs::write(p, text).map_err(|e| AppError::Io(format!("{}: {e}", p.display())))?;
        println!("log written to {}", p.display());
    }
    if let Some(p) = &args.losses_json {
        let json = serde_json::to_string(&run.losses).expect("floats serialise");
        std::fs::write(p, json).map_err(|e| AppError::Io(format!("{}: {e}", p.display())))?;
    }
    Ok(())
}

/// The checkpoint to continue: its settings are the run's; options given besides must agree.
fn read_checkpoint(p: &Path, config: &TrainConfig, args: &crate::cli::Args) -> Result<Checkpoint> {
    let bytes = std::fs::read(p).map_err(|e| AppError::Io(format!("{}: {e}", p.display())))?;
    let checkpoint = Checkpoint::decode(&p.display().to_string(), &bytes)?;
    if args.init.is_some() {
        return Err(AppError::Config("--resume continues a checkpoint's weights: it cannot start from --init as well".into()));
    }
    if *config != TrainConfig::default() {
        checkpoint.check_settings(config)?;
    }
    Ok(checkpoint)
}

/// The weights of a file given on the command line (safetensors or a PyTorch .pth), which must
/// be for the network being trained.
fn read_weights(p: &Path, config: &TrainConfig) -> Result<Vec<f32>> {
    let bytes = std::fs::read(p).map_err(|e| AppError::Io(format!("{}: {e}", p.display())))?;
    let file = crate::model_file::decode(&p.display().to_string(), &bytes)?;
    if file.arch != config.arch {
        return Err(AppError::Config(format!(
            "{} holds the {} network's weights: add --arch {}",
            p.display(),
            file.arch.as_str(),
            file.arch.as_str()
        )));
    }
    println!("starting from {}", crate::describe::about_text(&file.about(&p.display().to_string()), crate::i18n::Lang::En));
    Ok(file.flat)
}
