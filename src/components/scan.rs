//! Reading a QR code with the phone's camera (扫码): an owner's slip at a meeting's door, a
//! paper sheet's number at entry. The camera's frames are read a few times a second into a
//! canvas and searched for a code (`rqrr`, in a chunk of its own, `crate::lazy::read_qr`);
//! the first code read is handed over and the camera stopped. Everything happens on the
//! phone, offline too. Where there is no camera, or the person refuses it, it says so and the
//! typed search stays.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use leptos::prelude::*;

use crate::messages::scan::t as words;

/// How often a frame is searched for a code.
const EVERY_MS: u64 = 250;
/// Frames are searched at most this wide (a phone's camera gives far more than a code needs).
const WIDTH: u32 = 640;

/// A button that opens the camera and calls `on_code` with the first code it reads.
#[component]
pub fn Scanner(on_code: Callback<String>) -> impl IntoView {
    let video = NodeRef::<leptos::html::Video>::new();
    let running = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let camera = StoredValue::new_local(None::<Camera>);
    // A frame is searched while the camera runs on: the next waits until it is done.
    let searching = StoredValue::new(false);
    // Not reactive, so that a camera granted, or a frame read, after the page was left finds
    // nothing disposed: it stops the camera and says nothing.
    let alive = Arc::new(AtomicBool::new(true));
    let opening = Arc::new(AtomicBool::new(false));
    let stop = move || {
        camera.update_value(|c| {
            if let Some(c) = c.take() {
                c.stop();
            }
        });
        running.set(false);
    };
    let start = Callback::new({
        let alive = alive.clone();
        move |()| {
            // One camera at a time: a second tap while it opens or runs does nothing.
            if opening.swap(true, Ordering::SeqCst) || running.get_untracked() {
                return;
            }
            problem.set(None);
            let (alive, opening) = (alive.clone(), opening.clone());
            leptos::task::spawn_local(async move {
                let Some(element) = video.get_untracked() else { return };
                let opened = Camera::open(&element).await;
                opening.store(false, Ordering::SeqCst);
                if !alive.load(Ordering::SeqCst) {
                    if let Ok(opened) = opened {
                        opened.stop();
                    }
                    return;
                }
                let mut opened = match opened {
                    Ok(opened) => opened,
                    Err(why) => {
                        problem.set(Some(format!("{}{why}", words().no_camera)));
                        return;
                    }
                };
                running.set(true);
                let element: web_sys::HtmlVideoElement = element.clone();
                let ticking = alive.clone();
                let handle = set_interval_with_handle(
                    move || {
                        if !ticking.load(Ordering::SeqCst) || searching.get_value() {
                            return;
                        }
                        let Some(frame) = Frame::of(&element) else { return };
                        searching.set_value(true);
                        let alive = ticking.clone();
                        leptos::task::spawn_local(async move {
                            let code = read(frame).await;
                            if !alive.load(Ordering::SeqCst) {
                                return;
                            }
                            searching.set_value(false);
                            if let Some(code) = code.filter(|_| running.get_untracked()) {
                                stop();
                                on_code.run(code);
                            }
                        });
                    },
                    std::time::Duration::from_millis(EVERY_MS),
                );
                opened.interval = handle.ok();
                camera.set_value(Some(opened));
            });
        }
    });
    on_cleanup(move || {
        alive.store(false, Ordering::SeqCst);
        stop();
    });
    // The reader is fetched as soon as a page that scans is open (online, before the meeting),
    // so that it reads offline at the door.
    #[cfg(feature = "split")]
    leptos::task::spawn_local(async {
        let _ = crate::lazy::preload_qr_read().await;
    });
    view! {
        <div class="scanner">
            <Show when=move || !running.get() fallback=move || view! {
                <button type="button" class="button" on:click=move |_| stop()>{words().stop}</button>
                <p class="hint" role="status">{words().aim}</p>
            }>
                <button type="button" class="button" on:click=move |_| start.run(())>{words().scan}</button>
            </Show>
            <video node_ref=video class="scanner__video" class:scanner__video--on=move || running.get()
                muted=true playsinline=true aria-label=words().camera></video>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        </div>
    }
}

