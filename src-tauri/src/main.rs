// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
    match kanalansokan_core::cli::run(std::env::args_os(), &mut out, &mut err) {
        Ok(code) => std::process::exit(i32::from(code)),
        Err(cli) => {
            let _ = cli;
            tauri::Builder::default()
                .invoke_handler(tauri::generate_handler![app_info])
                .run(tauri::generate_context!())
                .expect("error while running tauri application");
        }
    }
}

#[tauri::command]
fn app_info() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
