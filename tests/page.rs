//! The page's plain logic: URL parameters, the state the worker's messages build, chart helpers.
use mnist_web::backend::{BackendKind, DeviceInfo};
use mnist_web::eval::EvalResult;
use mnist_web::params::{parse_query, query_pairs};
use mnist_web::protocol::{Event, FromWorker, Progress, ToWorker};
use mnist_web::state::{downsample, polyline, PageState, Phase};
use mnist_web::train::TrainConfig;

#[test]
fn url_parameters_override_the_defaults() {
    let s = parse_query("?epochs=2&batch=32&lr=0.01&train_images=640&test_images=100&backend=cpu&autostart=1&seed=9&data=https%3A%2F%2Fexample.org%2Ffashion").unwrap();
    assert_eq!(s.config, TrainConfig { epochs: 2, batch: 32, lr: 0.01, train_images: Some(640), test_images: Some(100), seed: 9, ..TrainConfig::default() });
    assert_eq!(s.backend, Some(BackendKind::Cpu));
    assert!(s.autostart);
    assert_eq!(s.data_url, "https://example.org/fashion/");
    let d = parse_query("").unwrap();
    assert_eq!((d.config.epochs, d.config.batch, d.config.lr), (10, 64, 1e-3));
    assert_eq!((d.backend, d.autostart, d.data_url.as_str()), (None, false, "data/"));
    assert_eq!(parse_query("?backend=webgpu").unwrap().backend, Some(BackendKind::Gpu));
}

#[test]
fn bad_url_parameters_are_explained() {
    for q in ["?epochs=ten", "?batch=0", "?lr=-1", "?backend=tpu", "?train_images=0", "?dropout=1", "?rotate=400", "?lr_gamma=2", "?arch=resnet"] {
        let e = parse_query(q).unwrap_err().to_string();
        assert!(!e.is_empty(), "{q}");
    }
    assert!(parse_query("?epochs=ten").unwrap_err().to_string().contains("epochs=ten"));
    assert_eq!(query_pairs("?a=1+2&b=%41"), vec![("a".into(), "1 2".into()), ("b".into(), "A".into())]);
}

fn device() -> DeviceInfo {
    DeviceInfo { kind: BackendKind::Gpu, name: "WebGPU".into(), adapter: "x".into(), reason: "y".into(), calibration: None }
}

#[test]
fn messages_build_the_page_state() {
    let mut s = PageState::default();
    assert_eq!(s.phase, Phase::Loading);
    s.apply(FromWorker::Device(device()));
    s.apply(FromWorker::DataProgress { loaded: 50, total: 200 });
    assert_eq!(s.data_percent(), 25.0);
    assert!(!s.can_start());
    s.apply(FromWorker::DataReady { train: 60_000, test: 10_000, ms: 5.0 });
    assert_eq!(s.phase, Phase::Ready);
    assert!(s.can_start());
    s.start_run();
    assert!(!s.can_start());
    let progress = Progress { epoch: 1, epochs: 2, batch: 3, batches_per_epoch: 10, images_per_sec: 100.0, eta_s: 5.0, lr: 1e-3, memory_mb: 0.0 };
    s.apply(FromWorker::Run(Event::Losses { first: 0, losses: vec![2.3, 2.2, 2.1], progress: progress.clone() }));
    s.apply(FromWorker::Run(Event::Losses { first: 3, losses: vec![2.0], progress }));
    assert_eq!(s.losses, vec![2.3, 2.2, 2.1, 2.0]);
    s.apply(FromWorker::Run(Event::Eval { epoch: 1.0, result: EvalResult::from_sums(9, 10, 1.0, 2), gallery: Default::default() }));
    assert_eq!(s.evals[0].1.accuracy, 90.0);
    s.apply(FromWorker::Paused(true));
    assert!(s.paused);
    s.apply(FromWorker::Run(Event::Done { stopped: true }));
    assert!(s.done && !s.running && !s.paused);
    s.apply(FromWorker::Error { message: "boom".into(), fatal: true });
    assert_eq!((s.phase, s.errors.len()), (Phase::Error, 1));
}

#[test]
fn messages_survive_json() {
    let msgs = vec![
        ToWorker::Start(TrainConfig::default()),
        ToWorker::Init { data_url: "data/".into(), backend: None, known: Default::default(), tasks_max: Some(64) },
        ToWorker::Stop,
    ];
    for m in msgs {
        let back: ToWorker = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
        assert_eq!(back, m);
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
    use mnist_web::state::{epoch_means, smooth};
    let s = smooth(&[2.0, 2.0, 2.0], 0.1);
    assert!(s.iter().all(|v| (v - 2.0).abs() < 1e-6), "bias-corrected: a constant stays put: {s:?}");
    let noisy: Vec<f32> = (0..400).map(|i| if i % 2 == 0 { 1.0 } else { 3.0 }).collect();
    let s = smooth(&noisy, 0.05);
    assert!((s[399] - 2.0).abs() < 0.1 && s.len() == 400);
    assert_eq!(epoch_means(&[1.0, 3.0, 5.0, 7.0, 9.0], 2), vec![(1.0, 2.0), (2.0, 6.0)]);
    assert!(epoch_means(&[1.0], 0).is_empty());
    // A URL-mirrored config survives a reload.
    let c = TrainConfig { epochs: 3, seed: 5, lr_step: 2, lr_gamma: 0.5, ..TrainConfig::default() };
    assert_eq!(parse_query(&mnist_web::params::config_query(&c)).unwrap().config, c);
}
