//! Calling the commands as the page does, over Tauri's mock runtime: the same
//! builder, capabilities and JSON as the real window, no display.

use kanalansokan_shell::{setup, state::AppState};
use serde_json::Value;
use tauri::ipc::InvokeResponseBody;
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

/// The app as `lib.rs` builds it, on the mock runtime.
pub fn app(state: AppState) -> App<MockRuntime> {
    setup(mock_builder(), state)
        .build(kanalansokan_shell::context())
        .expect("mock app builds")
}

/// The window `label` (capabilities are granted to "main" only).
pub fn window(app: &App<MockRuntime>, label: &str) -> WebviewWindow<MockRuntime> {
    match app.get_webview_window(label) {
        Some(w) => w,
        None => WebviewWindowBuilder::new(app, label, Default::default())
            .build()
            .expect("window"),
    }
}

/// Calls `cmd` as the page would; `Err` carries the JSON the page receives.
pub fn call(
    w: &WebviewWindow<MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<InvokeResponseBody, Value> {
    get_ipc_response(
        w,
        InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: tauri::ipc::InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
}

/// [`call`] with the JSON answer.
pub fn invoke(w: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    call(w, cmd, args).map(|b| b.deserialize::<Value>().expect("json response"))
}
