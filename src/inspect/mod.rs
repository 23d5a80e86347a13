//! Reading one image and looking inside the network (on the CPU backend, where reading back is
//! synchronous): the canvas's model (`predictor`), every layer's maps (`layer_maps`), which pixels
//! decide a digit (`saliency`) and what excites a channel most (`patches`).
pub mod layer_maps;
pub mod patches;
pub mod predictor;
pub mod saliency;
