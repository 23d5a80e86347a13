//! One description of a network, a list of layers, from which everything else is derived: the
//! burn module ([`crate::model::network::Cnn`]), the parameter table (names, shapes, fan-in), the
//! PyTorch names ([`Net::torch_names`]), each layer's output shape, the layers the inside view
//! shows, and the text form links and the command line use (`c16k5-p-c32k5-c32k5-p-c64k5`).
//! The classifier (one output per class) is last and implicit. The tutorial's network and the
//! deeper one are presets of it, with their names and files as before.
use crate::data::classes::{DIGITS, MAX_CLASSES, MIN_CLASSES};
use crate::data::idx::SIDE;
use crate::i18n::{K, Lang};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The most trainable parameters a network may have (a training step's memory and time).
pub const MAX_PARAMS: usize = 5_000_000;
/// The largest tensor one buffer may hold on the GPU (WebGPU's default storage-buffer binding
/// limit, 128 MiB), in f32 values.
pub const MAX_BUFFER_VALUES: usize = (128 << 20) / 4;
/// Output channels and units a layer may have.
pub const MAX_CHANNELS: usize = 256;
pub const MAX_UNITS: usize = 4096;
/// Convolution kernel sides.
pub const KERNELS: [usize; 3] = [3, 5, 7];
/// Layers a network may have (the text of a longer one is refused).
pub const MAX_LAYERS: usize = 32;

/// One layer of a network.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Layer {
    /// A "same" convolution (stride 1, zero padding kernel/2) with bias and ReLU: `c<channels>k<kernel>`.
    Conv { channels: usize, kernel: usize },
    /// 2×2 max pooling, stride 2: `p`.
    Pool,
    /// Dropout of a share `rate` of its inputs while training: `d<rate>`, e.g. `d0.25`.
    Dropout(f64),
    /// A fully connected layer with ReLU: `l<units>`.
    Dense { units: usize },
}

impl std::fmt::Display for Layer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Layer::Conv { channels, kernel } => write!(f, "c{channels}k{kernel}"),
            Layer::Pool => write!(f, "p"),
            Layer::Dropout(rate) => write!(f, "d{rate}"),
            Layer::Dense { units } => write!(f, "l{units}"),
        }
    }
}

/// A layer's output for one image: maps [C, H, W], or features [F] once flattened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    Maps { channels: usize, side: usize },
    Features(usize),
}

impl Output {
    /// Values per image.
    pub fn size(self) -> usize {
        match self {
            Output::Maps { channels, side } => channels * side * side,
            Output::Features(f) => f,
        }
    }
}

impl std::fmt::Display for Output {
    /// As the tutorial prints it, for a batch B: `[B, 16, 14, 14]`, `[B, 128]`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Output::Maps { channels, side } => write!(f, "[B, {channels}, {side}, {side}]"),
            Output::Features(n) => write!(f, "[B, {n}]"),
        }
    }
}

/// Why a network's text or layers cannot train: the layer (from 1, with its text) and the reason.
#[derive(Clone, Debug, PartialEq)]
pub struct NetError {
    /// The layer at fault (from 1), with its text; `None` for the network as a whole.
    pub layer: Option<(usize, String)>,
    pub why: Why,
}

/// What is wrong, in words of either language ([`NetError::text`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Why {
    NoLayers,
    TooManyLayers(usize),
    NotALayer,
    Channels(usize),
    Kernel(usize),
    Rate(f64),
    Units(usize),
    /// A convolution or a pool after a dense layer.
    AfterDense,
    MapsTooSmall(usize),
    TooManyParams(usize),
    /// A classifier of this many outputs (`o<n>`), outside [`MIN_CLASSES`]..=[`MAX_CLASSES`].
    Classes(usize),
}

impl NetError {
    /// In `lang`: "layer 7, p: the maps are already 1×1".
    pub fn text(&self, lang: Lang) -> String {
        let why = match self.why {
            Why::NoLayers => lang.text(K::NetNoLayers).to_string(),
            Why::TooManyLayers(n) => lang.fill(K::NetTooManyLayers, &[("n", &n), ("max", &MAX_LAYERS)]),
            Why::NotALayer => lang.text(K::NetNotALayer).to_string(),
            Why::Channels(n) => lang.fill(K::NetChannels, &[("n", &n), ("max", &MAX_CHANNELS)]),
            Why::Kernel(k) => lang.fill(K::NetKernel, &[("k", &k)]),
            Why::Rate(rate) => lang.fill(K::NetRate, &[("rate", &rate)]),
            Why::Units(n) => lang.fill(K::NetUnits, &[("n", &n), ("max", &MAX_UNITS)]),
            Why::AfterDense => lang.text(K::NetAfterDense).to_string(),
            Why::MapsTooSmall(side) => lang.fill(K::NetMapsTooSmall, &[("side", &side)]),
            Why::TooManyParams(n) => lang.fill(K::NetTooManyParams, &[("n", &n), ("max", &MAX_PARAMS)]),
            Why::Classes(n) => lang.fill(K::NetClasses, &[("n", &n), ("min", &MIN_CLASSES), ("max", &MAX_CLASSES)]),
        };
        match &self.layer {
            Some((i, text)) => {
                let text = crate::base::text::cut(text, 16);
                lang.fill(K::NetLayerAt, &[("n", i), ("text", &text), ("why", &why)])
            }
            None => why,
        }
    }
}

