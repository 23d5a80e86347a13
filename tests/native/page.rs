//! The page's plain logic: URL parameters and the option table, the state the training worker's
//! messages build and the commands they return, the canvas's readings, the model registry, the
//! message envelope, chart helpers.
use mnist_web::base::envelope::{self, Bytes};
use mnist_web::base::error::AppError;
use mnist_web::data::dataset::Dataset;
use mnist_web::device::backend::BackendKind;
use mnist_web::device::calibrate::{Calibration, CalibrationRecord, Timing};
use mnist_web::device::choice::DeviceInfo;
use mnist_web::i18n::Lang;
use mnist_web::page::canvas_models::CanvasModels;
use mnist_web::page::page_state::{Command, PageState, Phase, WhenReady};
use mnist_web::page::pending::{Answer, PendingReads};
use mnist_web::page::plot::{downsample, epoch_means, nice_ticks, polyline, smooth, whole_ticks};
use mnist_web::page::revival::{MAX_REVIVALS, Revivals, WINDOW_MS};
use mnist_web::page::settings_form;
use mnist_web::page::status_text::device_summary;
use mnist_web::page::test_image::TestImage;
use mnist_web::page::url::{config_query, parse_query, query_pairs};
use mnist_web::protocol::helper::HelperLoss;
use mnist_web::protocol::prediction::{FromPredictor, ModelSource, ToPredictor};
use mnist_web::protocol::training::{FromTrainer, ToTrainer};
use mnist_web::train::config::TrainConfig;
use mnist_web::train::event::{Event, Progress};
use mnist_web::train::options::{self, OPTIONS, Opt};
use mnist_web::train::results::EvalResult;

#[test]
fn url_parameters_override_the_defaults() {
    let s = parse_query("?epochs=2&batch=32&lr=0.01&train_images=640&test_images=100&backend=cpu&autostart=1&seed=9&data=https%3A%2F%2Fexample.org%2Ffashion").unwrap();
    assert_eq!(
        s.config,
        TrainConfig { epochs: 2, batch: 32, lr: 0.01, train_images: Some(640), test_images: Some(100), seed: 9, ..TrainConfig::default() }
    );
    assert_eq!(s.backend, Some(BackendKind::Cpu));
    assert!(s.autostart);
    assert_eq!(s.data_url, "https://example.org/fashion/");
    let d = parse_query("").unwrap();
    assert_eq!((d.config.epochs, d.config.batch, d.config.lr), (10, 64, 1e-3));
    assert_eq!((d.backend, d.autostart, d.data_url.as_str()), (None, false, "data/"));
    assert_eq!(parse_query("?backend=webgpu").unwrap().backend, Some(BackendKind::Gpu));
    assert!(parse_query("?gpu=minimal").unwrap().gpu_minimal && !d.gpu_minimal);
    assert!(parse_query("?test_hooks=1").unwrap().test_hooks && !d.test_hooks, "test hooks are off unless asked for");
}

#[test]
fn bad_url_parameters_are_explained() {
    let cases = [
        ("?epochs=ten", "epochs = \"ten\": must be a whole number from 1 to 1000"),
        ("?batch=64.9", "batch = \"64.9\": must be a whole number from 1 to 4096"),
        ("?batch=0", "batch = \"0\": must be a whole number from 1 to 4096"),
        ("?lr=-1", "lr = \"-1\": must be a number above 0 and at most 1"),
        ("?lr=NaN", "must be a number above 0"),
        ("?train_images=0", "train_images = \"0\": must be a whole number from 1 to 60000"),
        ("?dropout=1", "dropout = \"1\": must be a number from 0 and below 0.95"),
        ("?rotate=400", "rotate = \"400\": must be a number from 0 to 90"),
        ("?lr_gamma=2", "lr_gamma = \"2\": must be a number above 0 and at most 1"),
        ("?arch=resnet", "arch = \"resnet\": must be one of tutorial, deeper"),
        ("?augment=maybe", "augment = \"maybe\": must be on or off"),
        ("?backend=tpu", "unknown backend 'tpu'"),
        ("?gpu=huge", "gpu=huge: the only value is gpu=minimal"),
    ];
    for (q, expected) in cases {
        let e = parse_query(q).unwrap_err().to_string();
        assert!(e.contains(expected), "{q}: {e}");
    }
    assert_eq!(query_pairs("?a=1+2&b=%41"), vec![("a".into(), "1 2".into()), ("b".into(), "A".into())]);
    // As the browser reads a query: empty pairs skipped, a key alone has an empty value, a bad
    // escape is kept as written, bytes that are not UTF-8 become U+FFFD.
    let pairs = query_pairs("?&autostart&d=%zz&e=%FF%41&f=%E4%B8%AD");
    let expected = [("autostart", ""), ("d", "%zz"), ("e", "\u{FFFD}A"), ("f", "中")];
    assert_eq!(pairs, expected.map(|(k, v)| (k.to_string(), v.to_string())));
}

