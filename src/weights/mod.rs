//! Weights files, in and out: the tutorial's state dict (`state_dict`), safetensors, PyTorch's
//! `.pth` (a zip read by `pth`, its pickle by the restricted `pickle` reader; written by
//! `torch_save`) and `file`, which reads any of them with every refusal named; and the network as
//! PyTorch code (`torch_code`: the `nn.Module` these weights load into). Nothing in a file is
//! ever run.
pub mod file;
pub mod pickle;
pub mod pth;
pub mod safetensors_file;
pub mod state_dict;
pub mod torch_code;
pub mod torch_save;
