// One list of command names, shared with `src/commands.rs`.
const COMMANDS: &[&str] = include!("src/command_names.rs");

fn main() {
    // The app manifest makes our own commands subject to capabilities: without it any
    // window could call any command.
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script failed");
}
