//! The native `train` command's arguments (clap): the training options come from
//! [`crate::train::options::OPTIONS`] (`--lr-step` for `lr_step`), each checked by the table's kind and
//! range; the rest are the command's own.
use crate::train::options::{self, Kind, OPTIONS, Settings};
use clap::{Arg, ArgAction, ArgMatches, Args as _, Command, FromArgMatches, Parser};
use std::path::PathBuf;

/// Trains the MNIST CNN natively with the browser's code (the training options are the page's
/// URL parameters, with dashes).
#[derive(Parser, Debug)]
#[command(name = "train")]
pub struct Args {
    /// Folder with a data set's four IDX files, raw or .gz, named like MNIST's (train-images,
    /// train-labels, t10k-images or test-images, t10k-labels or test-labels): MNIST,
    /// Fashion-MNIST, KMNIST, EMNIST…
    #[arg(long, value_name = "DIR", default_value_os_t = crate::native::data_files::default_data_dir())]
    pub data: PathBuf,
    /// The data set's class names: a text file, one name a line (default: numbered from 0)
    #[arg(long, value_name = "FILE")]
    pub classes: Option<PathBuf>,
    /// The images are stored column by column, as EMNIST's are (taken as so when the files'
    /// names say emnist)
    #[arg(long)]
    pub transposed: bool,
    /// cpu, wgpu (a GPU through Vulkan/Metal) or cuda (builds with the `cuda` feature); default:
    /// the faster of cpu and wgpu, measured by a few steps on each
    #[arg(long)]
    pub backend: Option<String>,
    /// Stop after N batches in all
    #[arg(long, value_name = "N")]
    pub max_batches: Option<usize>,
    /// Benchmark instead: warm-up batches, then N timed batches of 64 (prints JSON)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub bench: Option<u64>,
    /// Start from these weights (safetensors or a PyTorch .pth) instead of the seeded ones
    #[arg(long, value_name = "FILE")]
    pub init: Option<PathBuf>,
    /// Write the trained weights here (safetensors)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Write every batch loss as a JSON array
    #[arg(long, value_name = "FILE")]
    pub losses_json: Option<PathBuf>,
    /// Write the run's record here: every batch's loss and every epoch's test results (CSV, or
    /// JSON with the settings and the device when FILE ends in .json)
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,
    /// Keep a checkpoint of the run here (after every epoch and every 30 s) to continue it later
    #[arg(long, value_name = "FILE")]
    pub checkpoint: Option<PathBuf>,
    /// Continue the run of this checkpoint (with its settings), where it stopped
    #[arg(long, value_name = "FILE")]
    pub resume: Option<PathBuf>,
}

/// The command: its own arguments, then one per training option.
pub fn command() -> Command {
    Args::augment_args(Command::new("train").about("Trains the MNIST CNN natively with the browser's code")).args(OPTIONS.iter().map(|o| {
        let arg = Arg::new(o.key).long(o.flag()).help(format!("{} ({})", o.help.en(), o.range()));
        match o.kind {
            Kind::Flag => arg.action(ArgAction::SetTrue),
            _ => arg
                .value_name(match o.kind {
                    Kind::Choice(_) => "NAME",
                    Kind::Net => "LAYERS",
                    _ => "N",
                })
                .value_parser(move |s: &str| o.parse(s).map(|_| s.to_string())),
        }
    }))
}

/// Parses the command line (`args` without the program's name) into the command's arguments
/// and the training settings; `Err` carries clap's message (help and errors alike).
pub fn parse(args: &[String]) -> Result<(Args, Settings), clap::Error> {
    let matches = command().try_get_matches_from(std::iter::once("train".to_string()).chain(args.iter().cloned()))?;
    let parsed = Args::from_arg_matches(&matches)?;
    Ok((parsed, settings(&matches)))
}

/// The settings: the defaults with every option given applied, in the table's order.
fn settings(matches: &ArgMatches) -> Settings {
    let mut settings = Settings::default();
    for o in OPTIONS {
        let text = match o.kind {
            Kind::Flag => matches.get_flag(o.key).then(|| "1".to_string()),
            _ => matches.get_one::<String>(o.key).cloned(),
        };
        if let Some(text) = text {
            // Checked by the argument's value parser already.
            let _ = options::apply(&mut settings, o.key, &text);
        }
    }
    settings
}
