//! The native `train` command: its arguments (`cli`, from the option table), files read with a
//! cap (`capped`), the data files on disk (`data_files`, which the native tests share), the
//! device (`device_pick`), what it prints while training (`printer`) and the command itself
//! (`command`).
pub mod capped;
pub mod cli;
pub mod command;
pub mod data_files;
pub mod device_pick;
pub mod printer;
