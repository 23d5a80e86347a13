//! Each adapter's device calibration, remembered in localStorage between visits (a new app
//! version measures again: the key holds it).
use crate::device::calibrate::Calibration;
use std::collections::HashMap;

/// Where the page remembers each adapter's calibration (localStorage key prefix).
const CALIBRATION_PREFIX: &str = "mnist-calibration:";

/// The calibrations remembered from earlier visits.
pub fn remembered_calibrations() -> HashMap<String, Calibration> {
    let Ok(all) = crate::web::js::store_all(CALIBRATION_PREFIX) else { return Default::default() };
    js_sys::Object::entries(&all)
        .iter()
        .filter_map(|pair| {
            let pair: js_sys::Array = pair.into();
            let figures = serde_json::from_str(&pair.get(1).as_string()?).ok()?;
            Some((pair.get(0).as_string()?, figures))
        })
        .collect()
}

/// Remembers (`Some`) or forgets (`None`) one adapter's calibration.
pub fn remember_calibration(key: &str, figures: Option<&Calibration>) {
    let value = figures.and_then(|f| serde_json::to_string(f).ok());
    let _ = crate::web::js::store_set(&format!("{CALIBRATION_PREFIX}{key}"), value);
}
