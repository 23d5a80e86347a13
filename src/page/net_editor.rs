//! The network editor's logic: a change to one layer (remove, move, retype, add) gives a new
//! network, or the reason it cannot train ([`NetError`], naming the layer), and the network on
//! screen stays as it was.
use crate::model::net::{Layer, Net, NetError};

/// One change the editor makes.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Remove layer `i` (from 0).
    Remove(usize),
    /// Swap layer `i` with the one before it.
    Up(usize),
    /// Swap layer `i` with the one after it.
    Down(usize),
    /// Layer `i` as typed (`c32k3`, `p`, `d0.3`, `l64`).
    Set(usize, String),
    /// A new layer of this kind: convolutions and pools go before the first dense layer (where
    /// maps still are), dropout and dense layers at the end.
    Add(Kind),
}

/// The kinds of layer the editor adds, with the new layer's first numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Conv,
    Pool,
    Dropout,
    Dense,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Conv, Kind::Pool, Kind::Dropout, Kind::Dense];

    /// Its name in the editor's list (`data-kind`, the select's value).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Conv => "conv",
            Kind::Pool => "pool",
            Kind::Dropout => "dropout",
            Kind::Dense => "dense",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// A new layer of this kind.
    pub fn layer(self) -> Layer {
        match self {
            Kind::Conv => Layer::Conv { channels: 16, kernel: 3 },
            Kind::Pool => Layer::Pool,
            Kind::Dropout => Layer::Dropout(0.25),
            Kind::Dense => Layer::Dense { units: 128 },
        }
    }
}

/// `net` changed by `edit`, checked as the text form is ([`Net::parse`]).
pub fn apply(net: &Net, edit: Edit) -> Result<Net, NetError> {
    let mut texts: Vec<String> = net.layers().iter().map(Layer::to_string).collect();
    let n = texts.len();
    match edit {
        Edit::Remove(i) if i < n => {
            texts.remove(i);
        }
        Edit::Up(i) if i > 0 && i < n => texts.swap(i - 1, i),
        Edit::Down(i) if i + 1 < n => texts.swap(i, i + 1),
        Edit::Set(i, text) if i < n => texts[i] = text.trim().to_string(),
        Edit::Add(kind) => {
            let first_dense = net.layers().iter().position(|l| matches!(l, Layer::Dense { .. })).unwrap_or(n);
            let at = if matches!(kind, Kind::Conv | Kind::Pool) { first_dense } else { n };
            texts.insert(at, kind.layer().to_string());
        }
        _ => return Ok(net.clone()),
    }
    Net::parse(&texts.join("-"))
}
