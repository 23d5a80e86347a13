//! Weights files, in and out: the tutorial's state dict (`state_dict`), safetensors, PyTorch's
//! `.pth` (a zip read by `pth`, its pickle by the restricted `pickle` reader) and `file`, which
//! reads any of them with every refusal named. Nothing in a file is ever run.
pub mod file;
pub mod pickle;
pub mod pth;
pub mod safetensors_file;
pub mod state_dict;