/// The camera's stream, shown in the video element, and the timer reading its frames.
struct Camera {
    stream: web_sys::MediaStream,
    interval: Option<leptos::prelude::IntervalHandle>,
}

impl Camera {
    /// Asks for the back camera and shows it in `video`.
    async fn open(video: &web_sys::HtmlVideoElement) -> Result<Camera, String> {
        use wasm_bindgen::JsCast;
        let said = |e: wasm_bindgen::JsValue| {
            js_sys::Reflect::get(&e, &"name".into())
                .ok()
                .and_then(|n| n.as_string())
                .unwrap_or_else(|| format!("{e:?}"))
        };
        let devices = web_sys::window()
            .and_then(|w| w.navigator().media_devices().ok())
            .ok_or_else(|| words().no_media.to_owned())?;
        let facing = js_sys::Object::new();
        js_sys::Reflect::set(&facing, &"facingMode".into(), &"environment".into()).map_err(said)?;
        let constraints = web_sys::MediaStreamConstraints::new();
        constraints.set_video(&facing);
        constraints.set_audio(&false.into());
        let asked = devices.get_user_media_with_constraints(&constraints).map_err(said)?;
        let stream: web_sys::MediaStream = wasm_bindgen_futures::JsFuture::from(asked)
            .await
            .map_err(said)?
            .dyn_into()
            .map_err(said)?;
        video.set_src_object(Some(&stream));
        if let Ok(playing) = video.play() {
            let _ = wasm_bindgen_futures::JsFuture::from(playing).await;
        }
        Ok(Camera { stream, interval: None })
    }

    fn stop(self) {
        if let Some(interval) = self.interval {
            interval.clear();
        }
        for track in self.stream.get_tracks().iter() {
            if let Ok(track) = wasm_bindgen::JsCast::dyn_into::<web_sys::MediaStreamTrack>(track) {
                track.stop();
            }
        }
    }
}

/// A frame of the camera in grey, to search for a code.
#[derive(Debug)]
pub struct Frame {
    width: usize,
    height: usize,
    /// Row by row, one byte a pixel.
    luma: Vec<u8>,
}

impl Frame {
    /// The video's current frame, at most [`WIDTH`] wide; `None` before the camera shows one.
    fn of(video: &web_sys::HtmlVideoElement) -> Option<Frame> {
        use wasm_bindgen::JsCast;
        let (w, h) = (video.video_width(), video.video_height());
        if w == 0 || h == 0 {
            return None;
        }
        let (cw, ch) = if w > WIDTH { (WIDTH, h * WIDTH / w) } else { (w, h) };
        let document = web_sys::window()?.document()?;
        let canvas: web_sys::HtmlCanvasElement =
            document.create_element("canvas").ok()?.dyn_into().ok()?;
        canvas.set_width(cw);
        canvas.set_height(ch);
        let context: web_sys::CanvasRenderingContext2d =
            canvas.get_context("2d").ok()??.dyn_into().ok()?;
        context
            .draw_image_with_html_video_element_and_dw_and_dh(
                video,
                0.0,
                0.0,
                f64::from(cw),
                f64::from(ch),
            )
            .ok()?;
        let pixels = context.get_image_data(0.0, 0.0, f64::from(cw), f64::from(ch)).ok()?.data();
        let luma = pixels.chunks_exact(4).map(|p| luma(p[0], p[1], p[2])).collect();
        Some(Frame { width: cw as usize, height: ch as usize, luma })
    }

    /// The first QR code readable in the frame.
    pub fn decode(&self) -> Option<String> {
        let (w, h) = (self.width, self.height);
        decode(w, h, |x, y| self.luma.get(y * w + x).copied().unwrap_or(u8::MAX))
    }
}

