//! Choosing the device by measurement: the decision and its words on known figures, and real
//! figures from the CPU backend.
use burn::prelude::*;
use mnist_web::device::backend::BackendKind;
use mnist_web::device::calibrate::{self, Calibration, Timing, time_steps};
use mnist_web::train::parallel::helpers::Alone;

#[test]
fn the_faster_device_is_chosen_and_the_page_says_why() {
    let c = |gpu, cpu| Calibration { gpu, cpu, cpu_workers: 1 };
    let cases = [
        (c(Timing::Measured(7.0), Timing::Measured(190.0)), BackendKind::Gpu, "WebGPU 7.0 ms/batch, CPU 190 ms/batch: training on WebGPU"),
        (
            c(Timing::Measured(1046.0), Timing::Measured(201.3)),
            BackendKind::Cpu,
            "WebGPU 1046 ms/batch, CPU 201 ms/batch: training on the CPU",
        ),
        (
            c(Timing::TooSlow(20_500.0), Timing::Measured(200.0)),
            BackendKind::Cpu,
            "WebGPU still preparing after 20.5 s, CPU 200 ms/batch: training on the CPU",
        ),
        (
            c(Timing::Failed("device lost".into()), Timing::Measured(200.0)),
            BackendKind::Cpu,
            "WebGPU failed (device lost), CPU 200 ms/batch: training on the CPU",
        ),
        (
            c(Timing::Measured(9.0), Timing::Failed("out of memory".into())),
            BackendKind::Gpu,
            "WebGPU 9.0 ms/batch, CPU failed (out of memory): training on WebGPU",
        ),
    ];
    for (figures, choice, words) in cases {
        assert_eq!(figures.choice(), choice, "{figures:?}");
        assert_eq!(mnist_web::page::status_text::calibration_text(&figures, "WebGPU", mnist_web::i18n::Lang::En), words);
    }
    // Remembered per adapter and app version.
    let key = calibrate::key("NVIDIA GeForce RTX 3060");
    assert_eq!(key, calibrate::key("NVIDIA GeForce RTX 3060"), "the same adapter finds its figures again");
    assert_ne!(calibrate::key("a"), calibrate::key("b"));
    assert!(
        key.starts_with("NVIDIA GeForce RTX 3060") && key.contains(mnist_web::base::release::APP),
        "a new version measures again: {key}"
    );
}

#[test]
fn the_cpu_backend_is_measured_on_synthetic_batches() {
    let start = std::time::Instant::now();
    let now = move || start.elapsed().as_secs_f64() * 1000.0;
    let timing = futures_lite::future::block_on(time_steps(&Device::flex(), 500.0, (now, |_| std::future::pending::<()>()), &mut Alone));
    let ms = timing.ms().unwrap_or_else(|| panic!("{timing:?}"));
    assert!(ms > 1.0 && ms < 5000.0, "{ms} ms per batch");
    let batch = calibrate::synthetic_batch();
    assert_eq!((batch.len(), batch.labels[..10].to_vec()), (64, (0..10).collect::<Vec<u8>>()));
}

#[test]
fn the_device_is_decided_in_one_place_for_the_page_and_the_command() {
    use mnist_web::device::backend::BackendKind::{Cpu, Gpu};
    use mnist_web::device::calibrate::{Calibration, Timing};
    use mnist_web::device::choice::{Decision, Reason, decide, needs_gpu};
    let figures = Calibration { gpu: Timing::Measured(7.0), cpu: Timing::Measured(100.0), cpu_workers: 2 };
    assert!(!needs_gpu(Some(Cpu)) && needs_gpu(Some(Gpu)) && needs_gpu(None), "the GPU is not touched when the CPU is asked for");
    assert_eq!(decide(Some(Cpu), Ok(()), Some(&figures)), Decision::Use(Cpu, Reason::Chosen(Cpu)));
    assert_eq!(decide(Some(Gpu), Ok(()), Some(&figures)), Decision::Use(Gpu, Reason::Chosen(Gpu)), "asked for: not measured");
    assert_eq!(decide(Some(Gpu), Err("no adapter".into()), None), Decision::Use(Cpu, Reason::NoWebGpu("no adapter".into())));
    assert_eq!(decide(None, Err("no adapter".into()), Some(&figures)), Decision::Use(Cpu, Reason::NoWebGpu("no adapter".into())));
    assert_eq!(decide(None, Ok(()), None), Decision::Measure);
    assert_eq!(decide(None, Ok(()), Some(&figures)), Decision::Known(figures.clone()), "figures of an earlier visit: not measured again");
    assert_eq!(figures.choice(), Gpu);
}
