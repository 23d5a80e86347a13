//! Every string the page shows, in English and Simplified Chinese (the tutorial's terms:
//! 批次 batch, 轮 epoch, 损失值 loss, 准确率 accuracy, 卷积层, 池化层, 学习率). `{name}` marks a
//! value filled in by [`super::fill`]; both languages use the same names.

macro_rules! texts {
    ($($key:ident: $en:literal, $zh:literal;)*) => {
        /// A string of the page; [`K::en`] and [`K::zh`] give it in each language.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum K { $($key),* }

        impl K {
            pub const ALL: &'static [K] = &[$(K::$key),*];
            pub fn en(self) -> &'static str { match self { $(K::$key => $en),* } }
            pub fn zh(self) -> &'static str { match self { $(K::$key => $zh),* } }
        }
    };
}

texts! {
    // The page
    Title: "MNIST in your browser", "在浏览器里训练 MNIST";
    Subtitle: "Train the classic convolutional network on your own GPU through WebGPU and watch it learn. Rust, burn and leptos; nothing to install.",
        "通过 WebGPU 在你自己的 GPU 上训练经典的卷积神经网络，看着它学习。用 Rust、burn 和 leptos 编写，无需安装。";
    Language: "Language", "语言";
    LossPerBatch: "Loss per batch", "每个批次的损失值";
    TestAfterEpoch: "Test set after each epoch", "每轮训练后的测试集";
    WhatGoesWrong: "What the network gets wrong", "网络认错了什么";
    // Where things stand
    StatusDownloaded: "MNIST downloaded", "MNIST 已下载";
    StatusDownloading: "Downloading MNIST… {percent}%", "正在下载 MNIST… {percent}%";
    StatusSettingUp: "{data} · setting up the device (a few test steps on WebGPU and the CPU, if it has both)…",
        "{data} · 正在准备设备（如果 WebGPU 和 CPU 都有，先各试跑几步）…";
    StatusReadyImages: "Ready: {train} training and {test} test images", "就绪：{train} 张训练图像和 {test} 张测试图像";
    StatusReady: "Ready", "就绪";
    StatusFailed: "Could not get ready: {error}", "未能就绪：{error}";
    StatusWrong: "Something went wrong", "出错了";
    KeepsWorking: "The drawing panel keeps working with the model it has. ", "手写区会继续用现有的模型识别。";
    Retry: "Retry", "重试";
    ContinueOnCpu: "Continue on the CPU", "改用 CPU 继续";
    Device: "Device: ", "设备：";
    DeviceLine: " — {adapter} ({reason})", " — {adapter}（{reason}）";
    MeasureAgain: "Measure again", "重新测量";
    Use: " Use: ", " 使用：";
    Fastest: "fastest available", "最快的可用设备";
    CpuAdapter: "burn flex backend in WebAssembly (SIMD)", "WebAssembly 中的 burn flex 后端（SIMD）";
    WebGpuAdapter: "{adapter} (WebGPU adapter: {gpu})", "{adapter}（WebGPU 适配器：{gpu}）";
    ChosenByUser: "chosen by the user (backend={backend})", "由用户选择（backend={backend}）";
    NoWebGpu: "WebGPU is not available: {why}", "WebGPU 不可用：{why}";
    Measured: "{gpu}, {cpu}: training on {on}", "{gpu}，{cpu}：在 {on} 上训练";
    TheCpu: "the CPU", "CPU";
    MsPerBatch: "{name} {ms} ms/batch", "{name} 每批次 {ms} ms";
    CpuWithWorkers: "CPU, {n} workers,", "CPU（{n} 个工作线程）";
    CpuWorkers: " · {n} CPU workers", " · {n} 个 CPU 工作线程";
    HelperLost: " · a helper worker stopped ({why}): going on with {n}", " · 一个辅助工作线程已停止（{why}）：继续用 {n} 个";
    HelperNoStart: "it did not start within {s} s", "{s} 秒内没有启动";
    HelperNoAnswer: "it did not answer within {s} s", "{s} 秒内没有回应";
    StillPreparing: "{name} still preparing after {s} s", "{name} 过了 {s} 秒仍在准备";
    DeviceFailed: "{name} failed ({why})", "{name} 失败（{why}）";
    // The network
    Block: "block", "模块";
    Layers: "layers", "层";
    Output: "output", "输出形状";
    Input: "input", "输入";
    GreyImage: "grey image, pixel / 255", "灰度图像，像素值 / 255";
    Conv: "Conv2d({from}→{to}, k5, s1, p2) · ReLU", "卷积层 Conv2d({from}→{to}, 5×5, 步长 1, 填充 2) · ReLU";
    Pool: "MaxPool2d(2)", "池化层 MaxPool2d(2)";
    Flatten: "flatten", "展平";
    RawLogits: "raw logits", "原始 logits";
    Hidden: "hidden", "隐藏层";
    Params: "Trainable parameters: ", "可训练参数：";
    // Training
    Training: "Training", "训练";
    Interrupted: "A run was interrupted on an earlier visit. ", "上次访问时有一次训练被中断。";
    ResumeRun: "Resume the run (epoch {epoch} of {epochs}, batch {batch})", "继续训练（第 {epoch} 轮，共 {epochs} 轮，第 {batch} 批次）";
    Discard: "Discard", "丢弃";
    Recipe: "Adam, cross entropy, data reshuffled every epoch; the address bar links to these settings. ",
        "Adam 优化器，交叉熵损失，每轮重新打乱数据；地址栏的链接就是这些设置。";
    FirstTrain: "Using the first {n} training images. ", "只用前 {n} 张训练图像。";
    FirstTest: "Using the first {n} test images.", "只用前 {n} 张测试图像。";
    Start: "Start", "开始";
    Resume: "Resume", "继续";
    Pause: "Pause", "暂停";
    Stop: "Stop", "停止";
    LastLoss: "Last batch loss ", "最近一个批次的损失值 ";
    TestAccuracyIs: "Test accuracy ", "测试准确率 ";
    DownloadLog: "Download log (CSV)", "下载日志（CSV）";
    NotStarted: "Not started", "尚未开始";
    Memory: " · {mb} MB wasm memory", " · wasm 内存 {mb} MB";
    Progress: "Epoch {epoch}/{epochs} · batch {batch}/{batches} · {speed} images/s", "第 {epoch}/{epochs} 轮 · 批次 {batch}/{batches} · 每秒 {speed} 张图像";
    Finished: " · finished", " · 已完成";
    Paused: " · paused", " · 已暂停";
    Left: " · {time} left", " · 还需 {time}";
    Seconds: "{s} s", "{s} 秒";
    Minutes: "{m} min {s} s", "{m} 分 {s} 秒";
    Hours: "{h} h {m} min", "{h} 小时 {m} 分";
    Parameters: "{word} ({n} parameters)", "{word}（{n} 个参数）";
    AugmentedImages: "training images and augmented versions of them", "训练图像及其增强后的版本";
    Original: "original", "原图";
    Augmented: "augmented", "增强后";
    // Options (the command line's help uses the English)
    OptEpochs: "Epochs", "训练轮数";
    OptEpochsHelp: "passes over the training images", "遍历全部训练图像的次数";
    OptBatch: "Batch size", "批次大小";
    OptBatchHelp: "images per optimisation step", "每步优化使用的图像数";
    OptLr: "Learning rate", "学习率";
    OptLrHelp: "Adam's learning rate", "Adam 的学习率";
    OptSeed: "Seed", "随机种子";
    OptSeedHelp: "fixes the initial weights, the batch order, augmentation and dropout", "固定初始权重、批次顺序、数据增强和 dropout";
    OptArch: "Network", "网络";
    OptArchHelp: "tutorial (the tutorial's network) or deeper (an extra convolution in two blocks and a hidden layer)",
        "tutorial（教程的网络）或 deeper（两个模块各多一个卷积层，再加一个隐藏层）";
    OptWorkers: "CPU workers (0 = auto)", "CPU 工作线程数（0 = 自动）";
    OptWorkersHelp: "on the CPU, split each batch between this many workers (0: one per core, at most 8); the training is the same", "用 CPU 训练时，把每批分给这么多个工作线程（0：每核一个，最多 8）；训练结果不变";
    OptDropout: "Dropout rate", "Dropout 比率";
    OptDropoutHelp: "dropout before the classifier (0: off)", "分类器之前的 dropout（0：关闭）";
    OptLrStep: "LR step (epochs, 0 = off)", "学习率衰减间隔（轮，0 = 关闭）";
    OptLrStepHelp: "multiply the learning rate by lr_gamma every N epochs (0: off)", "每 N 轮把学习率乘以 lr_gamma（0：关闭）";
    OptLrGamma: "× gamma", "× 衰减系数";
    OptLrGammaHelp: "the step schedule's factor", "阶梯衰减的系数";
    OptAugment: "Augment training images", "训练图像数据增强";
    OptAugmentHelp: "random rotation ±10°, shift ±2 px, scale ±10% (or set each range)", "随机旋转 ±10°、平移 ±2 像素、缩放 ±10%（也可以分别设置范围）";
    OptRotate: "± degrees", "± 角度";
    OptRotateHelp: "random rotation range in degrees", "随机旋转的范围（度）";
    OptShift: "± pixels", "± 像素";
    OptShiftHelp: "random shift range in pixels, per axis", "每个方向随机平移的范围（像素）";
    OptScale: "± scale", "± 缩放";
    OptScaleHelp: "random scaling range (0.1: ±10%)", "随机缩放的范围（0.1：±10%）";
    OptTrainImages: "Training images", "训练图像数";
    OptTrainImagesHelp: "use only the first N training images", "只用前 N 张训练图像";
    OptTestImages: "Test images", "测试图像数";
    OptTestImagesHelp: "use only the first N test images", "只用前 N 张测试图像";
    SettingProblem: "{label}: {problem}", "{label}：{problem}";
    // Charts
    EmptyChart: "appears when training starts", "开始训练后显示";
    BatchAxis: "batch", "批次";
    BatchOf: "batch (of {total})", "批次（共 {total} 个）";
    LossAxis: "loss (cross-entropy)", "损失值（交叉熵）";
    BatchLoss: "batch loss", "批次损失值";
    Smoothed: "smoothed (EMA, α = 0.03)", "平滑后（EMA，α = 0.03）";
    LossChartName: "training loss per batch", "每个批次的训练损失值";
    AccuracyChartName: "test accuracy per epoch", "每轮的测试准确率";
    TestAccuracy: "test accuracy", "测试准确率";
    EpochAxis: "epoch", "轮";
    AccuracyAxis: "accuracy (%)", "准确率（%）";
    EpochLossChartName: "test and training loss per epoch", "每轮的测试与训练损失值";
    TestLoss: "test loss", "测试损失值";
    MeanTrainingLoss: "mean training loss", "平均训练损失值";
    LrChartName: "learning rate per batch", "每个批次的学习率";
    LearningRate: "learning rate", "学习率";
    SpeedChartName: "training speed", "训练速度";
    SpeedLine: "images per second (mean since start)", "每秒图像数（开始以来的平均值）";
    SpeedAxis: "images / s", "图像 / 秒";
    // Drawing
    DrawDigit: "Draw a digit", "写一个数字";
    DrawingArea: "drawing area: draw a digit with mouse, touch or pen", "手写区：用鼠标、手指或手写笔写一个数字";
    Clear: "Clear", "清除";
    Undo: "Undo stroke", "撤销一笔";
    Sees: "What the network sees (28×28)", "网络看到的图像（28×28）";
    ReadIn: "read in {p50} ms (p95 {p95} ms, {n} reads)", "识别用时 {p50} ms（p95 {p95} ms，共 {n} 次）";
    Model: "Model: ", "模型：";
    Loading: "loading", "加载中";
    SourcePretrained: "pretrained", "预训练";
    SourceTrained: "trained", "在此训练";
    SourceLoaded: "loaded", "来自文件";
    SourceTraining: "training now", "正在训练";
    AboutTraining: "the weights of the run in progress, as of a few seconds ago (the maps and filters below follow it)", "正在进行的训练几秒前的权重（下面的特征图和卷积核随之变化）";
    TrainedHere: "trained here", "在此训练的";
    FromFile: "from a file", "来自文件";
    DownloadWeights: "Download weights", "下载权重";
    LoadWeights: "Load weights… ", "加载权重… ";
    WeightsHint: " (safetensors, or a PyTorch .pth of the tutorial's model; or drop the file here)", "（safetensors，或教程模型的 PyTorch .pth；也可以把文件拖到这里）";
    AboutFile: "{name} ({format}, the {arch} network)", "{name}（{format}，{arch} 网络）";
    AboutAccuracy: "{accuracy}% test accuracy", "测试准确率 {accuracy}%";
    AboutAccuracyOn: "{accuracy}% test accuracy on {n} test images", "在 {n} 张测试图像上的测试准确率为 {accuracy}%";
    AboutEpoch: "1 epoch", "1 轮";
    AboutEpochs: "{n} epochs", "{n} 轮";
    // How a weights file says it was made (written in English into the file, shown in either).
    RecipeTutorial: "the tutorial's recipe", "教程的设置";
    RecipeSettings: "settings {query}", "设置 {query}";
    TrainedInBrowser: "in the browser on {device}", "在浏览器中训练，设备：{device}";
    TrainedNatively: "natively with the train command on {device}", "在本机用 train 命令训练，设备：{device}";
    StillInUse: "{error}. The previous model is still in use.", "{error}。仍在使用之前的模型。";
    // Inside the network
    Inside: "Inside the network", "网络内部";
    InsideIntro: "What every layer makes of the digit above: each small square is one channel's map (bright: strongly active). Hover or tap one to enlarge it; click it to see what excites that channel most.",
        "上面这个数字在每一层的样子：每个小方块是一个通道的特征图（越亮越活跃）。把鼠标移到方块上或点一下可以放大它；点击它可以看看什么最能激活这个通道。";
    LayerLine: "{layer}: {channels} maps of {side}×{side}", "{layer}：{channels} 个 {side}×{side} 的特征图";
    MapName: "{layer}, channel {channel}", "{layer}，通道 {channel}";
    Logits: "The ten scores (logits) and probabilities", "十个分数（logits）和概率";
    Filters: "What the first convolution learned: its 16 filters of 5×5 (red: positive weights, blue: negative).",
        "第一个卷积层学到了什么：它的 16 个 5×5 卷积核（红色为正权重，蓝色为负权重）。";
    FiltersTraining: "They change as the network trains.", "它们会随着训练而变化。";
    TopPatches: "Among {n} test images, the 9 patches that excite {map} most:", "在 {n} 张测试图像中，最能激活 {map} 的 9 个图像块：";
    PickMap: "Click a map above to see what excites it most.", "点击上面的某个特征图，看看什么最能激活它。";
    NeedsTestImages: " This needs the test images (they are still loading).", "这需要测试图像（还在加载）。";
    Saliency: " show which pixels decide", "显示哪些像素起决定作用";
    SmoothGrad: " smoothed (SmoothGrad)", "平滑（SmoothGrad）";
    SmoothGradHelp: "The gradient averaged over 24 copies of the drawing with a little noise: what decides, without the speckle of a single gradient.",
        "在 24 份加了少量噪声的副本上平均梯度：保留起决定作用的像素，去掉单次梯度的斑点噪声。";
    SaliencyFor: "Over the 28×28 image, red: more ink there makes it more a {digit}; blue: less. Click a digit's bar to ask \"why not that one?\".",
        "28×28 图像上，红色：那里墨迹越多越像 {digit}；蓝色：越不像。点击某个数字的概率条，可以问“为什么不是它？”";
    Inspecting: "Test image #{index} (a {label}) from the gallery. Draw to go back to your own.", "来自图库的测试图像 #{index}（真实数字为 {label}）。在手写区写字即可回到你自己的数字。";
    InspectHint: "Click an image to look inside the network with it.", "点击一张图像，可以用它查看网络内部。";
    // What the network gets wrong
    Any: "any", "任意";
    TestImage: "test image #{index}", "测试图像 #{index}";
    NoMatrixYet: "The confusion matrix and the gallery of mistakes appear after the first test pass.", "第一次测试之后，这里会显示混淆矩阵和认错的图像。";
    AfterEpoch: "After 1 epoch: {correct} of {total} test images right ({accuracy}%). Rows: true digit; columns: predicted. Click a cell to see those images.",
        "1 轮之后：{total} 张测试图像中 {correct} 张正确（{accuracy}%）。行：真实数字；列：预测数字。点击单元格可查看这些图像。";
    AfterEpochs: "After {epochs} epochs: {correct} of {total} test images right ({accuracy}%). Rows: true digit; columns: predicted. Click a cell to see those images.",
        "{epochs} 轮之后：{total} 张测试图像中 {correct} 张正确（{accuracy}%）。行：真实数字；列：预测数字。点击单元格可查看这些图像。";
    TruePredicted: "true \\ predicted", "真实 \\ 预测";
    Accuracy: "accuracy", "准确率";
    CellTitle: "{count} images of a {digit} read as {read}", "{count} 张 {digit} 被认成了 {read}";
    Misclassified: "Misclassified test images", "认错的测试图像";
    TrueDigit: "True digit", "真实数字";
    Predicted: "Predicted", "预测数字";
    ShownKept: "{shown} shown; {total} mistakes in all, the {kept} most confident kept", "显示 {shown} 张；共认错 {total} 张，保留了置信度最高的 {kept} 张";
    ShownOf: "{shown} shown of {total} mistakes (most confident first)", "认错的 {total} 张中显示 {shown} 张（置信度高的在前）";
    ShowMore: "Show {n} more", "再显示 {n} 张";
    RandomSample: "A random sample of test images", "随机抽取的测试图像";
    // The offline copy
    NoOfflineCopy: "No offline copy yet.", "还没有离线副本。";
    OfflineApp: "the app ({files} files, {mb} MB)", "应用（{files} 个文件，{mb} MB）";
    OfflineData: "the MNIST data (4 files, {mb} MB)", "MNIST 数据（4 个文件，{mb} MB）";
    OfflineSomeData: "{n} of the 4 MNIST files", "4 个 MNIST 文件中的 {n} 个";
    WorksOffline: " — it works without a network", "，断网也能用";
    OfflineCopy: "Offline copy: {app} and {data}{works}.", "离线副本：{app}和{data}{works}。";
    ClearOffline: "Clear offline copy", "清除离线副本";
    OfflineRefused: "No offline copy: the browser refused to store it ({why}). The page works while online.",
        "没有离线副本：浏览器拒绝存储（{why}）。联网时页面照常可用。";
    // Runs kept and compared
    Runs: "Runs", "训练记录";
    RunsHelp: "Every run you train here is kept, to compare: select two or more to overlay their curves.",
        "在这里训练的每一次都会保留下来，便于比较：勾选两个或更多，叠加它们的曲线。";
    KeepWeights: "keep each run's weights (0.5 MB each)", "保留每次训练的权重（每个 0.5 MB）";
    ImportLog: "Import a run log (CSV or JSON)…", "导入训练日志（CSV 或 JSON）…";
    RunName: "name", "名称";
    RunSettings: "differs from the defaults", "与默认设置的不同";
    RunBest: "best %", "最佳 %";
    RunFinal: "final %", "最终 %";
    RunTime: "time", "用时";
    RunDevice: "device", "设备";
    RunUse: "use for the canvas", "用于手写识别";
    RunDelete: "delete", "删除";
    RunDefaults: "defaults", "默认设置";
    RunPin: "pin (its weights are kept when storage is full)", "置顶（存储空间满时保留它的权重）";
    RunsDropped: "Storage was full: the weights of {runs} were dropped to make room (their records stay).",
        "存储空间已满：为腾出空间，删除了 {runs} 的权重（记录仍保留）。";
    RunsNotKept: "The browser refused to keep a run ({why}).", "浏览器拒绝保存一次训练（{why}）。";
    CompareHint: "Select two or more runs to compare their curves.", "勾选两个或更多训练记录来比较曲线。";
    CmpAccuracy: "Test accuracy (%) per epoch", "每轮的测试准确率（%）";
    CmpTestLoss: "Test loss per epoch", "每轮的测试损失值";
    CmpBatchLoss: "Batch loss (smoothed), by epoch", "批次损失值（平滑），按轮";
    Experiment: "Experiment:", "实验：";
    ExperimentTry: "try", "尝试";
    ExperimentAt: "at", "取值";
    ExperimentRun: "Run them", "依次训练";
    ExperimentTutorial: "The tutorial's improvements", "教程里的优化方向";
    ExperimentHelp: "Each value is one run with the settings above (epochs, images, seed); the runs follow one another, survive a reload, and end with their comparison.",
        "每个取值训练一次，其余用上面的设置（轮数、图像数、种子）；依次进行，刷新页面也会继续，最后显示它们的比较。";
    ExperimentValues: "the values to try", "要尝试的取值";
    SelectRun: "compare {name}", "比较 {name}";
    ExperimentCancel: "end the experiment", "结束实验";
    ExperimentStatus: "Experiment: run {n} of {total} ({name}).", "实验：第 {n} 次，共 {total} 次（{name}）。";
    // A new release
    UpdateReady: "A new version of this page is ready.", "这个页面有新版本了。";
    UpdateRunNote: " The run can be continued from its last checkpoint after the reload.", "刷新后可以从最近的检查点继续训练。";
    UpdateReload: "Reload", "刷新";
    // Benchmarks (`?bench=`)
    Benchmark: "Benchmark: {kind}", "基准测试：{kind}";
    Running: "running…", "运行中…";
    // The first screen
    ExampleImage: "A test image (#{index}, a {label}) — draw your own to replace it.", "一张测试图像（#{index}，真实数字为 {label}）——写一个你自己的数字来替换它。";
    AnotherExample: "another", "换一张";
    ChartsLater: "The charts (loss per batch, learning rate, speed, test accuracy after each epoch) appear when training starts.",
        "图表（每个批次的损失值、学习率、速度、每轮后的测试准确率）在开始训练后显示。";
    NetworkFold: "The network, layer by layer ({params} trainable parameters)", "网络结构，逐层说明（{params} 个可训练参数）";
    TrainsOnGpu: "training on your GPU ({how})", "在你的 GPU 上训练（{how}）";
    TrainsOnCpu: "training on the CPU ({how})", "在 CPU 上训练（{how}）";
    TrainsOnCpuPlain: "training on the CPU", "在 CPU 上训练";
    MsEach: "{ms} ms/batch", "每批次 {ms} ms";
    Workers: "{n} workers", "{n} 个工作线程";
    Sections: "Sections", "页面分区";
    SectionTrain: "Train", "训练";
    SectionDraw: "Draw", "手写";
    SectionInside: "Inside", "内部";
    SectionResults: "Results", "结果";
    SectionRuns: "Runs", "记录";
    NoRunsYet: "No runs yet.", "还没有训练记录。";
}