#[test]
fn one_option_table_drives_parsing_ranges_and_the_link() {
    // Every option parses its own default back, and its page input and command-line flag follow
    // from its key.
    let d = TrainConfig::default();
    for o in OPTIONS {
        if let Some(v) = (o.get)(&options::Settings::of(&d)) {
            assert_eq!(o.parse(&v.to_string()), Ok(v.clone()), "{}", o.key);
        }
        let want = if o.key == "net" { "net-text".to_string() } else { format!("setting-{}", o.key.replace('_', "-")) };
        assert_eq!(settings_form::testid(o), want);
    }
    // The form shows every option once but the image counts (URL and command line only), and
    // the augmentation's amounts only while augmentation is on.
    let shown: Vec<&str> = (0..settings_form::ROWS.len()).flat_map(settings_form::row).map(|o| o.key).collect();
    let listed: Vec<&str> = settings_form::ROWS.concat();
    assert_eq!(shown, listed, "every key in the form's rows is an option");
    let mut hidden: Vec<&str> = OPTIONS.iter().map(|o| o.key).filter(|k| !shown.contains(k)).collect();
    hidden.sort();
    assert_eq!(hidden, ["test_images", "train_images"]);
    assert_eq!(shown.len(), OPTIONS.len() - 2, "no option twice");
    let rotate = Opt::find("rotate").unwrap();
    assert!(!settings_form::enabled(rotate, &d) && settings_form::enabled(Opt::find("lr").unwrap(), &d));
    assert!(settings_form::enabled(rotate, &TrainConfig { augment: mnist_web::data::augment::Augment::STANDARD, ..d.clone() }));
    assert_eq!(Opt::find("lr_step").unwrap().flag(), "lr-step");
    // A config written by the table reads back the same; only what differs is written.
    let c = TrainConfig {
        epochs: 3,
        seed: 5,
        lr_step: 2,
        lr_gamma: 0.5,
        dropout: 0.25,
        train_images: Some(640),
        augment: mnist_web::data::augment::Augment::STANDARD,
        ..d.clone()
    };
    let q = config_query(&options::Settings::of(&c));
    let mut keys: Vec<String> = query_pairs(&q).into_iter().map(|(k, _)| k).collect();
    keys.sort();
    // (`augment` follows from the amounts: it is not written.)
    let differing = ["dropout", "epochs", "lr_gamma", "lr_step", "rotate", "scale", "seed", "shift", "train_images"];
    assert_eq!(keys, differing, "{q}");
    assert_eq!(parse_query(&q).unwrap().config, c);
    assert_eq!(config_query(&options::Settings::of(&d)), "");
    // Validation reads the same ranges.
    assert!(
        options::validate(&TrainConfig { batch: 5000, ..d.clone() })
            .unwrap_err()
            .to_string()
            .contains("Batch size is 5000, but must be a whole number from 1 to 4096")
    );
    assert!(options::validate(&d).is_ok());
}

fn device(calibration: Option<CalibrationRecord>) -> DeviceInfo {
    DeviceInfo {
        kind: BackendKind::Gpu,
        name: "WebGPU".into(),
        adapter: "x".into(),
        reason: mnist_web::device::choice::Reason::Measured,
        calibration,
    }
}

/// MNIST's data ready: its images, the time it took, the probe images and their labels.
fn data_ready(train: usize, test: usize, ms: f64, sample: Bytes, labels: Bytes) -> FromTrainer {
    FromTrainer::DataReady { train, test, ms, sample, labels, set: None, request: None }
}

fn init() -> ToTrainer {
    ToTrainer::Init {
        data_url: "data/".into(),
        backend: None,
        known: Default::default(),
        tasks_max: None,
        checkpoint_s: 30.0,
        workers: 0,
        gpu_minimal: false,
        test_hooks: false,
    }
}

