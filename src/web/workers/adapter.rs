//! Asks the browser for a WebGPU adapter (to name it, and to know whether WebGPU exists at all)
//! before burn initialises its device.
use crate::web::js::message;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// The optional WebGPU feature burn's WebGPU backend cannot do without in a browser (cubecl-wgpu
/// 0.11 panics when a device lacks it: it would have to block to time kernels otherwise).
pub const NEEDED_FEATURE: &str = "timestamp-query";

/// A readable name for the adapter and whether it is a software (fallback) adapter, or why
/// there is none (or why burn cannot use it).
pub async fn adapter_name() -> Result<(String, bool), String> {
    let gpu = get(&get(&js_sys::global(), "navigator"), "gpu");
    if gpu.is_undefined() || gpu.is_null() {
        return Err("this browser has no navigator.gpu (WebGPU is off or unsupported)".into());
    }
    let request = get(&gpu, "requestAdapter");
    let func: &js_sys::Function = wasm_bindgen::JsCast::unchecked_ref(&request);
    let opts = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&opts, &"powerPreference".into(), &"high-performance".into());
    let promise = func.call1(&gpu, &opts).map_err(|e| message(&e))?;
    let adapter = JsFuture::from(js_sys::Promise::from(promise)).await.map_err(|e| message(&e))?;
    if adapter.is_null() || adapter.is_undefined() {
        return Err("the browser found no WebGPU adapter".into());
    }
    let has: Option<js_sys::Function> = wasm_bindgen::JsCast::dyn_into(get(&get(&adapter, "features"), "has")).ok();
    if has.and_then(|f| f.call1(&get(&adapter, "features"), &NEEDED_FEATURE.into()).ok()).and_then(|v| v.as_bool()) != Some(true) {
        return Err(format!(
            "this GPU's WebGPU lacks the optional feature {NEEDED_FEATURE}, which burn's WebGPU backend needs in a browser"
        ));
    }
    let info = get(&adapter, "info");
    let parts: Vec<String> = ["vendor", "architecture", "device", "description"]
        .iter()
        .filter_map(|k| get(&info, k).as_string())
        .filter(|s| !s.is_empty())
        .collect();
    let mut name = if parts.is_empty() { "unnamed adapter".to_string() } else { parts.join(" ") };
    let fallback = get(&info, "isFallbackAdapter").as_bool().or(get(&adapter, "isFallbackAdapter").as_bool()) == Some(true);
    if fallback {
        name.push_str(" (software fallback adapter)");
    }
    Ok((name, fallback))
}

/// How the adapter is named when it offers only WebGPU's defaults (`gpu=minimal`).
pub const SMALLEST: &str = "as the smallest WebGPU device: default limits, no optional features but timestamp-query";

/// Makes every adapter offer only WebGPU's default limits and no optional features, and every
/// device be requested so (static/gpu-watch.js), before burn asks for one.
pub fn smallest_device() -> Result<(), String> {
    let global = js_sys::global();
    let import: js_sys::Function = wasm_bindgen::JsCast::unchecked_into(get(&global, "importScripts"));
    import.call1(&global, &"./gpu-watch.js".into()).map_err(|e| message(&e))?;
    let smallest: js_sys::Function = wasm_bindgen::JsCast::unchecked_into(get(&global, "mnistSmallestGpu"));
    smallest.call0(&global).map_err(|e| message(&e))?;
    Ok(())
}

/// Watches the WebGPU device burn is about to request (static/gpu-watch.js): `on_lost` runs with
/// the reason if the browser loses it (driver reset, `device.destroy()`, …); `keep`: the device is
/// kept as `self.__mnistGpuDevice` for a browser test (`test_hooks=1`).
pub fn watch_device_loss(on_lost: impl Fn(String) + 'static, keep: bool) -> Result<(), String> {
    let global = js_sys::global();
    let import = get(&global, "importScripts");
    let import: &js_sys::Function = wasm_bindgen::JsCast::unchecked_ref(&import);
    import.call1(&global, &"./gpu-watch.js".into()).map_err(|e| message(&e))?;
    let watch = get(&global, "mnistWatchGpu");
    let watch: &js_sys::Function = wasm_bindgen::JsCast::unchecked_ref(&watch);
    let callback =
        wasm_bindgen::closure::Closure::<dyn Fn(JsValue)>::new(move |reason: JsValue| on_lost(reason.as_string().unwrap_or_default()));
    watch.call2(&global, callback.as_ref(), &keep.into()).map_err(|e| message(&e))?;
    callback.forget(); // lives as long as the worker
    Ok(())
}

/// The worker's WebGPU calls, counted by static/gpu-watch.js (loaded before the device exists);
/// `on_gpu: false` (the CPU backend) counts nothing.
pub struct Counters {
    pub on_gpu: bool,
}

impl Counters {
    fn snapshot(&self) -> Option<JsValue> {
        let f = get(&js_sys::global(), "mnistGpuCounts");
        let f: &js_sys::Function = wasm_bindgen::JsCast::dyn_ref(&f).filter(|_| self.on_gpu)?;
        f.call0(&JsValue::NULL).ok()
    }
}

impl crate::device::bench::Probe for Counters {
    fn now_ms(&self) -> f64 {
        crate::web::js::now_ms()
    }

    fn counts(&self) -> Option<crate::device::bench::GpuCounts> {
        let json = js_sys::JSON::stringify(&self.snapshot()?).ok()?.as_string()?;
        serde_json::from_str(&json).ok()
    }

    fn readback_requested_ms(&self) -> Option<f64> {
        get(&self.snapshot()?, "last_readback_ms").as_f64()
    }
}
