//! The code table in `validate/mod.rs` is what the window's author reads: every
//! code the validator can produce must be listed there.

const SOURCES: [(&str, &str); 7] = [
    ("mod.rs", include_str!("../src/validate/mod.rs")),
    ("text.rs", include_str!("../src/validate/text.rs")),
    ("phone.rs", include_str!("../src/validate/phone.rs")),
    ("address.rs", include_str!("../src/validate/address.rs")),
    ("email.rs", include_str!("../src/validate/email.rs")),
    ("date.rs", include_str!("../src/validate/date.rs")),
    ("signature.rs", include_str!("../src/validate/signature.rs")),
];

/// The first part of every code: the form's top-level fields, `person` and `text`.
const PREFIXES: [&str; 13] = [
    "schema_version",
    "id",
    "version",
    "unit",
    "channels",
    "purpose",
    "audience",
    "responsible",
    "operators",
    "person",
    "guidelines_read",
    "approval",
    "text",
];

/// The code-like string literals in a source file: `"prefix.word…"`, lower case.
fn code_literals(src: &str) -> Vec<String> {
    src.split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            s.contains('.')
                && !s.starts_with('.')
                && !s.ends_with('.')
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
                && PREFIXES.iter().any(|p| s.split('.').next() == Some(*p))
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn every_code_is_in_the_documented_table() {
    let table: Vec<&str> = SOURCES[0]
        .1
        .lines()
        .filter(|l| l.starts_with("//! | `"))
        .collect();
    assert!(table.len() > 30, "code table not found");
    for (file, src) in SOURCES {
        // Only the code, not its test module, produces codes.
        let code = src.split("#[cfg(test)]").next().unwrap_or(src);
        for lit in code_literals(code) {
            let listed = table.iter().any(|row| row.contains(&format!("`{lit}`")));
            assert!(
                listed,
                "{file}: \"{lit}\" is not in the code table of validate/mod.rs"
            );
        }
    }
}