#[test]
fn messages_build_the_page_state_and_say_what_to_do() {
    let mut s =
        PageState { when_ready: WhenReady { autostart: true, bench_batches: None, bench_net: Default::default() }, ..PageState::default() };
    assert_eq!(s.phase, Phase::Loading);
    assert_eq!(s.apply(FromTrainer::Ready, &init()), vec![Command::Send(init())], "the worker listens: set it up");
    let measured = CalibrationRecord {
        key: "x · v".into(),
        figures: Calibration { gpu: Timing::Measured(7.0), cpu: Timing::TooSlow(3000.0), cpu_workers: 1 },
        now: true,
    };
    assert_eq!(s.apply(FromTrainer::Device(device(Some(measured.clone()))), &init()), vec![Command::Remember(measured)]);
    s.apply(FromTrainer::DataProgress { loaded: 50, total: 200 }, &init());
    assert_eq!(s.data_percent(), 25.0);
    assert!(!s.can_start());
    assert_eq!(
        s.apply(data_ready(60_000, 10_000, 5.0, Bytes(vec![9; 784]), Bytes(vec![7])), &init()),
        vec![Command::Probe(Dataset { pixels: vec![9; 784], labels: vec![7] }), Command::UsingSet(None, None), Command::Start],
        "the test images go to the prediction worker; autostart once ready"
    );
    assert_eq!(s.phase, Phase::Ready);
    assert_eq!(s.apply(FromTrainer::Paused(false), &init()), vec![], "autostart only once");
    s.start_run();
    assert!(!s.can_start());
    let progress =
        Progress { epoch: 1, epochs: 2, batch: 3, batches_per_epoch: 10, images_per_sec: 100.0, eta_s: 5.0, lr: 1e-3, memory_mb: 0.0 };
    s.apply(FromTrainer::Run(Event::Losses { first: 0, losses: vec![2.3, 2.2, 2.1], progress: progress.clone() }), &init());
    s.apply(FromTrainer::Run(Event::Losses { first: 3, losses: vec![2.0], progress }), &init());
    assert_eq!(s.losses, vec![2.3, 2.2, 2.1, 2.0]);
    s.apply(
        FromTrainer::Run(Event::Eval { epoch: 1.0, result: EvalResult::from_sums(9, 10, 1.0, 2), gallery: Default::default() }),
        &init(),
    );
    assert_eq!(s.evals[0].1.accuracy, 90.0);
    s.apply(FromTrainer::Paused(true), &init());
    assert!(s.paused);
    s.apply(FromTrainer::Run(Event::Done { stopped: true }), &init());
    assert!(s.done && !s.running && !s.paused);
    let weights = Bytes(vec![1, 2, 3]);
    assert_eq!(s.apply(FromTrainer::Trained { weights: weights.clone() }, &init()), vec![Command::UseTrained(weights)]);
    s.apply(FromTrainer::Preview { images: Bytes(vec![7; 3 * 784]) }, &init());
    assert_eq!(s.preview.len(), 3);
    s.apply(FromTrainer::Error { error: mnist_web::AppError::Device("boom".into()), fatal: true }, &init());
    assert_eq!((s.phase, s.errors.len()), (Phase::Error, 1));
}

