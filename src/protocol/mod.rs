//! The messages between the page and its two workers: the training worker ([`training`]) and
//! the prediction worker ([`prediction`]); and between the training worker and its helpers
//! ([`helper`]). One message type each way. Bytes travel beside the
//! JSON ([`crate::base::envelope`]).
pub mod helper;
pub mod prediction;
pub mod training;

/// Which worker a worker script runs as: its `name` when the page starts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Loads the data, picks the device and trains.
    Training,
    /// Reads the canvas with the model in use (on the CPU: one image at a time).
    Prediction,
    /// Started by the training worker when the CPU trains: computes shares of batches.
    Helper,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Training => "training",
            Role::Prediction => "prediction",
            Role::Helper => "helper",
        }
    }

    pub fn parse(name: &str) -> Option<Role> {
        [Role::Training, Role::Prediction, Role::Helper].into_iter().find(|r| r.as_str() == name)
    }
}