impl std::fmt::Display for NetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.text(Lang::En))
    }
}

/// A network: its layers, then the classifier of one output per class of its data set (MNIST's
/// ten digits unless said: the text form ends `-o<classes>` for another count, `tutorial-o26`).
#[derive(Clone, Debug, PartialEq)]
pub struct Net {
    layers: Vec<Layer>,
    classes: usize,
}

/// The ready networks, by name: the tutorial's, the deeper one (an extra convolution in the first
/// and last blocks and a hidden layer), a small one that trains in seconds, one of dense layers
/// only, and a wide one.
pub const PRESETS: [(&str, &str); 5] = [
    ("tutorial", "c16k5-p-c32k5-c32k5-p-c64k5"),
    ("deeper", "c16k5-c16k5-p-c32k5-c32k5-p-c64k5-c64k5-l128"),
    ("small", "c8k3-p-c16k3-p"),
    ("dense", "l256-l128"),
    ("wide", "c64k5-p-c128k5-c128k5-p-c256k3"),
];

/// The presets' names, in order.
pub const PRESET_NAMES: [&str; PRESETS.len()] = {
    let mut names = [""; PRESETS.len()];
    let mut i = 0;
    while i < PRESETS.len() {
        names[i] = PRESETS[i].0;
        i += 1;
    }
    names
};

/// Our names of the deeper preset's convolutions (the tutorial's follow the general rule).
const DEEPER_CONVS: [&str; 6] = ["conv1", "conv1b", "conv2a", "conv2b", "conv3", "conv3b"];

impl Default for Net {
    /// The tutorial's network.
    fn default() -> Self {
        Net::preset("tutorial").expect("the tutorial's preset")
    }
}

/// One parameter tensor: our name, its shape (burn's: a dense weight is [in, out]), fan-in.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub name: String,
    pub shape: Vec<usize>,
    pub fan_in: usize,
}

/// One row of the network's table: the layer (`None` for the input and the classifier), its
/// name, output shape and parameter count.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub layer: Option<Layer>,
    pub name: String,
    pub output: Output,
    pub params: usize,
}

impl Net {
    /// A network of these layers, if it can be trained here ([`Net::check`]).
    pub fn new(layers: Vec<Layer>) -> Result<Net, NetError> {
        let net = Net { layers, classes: DIGITS };
        net.check()?;
        Ok(net)
    }

    pub fn layers(&self) -> &[Layer] {
        &self.layers
    }

    /// Outputs of the classifier: one per class.
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// The same layers with a classifier of `classes` outputs (a data set's classes, which
    /// [`crate::data::own_set::OwnSet`] keeps within [`MIN_CLASSES`]..=[`MAX_CLASSES`]).
    pub fn with_classes(&self, classes: usize) -> Result<Net, NetError> {
        let net = Net { layers: self.layers.clone(), classes };
        net.check()?;
        Ok(net)
    }

