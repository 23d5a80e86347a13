//! The data: MNIST's IDX files, the data set in memory and its batches, a set of one's own (its
//! four files and class names), augmentation, and a drawing turned into what the network expects
//! (28×28, centred as MNIST was made).
pub mod augment;
pub mod classes;
pub mod dataset;
pub mod idx;
pub mod own_set;
pub mod preprocess;
pub mod sample;
pub mod set_id;
