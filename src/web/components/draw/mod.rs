//! The draw panel: the canvas and its markup (`panel`), what it does (`control`: drawing, the
//! prediction worker, its answers) and the page's signals it follows (`follow`), the model in use
//! (`model_picker`, `weights_source`), inside the network (`inside_view`) and which pixels decide
//! (`why`).
pub mod control;
pub mod follow;
pub mod inside_view;
pub mod model_picker;
pub mod panel;
pub mod weights_source;
pub mod why;