    /// A ready network by name (`tutorial`, `deeper`, `small`, `dense`, `wide`).
    pub fn preset(name: &str) -> Option<Net> {
        let (_, text) = PRESETS.iter().find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))?;
        Some(Net::parse(text).expect("the presets are valid"))
    }

    /// The preset whose layers these are, if any (whatever its classes).
    pub fn preset_name(&self) -> Option<&'static str> {
        let layers = self.layers_text();
        PRESETS.iter().find(|(_, t)| *t == layers).map(|(n, _)| *n)
    }

    /// The deeper preset (an extra convolution in blocks 1 and 3 and a hidden layer).
    pub fn deeper() -> Net {
        Net::preset("deeper").expect("the deeper preset")
    }

    /// The layers' text: joined by `-`.
    fn layers_text(&self) -> String {
        self.layers.iter().map(Layer::to_string).collect::<Vec<_>>().join("-")
    }

    /// `-o<classes>` when the classifier has other than ten outputs, else nothing.
    fn classes_text(&self) -> String {
        if self.classes == DIGITS { String::new() } else { format!("-o{}", self.classes) }
    }

    /// The text form: layers joined by `-`, then `-o<classes>` unless ten.
    pub fn text(&self) -> String {
        self.layers_text() + &self.classes_text()
    }

    /// What the page and messages call it: the preset's name, or its text (either with
    /// `-o<classes>` unless ten).
    pub fn label(&self) -> String {
        self.preset_name().map_or_else(|| self.text(), |name| name.to_string() + &self.classes_text())
    }

    /// Reads the text form (`c16k5-p-c32k5`) or a preset's name; refuses a layer it cannot read
    /// or a network that cannot train, naming the layer and why.
    pub fn parse(text: &str) -> Result<Net, NetError> {
        let text = text.trim();
        match text.rsplit_once('-').and_then(|(layers, o)| Some((layers, o.strip_prefix('o')?))) {
            Some((layers, classes)) => {
                let classes = classes.parse::<usize>().map_err(|_| NetError { layer: None, why: Why::Classes(0) })?;
                Net::parse_layers(layers)?.with_classes(classes)
            }
            None => Net::parse_layers(text),
        }
    }

    /// [`Net::parse`] of the layers alone (a preset's name, or their text).
    fn parse_layers(text: &str) -> Result<Net, NetError> {
        let text = text.trim();
        if let Some((_, t)) = PRESETS.iter().find(|(n, _)| n.eq_ignore_ascii_case(text)) {
            return Net::parse_layers(t);
        }
        if text.is_empty() {
            return Err(NetError { layer: None, why: Why::NoLayers });
        }
        let parts: Vec<&str> = text.split('-').collect();
        if parts.len() > MAX_LAYERS {
            return Err(NetError { layer: None, why: Why::TooManyLayers(parts.len()) });
        }
        let layers = parts
            .iter()
            .enumerate()
            .map(|(i, p)| parse_layer(p.trim()).map_err(|why| NetError { layer: Some((i + 1, p.to_string())), why }))
            .collect::<Result<Vec<_>, _>>()?;
        Net::new(layers)
    }

    /// Every layer's output, in order, or the first layer that cannot follow the one before.
    fn walk(&self) -> Result<Vec<Output>, NetError> {
        let mut shape = Output::Maps { channels: 1, side: SIDE };
        let mut out = Vec::with_capacity(self.layers.len());
        for (i, layer) in self.layers.iter().enumerate() {
            let fail = |why: Why| NetError { layer: Some((i + 1, layer.to_string())), why };
            shape = match (*layer, shape) {
                (Layer::Conv { channels, .. }, Output::Maps { side, .. }) => Output::Maps { channels, side },
                (Layer::Conv { .. } | Layer::Pool, Output::Features(_)) => return Err(fail(Why::AfterDense)),
                (Layer::Pool, Output::Maps { side, .. }) if side < 2 => return Err(fail(Why::MapsTooSmall(side))),
                (Layer::Pool, Output::Maps { channels, side }) => Output::Maps { channels, side: side / 2 },
                (Layer::Dropout(_), s) => s,
                (Layer::Dense { units }, _) => Output::Features(units),
            };
            out.push(shape);
        }
        Ok(out)
    }

    /// Whether it can be trained here: every layer in range and after one it can follow, at most
    /// [`MAX_PARAMS`] parameters.
    pub fn check(&self) -> Result<(), NetError> {
        if !(MIN_CLASSES..=MAX_CLASSES).contains(&self.classes) {
            return Err(NetError { layer: None, why: Why::Classes(self.classes) });
        }
        if self.layers.len() > MAX_LAYERS {
            return Err(NetError { layer: None, why: Why::TooManyLayers(self.layers.len()) });
        }
        for (i, layer) in self.layers.iter().enumerate() {
            check_layer(layer).map_err(|why| NetError { layer: Some((i + 1, layer.to_string())), why })?;
        }
        self.walk()?;
        let count = self.param_count();
        if count > MAX_PARAMS {
            return Err(NetError { layer: None, why: Why::TooManyParams(count) });
        }
        Ok(())
    }

    /// Each layer's output shape (valid networks only).
    pub fn shapes(&self) -> Vec<Output> {
        self.walk().unwrap_or_default()
    }

    /// Inputs of the classifier.
    pub fn classifier_inputs(&self) -> usize {
        self.shapes().last().map_or(SIDE * SIDE, |s| s.size())
    }

    /// The network's table: the input, every layer (name, output, parameters), the classifier.
    pub fn rows(&self) -> Vec<Row> {
        let names = self.layer_names();
        let mut rows = vec![Row { layer: None, name: "input".into(), output: Output::Maps { channels: 1, side: SIDE }, params: 0 }];
        let mut input = Output::Maps { channels: 1, side: SIDE };
        for ((layer, output), name) in self.layers.iter().zip(self.shapes()).zip(names) {
            let params = match *layer {
                Layer::Conv { channels, kernel } => channels * channel_count(input) * kernel * kernel + channels,
                Layer::Dense { units } => input.size() * units + units,
                Layer::Pool | Layer::Dropout(_) => 0,
            };
            rows.push(Row { layer: Some(*layer), name, output, params });
            input = output;
        }
        let classes = self.classes;
        rows.push(Row { layer: None, name: "out".into(), output: Output::Features(classes), params: input.size() * classes + classes });
        rows
    }

    /// Our name of every layer: convolutions by block (`conv2a`, `conv2b`: the second block's two;
    /// `conv3` when a block has one; the deeper preset's own), pools `pool<block>`, dropout
    /// `drop<n>`, dense layers `hidden` (one) or `hidden<n>`.
    pub fn layer_names(&self) -> Vec<String> {
        let deeper = self.preset_name() == Some("deeper");
        let (mut block, mut in_block, mut convs, mut drops, mut dense) = (1, 0, 0, 0, 0);
        let block_sizes = self.block_sizes();
        let dense_count = self.layers.iter().filter(|l| matches!(l, Layer::Dense { .. })).count();
        self.layers
            .iter()
            .map(|layer| match layer {
                Layer::Conv { .. } => {
                    convs += 1;
                    in_block += 1;
                    if deeper {
                        return DEEPER_CONVS[convs - 1].to_string();
                    }
                    if block_sizes.get(block - 1).copied().unwrap_or(1) == 1 {
                        format!("conv{block}")
                    } else {
                        format!("conv{block}{}", (b'a' + (in_block - 1).min(25) as u8) as char)
                    }
                }
                Layer::Pool => {
                    let name = format!("pool{block}");
                    (block, in_block) = (block + 1, 0);
                    name
                }
                Layer::Dropout(_) => {
                    drops += 1;
                    format!("drop{drops}")
                }
                Layer::Dense { .. } => {
                    dense += 1;
                    if dense_count == 1 { "hidden".into() } else { format!("hidden{dense}") }
                }
            })
            .collect()
    }

    /// Convolutions per block (a block ends with a pool).
    fn block_sizes(&self) -> Vec<usize> {
        let mut sizes = vec![0];
        for layer in &self.layers {
            match layer {
                Layer::Conv { .. } => *sizes.last_mut().expect("one block at least") += 1,
                Layer::Pool => sizes.push(0),
                _ => {}
            }
        }
        sizes
    }

    /// Every parameter tensor in the module's visiting order (convolutions, dense layers, the
    /// classifier; each weight then bias): our name, burn's shape, fan-in.
    pub fn params(&self) -> Vec<Param> {
        let rows = self.rows();
        let mut convs = Vec::new();
        let mut dense = Vec::new();
        let mut input = Output::Maps { channels: 1, side: SIDE };
        for row in &rows[1..rows.len() - 1] {
            match row.layer {
                Some(Layer::Conv { channels, kernel }) => {
                    let c = channel_count(input);
                    let fan_in = c * kernel * kernel;
                    convs.push(Param { name: format!("{}.weight", row.name), shape: vec![channels, c, kernel, kernel], fan_in });
                    convs.push(Param { name: format!("{}.bias", row.name), shape: vec![channels], fan_in });
                }
                Some(Layer::Dense { units }) => {
                    let fan_in = input.size();
                    dense.push(Param { name: format!("{}.weight", row.name), shape: vec![fan_in, units], fan_in });
                    dense.push(Param { name: format!("{}.bias", row.name), shape: vec![units], fan_in });
                }
                _ => {}
            }
            input = row.output;
        }
        let fan_in = input.size();
        convs.extend(dense);
        convs.push(Param { name: "out.weight".into(), shape: vec![fan_in, self.classes], fan_in });
        convs.push(Param { name: "out.bias".into(), shape: vec![self.classes], fan_in });
        convs
    }

    /// Trainable parameters.
    pub fn param_count(&self) -> usize {
        self.rows().iter().map(|r| r.params).sum()
    }

    /// PyTorch's names of [`Net::params`], in order, and whether each is a Linear weight (PyTorch
    /// [out, in]): the tutorial's class's (`conv1.0.weight`, `conv2.0`, `conv2.2`, …, `out`) for
    /// any network: block `b`'s `nn.Sequential` is `conv<b>` (convolution, ReLU, dropout and the
    /// pool each one entry), dense layers as named here.
    pub fn torch_names(&self) -> Vec<(String, bool)> {
        let mut names = Vec::new();
        let (mut block, mut index) = (1, 0);
        let mut dense = Vec::new();
        for (layer, name) in self.layers.iter().zip(self.layer_names()) {
            match layer {
                Layer::Conv { .. } => {
                    names.push((format!("conv{block}.{index}.weight"), false));
                    names.push((format!("conv{block}.{index}.bias"), false));
                    index += 2; // the convolution and its ReLU
                }
                Layer::Pool => (block, index) = (block + 1, 0),
                Layer::Dropout(_) => index += 1,
                Layer::Dense { .. } => {
                    dense.push((format!("{name}.weight"), true));
                    dense.push((format!("{name}.bias"), false));
                }
            }
        }
        names.extend(dense);
        names.push(("out.weight".into(), true));
        names.push(("out.bias".into(), false));
        names
    }

    /// Values of the largest map or feature tensor one image makes (a batch's is `batch` times).
    pub fn largest_output(&self) -> usize {
        self.shapes().into_iter().map(Output::size).max().unwrap_or(0).max(SIDE * SIDE)
    }

    /// The layers the inside view shows (convolutions and pools, in order): name, channels,
    /// side, and whether it is a convolution (with its kernel side).
    pub fn map_layers(&self) -> Vec<(String, usize, usize, Option<usize>)> {
        let mut out = Vec::new();
        for ((layer, shape), name) in self.layers.iter().zip(self.shapes()).zip(self.layer_names()) {
            if let (Layer::Conv { .. } | Layer::Pool, Output::Maps { channels, side }) = (layer, shape) {
                let kernel = if let Layer::Conv { kernel, .. } = layer { Some(*kernel) } else { None };
                out.push((name, channels, side, kernel));
            }
        }
        out
    }

    /// The dropout layers' rates and the values per image they act on, in order.
    pub fn dropouts(&self) -> Vec<(f64, usize)> {
        let mut input = Output::Maps { channels: 1, side: SIDE };
        let mut out = Vec::new();
        for (layer, shape) in self.layers.iter().zip(self.shapes()) {
            if let Layer::Dropout(rate) = layer {
                out.push((*rate, input.size()));
            }
            input = shape;
        }
        out
    }
}

