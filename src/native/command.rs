//! The native training command: picks the device, trains (fresh, from a file's weights or from
//! a checkpoint) and writes the weights, the run log and the losses.
use crate::base::error::{AppError, Result};
use crate::data::dataset::{self, Dataset};
use crate::model::flat;
use crate::native::capped::read_capped;
use crate::native::data_files::load_set;
use crate::native::device_pick::{Clock, pick_device};
use crate::native::printer::Printer;
use crate::train::checkpoint::Checkpoint;
use crate::train::config::TrainConfig;
use crate::train::parallel::helpers::InProcess;
use crate::train::session::{self, ReadPolicy};
use crate::train::start::{RunFrom, Start};
use burn::prelude::*;
use std::path::Path;
use std::time::Instant;

/// A native run: every batch loss, the trained weights and the last evaluation.
pub struct Trained {
    pub losses: Vec<f32>,
    pub flat: Vec<f32>,
    pub last_eval: Option<(f64, crate::train::results::EvalResult)>,
    pub evals: Vec<(f64, crate::train::results::EvalResult)>,
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
    let (config, start) = Start::build(RunFrom::Fresh { config: config.clone(), init: Some(init.to_vec()) }, device)?;
    run(&config, 1, (train, test), start, max_batches, None)
}

/// Trains from `start` with `workers` sharing each batch (in turn, in this process: the same
/// training), keeping checkpoints in `checkpoint_file` if one is given.
pub fn run(
    config: &TrainConfig,
    workers: usize,
    (train, test): (&Dataset, &Dataset),
    start: Start,
    max_batches: Option<usize>,
    checkpoint_file: Option<&Path>,
) -> Result<Trained> {
    let images_per_epoch = config.train_images.map_or(train.len(), |n| n.min(train.len()));
    let mut host = Printer::new(start.history.losses.clone(), images_per_epoch, checkpoint_file.map(Path::to_path_buf));
    if workers > 1 {
        let device = start.model.devices().into_iter().next().expect("the model has parameters").inner();
        host.helpers = Some(InProcess::new(workers - 1, device));
    }
    let policy =
        ReadPolicy { read_ms: 2000.0, max_pending: 100, max_batches, checkpoint_ms: checkpoint_file.map(|_| 30_000.0), snapshot_ms: None };
    let outcome = futures_lite::future::block_on(session::run(config, train, test, start, &policy, &mut host))?;
    let flat = futures_lite::future::block_on(flat::read_flat(&outcome.model))?;
    Ok(Trained { losses: host.losses, flat, last_eval: outcome.last_eval, evals: outcome.evals })
}

/// The `train` command (`args` without the program's name).
pub fn main(args: Vec<String>) -> Result<()> {
    let (args, settings) = match crate::native::cli::parse(&args) {
        Ok(parsed) => parsed,
        Err(e) if matches!(e.kind(), clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion) => {
            print!("{e}");
            return Ok(());
        }
        Err(e) => return Err(AppError::Usage(e.to_string())),
    };
    crate::train::options::validate_settings(&settings)?;
    let (config, workers) = (settings.config, settings.workers.max(1));
    // The weights or checkpoint first: a bad file is refused before the data is read.
    let from = if args.bench.is_some() { None } else { Some(run_from(&args, config.clone())?) };
    let set = load_set(&args.data, args.classes.as_deref(), args.transposed)?;
    let id = set_id(&args.data, &set);
    let (train_set, test_set) = (set.train, set.test);
    let from = from.map(|f| f.on_set(id.as_ref())).transpose()?;
    let (device, kind, name) = pick_device(args.backend.as_deref())?;
    let Some(from) = from else {
        let n = args.bench.expect("a bench when there is no run");
        let adapter = format!("{name}, {} threads", std::thread::available_parallelism().map_or(1, |n| n.get()));
        let probe = Clock(Instant::now());
        let net = config.for_set(id.as_ref())?.net; // one output per class of the set
        let r = futures_lite::future::block_on(crate::device::bench::train(
            &train_set,
            &device,
            &net,
            (kind.into(), adapter),
            (2, n as usize),
            &probe,
            &mut crate::train::parallel::helpers::Alone,
        ))?;
        println!("{}", serde_json::to_string(&r).expect("serialises"));
        return Ok(());
    };
    let (config, start) = Start::build(from, &device)?;
    if let Some(id) = &config.data {
        println!("data: {} ({} classes: {})", id.label(), id.classes.len(), id.classes.join(" "));
    }
    let shared = if workers > 1 { format!("; {workers} workers share each batch") } else { String::new() };
    println!("device: {name}; {}{shared}", crate::train::options::summary(&config));
    let run = run(&config, workers, (&train_set, &test_set), start, args.max_batches, args.checkpoint.as_deref())?;
    if let Some(p) = &args.out {
        let meta = crate::train::metadata::run_metadata(
            &config,
            run.last_eval.as_ref(),
            &crate::i18n::Lang::En.fill(crate::i18n::K::TrainedNatively, &[("device", &name)]),
        );
        std::fs::write(p, crate::weights::file::encode(&config.net, &run.flat, &meta))
            .map_err(|e| AppError::Io(format!("{}: {e}", p.display())))?;
        println!("weights written to {}", p.display());
    }
    if let Some(p) = &args.log {
        let per_epoch = dataset::batch_count(config.train_images.map_or(train_set.len(), |n| n.min(train_set.len())), config.batch);
        let log = crate::runs::log::RunLog::of_run(&config, workers, &name, per_epoch, &run.losses, &run.evals);
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

/// The set's id, `None` for MNIST: runs on MNIST remember no set, as before.
fn set_id(dir: &Path, set: &crate::data::own_set::OwnSet) -> Option<crate::data::set_id::SetId> {
    let name = dir.file_name().map_or_else(|| "data".to_string(), |n| n.to_string_lossy().into_owned());
    set.id(&name)
}

/// The run the command line asks for: a checkpoint continued, or a fresh run (from `--init`).
fn run_from(args: &crate::native::cli::Args, config: TrainConfig) -> Result<RunFrom> {
    match &args.resume {
        Some(p) => {
            let c = read_checkpoint(p, &config, args)?;
            println!("continuing {} from batch {} of {}", p.display(), c.position.done, c.config.epochs);
            Ok(RunFrom::Checkpoint(Box::new(c)))
        }
        None => Ok(RunFrom::Fresh { init: args.init.as_deref().map(|p| read_weights(p, &config)).transpose()?, config }),
    }
}

fn read_checkpoint(p: &Path, config: &TrainConfig, args: &crate::native::cli::Args) -> Result<Checkpoint> {
    let bytes = read_capped(p, crate::train::checkpoint::MAX_BYTES)?;
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
    let bytes = read_capped(p, crate::weights::file::MAX_BYTES)?;
    let file = crate::weights::file::decode(&p.display().to_string(), &bytes)?;
    if file.net != config.net {
        return Err(AppError::Config(format!(
            "{} holds the {} network's weights: add --net {}",
            p.display(),
            file.net.label(),
            file.net.label()
        )));
    }
    println!("starting from {}", crate::page::model_text::about_text(&file.about(&p.display().to_string()), crate::i18n::Lang::En));
    Ok(file.flat)
}
