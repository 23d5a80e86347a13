//! The draw panel's logic as plain state: the strokes, the readings in flight
//! ([`PendingReads`]), the models offered by id ([`CanvasModels`]), whether a run's snapshots
//! read the canvas, and the prediction worker's life (dead, started again, listening, its model
//! back). The panel's component (`web/components/draw/control.rs`) holds this and the signals, and does
//! what the methods return.
use crate::base::envelope::Bytes;
use crate::page::canvas_models::CanvasModels;
use crate::page::pending::{Answer, PendingReads};
use crate::page::revival::Revivals;
use crate::protocol::prediction::{ModelSource, ToPredictor};

/// What the draw panel holds between events.
#[derive(Debug)]
pub struct DrawState {
    /// The strokes: each a list of x, y canvas pixels.
    strokes: Vec<Vec<f32>>,
    /// A stroke is being drawn (the pointer is down).
    drawing: bool,
    /// The user drew, cleared or undid: the opening example does not come back.
    touched: bool,
    pub readings: PendingReads,
    pub models: CanvasModels,
    /// Snapshots of a run read the canvas unless the user chose another model meanwhile.
    follow_training: bool,
    revivals: Revivals,
    /// A new worker is about to read with the model the dead one had (its notice stays until then).
    reviving: bool,
}

impl Default for DrawState {
    fn default() -> Self {
        Self {
            strokes: Vec::new(),
            drawing: false,
            touched: false,
            readings: PendingReads::default(),
            models: CanvasModels::default(),
            follow_training: true,
            revivals: Revivals::default(),
            reviving: false,
        }
    }
}

/// What a prediction worker's death changes.
#[derive(Debug, PartialEq)]
pub struct Died {
    /// Files it was reading, now unread (by name).
    pub unread: Vec<String>,
    /// Start a new worker (`false`: it keeps dying; it is left dead and the page says why).
    pub restart: bool,
}

/// A model offer was answered: it reads the canvas now.
#[derive(Debug, PartialEq)]
pub struct InUse {
    pub source: ModelSource,
    /// The notice shown so far goes (a restart's notice stays while its model comes back).
    pub clear_notice: bool,
}

impl DrawState {
    pub fn strokes(&self) -> &[Vec<f32>] {
        &self.strokes
    }

    pub fn touched(&self) -> bool {
        self.touched
    }

    /// The user draws, clears or undoes: the drawing is the user's own from now on. `inspecting`
    /// a test image, the strokes go with it; returns whether the test image gives way.
    fn own_drawing(&mut self, inspecting: bool) -> bool {
        self.touched = true;
        if inspecting {
            self.strokes.clear();
        }
        inspecting
    }

    /// A stroke begins at (x, y); returns whether a test image being looked at gives way.
    pub fn stroke_start(&mut self, x: f32, y: f32, inspecting: bool) -> bool {
        let leave = self.own_drawing(inspecting);
        self.strokes.push(vec![x, y]);
        self.drawing = true;
        leave
    }

    /// The pointer moved to (x, y): whether the drawing changed (only while a stroke is drawn).
    pub fn stroke_to(&mut self, x: f32, y: f32) -> bool {
        match self.strokes.last_mut().filter(|_| self.drawing) {
            Some(stroke) => {
                stroke.extend([x, y]);
                true
            }
            None => false,
        }
    }

    pub fn stroke_end(&mut self) {
        self.drawing = false;
    }

    /// Clear (`undo` false) or Undo the last stroke; returns whether a test image gives way.
    pub fn edit(&mut self, undo: bool, inspecting: bool) -> bool {
        let leave = self.own_drawing(inspecting);
        if undo {
            self.strokes.pop();
        } else {
            self.strokes.clear();
        }
        leave
    }

    /// A test image is shown on the canvas in place of the strokes.
    pub fn show_image(&mut self) {
        self.strokes.clear();
    }

    /// Offers weights to the prediction worker (the message to send). A file the user loads
    /// stops a run's snapshots from reading the canvas.
    pub fn offer(&mut self, source: ModelSource, name: &str, weights: Bytes) -> ToPredictor {
        if source == ModelSource::Loaded {
            self.follow_training = false;
        }
        self.models.offer(source, name, weights)
    }

    /// Whether a run's snapshots read the canvas (the user chose with the model picker).
    pub fn follow_training(&mut self, follow: bool) {
        self.follow_training = follow;
    }

    pub fn following_training(&self) -> bool {
        self.follow_training
    }

    /// The prediction worker died at `now`: the reading in flight is dropped; the offers it had
    /// not answered too. Started again unless it keeps dying.
    pub fn died(&mut self, now: f64, model_in_use: bool) -> Died {
        self.readings.cleared();
        let unread = self.models.restarted();
        let restart = self.revivals.allow(now);
        self.reviving = restart && model_in_use;
        Died { unread, restart }
    }

    /// A (new) prediction worker listens: whatever was sent before is lost, nothing is in flight.
    /// Returns the offer of the model the one before had, if any (else the start-up models are
    /// offered).
    pub fn worker_ready(&mut self) -> Option<ToPredictor> {
        self.readings.cleared();
        self.models.offer_current()
    }

    /// Offer `id` was read by the worker (`weights` as it read them); `None` for an offer no
    /// longer awaited.
    pub fn model_ready(&mut self, id: u64, weights: Bytes) -> Option<InUse> {
        let source = self.models.ready(id, weights)?.source;
        let clear_notice = !std::mem::replace(&mut self.reviving, false);
        Some(InUse { source, clear_notice })
    }

    /// The answer to reading `id` came at `now`.
    pub fn answered(&mut self, id: u64, now: f64) -> Answer {
        self.readings.answered(id, now)
    }
}
