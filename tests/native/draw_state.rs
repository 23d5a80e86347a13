//! The draw panel's plain state (`page::draw_state::DrawState`): strokes and a test image giving
//! way to them, a stale answer, the prediction worker dying mid-read and its model coming back,
//! and a run's snapshots reading the canvas until the user loads a file.
use mnist_web::page::draw_state::{Died, DrawState, InUse};
use mnist_web::page::pending::Answer;
use mnist_web::page::revival::MAX_REVIVALS;
use mnist_web::protocol::prediction::{ModelSource, ToPredictor};

fn offer_id(msg: &ToPredictor) -> u64 {
    match msg {
        ToPredictor::SetModel { id, .. } => *id,
        other => panic!("an offer, not {other:?}"),
    }
}

#[test]
fn strokes_grow_only_while_drawn_and_a_test_image_gives_way_to_them() {
    let mut d = DrawState::default();
    assert!(!d.stroke_to(1.0, 1.0), "no stroke begun: the pointer moving changes nothing");
    assert!(!d.touched());
    assert!(!d.stroke_start(10.0, 20.0, false), "nothing to give way");
    assert!(d.stroke_to(11.0, 21.0));
    d.stroke_end();
    assert!(!d.stroke_to(50.0, 50.0), "the pointer is up");
    d.stroke_start(30.0, 30.0, false);
    d.stroke_end();
    assert_eq!(d.strokes(), [vec![10.0, 20.0, 11.0, 21.0], vec![30.0, 30.0]]);
    assert!(d.touched(), "the opening example does not come back");
    d.edit(true, false);
    assert_eq!(d.strokes(), [vec![10.0, 20.0, 11.0, 21.0]], "Undo takes the last stroke");
    // A test image on the canvas: drawing starts afresh over it.
    d.show_image();
    assert!(d.stroke_start(5.0, 5.0, true), "the test image gives way");
    assert_eq!(d.strokes(), [vec![5.0, 5.0]]);
    assert!(d.edit(false, true), "Clear over a test image: it goes too");
    assert!(d.strokes().is_empty());
}

#[test]
fn an_answer_to_an_older_reading_is_not_shown_and_the_latest_drawing_is_read_again() {
    let mut d = DrawState::default();
    let first = d.readings.changed(0.0).expect("read at once");
    assert_eq!(d.readings.changed(5.0), None, "one reading in flight: the change waits");
    assert_eq!(d.answered(first + 7, 9.0), Answer { show: false, again: false }, "an answer to no request in flight");
    assert_eq!(d.answered(first, 10.0), Answer { show: true, again: true }, "shown, and the drawing read again");
    let second = d.readings.send();
    // The worker died before answering: the new worker's answer to the old id is stale.
    d.died(20.0, true);
    assert_eq!(d.answered(second, 30.0), Answer { show: false, again: false });
    assert!(!d.readings.busy());
}

#[test]
fn a_dead_worker_is_restarted_with_its_model_and_a_file_it_was_reading_is_said_unread() {
    let mut d = DrawState::default();
    let shipped = d.offer(ModelSource::Pretrained, "pretrained", vec![1u8].into());
    assert_eq!(d.model_ready(offer_id(&shipped), vec![1u8, 1].into()), Some(InUse { source: ModelSource::Pretrained, clear_notice: true }));
    let file = d.offer(ModelSource::Loaded, "big.pth", vec![2u8].into());
    assert!(!d.following_training(), "a loaded file stops the run's snapshots from reading the canvas");
    assert_eq!(d.died(1_000.0, true), Died { unread: vec!["big.pth".into()], restart: true });
    assert_eq!(d.model_ready(offer_id(&file), vec![2u8].into()), None, "the dead worker's offer is no longer awaited");
    let again = d.worker_ready().expect("the model the dead worker had is offered to the new one");
    let ToPredictor::SetModel { id, name, weights } = again else { panic!("an offer") };
    assert_eq!((name.as_str(), &weights[..]), ("pretrained", &[1u8, 1][..]));
    assert_eq!(
        d.model_ready(id, weights),
        Some(InUse { source: ModelSource::Pretrained, clear_notice: false }),
        "the restart's notice stays while its model comes back"
    );
    let next = d.offer(ModelSource::Trained, "trained", vec![3u8].into());
    assert_eq!(d.model_ready(offer_id(&next), vec![3u8].into()).map(|u| u.clear_notice), Some(true), "then notices go as before");
}

#[test]
fn a_worker_that_keeps_dying_is_left_and_one_with_no_model_is_offered_the_start_up_ones() {
    let mut d = DrawState::default();
    assert_eq!(d.worker_ready(), None, "no model yet: the start-up models are offered by the panel");
    for i in 0..MAX_REVIVALS {
        assert!(d.died(i as f64 * 100.0, false).restart, "death {i}");
    }
    assert!(!d.died(500.0, false).restart, "dying again within the minute: left dead");
    d.follow_training(true);
    assert!(d.following_training());
}
