//! The two network variants: the tutorial's (SPEC "The network") and a deeper one (an extra
//! convolution in the first and last blocks and a hidden dense layer), with their weight layouts.
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Arch {
    /// Exactly the tutorial's network.
    #[default]
    Tutorial,
    /// conv1 ×2, conv2 ×2, conv3 ×2, then Linear(3136→128) · ReLU · [dropout] · Linear(128→10).
    Deeper,
}

/// One parameter tensor: name, shape, fan-in (for the initialisation bound).
pub type Entry = (&'static str, &'static [usize], usize);

/// Every parameter tensor of the tutorial's network, in the order the module visits them.
pub const TUTORIAL: [Entry; 10] = [
    ("conv1.weight", &[16, 1, 5, 5], 25),
    ("conv1.bias", &[16], 25),
    ("conv2a.weight", &[32, 16, 5, 5], 400),
    ("conv2a.bias", &[32], 400),
    ("conv2b.weight", &[32, 32, 5, 5], 800),
    ("conv2b.bias", &[32], 800),
    ("conv3.weight", &[64, 32, 5, 5], 800),
    ("conv3.bias", &[64], 800),
    ("out.weight", &[3136, 10], 3136),
    ("out.bias", &[10], 3136),
];

/// The deeper variant's parameter tensors, in visiting order (struct field order).
pub const DEEPER: [Entry; 16] = [
    ("conv1.weight", &[16, 1, 5, 5], 25),
    ("conv1.bias", &[16], 25),
    ("conv1b.weight", &[16, 16, 5, 5], 400),
    ("conv1b.bias", &[16], 400),
    ("conv2a.weight", &[32, 16, 5, 5], 400),
    ("conv2a.bias", &[32], 400),
    ("conv2b.weight", &[32, 32, 5, 5], 800),
    ("conv2b.bias", &[32], 800),
    ("conv3.weight", &[64, 32, 5, 5], 800),
    ("conv3.bias", &[64], 800),
    ("conv3b.weight", &[64, 64, 5, 5], 1600),
    ("conv3b.bias", &[64], 1600),
    ("hidden.weight", &[3136, 128], 3136),
    ("hidden.bias", &[128], 3136),
    ("out.weight", &[128, 10], 128),
    ("out.bias", &[10], 128),
];

impl Arch {
    pub const ALL: [Arch; 2] = [Arch::Tutorial, Arch::Deeper];

    pub fn layout(self) -> &'static [Entry] {
        match self {
            Arch::Tutorial => &TUTORIAL,
            Arch::Deeper => &DEEPER,
        }
    }

    /// Trainable parameters.
    pub fn param_count(self) -> usize {
        self.layout().iter().map(|(_, s, _)| s.iter().product::<usize>()).sum()
    }

    /// Inputs of the last layer (where dropout acts): the flattened maps, or the hidden layer.
    pub fn classifier_inputs(self) -> usize {
        match self {
            Arch::Tutorial => 64 * 7 * 7,
            Arch::Deeper => 128,
        }
    }

    /// The variant whose weights have exactly `count` values.
    pub fn from_param_count(count: usize) -> Option<Arch> {
        Self::ALL.into_iter().find(|a| a.param_count() == count)
    }

    /// The name used in URLs and the UI (`arch=tutorial|deeper`).
    pub fn as_str(self) -> &'static str {
        match self {
            Arch::Tutorial => "tutorial",
            Arch::Deeper => "deeper",
        }
    }

    pub fn parse(s: &str) -> Option<Arch> {
        Self::ALL.into_iter().find(|a| a.as_str() == s.trim().to_ascii_lowercase())
    }
}
