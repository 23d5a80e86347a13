//! The data: MNIST's IDX files, the data set in memory and its batches, augmentation, and a
//! drawing turned into what the network expects (28×28, centred as MNIST was made).
pub mod augment;
pub mod dataset;
pub mod idx;
pub mod preprocess;
pub mod sample;
