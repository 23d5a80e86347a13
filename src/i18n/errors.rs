//! Errors in the page's language. The English words are the errors' own ([`AppError`]'s
//! `Display`); the Chinese ones are here, one per variant (the match is exhaustive, so a new
//! variant cannot go untranslated). Details that come from elsewhere (a browser's or a
//! library's reason, a list of mismatched tensors) stay as they were written.
use super::Lang;
use crate::base::error::AppError;
use crate::base::text::printable;

/// The words of `e` (what a file put in them made safe to show: [`printable`]).
pub fn error_text(lang: Lang, e: &AppError) -> String {
    printable(&match lang {
        Lang::En => e.to_string(),
        Lang::Zh => zh(e),
    })
}

fn zh(e: &AppError) -> String {
    use AppError::*;
    match e {
        IdxTooShort { name, len } => format!("{name}：文件只有 {len} 字节，不够一个 IDX 文件头"),
        IdxBadMagic { name, found, expected, kind } => {
            format!(
                "{name}：魔数是 0x{found:08x}（应为 0x{expected:08x}），这不是 MNIST 的{}文件",
                if kind == "image" { "图像" } else { "标签" }
            )
        }
        IdxBadDims { name, rows, cols } => format!("{name}：图像是 {rows}×{cols} 像素，而这个网络需要 28×28"),
        IdxBadLength { name, expected, found } => {
            format!("{name}：文件头说有 {expected} 字节数据，文件里却有 {found} 字节（被截断或多出内容）")
        }
        IdxBadLabel { name, index, label } => format!("{name}：第 {index} 个标签是 {label}，不是 0–9 的数字"),
        DataEmpty { name } => format!("{name}：里面没有图像，既不能训练也不能测试"),
        DataOneClass { name, label, count } => format!("{name}：全部 {count} 个标签都是 {label}：只有一类，没有什么可区分的"),
        TooLarge { name, max_mb } => format!("{name}：文件超过 {max_mb} MB，远大于这个应用读取的任何同类文件（未读取）"),
        NotFinite { batch, epoch } => format!(
            "训练在第 {batch} 批（第 {epoch} 轮）停止：损失不再是有限的数（NaN 或无穷大），这次训练的权重已无法使用；调低学习率通常可以避免。最后的检查点保留着，识别手写的模型没有变。"
        ),
        CheckpointPastEnd { done, total } => format!("检查点停在第 {done} 批之后，而这次训练一共只有 {total} 批：没有可以继续的了。请开始新的训练。"),
        CountMismatch { images, labels } => format!("{images} 张图像却有 {labels} 个标签：图像文件和标签文件不是一套"),
        Gzip { name, reason } => format!("{name}：不是有效的 gzip 文件（{reason}）"),
        Download { url, reason } => format!("无法下载 {url}：{reason}"),
        Weights(why) => format!("这个权重文件不是给这个网络的：{why}"),
        BadWeightsFile { name, reason } => format!("{name}：{reason}"),
        Device(why) => format!("GPU 出错：{why}"),
        GpuLost(why) => format!(
            "GPU 停止工作了（WebGPU 设备丢失：{why}）。训练已停止；识别手写的模型没有变。可以改用 CPU 继续，或重新加载页面再试 GPU。"
        ),
        NoWebGpu(why) => format!("WebGPU 不可用：{why}"),
        Config(why) => format!("设置无效：{why}"),
        RunInProgress => "训练线程里还有一次训练在进行：等它结束，或先停止它，再重新开始。".into(),
        NotReady => "数据或设备还没有准备好：请等页面显示已就绪。".into(),
        Io(why) | Usage(why) => why.clone(),
        RunLog { name, reason } => format!("{name}：{reason}"),
        OtherTab => "这个页面的另一个标签页正在训练。同一个浏览器一次只训练一个（检查点保存在同一处）：在那边停止或关闭那个标签页，才能在这里训练。这里照样可以手写并识别数字。".into(),
        CheckpointNotKept(why) => format!(
            "浏览器拒绝保存这次训练的检查点（{why}）：存储空间已满或这里不允许存储。训练照常进行，但不会被保留：关闭或刷新标签页就会丢失。"
        ),
        ModelNotKept(why) => format!("浏览器拒绝为你下次访问保留训练好的模型（{why}）：存储空间已满或这里不允许存储。模型现在照样识别手写，也可以下载。"),
        WorkerRestarted { role, why } => {
            let role = role_zh(role);
            format!("{role}线程停止了（{why}）；已重新启动，仍用原来的模型。")
        }
        Worker { role, why } => {
            let role = role_zh(role);
            format!("{role}线程出错：{why}")
        }
    }
}

/// A worker's role (`protocol::Role`'s words) in Chinese.
fn role_zh(role: &str) -> &'static str {
    match role {
        "training" => "训练",
        "helper" => "辅助",
        _ => "识别",
    }
}
