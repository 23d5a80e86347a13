# 简体中文：the page in Simplified Chinese, with the tutorial's terms (批次 batch, 轮 epoch, 损失值 loss,
# 准确率 accuracy, 卷积层, 池化层, 学习率). Also the errors' words (the English ones are the errors' own).

## The language itself
language-name = 中文
# The <html lang> tag.
language-tag = zh-CN
# Between the items of a list.
list-separator = ，
# Between the sentences of a description.
clause-separator = ；


## The page
title = 在浏览器里训练 MNIST
subtitle = 通过 WebGPU 在你自己的 GPU 上训练经典的卷积神经网络，看着它学习。用 Rust、burn 和 leptos 编写，无需安装。
language = 语言
loss-per-batch = 每个批次的损失值
test-after-epoch = 每轮训练后的测试集
what-goes-wrong = 网络认错了什么

## Where things stand
status-downloaded = MNIST 已下载
status-downloading = 正在下载 MNIST… { $percent }%
status-setting-up = { $data } · 正在准备设备（如果 WebGPU 和 CPU 都有，先各试跑几步）…
status-ready-images = 就绪：{ $train } 张训练图像和 { $test } 张测试图像
status-ready = 就绪
status-failed = 未能就绪：{ $error }
status-wrong = 出错了
keeps-working = 手写区会继续用现有的模型识别。
retry = 重试
continue-on-cpu = 改用 CPU 继续
device = 设备：
device-line = {" "}— { $adapter }（{ $reason }）
measure-again = 重新测量
use = {" "}使用：
fastest = 最快的可用设备
cpu-adapter = WebAssembly 中的 burn flex 后端（SIMD）
web-gpu-adapter = { $adapter }（WebGPU 适配器：{ $gpu }）
chosen-by-user = 由用户选择（backend={ $backend }）
no-web-gpu = WebGPU 不可用：{ $why }
measured = { $gpu }，{ $cpu }：在 { $on } 上训练
the-cpu = CPU
ms-per-batch = { $name } 每批次 { $ms } ms
cpu-with-workers = CPU（{ $n } 个工作线程）
cpu-workers = {" "}· { $n } 个 CPU 工作线程
helper-lost = {" "}· 一个辅助工作线程已停止（{ $why }）：继续用 { $n } 个
helper-no-start = { $s } 秒内没有启动
helper-no-answer = { $s } 秒内没有回应
still-preparing = { $name } 过了 { $s } 秒仍在准备
device-failed = { $name } 失败（{ $why }）

## The network
block = 模块
layers = 层
output = 输出形状
input = 输入
grey-image = 灰度图像，像素值 / 255
conv = 卷积层 Conv2d({ $from }→{ $to }, { $k }×{ $k }, 步长 1, 填充 { $pad }) · ReLU
pool = 池化层 MaxPool2d(2)
flatten = 展平
raw-logits = 原始 logits
hidden = 隐藏层
params = 可训练参数：

## Training
training = 训练
interrupted = 上次访问时有一次训练被中断。
resume-run = 继续训练（第 { $epoch } 轮，共 { $epochs } 轮，第 { $batch } 批次）
discard = 丢弃
recipe = 交叉熵损失，每轮重新打乱数据；地址栏的链接就是这些设置。
first-train = 只用前 { $n } 张训练图像。
first-test = 只用前 { $n } 张测试图像。
start = 开始
resume = 继续
pause = 暂停
stop = 停止
last-loss = 最近一个批次的损失值{" "}
test-accuracy-is = 测试准确率{" "}
download-log = 下载日志（CSV）
not-started = 尚未开始
memory = {" "}· wasm 内存 { $mb } MB
progress = 第 { $epoch }/{ $epochs } 轮 · 批次 { $batch }/{ $batches } · 每秒 { $speed } 张图像
finished = {" "}· 已完成
paused = {" "}· 已暂停
left = {" "}· 还需 { $time }
seconds = { $s } 秒
minutes = { $m } 分 { $s } 秒
hours = { $h } 小时 { $m } 分
parameters = { $word }（{ $n } 个参数）
augmented-images = 训练图像及其增强后的版本
original = 原图
augmented = 增强后