#[test]
fn the_page_says_how_many_workers_share_the_cpu_and_when_a_helper_stops() {
    use mnist_web::page::status_text::{calibration_text, progress_text, workers_text};
    let mut s = PageState::default();
    s.apply(FromTrainer::Workers { workers: 1, lost: None }, &init());
    assert_eq!(workers_text(&s, Lang::En), "", "one worker: nothing to say");
    s.apply(FromTrainer::Workers { workers: 3, lost: None }, &init());
    assert_eq!(workers_text(&s, Lang::En), " · 3 CPU workers");
    s.progress =
        Progress { epoch: 1, epochs: 2, batch: 3, batches_per_epoch: 10, images_per_sec: 100.0, eta_s: 5.0, lr: 1e-3, memory_mb: 0.0 };
    assert!(progress_text(&s, Lang::En).contains(" · 3 CPU workers"), "{}", progress_text(&s, Lang::En));
    s.apply(FromTrainer::Workers { workers: 2, lost: Some(HelperLoss::NoAnswer(3.42)) }, &init());
    assert_eq!(workers_text(&s, Lang::En), " · 2 CPU workers · a helper worker stopped (it did not answer within 3.4 s): going on with 2");
    assert_eq!(workers_text(&s, Lang::Zh), " · 2 个 CPU 工作线程 · 一个辅助工作线程已停止（3.4 秒内没有回应）：继续用 2 个");
    s.helper_lost = Some(HelperLoss::NoStart(30.0));
    assert!(workers_text(&s, Lang::En).contains("(it did not start within 30.0 s)"));
    s.apply(FromTrainer::Workers { workers: 2, lost: None }, &init());
    assert!(workers_text(&s, Lang::En).contains("stopped"), "the loss stays said");
    let c = Calibration { gpu: Timing::Measured(1046.0), cpu: Timing::Measured(105.0), cpu_workers: 2 };
    assert_eq!(calibration_text(&c, "WebGPU", Lang::En), "WebGPU 1046 ms/batch, CPU, 2 workers, 105 ms/batch: training on the CPU");
}

#[test]
fn a_notice_is_shown_once_however_often_it_happens() {
    let mut s = PageState::default();
    for _ in 0..3 {
        s.notice(AppError::CheckpointNotKept("QuotaExceededError: full".into()));
        s.notice(AppError::OtherTab);
    }
    s.notice(AppError::ModelNotKept("QuotaExceededError: full".into()));
    assert_eq!(s.errors.len(), 3, "{:?}", s.errors);
    // A notice is not a failure: the run goes on.
    s.start_run();
    s.notice(AppError::CheckpointNotKept("again".into()));
    assert!(s.running && s.phase != Phase::Error);
    let text = s.errors[0].to_string();
    assert!(text.contains("QuotaExceededError: full") && text.contains("Training goes on"), "{text}");
}

#[test]
fn a_benchmark_is_asked_for_once_the_page_is_ready() {
    let mut s = PageState {
        when_ready: WhenReady { autostart: true, bench_batches: Some(5), bench_net: Default::default() },
        ..PageState::default()
    };
    s.apply(FromTrainer::Device(device(None)), &init());
    assert_eq!(
        s.apply(data_ready(1, 1, 1.0, Bytes::default(), Bytes::default()), &init()),
        vec![
            Command::Probe(Dataset::default()),
            Command::UsingSet(None, None),
            Command::Send(ToTrainer::Bench { batches: 5, net: Default::default() })
        ],
        "the benchmark instead of a run"
    );
    assert_eq!(
        s.apply(data_ready(1, 1, 1.0, Bytes::default(), Bytes::default()), &init()),
        vec![Command::Probe(Dataset::default()), Command::UsingSet(None, None)]
    );
    let snapshot = Bytes(vec![1, 2, 3]);
    assert_eq!(
        s.apply(FromTrainer::Snapshot { weights: snapshot.clone() }, &init()),
        vec![Command::UseSnapshot(snapshot)],
        "a run's snapshot reads the canvas"
    );
}

#[test]
fn readings_keep_one_request_in_flight_and_coalesce_the_rest() {
    let mut r = PendingReads::default();
    let first = r.changed(0.0).expect("nothing in flight: read now");
    assert_eq!(r.changed(1.0), None, "one in flight: wait");
    assert_eq!(r.changed(2.0), None);
    assert_eq!(r.answered(first, 5.0), Answer { show: true, again: true }, "show it, then read the newer drawing");
    let second = r.send();
    assert_eq!(r.answered(first, 6.0), Answer { show: false, again: false }, "a stale answer is ignored");
    assert_eq!(r.answered(second, 9.0), Answer { show: true, again: false });
    assert_eq!(r.latency(), (9.0, 9.0, 1), "from the first stroke to the answer that saw it");
    let third = r.changed(20.0).unwrap();
    r.answered(third, 21.0);
    assert_eq!(r.latency().2, 2);
    // A blank drawing is not sent; the next stroke is read at once, an old answer ignored.
    let fourth = r.changed(30.0).unwrap();
    r.cleared();
    let fifth = r.changed(31.0).expect("nothing in flight after clearing");
    assert_eq!(r.answered(fourth, 32.0), Answer { show: false, again: false });
    assert_eq!(r.answered(fifth, 33.0), Answer { show: true, again: false });
}