fn channel_count(s: Output) -> usize {
    match s {
        Output::Maps { channels, .. } => channels,
        Output::Features(f) => f,
    }
}

fn parse_layer(text: &str) -> Result<Layer, Why> {
    let number = |s: &str| s.parse::<usize>().map_err(|_| Why::NotALayer);
    let mut chars = text.chars();
    let layer = match chars.next() {
        Some('c') => {
            let (c, k) = chars.as_str().split_once('k').ok_or(Why::NotALayer)?;
            Layer::Conv { channels: number(c)?, kernel: number(k)? }
        }
        Some('p') if chars.as_str().is_empty() => Layer::Pool,
        Some('d') => Layer::Dropout(chars.as_str().parse::<f64>().map_err(|_| Why::NotALayer)?),
        Some('l') => Layer::Dense { units: number(chars.as_str())? },
        _ => return Err(Why::NotALayer),
    };
    check_layer(&layer).map(|_| layer)
}

fn check_layer(layer: &Layer) -> Result<(), Why> {
    match *layer {
        Layer::Conv { channels, .. } if !(1..=MAX_CHANNELS).contains(&channels) => Err(Why::Channels(channels)),
        Layer::Conv { kernel, .. } if !KERNELS.contains(&kernel) => Err(Why::Kernel(kernel)),
        Layer::Dropout(rate) if !(rate.is_finite() && (0.0..0.95).contains(&rate)) => Err(Why::Rate(rate)),
        Layer::Dense { units } if !(1..=MAX_UNITS).contains(&units) => Err(Why::Units(units)),
        _ => Ok(()),
    }
}

impl std::fmt::Display for Net {
    /// Its [`Net::label`]: a preset's name, or the text form (both read back by [`Net::parse`]).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.label())
    }
}

impl Serialize for Net {
    /// As its text form.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text())
    }
}

impl<'de> Deserialize<'de> for Net {
    /// From its text form, a preset's name, or the names records and checkpoints kept before
    /// networks had a text (`"Tutorial"`, `"Deeper"`).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Net::parse(&text).map_err(|e| serde::de::Error::custom(format!("network {:?}: {e}", crate::base::text::cut(&text, 16))))
    }
}
