# English: every string of the page (the source language). A message missing from another
# language's file is shown in English. `{ $name }` is a value the page fills in.

## The language itself
language-name = English
# The <html lang> tag.
language-tag = en
# Between the items of a list.
list-separator = {", "}
# Between the sentences of a description.
clause-separator = {"; "}


## The page
title = MNIST in your browser
subtitle = Train the classic convolutional network on your own GPU through WebGPU and watch it learn. Rust, burn and leptos; nothing to install.
language = Language
loss-per-batch = Loss per batch
test-after-epoch = Test set after each epoch
what-goes-wrong = What the network gets wrong

## Where things stand
status-downloaded = MNIST downloaded
status-downloading = Downloading MNIST… { $percent }%
status-setting-up = { $data } · setting up the device (a few test steps on WebGPU and the CPU, if it has both)…
status-ready-images = Ready: { $train } training and { $test } test images
status-ready = Ready
status-failed = Could not get ready: { $error }
status-wrong = Something went wrong
keeps-working = The drawing panel keeps working with the model it has.{" "}
retry = Retry
continue-on-cpu = Continue on the CPU
device = Device:{" "}
device-line = {" "}— { $adapter } ({ $reason })
measure-again = Measure again
use = {" "}Use:{" "}
fastest = fastest available
cpu-adapter = burn flex backend in WebAssembly (SIMD)
web-gpu-adapter = { $adapter } (WebGPU adapter: { $gpu })
chosen-by-user = chosen by the user (backend={ $backend })
no-web-gpu = WebGPU is not available: { $why }
measured = { $gpu }, { $cpu }: training on { $on }
the-cpu = the CPU
ms-per-batch = { $name } { $ms } ms/batch
cpu-with-workers = CPU, { $n } workers,
cpu-workers = {" "}· { $n } CPU workers
helper-lost = {" "}· a helper worker stopped ({ $why }): going on with { $n }
helper-no-start = it did not start within { $s } s
helper-no-answer = it did not answer within { $s } s
still-preparing = { $name } still preparing after { $s } s
device-failed = { $name } failed ({ $why })

## The network
block = block
layers = layers
output = output
input = input
grey-image = grey image, pixel / 255
conv = Conv2d({ $from }→{ $to }, k{ $k }, s1, p{ $pad }) · ReLU
pool = MaxPool2d(2)
flatten = flatten
raw-logits = raw logits
hidden = hidden
params = Trainable parameters:{" "}

## Training
training = Training
interrupted = A run was interrupted on an earlier visit.{" "}
resume-run = Resume the run (epoch { $epoch } of { $epochs }, batch { $batch })
discard = Discard
recipe = Cross entropy, data reshuffled every epoch; the address bar links to these settings.{" "}
first-train = Using the first { $n } training images.{" "}
first-test = Using the first { $n } test images.
start = Start
resume = Resume
pause = Pause
stop = Stop
last-loss = Last batch loss{" "}
test-accuracy-is = Test accuracy{" "}
download-log = Download log (CSV)
not-started = Not started
memory = {" "}· { $mb } MB wasm memory
progress = Epoch { $epoch }/{ $epochs } · batch { $batch }/{ $batches } · { $speed } images/s
finished = {" "}· finished
paused = {" "}· paused
left = {" "}· { $time } left
seconds = { $s } s
minutes = { $m } min { $s } s
hours = { $h } h { $m } min
parameters = { $word } ({ $n } parameters)
augmented-images = training images and augmented versions of them
original = original
augmented = augmented