#[test]
fn models_are_matched_by_id_and_a_refusal_keeps_the_current_one() {
    let mut m = CanvasModels::default();
    let ToPredictor::SetModel { id: a, .. } = m.offer(ModelSource::Pretrained, "pretrained", Bytes(vec![1])) else { panic!() };
    let ToPredictor::SetModel { id: b, name, .. } = m.offer(ModelSource::Loaded, "mine.pth", Bytes(vec![2])) else { panic!() };
    assert_eq!(name, "mine.pth");
    assert_ne!(a, b);
    // Answers may come in any order: each is matched by its id.
    m.rejected(b);
    assert!(m.current.is_none());
    assert_eq!(m.ready(b, Bytes(vec![2])), None, "a refused offer is gone");
    assert_eq!(m.ready(a, Bytes(vec![9])).map(|o| (o.source, o.weights.0.clone())), Some((ModelSource::Pretrained, vec![9])));
    assert_eq!(m.ready(a, Bytes(vec![9])), None, "answered once");
    assert_eq!(m.pretrained, Some(Bytes(vec![1])));
    m.keep(ModelSource::Trained, Bytes(vec![3]));
    assert_eq!(
        (m.trained.as_ref().map(|b| b.0.clone()), m.current.as_ref().map(|o| o.source)),
        (Some(vec![3]), Some(ModelSource::Pretrained))
    );
}

