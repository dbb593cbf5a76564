// Test harness for .ci/windows.sh (issue 15), never shipped: the window's Windows-only code
// that needs no Tauri (src-tauri/src/startup.rs, shell_print.rs), built with std alone
// for x86_64-pc-windows-gnu and run under Wine in seconds, long before the full build.
// A panic before the window is ready must end the process with code 2 and the Swedish
// message; "Skriv ut" on a missing file must come back as an error (then the viewer opens).
#[path = "../../src-tauri/src/startup.rs"]
mod startup;
#[path = "../../src-tauri/src/shell_print.rs"]
mod shell_print;

fn main() {
    let missing = std::path::Path::new("C:\\finns-inte\\Åsa Öberg\\Ansökan 1.pdf");
    match shell_print::print_with_default_program(missing) {
        Ok(()) => {
            eprintln!("FEL: utskrift av en fil som inte finns lyckades");
            std::process::exit(1);
        }
        Err(e) => println!("Skriv ut, fil saknas: {e}"),
    }
    startup::guard();
    if std::env::args().nth(1).as_deref() == Some("ready") {
        startup::ready();
        return;
    }
    panic!("failed to create window");
}