## Options (the command line's help uses the English)
opt-epochs = 训练轮数
opt-epochs-help = 遍历全部训练图像的次数
opt-batch = 批次大小
opt-batch-help = 每步优化使用的图像数
opt-lr = 学习率
opt-lr-help = 优化器的学习率（教程的 Adam：0.001；SGD 通常用 0.01 左右）
opt-seed = 随机种子
opt-seed-help = 固定初始权重、批次顺序、数据增强和 dropout
opt-arch = 网络
opt-arch-help = tutorial（教程的网络）、deeper（两个模块各多一个卷积层，再加一个隐藏层）、small（几秒就能训练完）、dense（只有全连接层）或 wide（更宽）
opt-net = 各层
net-layer-at = 第 { $n } 层 { $text }：{ $why }
net-no-layers = 没有层：至少要一层（例如 c16k5-p）
net-too-many-layers = { $n } 层，超过了 { $max } 层
net-not-a-layer = 不是一层：c<通道>k<卷积核>（卷积层）、p（池化层）、d<比率>（dropout）或 l<单元数>（全连接层）
net-channels = { $n } 个通道；卷积层可有 1 到 { $max } 个
net-kernel = { $k }×{ $k } 的卷积核；卷积核只能是 3、5 或 7
net-rate = 比率 { $rate }；dropout 比率须不小于 0 且小于 0.95
net-units = { $n } 个单元；全连接层可有 1 到 { $max } 个
net-after-dense = 它需要特征图，但前面已经有全连接层
net-maps-too-small = 特征图已经是 { $side }×{ $side }
net-too-many-params = { $n } 个参数，超过了 { $max }
net-classes = 分类器有 { $n } 个输出：数据集应有 { $min } 到 { $max } 个类别
own-network = （自定义）
net-add = 添加
net-add-kind = 要添加的层
net-layer-text = 第 { $n } 层
net-up = 把第 { $n } 层上移
net-down = 把第 { $n } 层下移
net-remove = 删除第 { $n } 层
net-editor-help = 修改某一层的文字（c32k3：32 个通道，3×3；p；d0.3；l64），移动或删除它，或添加一层：表格、参数数量和链接都会随之更新。无法训练的网络会在这里、在开始之前就被拒绝。
column-params = 参数
kind-conv = 卷积层
kind-pool = 最大池化
kind-dropout = 随机失活（dropout）
kind-dense = 全连接层
opt-net-help = 各层用 - 连接：c16k5 是卷积层（16 个通道，5×5），p 是 2×2 最大池化，d0.25 是 dropout，l128 是全连接层；分类层自动放在最后
opt-workers = CPU 工作线程数（0 = 自动）
opt-workers-help = 用 CPU 训练时，把每批分给这么多个工作线程（0：每核一个，最多 8）；训练结果不变
opt-dropout = Dropout 比率
opt-dropout-help = 分类器之前的 dropout（0：关闭）
opt-optimizer = 优化器
opt-optimizer-help = adam（教程所用）、sgd（带动量的随机梯度下降）或 adamw（权重衰减与梯度分开的 Adam）
opt-momentum = 动量
opt-momentum-help = SGD 的动量（0：普通 SGD）
opt-nesterov = Nesterov 动量
opt-nesterov-help = 使用 Nesterov 动量的 SGD
opt-weight-decay = 权重衰减
opt-weight-decay-help = 把权重拉向 0：adam 和 sgd 加在梯度上，adamw 单独施加（0：关闭）
opt-lr-step = 学习率衰减间隔（轮，0 = 关闭）
opt-lr-step-help = 每 N 轮把学习率乘以 lr_gamma（0：关闭）
opt-lr-gamma = × 衰减系数
opt-lr-gamma-help = 阶梯衰减的系数
opt-augment = 训练图像数据增强
opt-augment-help = 随机旋转 ±10°、平移 ±2 像素、缩放 ±10%（也可以分别设置范围）
opt-rotate = ± 角度
opt-rotate-help = 随机旋转的范围（度）
opt-shift = ± 像素
opt-shift-help = 每个方向随机平移的范围（像素）
opt-scale = ± 缩放
opt-scale-help = 随机缩放的范围（0.1：±10%）
opt-train-images = 训练图像数
opt-train-images-help = 只用前 N 张训练图像
opt-test-images = 测试图像数
opt-test-images-help = 只用前 N 张测试图像
setting-problem = { $label }：{ $problem }

