//! The weights shipped with the site load into the network and reach ≥ 99.0% on the test set,
//! as their metadata says.
use mnist_web::i18n::Lang;
use mnist_web::model::flat;
use mnist_web::model::network::Cnn;
use mnist_web::native::data_files;
use mnist_web::page::model_text::about_text;
use mnist_web::train::eval::evaluate;
use mnist_web::weights::file::{self, WeightsFile};
use std::path::Path;

fn shipped() -> WeightsFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("static/weights/pretrained.safetensors");
    file::decode("pretrained.safetensors", &std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn shipped_weights_reach_99_percent() {
    let file = shipped();
    let (_, test) = data_files::load_mnist(&data_files::default_data_dir()).expect("run scripts/fetch-data.sh first");
    let model = flat::load(Cnn::new(&mnist_web::device::backend::cpu()), &file.flat).unwrap();
    let r = futures_lite::future::block_on(evaluate(&model, &test, 500)).unwrap();
    println!(
        "shipped weights: {:.2}% ({}/{}), test loss {:.4}; {}",
        r.accuracy,
        r.correct,
        r.total,
        r.loss,
        about_text(&file.about("pretrained"), Lang::En)
    );
    assert_eq!(r.total, 10_000);
    assert!(r.accuracy >= 99.0, "{}%", r.accuracy);
    let said: f64 = file.metadata["test_accuracy"].parse().unwrap();
    assert!((r.accuracy - said).abs() < 0.05, "the file says {said}%, measured {}%", r.accuracy);
    // The page's words for it come from the same metadata.
    let (epochs, images) = (&file.metadata["epochs"], &file.metadata["test_images"]);
    let words = format!("{said:.2}% test accuracy on {images} test images; {epochs} epochs");
    assert!(about_text(&file.about("pretrained"), Lang::En).contains(&words), "{words}");
    assert_eq!(images.replace(',', "").parse::<usize>().unwrap(), r.total, "evaluated on the whole test set");
}

#[test]
fn predictor_reads_test_digits() {
    let predictor = mnist_web::inspect::predictor::Predictor::new(&shipped().net, &shipped().flat).unwrap();
    let (_, test) = data_files::load_mnist(&data_files::default_data_dir()).unwrap();
    let mut right = 0;
    for i in 0..200 {
        let image: [u8; 784] = test.image(i).try_into().unwrap();
        let p = predictor.predict(&image);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-3);
        right += (mnist_web::inspect::predictor::top(&p) == test.labels[i] as usize) as usize;
    }
    assert!(right >= 196, "{right}/200");
}
