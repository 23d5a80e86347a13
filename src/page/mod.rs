//! The page's logic as plain types, tested natively (the components in `web` hold signals and
//! markup): what the page shows (`page_state`), its URL parameters (`url`), the words it writes
//! about where things stand and about a model (`status_text`, `model_text`), the charts' arithmetic (`plot`), the
//! canvas's reads in flight (`pending`), the draw panel's state (`draw_state`: strokes, readings,
//! models, the prediction worker's life), the models the canvas can read with (`canvas_models`),
//! the sets of one's own kept in this browser (`kept_sets`),
//! a finished run's record (`run_record`), the comparison of kept runs (`compare`) and the
//! test image the canvas reads (`test_image`), the sections a phone links to (`sections`), the settings form's rows (`settings_form`), the network
//! editor's changes (`net_editor`) and when a worker that died is started again (`revival`).
pub mod canvas_models;
pub mod compare;
pub mod draw_state;
pub mod kept_sets;
pub mod model_text;
pub mod net_editor;
pub mod page_state;
pub mod pending;
pub mod plot;
pub mod revival;
pub mod run_record;
pub mod sections;
pub mod settings_form;
pub mod status_text;
pub mod test_image;
pub mod url;
