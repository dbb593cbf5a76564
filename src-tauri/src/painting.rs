//! How WebKitGTK paints the window on Linux (issue 17): on the CPU, without
//! accelerated compositing, unless the user chose otherwise.
//!
//! The form is one long page of text and controls. WebKitGTK's defaults paint it
//! with Skia on the GPU and composite it in layers; without a GPU driver (this
//! machine, and many virtual desktops) that GPU is Mesa's software OpenGL, and
//! measured against a bare Tauri window in the same run (BENCHMARKS.md) the web
//! process held its tiles, glyph atlases and layer backing stores as extra memory
//! and painted later:
//!
//! | ours minus the bare window (WebKitGTK 2.50, Xvfb, no GPU) | web process | first paint |
//! |---|---:|---:|
//! | defaults: GPU painting, compositing (2026-12-06) | +69 MiB | +0.7 s |
//! | CPU painting, compositing (2026-12-07) | +23 MiB | +0.2 s |
//! | CPU painting, no compositing: what runs (2026-12-07) | −45 MiB | +0.04 s |
//!
//! The pixels are the same: the page uses no 3D transforms, video or WebGL, which
//! are what compositing is for. On Windows (WebView2) and macOS this does nothing.
//!
//! Warning: these are environment variables, so WebKit's own processes inherit them,
//! and so does any program the window starts (the PDF viewer through the opener).
//! A WebKitGTK program started that way paints the same way; nothing else reads them.

use std::ffi::OsString;

/// WebKitGTK's switch between Skia's CPU and GPU painting (`0` = GPU).
pub const CPU_PAINTING: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// WebKitGTK's switch for accelerated compositing (set and not `0` = no compositing).
pub const NO_COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// The variables [`prefer_software_painting`] sets, given how the environment reads
/// now: each one only where the user has not set it (to any value: `0` keeps
/// WebKit's default for that switch).
///
/// ```
/// use kanalansokan_shell::painting::{settings, CPU_PAINTING, NO_COMPOSITING};
/// // The user asked for the GPU path; compositing is still turned off.
/// let set = settings(|name| (name == CPU_PAINTING).then(|| "0".into()));
/// assert_eq!(set, [(NO_COMPOSITING, "1")]);
/// ```
pub fn settings(current: impl Fn(&str) -> Option<OsString>) -> Vec<(&'static str, &'static str)> {
    [(CPU_PAINTING, "1"), (NO_COMPOSITING, "1")]
        .into_iter()
        .filter(|(name, _)| current(name).is_none())
        .collect()
}

/// Linux: paint on the CPU and without compositing, unless the user set either switch.
///
/// Call first thing in `main`, before any thread is started: it changes the process
/// environment, which WebKit's child processes inherit.
pub fn prefer_software_painting() {
    #[cfg(target_os = "linux")]
    for (name, value) in settings(|name| std::env::var_os(name)) {
        // SAFETY: called at the start of `main`, while the process has one thread,
        // so nothing reads the environment at the same time (std::env::set_var).
        unsafe { std::env::set_var(name, value) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_switches_are_set_when_the_user_set_neither() {
        assert_eq!(
            settings(|_| None),
            [(CPU_PAINTING, "1"), (NO_COMPOSITING, "1")]
        );
    }

    #[test]
    fn a_switch_the_user_set_is_left_as_it_is() {
        let set = settings(|name| (name == NO_COMPOSITING).then(|| "0".into()));
        assert_eq!(set, [(CPU_PAINTING, "1")]);
        assert!(settings(|_| Some("1".into())).is_empty());
    }
}
