//! Page ↔ prediction worker.
use crate::base::envelope::Bytes;
use crate::base::error::AppError;
use serde::{Deserialize, Serialize};

/// Where the model that reads the canvas comes from (`data-testid="model-source"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ModelSource {
    Pretrained,
    /// The run in progress, as of its last snapshot.
    Training,
    Trained,
    Loaded,
}

impl ModelSource {
    pub fn as_str(self) -> &'static str {
        match self {
            ModelSource::Pretrained => "pretrained",
            ModelSource::Training => "training",
            ModelSource::Trained => "trained",
            ModelSource::Loaded => "loaded",
        }
    }
}

/// Page → prediction worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ToPredictor {
    /// Read with these weights (a weights file called `name`) from now on, answered with the
    /// same `id` by `ModelReady` or `ModelRejected`.
    SetModel { id: u64, name: String, weights: Bytes },
    /// Read one 28×28 image (0–255, white on black), with every layer's maps when `maps`.
    Predict { id: u64, image: Bytes, maps: bool },
    /// Which pixels of `image` decide `digit`, worked out by `method` (answered by `Saliency`).
    Explain {
        id: u64,
        image: Bytes,
        digit: usize,
        #[serde(default)]
        method: crate::inspect::saliency::Method,
    },
    /// Test images (784 bytes each) to find what excites a channel in.
    Probe { images: Bytes },
    /// The input patches that excite `channel` of `layer` most among the probe images
    /// (answered by `Patches`).
    TopPatches { layer: String, channel: usize },
}

/// Test images handed to the prediction worker for [`ToPredictor::TopPatches`].
pub const PROBE_IMAGES: usize = 500;

/// Prediction worker → page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FromPredictor {
    Ready,
    /// The model of `SetModel { id }` reads the canvas from now on; `about`: where it came from;
    /// `weights`: the same weights as a safetensors file with the tutorial's names
    /// (what "Download weights" saves, whatever the format loaded).
    ModelReady {
        id: u64,
        about: crate::weights::file::About,
        weights: Bytes,
        net: crate::model::net::Net,
        /// The first convolution's filters ([C, 1, k, k] flattened; none without a convolution).
        filters: Vec<f32>,
    },
    /// The weights of `SetModel { id }` were refused (why); the previous model stays.
    ModelRejected {
        id: u64,
        error: AppError,
    },
    /// Class probabilities and logits for `Predict { id }` (empty without a model), and every
    /// layer's maps when asked for ([`crate::inspect::layer_maps::Inspection::maps`]).
    Prediction {
        id: u64,
        probs: Vec<f32>,
        logits: Vec<f32>,
        maps: Bytes,
    },
    /// For `Explain { id, digit }`: per input pixel, how much more ink there makes it `digit`.
    Saliency {
        id: u64,
        digit: usize,
        map: Vec<f32>,
    },
    /// For `TopPatches`: the strongest patches (`side`×`side` bytes each, strongest first) and
    /// the test images they come from; empty before the test images arrive.
    Patches {
        layer: String,
        channel: usize,
        side: usize,
        images: Vec<usize>,
        pixels: Bytes,
    },
    Error {
        error: AppError,
    },
}