## Charts
empty-chart = 开始训练后显示
batch-axis = 批次
batch-of = 批次（共 { $total } 个）
loss-axis = 损失值（交叉熵）
batch-loss = 批次损失值
smoothed = 平滑后（EMA，α = 0.03）
loss-chart-name = 每个批次的训练损失值
accuracy-chart-name = 每轮的测试准确率
test-accuracy = 测试准确率
epoch-axis = 轮
accuracy-axis = 准确率（%）
epoch-loss-chart-name = 每轮的测试与训练损失值
test-loss = 测试损失值
mean-training-loss = 平均训练损失值
lr-chart-name = 每个批次的学习率
learning-rate = 学习率
speed-chart-name = 训练速度
speed-line = 每秒图像数（开始以来的平均值）
speed-axis = 图像 / 秒

## Drawing
draw-digit = 写一个数字
drawing-area = 手写区：用鼠标、手指或手写笔写一个数字
clear = 清除
undo = 撤销一笔
sees = 网络看到的图像（28×28）
read-in = 识别用时 { $p50 } ms（p95 { $p95 } ms，共 { $n } 次）
model = 模型：
loading = 加载中
source-pretrained = 预训练
source-trained = 在此训练
source-loaded = 来自文件
source-training = 正在训练
about-training = 正在进行的训练几秒前的权重（下面的特征图和卷积核随之变化）
trained-here = 在此训练的
from-file = 来自文件
download-weights = 下载权重
download-pth = .pth 文件
download-pytorch = PyTorch 代码
load-weights = 加载权重…{" "}
weights-hint = （safetensors 或 PyTorch .pth，教程的网络或你自己的；也可以把文件拖到这里）
about-file = { $name }（{ $format }，{ $arch } 网络）
about-accuracy = 测试准确率 { $accuracy }%
about-accuracy-on = 在 { $n } 张测试图像上的测试准确率为 { $accuracy }%
about-epoch = 1 轮
about-epochs = { $n } 轮

## How a weights file says it was made (written in English into the file, shown in either).
recipe-tutorial = 教程的设置
recipe-settings = 设置 { $query }
trained-in-browser = 在浏览器中训练，设备：{ $device }
trained-natively = 在本机用 train 命令训练，设备：{ $device }
still-in-use = { $error }。仍在使用之前的模型。

## Inside the network
inside = 网络内部
inside-intro = 上面这个数字在每一层的样子：每个小方块是一个通道的特征图（越亮越活跃）。把鼠标移到方块上或点一下可以放大它；点击它可以看看什么最能激活这个通道。
layer-line = { $layer }：{ $channels } 个 { $side }×{ $side } 的特征图
map-name = { $layer }，通道 { $channel }
logits = 每个类别的分数（logits）和概率
filters = 第一个卷积层学到了什么：它的 16 个 5×5 卷积核（红色为正权重，蓝色为负权重）。
filters-training = 它们会随着训练而变化。
top-patches = 在 { $n } 张测试图像中，最能激活 { $map } 的 9 个图像块：
pick-map = 点击上面的某个特征图，看看什么最能激活它。
needs-test-images = 这需要测试图像（还在加载）。
saliency = 显示哪些像素起决定作用
smooth-grad = 平滑（SmoothGrad）
smooth-grad-help = 在 24 份加了少量噪声的副本上平均梯度：保留起决定作用的像素，去掉单次梯度的斑点噪声。
saliency-for = 28×28 图像上，红色：那里墨迹越多越像 { $digit }；蓝色：越不像。点击某个数字的概率条，可以问“为什么不是它？”
inspecting = 来自图库的测试图像 #{ $index }（真实数字为 { $label }）。在手写区写字即可回到你自己的数字。
inspect-hint = 点击一张图像，可以用它查看网络内部。

## What the network gets wrong
any = 任意
test-image = 测试图像 #{ $index }
no-matrix-yet = 第一次测试之后，这里会显示混淆矩阵和认错的图像。
after-epoch = 1 轮之后：{ $total } 张测试图像中 { $correct } 张正确（{ $accuracy }%）。行：真实数字；列：预测数字。点击单元格可查看这些图像。
after-epochs = { $epochs } 轮之后：{ $total } 张测试图像中 { $correct } 张正确（{ $accuracy }%）。行：真实数字；列：预测数字。点击单元格可查看这些图像。
true-predicted = 真实 \ 预测
accuracy = 准确率
cell-title = { $count } 张 { $digit } 被认成了 { $read }
misclassified = 认错的测试图像
true-digit = 真实数字
predicted = 预测数字
shown-kept = 显示 { $shown } 张；共认错 { $total } 张，保留了置信度最高的 { $kept } 张
shown-of = 认错的 { $total } 张中显示 { $shown } 张（置信度高的在前）
show-more = 再显示 { $n } 张
random-sample = 随机抽取的测试图像

