//! "Skriv ut" on Windows: the PDF file's `print` verb through `ShellExecuteW`, so
//! the default PDF program (Adobe Reader, Foxit, Edge …) prints it with its own
//! print command, the way Explorer's "Skriv ut" does. No PowerShell in between:
//! starting `powershell.exe` from a program without a console flashed a console
//! window, and quoting a path with ’ or [ for it was fragile.
//!
//! A default program without a `print` verb (or none at all) is an error here,
//! and the caller then opens the PDF in the viewer to print from there.

/// `ShellExecuteW`'s result codes at or below 32 are errors (Win32 documentation,
/// "ShellExecuteW function", return value); what they mean, for the log.
pub fn shell_execute_error(code: isize) -> String {
    let what = match code {
        0 => "out of memory or resources",
        2 => "file not found",
        3 => "path not found",
        5 => "access denied",
        8 => "out of memory",
        26 => "sharing violation",
        27 => "incomplete or invalid file association",
        28..=30 => "DDE failed",
        31 => "no program is associated with the print verb",
        32 => "DLL not found",
        _ => "ShellExecute failed",
    };
    format!("{what} (ShellExecuteW returned {code})")
}

/// Hands `path` to the default PDF program's print command.
#[cfg(windows)]
pub fn print_with_default_program(path: &std::path::Path) -> Result<(), String> {
    use std::ffi::c_void;
    use std::os::windows::ffi::OsStrExt;

    #[link(name = "shell32")]
    unsafe extern "system" {
        fn ShellExecuteW(
            hwnd: *mut c_void,
            operation: *const u16,
            file: *const u16,
            parameters: *const u16,
            directory: *const u16,
            show: i32,
        ) -> isize;
    }
    #[link(name = "ole32")]
    unsafe extern "system" {
        fn CoInitializeEx(reserved: *mut c_void, coinit: u32) -> i32;
    }
    const COINIT_APARTMENTTHREADED: u32 = 0x2;
    const COINIT_DISABLE_OLE1DDE: u32 = 0x4;
    const SW_SHOWNORMAL: i32 = 1;

    let wide_path: Vec<u16> = path.as_os_str().encode_wide().chain(Some(0)).collect();
    let verb: Vec<u16> = "print".encode_utf16().chain(Some(0)).collect();
    // SAFETY: the strings are NUL-terminated UTF-16 alive for the call; null handles
    // and parameters are allowed. ShellExecute may hand over to shell extensions,
    // which want COM on the calling thread (its documentation says to initialise
    // it); an already initialised thread just gets S_FALSE or RPC_E_CHANGED_MODE.
    let code = unsafe {
        CoInitializeEx(
            std::ptr::null_mut(),
            COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE,
        );
        ShellExecuteW(
            std::ptr::null_mut(),
            verb.as_ptr(),
            wide_path.as_ptr(),
            std::ptr::null(),
            std::ptr::null(),
            SW_SHOWNORMAL,
        )
    };
    if code > 32 {
        Ok(())
    } else {
        Err(shell_execute_error(code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_missing_print_program() {
        assert_eq!(
            shell_execute_error(31),
            "no program is associated with the print verb (ShellExecuteW returned 31)"
        );
        assert!(shell_execute_error(2).starts_with("file not found"));
        assert!(shell_execute_error(-1).starts_with("ShellExecute failed"));
    }
}
