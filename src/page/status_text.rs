//! What the page writes about where things stand, from its state, in its language (plain
//! functions, tested natively).
use crate::base::error::AppError;
use crate::device::backend::BackendKind;
use crate::device::calibrate::{Calibration, Timing};
use crate::device::choice::{DeviceInfo, Reason};
use crate::i18n::format::{duration, group};
use crate::i18n::{K, Lang, error_text};
use crate::page::page_state::{PageState, Phase};
use crate::protocol::helper::HelperLoss;

/// The status line (`data-testid="data-status"`).
pub fn status_text(s: &PageState, lang: Lang) -> String {
    use Phase::*;
    match s.phase {
        Loading => {
            let data = if s.data.is_some() {
                lang.text(K::StatusDownloaded).to_string()
            } else {
                lang.fill(K::StatusDownloading, &[("percent", &format!("{:.0}", s.data_percent()))])
            };
            if s.device.is_none() { lang.fill(K::StatusSettingUp, &[("data", &data)]) } else { data }
        }
        Ready => match s.data {
            Some((train, test)) => lang.fill(K::StatusReadyImages, &[("train", &group(train)), ("test", &group(test))]),
            None => lang.text(K::StatusReady).into(),
        },
        Error => match s.errors.last() {
            Some(e) => lang.fill(K::StatusFailed, &[("error", &error_text(lang, e))]),
            None => lang.text(K::StatusWrong).into(),
        },
    }
}

/// The device in plain words, after the status line (`data-testid="device-summary"`): "training
/// on your GPU (WebGPU, 7.1 ms/batch)", "training on the CPU (2 workers, 105 ms/batch)"; the
/// figure is the measured one (none when the device was asked for), the workers the run's or
/// the calibration's.
pub fn device_summary(s: &PageState, lang: Lang) -> String {
    let Some(d) = &s.device else { return String::new() };
    let figures = d.calibration.as_ref().map(|m| &m.figures);
    let ms = |t: Option<&Timing>| t.and_then(Timing::ms).map(|ms| lang.fill(K::MsEach, &[("ms", &round(ms))]));
    let mut how = Vec::new();
    let key = match d.kind {
        BackendKind::Gpu => {
            how.push("WebGPU".to_string());
            how.extend(ms(figures.map(|c| &c.gpu)));
            K::TrainsOnGpu
        }
        BackendKind::Cpu => {
            let workers = s.workers.max(figures.map_or(1, |c| c.cpu_workers));
            if workers > 1 {
                how.push(lang.fill(K::Workers, &[("n", &workers)]));
            }
            how.extend(ms(figures.map(|c| &c.cpu)));
            if how.is_empty() { K::TrainsOnCpuPlain } else { K::TrainsOnCpu }
        }
    };
    let sep = lang.list_separator();
    lang.fill(key, &[("how", &how.join(sep))])
}

/// Where a run stands (`data-testid="progress"`).
pub fn progress_text(s: &PageState, lang: Lang) -> String {
    let p = &s.progress;
    if p.epochs == 0 {
        return if s.can_start() { lang.text(K::NotStarted).to_string() } else { String::new() };
    }
    let memory = if p.memory_mb > 0.0 { lang.fill(K::Memory, &[("mb", &format!("{:.0}", p.memory_mb))]) } else { String::new() };
    let speed = format!("{:.0}", p.images_per_sec);
    let values: [(&str, &dyn std::fmt::Display); 5] =
        [("epoch", &p.epoch), ("epochs", &p.epochs), ("batch", &p.batch), ("batches", &p.batches_per_epoch), ("speed", &speed)];
    let head = lang.fill(K::Progress, &values) + &memory + &workers_text(s, lang);
    if s.done {
        head + lang.text(K::Finished)
    } else if s.paused {
        head + lang.text(K::Paused)
    } else {
        head + &lang.fill(K::Left, &[("time", &duration(p.eta_s, lang))])
    }
}

/// " · 2 CPU workers", and why a helper stopped if one did ("" for one worker and no loss).
pub fn workers_text(s: &PageState, lang: Lang) -> String {
    let n = s.workers.to_string();
    let mut text = if s.workers > 1 { lang.fill(K::CpuWorkers, &[("n", &n)]) } else { String::new() };
    if let Some(loss) = &s.helper_lost {
        let why = match loss {
            HelperLoss::NoStart(s) => lang.fill(K::HelperNoStart, &[("s", &format!("{s:.1}"))]),
            HelperLoss::NoAnswer(s) => lang.fill(K::HelperNoAnswer, &[("s", &format!("{s:.1}"))]),
            HelperLoss::Failed(why) => why.clone(),
        };
        text += &lang.fill(K::HelperLost, &[("why", &why), ("n", &n)]);
    }
    text
}

/// A weights file refused: why, and (`kept`) that the model in use stays.
pub fn refusal_text(e: &AppError, kept: bool, lang: Lang) -> String {
    let why = error_text(lang, e);
    if kept { lang.fill(K::StillInUse, &[("error", &why)]) } else { why }
}

/// The device's adapter: the GPU's name, or how the CPU trains (and the GPU it has).
pub fn adapter_text(d: &DeviceInfo, lang: Lang) -> String {
    match (d.kind, d.adapter.is_empty()) {
        (BackendKind::Gpu, _) => d.adapter.clone(),
        (BackendKind::Cpu, true) => lang.text(K::CpuAdapter).into(),
        (BackendKind::Cpu, false) => lang.fill(K::WebGpuAdapter, &[("adapter", &lang.text(K::CpuAdapter)), ("gpu", &d.adapter)]),
    }
}

/// Why the device trains.
pub fn reason_text(d: &DeviceInfo, lang: Lang) -> String {
    match (&d.reason, &d.calibration) {
        (Reason::Chosen(kind), _) => lang.fill(K::ChosenByUser, &[("backend", &kind.as_str())]),
        (Reason::NoWebGpu(why), _) => lang.fill(K::NoWebGpu, &[("why", why)]),
        (Reason::Measured, Some(m)) => calibration_text(&m.figures, "WebGPU", lang),
        (Reason::Measured, None) => String::new(),
    }
}

/// "WebGPU 7 ms/batch, CPU 190 ms/batch: training on WebGPU" (`gpu`: the GPU's name).
pub fn calibration_text(c: &Calibration, gpu: &str, lang: Lang) -> String {
    let on = if c.choice() == BackendKind::Gpu { gpu } else { lang.text(K::TheCpu) };
    let cpu = if c.cpu_workers > 1 { lang.fill(K::CpuWithWorkers, &[("n", &c.cpu_workers)]) } else { "CPU".into() };
    lang.fill(K::Measured, &[("gpu", &timing_text(&c.gpu, gpu, lang)), ("cpu", &timing_text(&c.cpu, &cpu, lang)), ("on", &on)])
}

fn timing_text(t: &Timing, name: &str, lang: Lang) -> String {
    match t {
        Timing::Measured(ms) => lang.fill(K::MsPerBatch, &[("name", &name), ("ms", &round(*ms))]),
        Timing::TooSlow(ms) => lang.fill(K::StillPreparing, &[("name", &name), ("s", &format!("{:.1}", ms / 1000.0))]),
        Timing::Failed(why) => lang.fill(K::DeviceFailed, &[("name", &name), ("why", why)]),
    }
}

fn round(ms: f64) -> String {
    if ms < 10.0 { format!("{ms:.1}") } else { format!("{ms:.0}") }
}
