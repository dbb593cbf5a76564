// Stand-in for the `log` crate's macros, for shell_ffi_main.rs only.
#[macro_export]
macro_rules! error { ($($t:tt)*) => { let _ = format!($($t)*); } }
#[macro_export]
macro_rules! warn { ($($t:tt)*) => { let _ = format!($($t)*); } }
#[macro_export]
macro_rules! info { ($($t:tt)*) => { let _ = format!($($t)*); } }
