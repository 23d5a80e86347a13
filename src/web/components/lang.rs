//! The page's language: `lang=` in the URL, else the one chosen on an earlier visit, else the
//! browser's; switchable with `data-testid="lang-select"` (the choice is kept). Components read
//! their words with [`text`], which follows a switch.
use crate::i18n::{K, Lang};
use crate::web::js;
use leptos::prelude::*;

/// Where the choice is kept (localStorage).
const KEY: &str = "mnist-lang";

/// The language the page starts in.
pub fn initial(from_url: Option<Lang>) -> Lang {
    let stored = || js::store_get(KEY).ok().flatten().and_then(|c| Lang::parse(&c));
    let browser = || {
        let list = js::languages().unwrap_or_default();
        Lang::from_browser(list.split(','))
    };
    from_url.or_else(stored).unwrap_or_else(browser)
}

/// Makes `lang` the page's: components find it with [`lang`]; `<html lang>` and the title follow.
pub fn provide(lang: RwSignal<Lang>) {
    provide_context(lang);
    Effect::new(move |_| {
        let l = lang.get();
        let _ = js::set_document_lang(l.html(), l.text(K::Title));
    });
}

/// The page's language (English outside [`provide`]'s scope).
pub fn lang() -> RwSignal<Lang> {
    use_context().unwrap_or_else(|| RwSignal::new(Lang::default()))
}

/// `key` in the page's language, as it is now and after a switch.
pub fn text(key: K) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = lang();
    move || lang.get().text(key)
}

/// The language selector: switching keeps the choice, and the URL's `lang=` if it has one.
#[component]
pub fn LangSelect(in_url: bool) -> impl IntoView {
    let lang = lang();
    let choose = move |ev: web_sys::Event| {
        let Some(l) = Lang::parse(&event_target_value(&ev)) else { return };
        let _ = js::store_set(KEY, Some(l.code().into()));
        if in_url {
            let _ = js::set_params("lang", &format!("lang={}", l.code()));
        }
        lang.set(l);
    };
    view! {
        <label class="lang">
            {text(K::Language)} " "
            <select data-testid="lang-select" on:change=choose>
                {Lang::all().map(|l| view! { <option value=l.code() selected=move || lang.get() == l>{l.name()}</option> }).collect_view()}
            </select>
        </label>
    }
}
