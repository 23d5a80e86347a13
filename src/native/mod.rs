//! The native `train` command: its arguments (`cli`, from the option table), the data files on
//! disk (`data_files`, which the native tests share), the device (`device_pick`), what it prints
//! while training (`printer`) and the command itself (`command`).
pub mod cli;
pub mod command;
pub mod data_files;
pub mod device_pick;
pub mod printer;
