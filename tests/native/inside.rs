//! Inside the network: every layer's maps have the network table's shapes and the reading's
//! logits are the model's own; saliency on a model that looks at one region only; the patches
//! that excite a channel.
use mnist_web::data::idx::PIXELS;
use mnist_web::device::backend::cpu;
use mnist_web::inspect::layer_maps::{input, layers, read};
use mnist_web::inspect::patches::strongest;
use mnist_web::inspect::saliency::{Method, saliency};
use mnist_web::model::flat;
use mnist_web::model::net::Net;
use mnist_web::model::network::Cnn;

/// A blob of ink at rows `r0..r1`, columns `c0..c1` (and nothing else).
fn blob(image: &mut [u8; PIXELS], (r0, r1): (usize, usize), (c0, c1): (usize, usize)) {
    for r in r0..r1 {
        for c in c0..c1 {
            image[r * 28 + c] = 200 + ((r * 7 + c * 3) % 56) as u8;
        }
    }
}

#[test]
fn every_layer_has_the_tables_shape_and_the_last_is_the_models_logits() {
    let device = cpu();
    let small = Net::parse("c4k3-d0.2-c6k7-p-c5k3-p-p-l20").unwrap();
    for (net, maps) in [
        (Net::default(), 16 + 16 + 32 + 32 + 32 + 64),
        (Net::deeper(), 16 + 16 + 16 + 32 + 32 + 32 + 64 + 64),
        (small, 4 + 6 + 6 + 5 + 5 + 5),
    ] {
        let shapes = layers(&net);
        assert_eq!(shapes.iter().map(|l| l.channels).sum::<usize>(), maps);
        let model = flat::seeded(&net, 3, &device);
        let mut image = [0u8; PIXELS];
        blob(&mut image, (6, 20), (10, 14));
        // What forward_seen shows is what `layers` says, in order.
        let mut seen = Vec::new();
        let logits = model.forward_seen(input(&image, &device), &mut |name, t| seen.push((name.to_string(), t.dims())));
        let expected: Vec<_> = shapes.iter().map(|l| (l.name.to_string(), [1, l.channels, l.side, l.side])).collect();
        assert_eq!(seen, expected);
        let r = read(&model, &image, true, &device);
        assert_eq!(r.maps.len(), shapes.iter().map(|l| l.channels * l.side * l.side).sum::<usize>());
        assert!(r.maps.contains(&255) && r.maps.iter().any(|&b| b > 0 && b < 255), "maps scaled to their layer's largest");
        let direct = model.forward(input(&image, &device)).into_data().try_to_vec::<f32>().unwrap();
        assert_eq!(r.logits.to_vec(), direct, "the reading's logits are exactly the model's");
        assert_eq!(logits.into_data().try_to_vec::<f32>().unwrap(), direct);
        assert!((r.probs.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert_eq!(read(&model, &image, false, &device).probs, r.probs, "the same reading without maps");
    }
    let fields: Vec<_> = layers(&Net::default()).iter().map(|l| (l.name, l.field, l.stride)).collect();
    let want = [("conv1", 5, 1), ("pool1", 6, 2), ("conv2a", 14, 2), ("conv2b", 22, 2), ("pool2", 24, 4), ("conv3", 28, 4)];
    assert_eq!(fields, want);
    // Kernels 3 and 7 widen the field by 2 and 6 steps; the third pool leaves 1×1 maps.
    let fields: Vec<_> =
        layers(&Net::parse("c4k3-d0.2-c6k7-p-c5k3-p-p-l20").unwrap()).iter().map(|l| (l.name, l.side, l.field, l.stride)).collect();
    let want =
        [("conv1a", 28, 3, 1), ("conv1b", 28, 9, 1), ("pool1", 14, 10, 2), ("conv2", 14, 14, 2), ("pool2", 7, 16, 4), ("pool3", 3, 20, 8)];
    assert_eq!(fields, want);
}

/// The tutorial's network wired so that only the top-left 12×12 pixels reach a logit: every
/// convolution passes channel 0 through (its centre tap), and digit 3's logit sums conv3's
/// channel 0 over the top-left 3×3 cells (of 4×4 pixels each); every other weight is zero.
fn top_left_model() -> Cnn {
    let mut flat = vec![0.0f32; Net::default().param_count()];
    let mut at = 0;
    for p in Net::default().params() {
        let (name, shape) = (p.name.as_str(), p.shape);
        if name.ends_with(".weight") && name.starts_with("conv") {
            flat[at + 12] = 1.0; // [out 0, in 0, row 2, col 2]
        }
        if name == "out.weight" {
            for (y, x) in (0..3).flat_map(|y| (0..3).map(move |x| (y, x))) {
                flat[at + (y * 7 + x) * 10 + 3] = 1.0; // [in (0, y, x), out 3]
            }
        }
        at += shape.iter().product::<usize>();
    }
    flat::load(Cnn::new(&cpu().autodiff()), &flat).unwrap()
}

#[test]
fn saliency_lies_where_the_decision_looks() {
    let model = top_left_model();
    let mut image = [0u8; PIXELS];
    blob(&mut image, (2, 9), (3, 8)); // seen
    blob(&mut image, (16, 26), (15, 24)); // ignored by every logit
    for (digit, method) in [(3, Method::Plain), (7, Method::Plain), (3, Method::Smooth), (7, Method::Smooth)] {
        let s = saliency(&model, &image, digit, method, &cpu().autodiff());
        assert_eq!(s.len(), PIXELS);
        let outside = (0..PIXELS).filter(|&i| i / 28 >= 12 || i % 28 >= 12).map(|i| s[i].abs()).fold(0.0, f32::max);
        let inside = (0..PIXELS).filter(|&i| i / 28 < 12 && i % 28 < 12).map(|i| s[i]).collect::<Vec<_>>();
        assert_eq!(outside, 0.0, "digit {digit}: nothing outside the region decides");
        let strongest = inside.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        assert!(strongest > 1e-3, "digit {digit}: the ink in the region decides");
        // More ink there makes it more a 3, and less anything else.
        let sign = inside.iter().find(|v| v.abs() == strongest).unwrap().signum();
        assert_eq!(sign, if digit == 3 { 1.0 } else { -1.0 });
    }
}

#[test]
fn the_strongest_patches_are_cut_around_what_excites_a_channel() {
    let model = top_left_model();
    let mut images = vec![0u8; 3 * PIXELS];
    images[PIXELS + 10 * 28 + 15] = 255; // image 1: one bright pixel at (10, 15)
    images[2 * PIXELS + 20 * 28 + 3] = 120; // image 2: a dimmer one at (20, 3)
    let shapes = layers(&Net::default());
    let conv1 = strongest(&model, &images, &shapes[0], 2, &cpu());
    assert_eq!(conv1.len(), 16);
    let best: Vec<_> = conv1[0].iter().map(|p| (p.image, p.side, p.pixels[12])).collect();
    assert_eq!(best, vec![(1, 5, 255), (2, 5, 120)], "strongest first, centred on the pixel");
    let pool1 = strongest(&model, &images, &shapes[1], 1, &cpu());
    let p = &pool1[0][0];
    assert_eq!((p.image, p.side, p.pixels.iter().filter(|&&v| v == 255).count()), (1, 6, 1), "the pixel is inside the 6×6 field");
}

/// The share of |saliency| that lies farther than 2 pixels from any ink.
fn share_off_the_stroke(image: &[u8], s: &[f32]) -> f32 {
    let near = |i: usize| {
        let (r, c) = ((i / 28) as i32, (i % 28) as i32);
        (-2..=2).any(|dr| {
            (-2..=2).any(|dc| {
                let (y, x) = (r + dr, c + dc);
                (0..28).contains(&y) && (0..28).contains(&x) && image[(y * 28 + x) as usize] > 0
            })
        })
    };
    let total: f32 = s.iter().map(|v| v.abs()).sum();
    (0..PIXELS).filter(|&i| !near(i)).map(|i| s[i].abs()).sum::<f32>() / total.max(1e-12)
}

#[test]
fn smoothgrad_is_less_noisy_than_the_plain_gradient_on_real_digits() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/static/weights/pretrained.safetensors")).unwrap();
    let weights = mnist_web::weights::file::decode("pretrained", &bytes).unwrap();
    let device = cpu().autodiff();
    let model = flat::load(Cnn::build(&weights.net, &device), &weights.flat).unwrap();
    let (_, test) = mnist_web::native::data_files::load_mnist(&mnist_web::native::data_files::default_data_dir())
        .expect("run scripts/fetch-data.sh first");
    let (mut plain, mut smooth) = (0.0, 0.0);
    let n = 16;
    for i in 0..n {
        let image: [u8; PIXELS] = test.image(i).try_into().unwrap();
        let digit = test.labels[i] as usize;
        plain += share_off_the_stroke(&image, &saliency(&model, &image, digit, Method::Plain, &device)) / n as f32;
        smooth += share_off_the_stroke(&image, &saliency(&model, &image, digit, Method::Smooth, &device)) / n as f32;
    }
    println!("share of |saliency| more than 2 px from the stroke, mean of {n} test digits: plain {plain:.3}, SmoothGrad {smooth:.3}");
    assert!(smooth < plain, "SmoothGrad {smooth} vs plain {plain}");
}
