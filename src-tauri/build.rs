fn main() {
    // The app manifest makes our own commands subject to capabilities: without it any
    // window could call any command. Keep this list in step with `commands.rs`.
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(&["app_info"])),
    )
    .expect("tauri build script failed");
}
