//! What the network got wrong: the confusion matrix (one row and column per class, named by the
//! run's set) with per-class accuracy, the gallery of misclassified test images (filterable by
//! true or predicted class) and a random sample.
use crate::i18n::{K, Lang};
use crate::page::page_state::PageState;
use crate::page::test_image::TestImage;
use crate::train::gallery::{MAX_MISCLASSIFIED, Sample};
use crate::web::components::lang::{lang, text};
use crate::web::components::thumb::Thumb;
use leptos::prelude::*;

/// Mistakes shown before "Show more" (a long gallery is a very long page on a phone).
const FOLD: usize = 48;

/// Cell colour: the diagonal in blue by its share of the row, mistakes in red (amplified).
fn cell_colour(t: usize, p: usize, count: u32, row: u32) -> String {
    let share = if row == 0 { 0.0 } else { count as f64 / row as f64 };
    if t == p {
        format!("rgba(53, 89, 224, {:.3})", 0.1 + 0.8 * share)
    } else if count == 0 {
        "transparent".into()
    } else {
        format!("rgba(224, 96, 74, {:.3})", (0.15 + 4.0 * share).min(0.9))
    }
}

fn digit_filter(id: &'static str, label: K, value: RwSignal<Option<u8>>, names: Memo<Vec<String>>) -> impl IntoView {
    view! {
        <label>{text(label)} " "
            <select data-testid=id on:change=move |ev| value.set(event_target_value(&ev).parse().ok())>
                <option value="any" selected=move || value.get().is_none()>{text(K::Any)}</option>
                {move || names.get().into_iter().enumerate().map(|(d, name)| {
                    let d = d as u8;
                    view! { <option value=d.to_string() selected=move || value.get() == Some(d)>{name}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

/// The name of class `c` among `names` (its number beyond them).
fn name_of(names: &[String], c: usize) -> String {
    names.get(c).cloned().unwrap_or_else(|| c.to_string())
}

/// A test image of a gallery; clicking it looks inside the network with it (on the draw panel).
fn sample_view(s: &Sample, lang: Lang, inspect: RwSignal<Option<TestImage>>, names: &[String]) -> impl IntoView + use<> {
    let ok = s.label == s.pred;
    let picked = TestImage { index: s.index, label: s.label, image: s.pixels.to_vec(), example: false };
    let click = move |_| {
        inspect.set(Some(picked.clone()));
        let panel = document().query_selector("[data-testid=draw-panel]").ok().flatten();
        if let Some(p) = panel {
            p.scroll_into_view();
        }
    };
    view! {
        <figure class=if ok { "sample right" } else { "sample wrong" } on:click=click data-true=s.label data-pred=s.pred data-index=s.index
            data-confidence=format!("{:.4}", s.confidence)>
            <Thumb pixels=s.pixels.to_vec() title=lang.fill(K::TestImage, &[("index", &s.index)]) />
            <figcaption>{format!("{} → {}", name_of(names, s.label as usize), name_of(names, s.pred as usize))} <span>{format!("{:.0}%", 100.0 * s.confidence)}</span></figcaption>
        </figure>
    }
}

#[component]
pub fn EvalPanel(state: RwSignal<PageState>, inspect: RwSignal<Option<TestImage>>) -> impl IntoView {
    // Re-render only when an evaluation arrives (not on every loss report).
    let version = Memo::new(move |_| state.with(|s| s.eval_version));
    let (want_true, want_pred) = (RwSignal::new(None::<u8>), RwSignal::new(None::<u8>));
    let show_all = RwSignal::new(false);
    let lang = lang();
    let names = Memo::new(move |_| state.with(|s| s.run_classes.clone()));
    let matrix = move || {
        let _ = version.get();
        state.with_untracked(|s| s.evals.last().map(|(e, r)| (*e, r.clone())))
    };
    let pick = move |t: usize, p: usize| {
        want_true.set(Some(t as u8));
        want_pred.set(Some(p as u8));
    };
    view! {
        <Show when=move || matrix().is_some_and(|(_, r)| r.classes() > 0) fallback=|| view! { <p class="small">{text(K::NoMatrixYet)}</p> }>
            {move || matrix().map(|(epoch, r)| {
                let per = r.per_class();
                let lang = lang.get();
                let n = r.classes();
                let many = n > 12;
                let kept = names.get();
                let names: Vec<String> = (0..n).map(|c| name_of(&kept, c)).collect();
                let (epochs, accuracy) = (crate::i18n::format::epochs(epoch), format!("{:.2}", r.accuracy));
                let values: [(&str, &dyn std::fmt::Display); 4] = [("epochs", &epochs), ("correct", &r.correct), ("total", &r.total), ("accuracy", &accuracy)];
                view! {
                    <p class="small">{lang.fill(if epoch == 1.0 { K::AfterEpoch } else { K::AfterEpochs }, &values)}</p>
                    <div class="table-wrap">
                    <table data-testid="confusion-matrix" class="confusion" class:many=many data-correct=r.correct data-total=r.total data-classes=n>
                        <thead><tr><th>{lang.text(K::TruePredicted)}</th>{names.iter().map(|p| view! { <th>{p.clone()}</th> }).collect_view()}<th>{lang.text(K::Accuracy)}</th></tr></thead>
                        <tbody>
                            {(0..n).map(|t| {
                                let row: u32 = r.row(t).iter().sum();
                                view! {
                                    <tr>
                                        <th>{names[t].clone()}</th>
                                        {(0..n).map(|p| {
                                            let c = r.row(t)[p];
                                            view! { <td data-true=t data-pred=p data-count=c style:background=cell_colour(t, p, c, row) on:click=move |_| pick(t, p)
                                                title=lang.fill(K::CellTitle, &[("count", &c), ("digit", &names[t]), ("read", &names[p])])>{c}</td> }
                                        }).collect_view()}
                                        <td class="class-acc" data-testid="class-accuracy" data-digit=t>{per[t].map(|a| format!("{a:.1}%")).unwrap_or_else(|| "–".into())}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                }
            })}
            <h3>{text(K::Misclassified)}</h3>
            <div class="settings">
                {digit_filter("filter-true", K::TrueDigit, want_true, names)}
                {digit_filter("filter-pred", K::Predicted, want_pred, names)}
            </div>
            {move || {
                let _ = version.get();
                let (t, p, all, lang, names) = (want_true.get(), want_pred.get(), show_all.get(), lang.get(), names.get());
                state.with_untracked(|s| s.gallery.as_ref().map(|g| {
                    let matching: Vec<&Sample> = g.misclassified.iter().filter(|s| t.is_none_or(|t| s.label == t) && p.is_none_or(|p| s.pred == p)).collect();
                    let hidden = if all { 0 } else { matching.len().saturating_sub(FOLD) };
                    let shown: Vec<&Sample> = matching.into_iter().take(if all { usize::MAX } else { FOLD }).collect();
                    let note = if g.misclassified_total > g.misclassified.len() {
                        lang.fill(K::ShownKept, &[("shown", &shown.len()), ("total", &g.misclassified_total), ("kept", &MAX_MISCLASSIFIED)])
                    } else {
                        lang.fill(K::ShownOf, &[("shown", &shown.len()), ("total", &g.misclassified_total)])
                    };
                    view! {
                        <p class="small" data-testid="misclassified-count" data-total=g.misclassified_total>{note} " " {lang.text(K::InspectHint)}</p>
                        <div data-testid="misclassified" class="gallery">{shown.into_iter().map(|s| sample_view(s, lang, inspect, &names)).collect_view()}</div>
                        {(hidden > 0).then(|| view! { <button class="link" data-testid="misclassified-more" on:click=move |_| show_all.set(true)>{lang.fill(K::ShowMore, &[("n", &hidden)])}</button> })}
                        <h3>{lang.text(K::RandomSample)}</h3>
                        <div data-testid="samples" class="gallery">{g.random.iter().map(|s| sample_view(s, lang, inspect, &names)).collect_view()}</div>
                    }
                }))
            }}
        </Show>
    }
}
