//! Errors in the page's language. The English words are the errors' own ([`AppError`]'s
//! `Display`); other languages' are messages of their Fluent files (`error-…`), filled with the
//! values given here, one entry per variant (the match is exhaustive: a new variant gets its id
//! and values here). A language without a variant's message shows the English words. Details
//! that come from elsewhere (a browser's or a library's reason, a list of mismatched tensors)
//! stay as they were written.
use super::Lang;
use crate::base::error::AppError;
use crate::base::text::printable;
use std::fmt::Display;

/// The words of `e` (what a file put in them made safe to show: [`printable`]).
pub fn error_text(lang: Lang, e: &AppError) -> String {
    let (id, values) = message(e);
    let values: Vec<(&str, &dyn Display)> = values.iter().map(|(n, v)| (*n, v as &dyn Display)).collect();
    printable(&lang.own_message(id, &values).unwrap_or_else(|| e.to_string()))
}

/// Each value of an error by its name in the messages.
type Values = Vec<(&'static str, String)>;

fn values(pairs: &[(&'static str, &dyn Display)]) -> Values {
    pairs.iter().map(|(n, v)| (*n, v.to_string())).collect()
}

/// The message of `e` in the Fluent files, and its values.
pub fn message(e: &AppError) -> (&'static str, Values) {
    use AppError::*;
    match e {
        IdxTooShort { name, len } => ("error-idx-too-short", values(&[("name", name), ("len", len)])),
        IdxBadMagic { name, found, expected, kind } => (
            "error-idx-bad-magic",
            values(&[("name", name), ("found", &format!("0x{found:08x}")), ("expected", &format!("0x{expected:08x}")), ("kind", kind)]),
        ),
        IdxBadDims { name, rows, cols } => ("error-idx-bad-dims", values(&[("name", name), ("rows", rows), ("cols", cols)])),
        IdxBadLength { name, expected, found } => {
            ("error-idx-bad-length", values(&[("name", name), ("expected", expected), ("found", found)]))
        }
        IdxBadLabel { name, index, label, classes } => {
            ("error-idx-bad-label", values(&[("name", name), ("index", index), ("label", label), ("classes", classes)]))
        }
        ClassNamesCount { name, count } => ("error-class-names-count", values(&[("name", name), ("count", count)])),
        ClassNameEmpty { name, line } => ("error-class-name-empty", values(&[("name", name), ("line", line)])),
        ClassNameTwice { name, line, class } => ("error-class-name-twice", values(&[("name", name), ("line", line), ("class", class)])),
        SetsDisagree { train, test, index, label, classes } => {
            ("error-sets-disagree", values(&[("train", train), ("test", test), ("index", index), ("label", label), ("classes", classes)]))
        }
        SetFileUnknown { name } => ("error-set-file-unknown", values(&[("name", name)])),
        SetFileTwice { role, first, second } => ("error-set-file-twice", values(&[("role", role), ("first", first), ("second", second)])),
        SetFileMissing { role } => ("error-set-file-missing", values(&[("role", role)])),
        KeptSetDamaged { name, reason } => ("error-kept-set-damaged", values(&[("name", name), ("reason", reason)])),
        SetNotKept { name, reason } => ("error-set-not-kept", values(&[("name", name), ("reason", reason)])),
        OtherSet { kept, now } => ("error-other-set", values(&[("kept", kept), ("now", now)])),
        DataEmpty { name } => ("error-data-empty", values(&[("name", name)])),
        DataOneClass { name, label, count } => ("error-data-one-class", values(&[("name", name), ("label", label), ("count", count)])),
        TooLarge { name, max_mb } => ("error-too-large", values(&[("name", name), ("max_mb", max_mb)])),
        NotFinite { batch, epoch } => ("error-not-finite", values(&[("batch", batch), ("epoch", epoch)])),
        CheckpointPastEnd { done, total } => ("error-checkpoint-past-end", values(&[("done", done), ("total", total)])),
        CountMismatch { images, labels } => ("error-count-mismatch", values(&[("images", images), ("labels", labels)])),
        Gzip { name, reason } => ("error-gzip", values(&[("name", name), ("reason", reason)])),
        Download { url, reason } => ("error-download", values(&[("url", url), ("reason", reason)])),
        Weights(why) => ("error-weights", values(&[("why", why)])),
        BadWeightsFile { name, reason } => ("error-bad-weights-file", values(&[("name", name), ("reason", reason)])),
        Device(why) => ("error-device", values(&[("why", why)])),
        GpuLost(why) => ("error-gpu-lost", values(&[("why", why)])),
        NoWebGpu(why) => ("error-no-webgpu", values(&[("why", why)])),
        Config(why) => ("error-config", values(&[("why", why)])),
        RunInProgress => ("error-run-in-progress", Vec::new()),
        NotReady => ("error-not-ready", Vec::new()),
        Io(why) | Usage(why) => ("error-as-written", values(&[("why", why)])),
        RunLog { name, reason } => ("error-run-log", values(&[("name", name), ("reason", reason)])),
        OtherTab => ("error-other-tab", Vec::new()),
        CheckpointNotKept(why) => ("error-checkpoint-not-kept", values(&[("why", why)])),
        ModelNotKept(why) => ("error-model-not-kept", values(&[("why", why)])),
        WorkerRestarted { role, why } => ("error-worker-restarted", values(&[("role", role), ("why", why)])),
        Worker { role, why } => ("error-worker", values(&[("role", role), ("why", why)])),
    }
}
