//! The network: its two variants and their weight layouts (`arch`), the network written once for
//! every backend (`network`), its operations as one burn backend extension (`ops`) and its weights
//! as one flat list (`flat`: seeded initialisation, loading, asynchronous read-out).
pub mod arch;
pub mod flat;
pub mod network;
pub mod ops;