## Options (the command line's help uses the English)
opt-epochs = Epochs
opt-epochs-help = passes over the training images
opt-batch = Batch size
opt-batch-help = images per optimisation step
opt-lr = Learning rate
opt-lr-help = the optimizer's learning rate (the tutorial's Adam: 0.001; SGD usually wants about 0.01)
opt-seed = Seed
opt-seed-help = fixes the initial weights, the batch order, augmentation and dropout
opt-arch = Network
opt-arch-help = tutorial (the tutorial's network), deeper (an extra convolution in two blocks and a hidden layer), small (trains in seconds), dense (dense layers only) or wide
opt-net = Layers
net-layer-at = layer { $n }, { $text }: { $why }
net-no-layers = no layers: give at least one (e.g. c16k5-p)
net-too-many-layers = { $n } layers, more than { $max }
net-not-a-layer = not a layer: c<channels>k<kernel> (a convolution), p (a pool), d<rate> (dropout) or l<units> (a dense layer)
net-channels = { $n } channels; a convolution has 1 to { $max }
net-kernel = a { $k }×{ $k } kernel; kernels are 3, 5 or 7
net-rate = a rate of { $rate }; dropout is from 0 and below 0.95
net-units = { $n } units; a dense layer has 1 to { $max }
net-after-dense = it needs maps, and a dense layer came before
net-maps-too-small = the maps are already { $side }×{ $side }
net-too-many-params = { $n } parameters, more than { $max }
net-classes = a classifier of { $n } outputs: a data set has { $min } to { $max } classes
own-network = (your own)
net-add = Add
net-add-kind = Layer to add
net-layer-text = Layer { $n }
net-up = Move layer { $n } up
net-down = Move layer { $n } down
net-remove = Remove layer { $n }
net-editor-help = Change a layer's text (c32k3: 32 channels, 3×3; p; d0.3; l64), move or remove it, or add one: the table, the parameter count and the link follow. A network that cannot train is refused here, before Start.
column-params = Parameters
kind-conv = convolution
kind-pool = max pool
kind-dropout = dropout
kind-dense = dense layer
opt-net-help = the layers, joined by -: c16k5 a convolution (16 channels, 5×5), p a 2×2 max pool, d0.25 dropout, l128 a dense layer; the classifier comes last by itself
opt-workers = CPU workers (0 = auto)
opt-workers-help = on the CPU, split each batch between this many workers (0: one per core, at most 8); the training is the same
opt-dropout = Dropout rate
opt-dropout-help = dropout before the classifier (0: off)
opt-optimizer = Optimizer
opt-optimizer-help = adam (the tutorial's), sgd (stochastic gradient descent with momentum) or adamw (Adam with decoupled weight decay)
opt-momentum = Momentum
opt-momentum-help = SGD's momentum (0: plain SGD)
opt-nesterov = Nesterov
opt-nesterov-help = SGD with Nesterov's momentum
opt-weight-decay = Weight decay
opt-weight-decay-help = pulls the weights towards 0: added to the gradient for adam and sgd, applied apart for adamw (0: off)
opt-lr-step = LR step (epochs, 0 = off)
opt-lr-step-help = multiply the learning rate by lr_gamma every N epochs (0: off)
opt-lr-gamma = × gamma
opt-lr-gamma-help = the step schedule's factor
opt-augment = Augment training images
opt-augment-help = random rotation ±10°, shift ±2 px, scale ±10% (or set each range)
opt-rotate = ± degrees
opt-rotate-help = random rotation range in degrees
opt-shift = ± pixels
opt-shift-help = random shift range in pixels, per axis
opt-scale = ± scale
opt-scale-help = random scaling range (0.1: ±10%)
opt-train-images = Training images
opt-train-images-help = use only the first N training images
opt-test-images = Test images
opt-test-images-help = use only the first N test images
setting-problem = { $label }: { $problem }

## Charts
empty-chart = appears when training starts
batch-axis = batch
batch-of = batch (of { $total })
loss-axis = loss (cross-entropy)
batch-loss = batch loss
smoothed = smoothed (EMA, α = 0.03)
loss-chart-name = training loss per batch
accuracy-chart-name = test accuracy per epoch
test-accuracy = test accuracy
epoch-axis = epoch
accuracy-axis = accuracy (%)
epoch-loss-chart-name = test and training loss per epoch
test-loss = test loss
mean-training-loss = mean training loss
lr-chart-name = learning rate per batch
learning-rate = learning rate
speed-chart-name = training speed
speed-line = images per second (mean since start)
speed-axis = images / s

## Drawing
draw-digit = Draw a digit
drawing-area = drawing area: draw a digit with mouse, touch or pen
clear = Clear
undo = Undo stroke
sees = What the network sees (28×28)
read-in = read in { $p50 } ms (p95 { $p95 } ms, { $n } reads)
model = Model:{" "}
loading = loading
source-pretrained = pretrained
source-trained = trained
source-loaded = loaded
source-training = training now
about-training = the weights of the run in progress, as of a few seconds ago (the maps and filters below follow it)
trained-here = trained here
from-file = from a file
download-weights = Download weights
download-pth = .pth
download-pytorch = PyTorch code
load-weights = Load weights…{" "}
weights-hint = {" "}(safetensors or a PyTorch .pth, the tutorial's network or your own; or drop the file here)
about-file = { $name } ({ $format }, the { $arch } network)
about-accuracy = { $accuracy }% test accuracy
about-accuracy-on = { $accuracy }% test accuracy on { $n } test images
about-epoch = 1 epoch
about-epochs = { $n } epochs

## How a weights file says it was made (written in English into the file, shown in either).
recipe-tutorial = the tutorial's recipe
recipe-settings = settings { $query }
trained-in-browser = in the browser on { $device }
trained-natively = natively with the train command on { $device }
still-in-use = { $error }. The previous model is still in use.

## Inside the network
inside = Inside the network
inside-intro = What every layer makes of the digit above: each small square is one channel's map (bright: strongly active). Hover or tap one to enlarge it; click it to see what excites that channel most.
layer-line = { $layer }: { $channels } maps of { $side }×{ $side }
map-name = { $layer }, channel { $channel }
logits = The scores (logits) and probabilities, one per class
filters = What the first convolution learned: its 16 filters of 5×5 (red: positive weights, blue: negative).
filters-training = They change as the network trains.
top-patches = Among { $n } test images, the 9 patches that excite { $map } most:
pick-map = Click a map above to see what excites it most.
needs-test-images = {" "}This needs the test images (they are still loading).
saliency = {" "}show which pixels decide
smooth-grad = {" "}smoothed (SmoothGrad)
smooth-grad-help = The gradient averaged over 24 copies of the drawing with a little noise: what decides, without the speckle of a single gradient.
saliency-for = Over the 28×28 image, red: more ink there makes it more a { $digit }; blue: less. Click a digit's bar to ask "why not that one?".
inspecting = Test image #{ $index } (a { $label }) from the gallery. Draw to go back to your own.
inspect-hint = Click an image to look inside the network with it.

## What the network gets wrong
any = any
test-image = test image #{ $index }
no-matrix-yet = The confusion matrix and the gallery of mistakes appear after the first test pass.
after-epoch = After 1 epoch: { $correct } of { $total } test images right ({ $accuracy }%). Rows: true digit; columns: predicted. Click a cell to see those images.
after-epochs = After { $epochs } epochs: { $correct } of { $total } test images right ({ $accuracy }%). Rows: true digit; columns: predicted. Click a cell to see those images.
true-predicted = true \ predicted
accuracy = accuracy
cell-title = { $count } images of a { $digit } read as { $read }
misclassified = Misclassified test images
true-digit = True digit
predicted = Predicted
shown-kept = { $shown } shown; { $total } mistakes in all, the { $kept } most confident kept
shown-of = { $shown } shown of { $total } mistakes (most confident first)
show-more = Show { $n } more
random-sample = A random sample of test images

## The offline copy
no-offline-copy = No offline copy yet.
offline-app = the app ({ $files } files, { $mb } MB)
offline-data = the MNIST data (4 files, { $mb } MB)
offline-some-data = { $n } of the 4 MNIST files
works-offline = {" "}— it works without a network
offline-copy = Offline copy: { $app } and { $data }{ $works }.
clear-offline = Clear offline copy
offline-refused = No offline copy: the browser refused to store it ({ $why }). The page works while online.

## Runs kept and compared
runs = Runs
runs-help = Every run you train here is kept, to compare: select two or more to overlay their curves.
keep-weights = keep each run's weights (0.5 MB each)
import-log = Import a run log (CSV or JSON)…
run-name = name
run-settings = differs from the defaults
run-best = best %
run-final = final %
run-time = time
run-device = device
run-use = use for the canvas
run-delete = delete
run-defaults = defaults
run-pin = pin (its weights are kept when storage is full)
runs-dropped = Storage was full: the weights of { $runs } were dropped to make room (their records stay).
runs-not-kept = The browser refused to keep a run ({ $why }).
compare-hint = Select two or more runs to compare their curves.
cmp-accuracy = Test accuracy (%) per epoch
cmp-test-loss = Test loss per epoch
cmp-batch-loss = Batch loss (smoothed), by epoch
experiment = Experiment:
experiment-try = try
experiment-at = at
experiment-run = Run them
experiment-ready = Ready experiments:
experiment-tutorial = the tutorial's improvements
experiment-optimizers = optimizers
experiment-structures = structure changes
experiment-help = Each value is one run with the settings above (epochs, images, seed); the runs follow one another, survive a reload, and end with their comparison.
experiment-values = the values to try
select-run = compare { $name }
experiment-cancel = end the experiment
experiment-status = Experiment: run { $n } of { $total } ({ $name }).

## A new release
update-ready = A new version of this page is ready.
update-run-note = {" "}The run can be continued from its last checkpoint after the reload.
update-reload = Reload

## Benchmarks (`?bench=`)
benchmark = Benchmark: { $kind }
running = running…

## The first screen
example-image = A test image (#{ $index }, a { $label }) — draw your own to replace it.
another-example = another
charts-later = The charts (loss per batch, learning rate, speed, test accuracy after each epoch) appear when training starts.
network-fold = The network, layer by layer ({ $params } trainable parameters)
trains-on-gpu = training on your GPU ({ $how })
trains-on-cpu = training on the CPU ({ $how })
trains-on-cpu-plain = training on the CPU
ms-each = { $ms } ms/batch
workers = { $n } workers
sections = Sections
section-train = Train
section-draw = Draw
section-inside = Inside
section-results = Results
section-runs = Runs
no-runs-yet = No runs yet.

data-set = Data
data-mnist = MNIST (handwritten digits)
data-set-option = { $name } · { $train } + { $test } images · { $classes } classes
load-data = Your own set (Fashion-MNIST, KMNIST, EMNIST…): pick or drop anywhere on the page its four IDX files (raw or .gz), and its class names in a .txt, one a line
data-transposed = images transposed (EMNIST)
data-set-delete = Delete this set
data-in-use = Training on { $name }: { $classes }
data-names = or type its class names (commas between):
data-fold = Data: { $name } ({ $classes } classes)
