//! The runs panel: every run kept (IndexedDB, [`store`]), a table to rename, pin, delete,
//! download and reuse them ([`panel`]), their curves overlaid ([`compare_view`]), run logs
//! imported and experiments queued ([`experiment_form`], driven by [`keeper`]).
pub mod compare_view;
pub mod experiment_form;
pub mod keeper;
pub mod panel;
pub mod store;