## The offline copy
no-offline-copy = 还没有离线副本。
offline-app = 应用（{ $files } 个文件，{ $mb } MB）
offline-data = MNIST 数据（4 个文件，{ $mb } MB）
offline-some-data = 4 个 MNIST 文件中的 { $n } 个
works-offline = ，断网也能用
offline-copy = 离线副本：{ $app }和{ $data }{ $works }。
clear-offline = 清除离线副本
offline-refused = 没有离线副本：浏览器拒绝存储（{ $why }）。联网时页面照常可用。

## Runs kept and compared
runs = 训练记录
runs-help = 在这里训练的每一次都会保留下来，便于比较：勾选两个或更多，叠加它们的曲线。
keep-weights = 保留每次训练的权重（每个 0.5 MB）
import-log = 导入训练日志（CSV 或 JSON）…
run-name = 名称
run-settings = 与默认设置的不同
run-best = 最佳 %
run-final = 最终 %
run-time = 用时
run-device = 设备
run-use = 用于手写识别
run-delete = 删除
run-defaults = 默认设置
run-pin = 置顶（存储空间满时保留它的权重）
runs-dropped = 存储空间已满：为腾出空间，删除了 { $runs } 的权重（记录仍保留）。
runs-not-kept = 浏览器拒绝保存一次训练（{ $why }）。
compare-hint = 勾选两个或更多训练记录来比较曲线。
cmp-accuracy = 每轮的测试准确率（%）
cmp-test-loss = 每轮的测试损失值
cmp-batch-loss = 批次损失值（平滑），按轮
experiment = 实验：
experiment-try = 尝试
experiment-at = 取值
experiment-run = 依次训练
experiment-ready = 现成的实验：
experiment-tutorial = 教程里的优化方向
experiment-optimizers = 优化器
experiment-structures = 网络结构的改变
experiment-help = 每个取值训练一次，其余用上面的设置（轮数、图像数、种子）；依次进行，刷新页面也会继续，最后显示它们的比较。
experiment-values = 要尝试的取值
select-run = 比较 { $name }
experiment-cancel = 结束实验
experiment-status = 实验：第 { $n } 次，共 { $total } 次（{ $name }）。

## A new release
update-ready = 这个页面有新版本了。
update-run-note = 刷新后可以从最近的检查点继续训练。
update-reload = 刷新

## Benchmarks (`?bench=`)
benchmark = 基准测试：{ $kind }
running = 运行中…

## The first screen
example-image = 一张测试图像（#{ $index }，真实数字为 { $label }）——写一个你自己的数字来替换它。
another-example = 换一张
charts-later = 图表（每个批次的损失值、学习率、速度、每轮后的测试准确率）在开始训练后显示。
network-fold = 网络结构，逐层说明（{ $params } 个可训练参数）
trains-on-gpu = 在你的 GPU 上训练（{ $how }）
trains-on-cpu = 在 CPU 上训练（{ $how }）
trains-on-cpu-plain = 在 CPU 上训练
ms-each = 每批次 { $ms } ms
workers = { $n } 个工作线程
sections = 页面分区
section-train = 训练
section-draw = 手写
section-inside = 内部
section-results = 结果
section-runs = 记录
no-runs-yet = 还没有训练记录。

## Errors (the English words are the errors' own; `$kind` is image or label, `$role` a worker's:
## training, prediction or helper)
error-idx-too-short = { $name }：文件只有 { $len } 字节，不够一个 IDX 文件头
error-idx-bad-magic = { $name }：魔数是 { $found }（应为 { $expected }），这不是 MNIST 的{ $kind ->
        [image] 图像
       *[other] 标签
    }文件