#[test]
fn bytes_travel_beside_the_json() {
    let msg = ToPredictor::SetModel { id: 4, name: "m".into(), weights: Bytes(vec![0, 255, 7]) };
    let (json, buffers) = envelope::encode(&msg);
    assert_eq!(json, r#"{"SetModel":{"id":4,"name":"m","weights":0}}"#);
    assert_eq!(buffers, vec![vec![0, 255, 7]]);
    assert_eq!(envelope::decode::<ToPredictor>(&json, buffers).unwrap(), msg);
    let answer = FromPredictor::Prediction { id: 1, probs: vec![0.5; 10], logits: vec![0.1; 10], maps: Bytes(vec![255; 32]) };
    let (json, buffers) = envelope::encode(&answer);
    assert_eq!(envelope::decode::<FromPredictor>(&json, buffers).unwrap(), answer);
    assert!(envelope::decode::<ToPredictor>(&json, vec![]).is_err(), "a predictor's answer is not a request");
    assert!(
        envelope::decode::<ToPredictor>(r#"{"SetModel":{"id":4,"name":"m","weights":3}}"#, vec![vec![1]])
            .unwrap_err()
            .contains("missing buffer 3")
    );
    for m in [ToTrainer::Start { config: TrainConfig::default(), workers: 2 }, init(), ToTrainer::Stop] {
        let (json, buffers) = envelope::encode(&m);
        assert_eq!(envelope::decode::<ToTrainer>(&json, buffers).unwrap(), m);
    }
}

#[test]
fn charts_downsample_and_scale() {
    let values: Vec<f32> = (0..9380).map(|i| i as f32).collect();
    let pts = downsample(&values, 600);
    assert_eq!(pts.len(), 600);
    assert!(pts.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 < w[1].1));
    assert_eq!(downsample(&[1.0, 2.0], 600), vec![(0.0, 1.0), (1.0, 2.0)]);
    assert_eq!(polyline(&[(0.0, 0.0), (10.0, 2.0)], 10.0, (0.0, 2.0), 100.0, 50.0), "0.0,50.0 100.0,0.0");
}

#[test]
fn smoothing_and_epoch_means() {
    let s = smooth(&[2.0, 2.0, 2.0], 0.1);
    assert!(s.iter().all(|v| (v - 2.0).abs() < 1e-6), "bias-corrected: a constant stays put: {s:?}");
    let noisy: Vec<f32> = (0..400).map(|i| if i % 2 == 0 { 1.0 } else { 3.0 }).collect();
    let s = smooth(&noisy, 0.05);
    assert!((s[399] - 2.0).abs() < 0.1 && s.len() == 400);
    assert_eq!(epoch_means(&[1.0, 3.0, 5.0, 7.0, 9.0], 2), vec![(1.0, 2.0), (2.0, 6.0)]);
    assert!(epoch_means(&[1.0], 0).is_empty());
}

#[test]
fn axes_tick_at_round_numbers_and_epochs_are_whole() {
    assert_eq!(nice_ticks(0.0, 2.5, 5), vec![0.0, 1.0, 2.0]);
    assert_eq!(nice_ticks(90.0, 100.0, 5), vec![90.0, 95.0, 100.0]);
    assert_eq!(nice_ticks(0.0, 0.00115, 5), vec![0.0, 0.0005, 0.001]);
    assert_eq!(nice_ticks(0.0, 2.5, 11), vec![0.0, 0.5, 1.0, 1.5, 2.0, 2.5]);
    assert_eq!(nice_ticks(0.0, 1.3, 5), vec![0.0, 0.5, 1.0], "no 0.30000000000000004");
    assert!(nice_ticks(0.0, 0.0, 5).is_empty() && nice_ticks(1.0, f64::NAN, 5).is_empty(), "no ticks without a range");
    let ticks = nice_ticks(0.0, 1.15, 5);
    assert!(ticks.windows(2).all(|w| w[0] < w[1]), "distinct: {ticks:?}");
    assert_eq!(whole_ticks(10.0, 6), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
    assert_eq!(whole_ticks(3.0, 6), vec![0.0, 1.0, 2.0, 3.0], "epochs: never 2.5");
    assert_eq!(whole_ticks(1.0, 6), vec![0.0, 1.0]);
    use mnist_web::i18n::format::epochs;
    assert_eq!((epochs(10.0), epochs(1.0), epochs(2.35)), ("10".to_string(), "1".to_string(), "2.35".to_string()));
}

#[test]
fn the_canvas_opens_with_a_test_image_and_steps_through_the_others() {
    let sample = Dataset { pixels: (0..3u8).flat_map(|i| [i; 784]).collect(), labels: vec![7, 2, 1] };
    let first = TestImage::example(&sample, 0).expect("an image");
    assert_eq!((first.index, first.label, first.image[0], first.example), (0, 7, 0, true));
    let second = first.next_example(&sample).expect("the next");
    assert_eq!((second.index, second.label, second.image.len(), second.image[783]), (1, 2, 784, 1));
    let third = second.next_example(&sample).expect("the last");
    assert_eq!(third.next_example(&sample).map(|t| (t.index, t.label)), Some((0, 7)), "after the last, the first again");
    assert_eq!(TestImage::example(&Dataset::default(), 0), None, "no images, no example");
    let short = Dataset { pixels: vec![0; 100], labels: vec![3] };
    assert_eq!(TestImage::example(&short, 0), None, "pixels missing: no example (not a panic)");
}

#[test]
fn the_device_is_said_in_plain_words() {
    let figures =
        |gpu, cpu, cpu_workers| Some(CalibrationRecord { key: "k".into(), figures: Calibration { gpu, cpu, cpu_workers }, now: false });
    let mut s = PageState::default();
    assert_eq!(device_summary(&s, Lang::En), "", "no device yet");
    s.device = Some(device(figures(Timing::Measured(7.08), Timing::Measured(190.0), 1)));
    assert_eq!(device_summary(&s, Lang::En), "training on your GPU (WebGPU, 7.1 ms/batch)");
    assert_eq!(device_summary(&s, Lang::Zh), "在你的 GPU 上训练（WebGPU，每批次 7.1 ms）");
    s.device = Some(DeviceInfo { kind: BackendKind::Cpu, ..device(figures(Timing::TooSlow(20_000.0), Timing::Measured(104.6), 2)) });
    assert_eq!(device_summary(&s, Lang::En), "training on the CPU (2 workers, 105 ms/batch)");
    s.device = Some(DeviceInfo { kind: BackendKind::Cpu, ..device(None) });
    assert_eq!(device_summary(&s, Lang::En), "training on the CPU", "asked for: no figure");
    s.workers = 3;
    assert_eq!(device_summary(&s, Lang::Zh), "在 CPU 上训练（3 个工作线程）");
}

#[test]
fn the_section_being_read_is_the_last_one_scrolled_past() {
    use mnist_web::page::sections::{SECTIONS, current};
    assert_eq!(SECTIONS.map(|s| s.0), ["train", "draw", "inside", "results", "runs"]);
    assert_eq!(current(&[100.0, 900.0, 1500.0, 2000.0, 2600.0], 80.0), 0, "nothing passed yet: the first");
    assert_eq!(current(&[-800.0, 40.0, 600.0, 1100.0, 1700.0], 80.0), 1);
    assert_eq!(current(&[-3000.0, -2200.0, -1600.0, -1000.0, 60.0], 80.0), 4, "the last");
    assert_eq!(current(&[-10.0, -400.0, 300.0, 900.0, 1500.0], 80.0), 0, "by position, not by order");
    assert_eq!(current(&[], 80.0), 0);
}

#[test]
fn a_failed_run_keeps_its_checkpoint_and_a_finished_one_lets_it_go() {
    let done = || FromTrainer::Run(Event::Done { stopped: true });
    let mut s = PageState::default();
    s.start_run();
    s.apply(FromTrainer::Error { error: AppError::NotFinite { batch: 4, epoch: 1 }, fatal: false }, &init());
    assert!(!s.apply(done(), &init()).contains(&Command::ForgetCheckpoint), "kept, to be offered again");
    s.start_run();
    assert!(s.apply(done(), &init()).contains(&Command::ForgetCheckpoint), "a run that ends well needs it no more");
    // An error while no run trains does not keep the next run's checkpoint.
    s.apply(FromTrainer::Error { error: AppError::Io("x".into()), fatal: false }, &init());
    s.start_run();
    assert!(s.apply(done(), &init()).contains(&Command::ForgetCheckpoint));
}

#[test]
fn a_restarted_prediction_worker_gets_the_model_the_dead_one_had() {
    let mut m = CanvasModels::default();
    assert_eq!(m.offer_current(), None, "nothing to offer before a model was ready");
    let first = m.offer(ModelSource::Pretrained, "pretrained", vec![1u8].into());
    let ToPredictor::SetModel { id, .. } = first else { panic!("an offer") };
    m.ready(id, vec![1u8, 1].into());
    // A file is being read when the worker dies.
    m.offer(ModelSource::Loaded, "big.pth", vec![2u8].into());
    assert_eq!(m.restarted(), vec!["big.pth".to_string()], "the file it was reading is said to be unread");
    let again = m.offer_current().expect("the model it had");
    let ToPredictor::SetModel { id, name, weights } = again else { panic!("an offer") };
    assert_eq!((name.as_str(), &weights[..]), ("pretrained", &[1u8, 1][..]), "the weights as the worker had read them");
    assert_eq!(m.ready(id, weights).map(|o| o.source), Some(ModelSource::Pretrained));
    assert!(m.restarted().is_empty(), "nothing pending");
}

#[test]
fn a_worker_that_keeps_dying_is_not_started_in_a_loop() {
    let mut r = Revivals::default();
    for i in 0..MAX_REVIVALS {
        assert!(r.allow(i as f64 * 1000.0), "death {i} within the window: started again");
    }
    assert!(!r.allow(5_000.0), "one more within the window: left dead");
    assert!(r.allow(WINDOW_MS + 1_000.0), "the window passed: started again");
}

/// A page whose device and data are ready.
fn ready_page(autostart: bool) -> PageState {
    let mut s =
        PageState { when_ready: WhenReady { autostart, bench_batches: None, bench_net: Default::default() }, ..PageState::default() };
    s.apply(FromTrainer::Device(device(None)), &init());
    s.apply(data_ready(640, 64, 1.0, Bytes(vec![0; 784]), Bytes(vec![1])), &init());
    s
}

#[test]
fn a_run_is_finished_only_when_it_ran_and_reported_losses() {
    let done = |stopped| FromTrainer::Run(Event::Done { stopped });
    let losses = || FromTrainer::Run(Event::Losses { first: 0, losses: vec![2.3], progress: Progress::default() });
    let mut s = ready_page(false);
    s.start_run();
    s.apply(losses(), &init());
    assert!(s.apply(done(true), &init()).contains(&Command::Finished { stopped: true }), "stopped after a batch: kept");
    // Stopped before its first loss: nothing to keep.
    s.start_run();
    assert!(!s.apply(done(true), &init()).iter().any(|c| matches!(c, Command::Finished { .. })));
    // A Done for a run the page did not start (one that waited and was stopped unbegun).
    let mut s = ready_page(false);
    s.losses = vec![2.0];
    assert!(!s.apply(done(true), &init()).iter().any(|c| matches!(c, Command::Finished { .. })));
}

#[test]
fn an_offered_run_waits_for_the_page_and_continues_with_its_history() {
    let config = TrainConfig { epochs: 2, train_images: Some(640), seed: 7, ..TrainConfig::default() };
    let history = mnist_web::train::checkpoint::History { losses: vec![2.3, 2.0, 1.8], evals: Vec::new() };
    let checkpoint = mnist_web::train::checkpoint::Checkpoint {
        config: config.clone(),
        weights: Vec::new(),
        m: Vec::new(),
        v: Vec::new(),
        steps: 3,
        position: mnist_web::train::checkpoint::Position { done: 13, rng: 0 },
        history,
    };
    // Offered while loading: nothing starts by itself, and Resume waits for the page.
    let mut s =
        PageState { when_ready: WhenReady { autostart: true, bench_batches: None, bench_net: Default::default() }, ..PageState::default() };
    s.offer_resume(&checkpoint);
    let offer = s.resume_offer.as_ref().unwrap();
    assert_eq!((offer.epoch, offer.batch), (2, 3), "13 batches of 10 per epoch: epoch 2, 3 done in it");
    assert_eq!(s.resume_run(), None, "not ready yet");
    assert!(s.resume_offer.is_some(), "the offer stays until the page is ready");
    s.apply(FromTrainer::Device(device(None)), &init());
    let commands = s.apply(data_ready(640, 64, 1.0, Bytes(vec![0; 784]), Bytes(vec![1])), &init());
    assert!(!commands.contains(&Command::Start), "an offered run is not replaced by an autostart");
    assert_eq!(s.resume_run(), Some(config));
    assert_eq!(s.losses, [2.3, 2.0, 1.8], "the history is shown again");
    assert!(s.running && s.resume_offer.is_none());
}

#[test]
fn a_set_of_ones_own_names_the_classes_of_the_runs_on_it() {
    use mnist_web::data::set_id::SetId;
    let mut s = PageState::default();
    s.apply(FromTrainer::Device(device(None)), &init());
    let ready = |set: Option<SetId>| FromTrainer::DataReady {
        train: 64,
        test: 16,
        ms: 1.0,
        sample: Bytes(vec![0; 784]),
        labels: Bytes(vec![1]),
        set,
        request: None,
    };
    assert_eq!(s.apply(ready(None), &init())[1], Command::UsingSet(None, None));
    assert_eq!((s.classes().len(), s.run_classes.len()), (10, 10), "MNIST: the ten digits");
    let shapes = SetId {
        name: "shapes".into(),
        hash: "0011223344556677".into(),
        classes: vec!["square".into(), "plus".into(), "ring".into()],
        train: 40,
    };
    let commands = s.apply(ready(Some(shapes.clone())), &init());
    assert_eq!(commands[1], Command::UsingSet(Some(shapes.clone()), None), "the page remembers (and keeps) the set");
    assert_eq!((s.set.as_ref(), &s.run_classes[..]), (Some(&shapes), &shapes.classes[..]));
    // A run on it keeps its names while the page switches back to MNIST.
    s.start_run();
    s.apply(FromTrainer::Run(Event::Losses { first: 0, losses: vec![1.0], progress: Progress::default() }), &init());
    // Files that are no set, picked meanwhile: said, and the run goes on.
    let refused = mnist_web::AppError::SetFileMissing { role: "test-labels".into() };
    assert_eq!(s.apply(FromTrainer::SetRefused { request: 3, error: refused.clone() }, &init()), vec![]);
    assert!(s.running && !s.run_failed && s.errors.contains(&refused), "the run goes on");
    s.apply(ready(None), &init());
    assert_eq!((s.classes().len(), &s.run_classes[..]), (10, &shapes.classes[..]), "the run shown was on the shapes");
    // A run continued from a checkpoint on a set shows that set's names.
    let config = TrainConfig::default().for_set(Some(&shapes)).unwrap();
    let c = mnist_web::train::checkpoint::Checkpoint {
        config,
        weights: Vec::new(),
        m: Vec::new(),
        v: Vec::new(),
        steps: 3,
        position: mnist_web::train::checkpoint::Position { done: 3, rng: 0 },
        history: Default::default(),
    };
    s.apply(FromTrainer::Run(Event::Done { stopped: true }), &init());
    s.offer_resume(&c);
    assert!(s.resume_run().is_some());
    assert_eq!(s.run_classes, shapes.classes);
}
