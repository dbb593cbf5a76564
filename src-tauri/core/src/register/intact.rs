//! Whole-file checks made before a PDF is parsed for import.
//!
//! The archived PDF is the record, so it must be sound as it is, not only after a
//! reader has repaired it. lopdf (like most readers) rebuilds a missing or broken
//! cross-reference table silently; a file cut short in transfer would then be
//! imported and archived as the original. [`check_complete`] refuses such a file.

use crate::error::UserError;

/// How far from the end `startxref … %%EOF` is looked for (ISO 32000-1 §7.5.5
/// puts it on the file's last lines; readers look in the last 1024 bytes).
const TAIL: usize = 1024;

/// The file ends as ISO 32000-1 §7.5.5 requires: `startxref`, the byte offset of
/// the last cross-reference section, and `%%EOF` (then at most white space), and
/// that offset points at a cross-reference table (`xref`, §7.5.4) or stream
/// (`N G obj`, §7.5.8). An incrementally updated file (a digital signature) ends
/// the same way, with its last section.
pub(crate) fn check_complete(bytes: &[u8]) -> Result<(), UserError> {
    if ends_soundly(bytes) {
        Ok(())
    } else {
        Err(UserError::new(
            "pdf.incomplete",
            "PDF-filen är ofullständig: slutet av filen saknas eller är skadat, så den kan bara \
             läsas efter reparation. Registret arkiverar bara felfria original. Be om filen igen.",
        ))
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn trim_end(s: &[u8]) -> &[u8] {
    let end = s.iter().rposition(|&b| !is_space(b)).map_or(0, |i| i + 1);
    &s[..end]
}

fn trim_start(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|&b| !is_space(b)).unwrap_or(s.len());
    &s[start..]
}

fn ends_soundly(bytes: &[u8]) -> bool {
    let tail_start = bytes.len().saturating_sub(TAIL);
    let Some(rest) = trim_end(&bytes[tail_start..]).strip_suffix(b"%%EOF") else {
        return false;
    };
    let rest = trim_end(rest);
    let digits = rest.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || digits > 12 {
        return false;
    }
    let (rest, number) = rest.split_at(rest.len() - digits);
    if !trim_end(rest).ends_with(b"startxref") || trim_end(rest).len() == rest.len() {
        return false;
    }
    let Some(offset) = std::str::from_utf8(number)
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
    else {
        return false;
    };
    let Some(section) = bytes.get(offset..) else {
        return false;
    };
    let section = trim_start(section);
    section.starts_with(b"xref") || starts_with_object_header(section)
}

/// `N G obj` (§7.3.10), as a cross-reference stream begins.
fn starts_with_object_header(s: &[u8]) -> bool {
    let mut s = s;
    for _ in 0..2 {
        let n = s.iter().take_while(|b| b.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        let after = trim_start(&s[n..]);
        if after.len() == s[n..].len() {
            return false;
        }
        s = after;
    }
    s.starts_with(b"obj")
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n";

    fn file(xref_at_table: bool, ending: &str) -> Vec<u8> {
        let mut f = BODY.to_vec();
        let offset = f.len();
        if xref_at_table {
            f.extend_from_slice(b"xref\n0 1\n0000000000 65535 f \ntrailer\n<<>>\n");
        } else {
            f.extend_from_slice(b"2 0 obj\n<</Type/XRef>>stream\nendstream\nendobj\n");
        }
        f.extend_from_slice(format!("startxref\n{offset}\n{ending}").as_bytes());
        f
    }

    #[test]
    fn a_complete_file_passes_with_table_or_stream() {
        assert!(check_complete(&file(true, "%%EOF\n")).is_ok());
        assert!(check_complete(&file(false, "%%EOF")).is_ok());
        assert!(check_complete(&file(true, "%%EOF\r\n\r\n")).is_ok());
    }

    #[test]
    fn a_cut_file_or_a_wrong_offset_is_incomplete() {
        let whole = file(true, "%%EOF\n");
        // Cutting only the final newline leaves a complete file.
        assert!(check_complete(&whole[..whole.len() - 1]).is_ok());
        for cut in 2..12 {
            let err = check_complete(&whole[..whole.len() - cut]).unwrap_err();
            assert_eq!(err.code, "pdf.incomplete", "cut {cut}");
        }
        let wrong = String::from_utf8(whole)
            .unwrap()
            .replace("startxref\n29", "startxref\n30");
        assert!(check_complete(wrong.as_bytes()).is_err());
        let far = String::from_utf8(file(true, "%%EOF"))
            .unwrap()
            .replace("startxref\n29", "startxref\n99999");
        assert!(check_complete(far.as_bytes()).is_err());
        assert!(check_complete(b"").is_err());
        assert!(check_complete(b"%%EOF").is_err());
    }
}
