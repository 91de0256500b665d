//! The Trunk entry point: mounts [`lolab_web::App`] on `#app` (or the body),
//! unless the page is a docs page whose `static/embed.js` set
//! `globalThis.__lolabEmbed` (it mounts widgets through `mount_widget`).

fn main() {
    let embedded = js_sys::Reflect::get(&js_sys::global(), &"__lolabEmbed".into())
        .is_ok_and(|v| v.is_truthy());
    if embedded {
        return;
    }
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            yew::Renderer::<lolab_web::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<lolab_web::App>::new().render();
        }
    }
}
