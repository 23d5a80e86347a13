//! Any network as PyTorch code in the tutorial's style: a `CNN(nn.Module)` whose convolution
//! blocks are `nn.Sequential`s `conv1`, `conv2`, … (each ended by its pool), its dense layers
//! `nn.Linear`s, `out` the classifier; for the tutorial's network, the tutorial's own class. Its
//! parameter names are [`Net::torch_names`], so the `.pth` this app writes for the network
//! ([`crate::weights::torch_save`]) loads into it with `load_state_dict(strict=True)`.
use crate::data::idx::SIDE;
use crate::model::net::{Layer, Net, Output};

/// A block's or a layer's line of `__init__`, and what `forward` does with it.
struct Code {
    init: Vec<String>,
    forward: Vec<String>,
}

/// `64 * 7 * 7` for maps, `128` for features: a Linear layer's `in_features` as the tutorial
/// writes it.
fn features(input: Output) -> String {
    match input {
        Output::Maps { channels, side } => format!("{channels} * {side} * {side}"),
        Output::Features(n) => n.to_string(),
    }
}

/// The Python source of `net`'s module; `file` is the weights' file name its `__main__` loads;
/// its classes numbered.
pub fn module(net: &Net, file: &str) -> String {
    module_named(net, file, &crate::data::classes::numbered(net.classes()))
}

/// [`module`] with the classes' names (`CLASSES`, one per output, in order).
pub fn module_named(net: &Net, file: &str, classes: &[String]) -> String {
    let mut code = Code { init: Vec::new(), forward: Vec::new() };
    let mut block: Vec<String> = Vec::new();
    let (mut number, mut input, mut flat) = (1, Output::Maps { channels: 1, side: SIDE }, false);
    let flush = |code: &mut Code, block: &mut Vec<String>, number: &mut usize, output: Output| {
        if block.is_empty() {
            return;
        }
        let entries: String = block.drain(..).map(|e| format!("            {e},\n")).collect();
        code.init.push(format!("self.conv{number} = nn.Sequential(\n{entries}        )  # {output}"));
        code.forward.push(format!("x = self.conv{number}(x)"));
        *number += 1;
    };
    for ((layer, output), name) in net.layers().iter().zip(net.shapes()).zip(net.layer_names()) {
        match *layer {
            Layer::Conv { channels, kernel } => {
                let from = if let Output::Maps { channels, .. } = input { channels } else { 0 };
                let pad = kernel / 2;
                block
                    .push(format!("nn.Conv2d(in_channels={from}, out_channels={channels}, kernel_size={kernel}, stride=1, padding={pad})"));
                block.push("nn.ReLU()".into());
            }
            Layer::Pool => {
                block.push("nn.MaxPool2d(kernel_size=2)".into());
                flush(&mut code, &mut block, &mut number, output);
            }
            Layer::Dropout(p) if !flat => block.push(format!("nn.Dropout(p={p})")),
            Layer::Dropout(p) => code.forward.push(format!("x = nn.functional.dropout(x, p={p}, training=self.training)")),
            Layer::Dense { units } => {
                if !flat {
                    flush(&mut code, &mut block, &mut number, input);
                    code.forward.push("x = x.view(x.size(0), -1)".into());
                    flat = true;
                }
                code.init.push(format!("self.{name} = nn.Linear(in_features={}, out_features={units})", features(input)));
                code.forward.push(format!("x = torch.relu(self.{name}(x))"));
            }
        }
        input = output;
    }
    if !flat {
        flush(&mut code, &mut block, &mut number, input);
        code.forward.push("x = x.view(x.size(0), -1)".into());
    }
    code.init.push(format!("self.out = nn.Linear(in_features={}, out_features={})", features(input), net.classes()));
    code.forward.push("output = self.out(x)".into());
    code.forward.push("return output".into());
    let indent = |lines: &[String]| lines.iter().map(|l| format!("        {l}\n")).collect::<String>();
    format!(
        r#""""The network {text} as a PyTorch module, written by {app}.

Its weights are the .pth file downloaded with it: load them with
    model = CNN()
    model.load_state_dict(torch.load("{file}", weights_only=True), strict=True)
or run `python this_file.py {file}`. Input: [B, 1, 28, 28] grey images, pixel / 255; output:
[B, {outputs}] raw logits, one per class of CLASSES (the tutorial's CrossEntropyLoss applies the
softmax).
"""
import sys

import torch
from torch import nn

CLASSES = {classes}


class CNN(nn.Module):
    def __init__(self):
        super(CNN, self).__init__()
{init}
    def forward(self, x):
{forward}

if __name__ == "__main__":
    model = CNN()
    model.load_state_dict(torch.load(sys.argv[1] if len(sys.argv) > 1 else "{file}", weights_only=True), strict=True)
    model.eval()
    print(model)
"#,
        text = net.text(),
        outputs = net.classes(),
        classes = serde_json::to_string(classes).expect("strings serialise"),
        app = crate::base::release::APP,
        init = indent(&code.init),
        forward = indent(&code.forward),
    )
}
