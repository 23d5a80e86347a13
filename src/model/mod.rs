//! The network: its description, from which everything else is derived (`net`), the network
//! written once for every backend (`network`), its operations as one burn backend extension (`ops`) and its weights
//! as one flat list (`flat`: seeded initialisation, loading, asynchronous read-out).
pub mod flat;
pub mod net;
pub mod network;
pub mod ops;
