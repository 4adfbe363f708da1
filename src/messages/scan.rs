//! The words of reading a QR code with the camera (`crate::components::scan`): a table of
//! their own, read only by the pages' chunk, so they are not in the first load.

use super::catalogue;

catalogue! { Scan, ZH {
    scan: "扫码",
    stop: "停止扫码",
    aim: "请把二维码放在取景框中，对准后会自动识别",
    camera: "摄像头取景",
    no_camera: "无法打开摄像头：",
    no_media: "这个浏览器不能使用摄像头，请手动输入",
    slip_read: "已识别登录条：",
    slip_unknown: "二维码不是本小区业主的登录条，请手动查找",
}}

/// The scanner's words in the chosen language.
pub fn t() -> &'static Scan {
    &ZH
}
