//! The weights shipped with the site load into the network and reach ≥ 99.0% on the test set.
use mnist_web::eval::evaluate;
use mnist_web::model::Cnn;
use mnist_web::native;
use mnist_web::weights::{self, PretrainedInfo};
use std::path::Path;

#[test]
fn shipped_weights_reach_99_percent() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("static/weights");
    let flat = weights::decode(&std::fs::read(dir.join("pretrained.bin")).unwrap()).unwrap();
    let info: PretrainedInfo = serde_json::from_slice(&std::fs::read(dir.join("pretrained.json")).unwrap()).unwrap();
    let (_, test) = native::load_mnist(&native::default_data_dir()).expect("run scripts/fetch-data.sh first");
    let model = weights::load(Cnn::new(&mnist_web::backend::cpu()), &flat).unwrap();
    let r = futures_lite::future::block_on(evaluate(&model, &test, 500)).unwrap();
    println!("shipped weights: {:.2}% ({}/{}), test loss {:.4}", r.accuracy, r.correct, r.total, r.loss);
    assert_eq!(r.total, 10_000);
    assert!(r.accuracy >= 99.0, "{}%", r.accuracy);
    assert!((r.accuracy - info.test_accuracy).abs() < 0.05, "pretrained.json says {}%, measured {}%", info.test_accuracy, r.accuracy);
}

#[test]
fn predictor_reads_test_digits() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("static/weights");
    let flat = weights::decode(&std::fs::read(dir.join("pretrained.bin")).unwrap()).unwrap();
    let predictor = mnist_web::infer::Predictor::new(&flat).unwrap();
    let (_, test) = native::load_mnist(&native::default_data_dir()).unwrap();
    let mut right = 0;
    for i in 0..200 {
        let image: [u8; 784] = test.image(i).try_into().unwrap();
        let p = predictor.predict(&image);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-3);
        right += (mnist_web::infer::top(&p) == test.labels[i] as usize) as usize;
    }
    assert!(right >= 196, "{right}/200");
}