/// Searches `frame`, with the reader's chunk in the release build.
async fn read(frame: Frame) -> Option<String> {
    #[cfg(feature = "split")]
    return crate::lazy::read_qr(frame).await.ok().flatten();
    #[cfg(not(feature = "split"))]
    return frame.decode();
}

/// Each text as an SVG QR code (empty where one cannot be made).
pub fn svgs(texts: &[String]) -> Vec<String> {
    let svg = |text: &String| {
        qrcode::QrCode::new(text.as_bytes())
            .map(|code| {
                code.render::<qrcode::render::svg::Color<'_>>()
                    .min_dimensions(96, 96)
                    .quiet_zone(true)
                    .build()
            })
            .unwrap_or_default()
    };
    texts.iter().map(svg).collect()
}

/// [`svgs`], with the encoder's chunk in the release build.
pub async fn draw(texts: Vec<String>) -> Vec<String> {
    #[cfg(feature = "split")]
    return crate::lazy::draw_qr(texts).await.unwrap_or_default();
    #[cfg(not(feature = "split"))]
    return svgs(&texts);
}

/// A pixel's brightness, in integers (ITU-R BT.601 weights, out of 1,000).
fn luma(r: u8, g: u8, b: u8) -> u8 {
    let y = (299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b)) / 1_000;
    u8::try_from(y).unwrap_or(u8::MAX)
}

/// The first QR code readable in a greyscale image of `w` × `h`.
pub fn decode(w: usize, h: usize, pixel: impl FnMut(usize, usize) -> u8) -> Option<String> {
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, pixel);
    image.detect_grids().iter().find_map(|grid| grid.decode().ok().map(|(_, text)| text))
}

/// The unit a scanned owner's slip names: the `unit` of its sign-in link (slips printed
/// by `yishiting-server init --slips`), or the text itself when it is no link.
pub fn slip_unit(text: &str) -> Option<String> {
    let text = text.trim();
    let Some((_, query)) = text.split_once('?') else {
        return (!text.is_empty() && !text.contains("://")).then(|| text.to_owned());
    };
    query.split('&').find_map(|pair| {
        let value = pair.strip_prefix("unit=")?;
        js_unescape(&value.replace('+', " "))
    })
}

/// A percent-encoded value decoded, as the browser does.
#[cfg(target_arch = "wasm32")]
fn js_unescape(value: &str) -> Option<String> {
    js_sys::decode_uri_component(value).ok().map(String::from)
}

#[cfg(not(target_arch = "wasm32"))]
fn js_unescape(value: &str) -> Option<String> {
    (!value.contains('%')).then(|| value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slip_names_its_unit_in_its_link_or_is_the_unit() {
        let link = "https://hall.example/signin?community=3&code=K7M4-QX9P&unit=3-2-1502";
        assert_eq!(slip_unit(link).as_deref(), Some("3-2-1502"));
        assert_eq!(slip_unit(" 3-2-1502 ").as_deref(), Some("3-2-1502"));
        // An older slip's link, without the unit: nothing to sign in by.
        assert_eq!(slip_unit("https://hall.example/signin?community=3&code=K7M4-QX9P"), None);
        assert_eq!(slip_unit("https://hall.example/"), None);
    }

    #[test]
    fn a_printed_code_is_read_back() {
        let code = qrcode::QrCode::new(b"https://hall.example/signin?unit=1-101").expect("code");
        let modules = code.width();
        let scale = 4;
        let size = (modules + 8) * scale;
        let dark = code.to_colors();
        let read = decode(size, size, |x, y| {
            let (mx, my) = ((x / scale).wrapping_sub(4), (y / scale).wrapping_sub(4));
            let inside = mx < modules && my < modules;
            if inside && dark[my * modules + mx] == qrcode::Color::Dark { 0 } else { 255 }
        });
        assert_eq!(read.as_deref(), Some("https://hall.example/signin?unit=1-101"));
    }
}