error-idx-bad-dims = { $name }：图像是 { $rows }×{ $cols } 像素，而这个网络需要 28×28
error-idx-bad-length = { $name }：文件头说有 { $expected } 字节数据，文件里却有 { $found } 字节（被截断或多出内容）
error-idx-bad-label = { $name }：第 { $index } 个标签是 { $label }，超出了这个数据集的 { $classes } 个类别（标签从 0 开始）
error-class-names-count = { $name }：有 { $count } 个类别名，但一个数据集有 2 到 62 个类别（每行一个名字）
error-class-name-empty = { $name }：第 { $line } 行是空的：每个类别都要有名字（每行一个）
error-class-name-twice = { $name }：第 { $line } 行再次写了“{ $class }”：每个类别要有自己的名字
error-sets-disagree = { $test }：第 { $index } 个标签是 { $label }，超出了 { $train } 的 { $classes } 个类别：这个测试集和训练集不是一套
error-set-file-unknown = { $name }：不是数据集的文件。一个数据集是四个 IDX 文件，名字像 train-images-idx3-ubyte、train-labels-idx1-ubyte、t10k-images-idx3-ubyte 和 t10k-labels-idx1-ubyte（原样或 .gz），类别名放在一个 .txt 文件里
error-set-file-twice = { $first } 和 { $second } 都是数据集的 { $role } 文件：只给一个
error-set-file-missing = 缺少数据集的 { $role } 文件：一个数据集是四个 IDX 文件（train-images、train-labels、test-images、test-labels）
error-other-set = 这个检查点是在 { $kept } 上训练的，不是 { $now }：选那个数据集才能继续，或者开始新的训练
error-kept-set-damaged = 保存在这个浏览器里的数据集 { $name } 已损坏（{ $reason }）：请重新选择它的文件
error-set-not-kept = 数据集 { $name } 现在可以用，但没能保存在这个浏览器里（{ $reason }）：下次访问时请重新选择它的文件
error-data-empty = { $name }：里面没有图像，既不能训练也不能测试
error-data-one-class = { $name }：全部 { $count } 个标签都是 { $label }：只有一类，没有什么可区分的
error-too-large = { $name }：文件超过 { $max_mb } MB，远大于这个应用读取的任何同类文件（未读取）
error-not-finite = 训练在第 { $batch } 批（第 { $epoch } 轮）停止：损失不再是有限的数（NaN 或无穷大），这次训练的权重已无法使用；调低学习率通常可以避免。最后的检查点保留着，识别手写的模型没有变。
error-checkpoint-past-end = 检查点停在第 { $done } 批之后，而这次训练一共只有 { $total } 批：没有可以继续的了。请开始新的训练。
error-count-mismatch = { $images } 张图像却有 { $labels } 个标签：图像文件和标签文件不是一套
error-gzip = { $name }：不是有效的 gzip 文件（{ $reason }）
error-download = 无法下载 { $url }：{ $reason }
error-weights = 这个权重文件不是给这个网络的：{ $why }
error-bad-weights-file = { $name }：{ $reason }
error-device = GPU 出错：{ $why }
error-gpu-lost = GPU 停止工作了（WebGPU 设备丢失：{ $why }）。训练已停止；识别手写的模型没有变。可以改用 CPU 继续，或重新加载页面再试 GPU。
error-no-webgpu = WebGPU 不可用：{ $why }
error-config = 设置无效：{ $why }
error-run-in-progress = 训练线程里还有一次训练在进行：等它结束，或先停止它，再重新开始。
error-not-ready = 数据或设备还没有准备好：请等页面显示已就绪。
# A file's or the command's own words, shown as they are.
error-as-written = { $why }
error-run-log = { $name }：{ $reason }
error-other-tab = 这个页面的另一个标签页正在训练。同一个浏览器一次只训练一个（检查点保存在同一处）：在那边停止或关闭那个标签页，才能在这里训练。这里照样可以手写并识别数字。
error-checkpoint-not-kept = 浏览器拒绝保存这次训练的检查点（{ $why }）：存储空间已满或这里不允许存储。训练照常进行，但不会被保留：关闭或刷新标签页就会丢失。
error-model-not-kept = 浏览器拒绝为你下次访问保留训练好的模型（{ $why }）：存储空间已满或这里不允许存储。模型现在照样识别手写，也可以下载。
error-worker-restarted = { $role ->
        [training] 训练
        [helper] 辅助
       *[other] 识别
    }线程停止了（{ $why }）；已重新启动，仍用原来的模型。
error-worker = { $role ->
        [training] 训练
        [helper] 辅助
       *[other] 识别
    }线程出错：{ $why }

data-set = 数据
data-mnist = MNIST（手写数字）
data-set-option = { $name } · { $train } + { $test } 张图像 · { $classes } 个类别
load-data = 你自己的数据集（Fashion-MNIST、KMNIST、EMNIST……）：选择或拖到页面上它的四个 IDX 文件（原样或 .gz），以及一个 .txt 类别名文件，每行一个
data-transposed = 图像是转置的（EMNIST）
data-set-delete = 删除这个数据集
data-in-use = 正在用 { $name } 训练：{ $classes }
data-names = 或者输入它的类别名（用逗号分开）：
data-fold = 数据：{ $name }（{ $classes } 个类别）
