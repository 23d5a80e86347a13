//! The page's signals the draw panel follows ([`follow`]).
use crate::protocol::prediction::ModelSource;
use crate::web::components::draw::control::DrawControl;
use leptos::prelude::*;

/// A run's weights (when it ends, and its snapshots while it trains), the test images (to probe
/// channels with, and the opening example), a test image to look at, and the inside view unfolding.
pub fn follow(r: DrawControl) {
    // A run finished in this tab: keep its weights (IndexedDB) and read the canvas with them.
    Effect::new(move |_| {
        if let Some(weights) = r.page.trained.get() {
            let trained = crate::web::components::draw::weights_source::TRAINED;
            r.page.keep(trained, &weights, crate::base::error::AppError::ModelNotKept);
            r.offer(ModelSource::Trained, "trained", weights);
            r.follow_training(true);
        }
    });
    // A kept run's weights, picked in the runs panel.
    Effect::new(move |_| {
        if let Some((name, weights)) = r.page.use_weights.get() {
            r.offer(ModelSource::Loaded, &name, weights);
        }
    });
    // A run in progress: read the canvas with its latest weights (see the filters change).
    Effect::new(move |_| {
        if let Some(weights) = r.page.snapshot.get().filter(|_| r.following_training()) {
            r.offer(ModelSource::Training, "training", weights);
        }
    });
    Effect::new(move |_| {
        if r.page.probe.with(Option::is_some) {
            r.test_images_arrived();
        }
    });
    Effect::new(move |_| {
        if let Some(i) = r.page.inspect.get() {
            r.inspect(&i.image);
        }
    });
    // Unfolding the view reads the image again, with every layer's maps.
    Effect::new(move |_| {
        if r.inside.open.get() && r.has_input() {
            r.changed();
        }
    });
    r.canvas.on_load(move |_| r.paint());
}
