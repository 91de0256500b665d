//! The Trunk entry point: mounts [`lolab_web::App`] on `#app` (or the body).

fn main() {
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
