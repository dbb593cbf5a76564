//! Tampering with signed PDFs for the hostile corpora (`pades_sign.rs`,
//! `register_import_signed.rs`): flipping bytes inside a stream and appending
//! incremental updates, as an attacker with a text editor could.

/// Offset of the first stream body of object `id`.
pub fn stream_offset(pdf: &[u8], id: u32) -> usize {
    let head = format!("\n{id} 0 obj");
    let at = pdf
        .windows(head.len())
        .position(|w| w == head.as_bytes())
        .expect("object");
    at + pdf[at..]
        .windows(7)
        .position(|w| w == b"stream\n")
        .expect("stream")
        + 7
}

/// Appends an incremental update (ISO 32000-1 §7.5.6) holding `objects` (each
/// "N 0 obj … endobj", replacing object N) and a classic cross-reference section.
pub fn append_update(pdf: &[u8], objects: &[(u32, Vec<u8>)]) -> Vec<u8> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let tail = &pdf[pdf.len() - 64..];
    let at = tail.windows(9).rposition(|w| w == b"startxref").unwrap();
    let prev: usize = std::str::from_utf8(&tail[at + 9..])
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap().0;
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap().0;
    let size = doc.trailer.get(b"Size").unwrap().as_i64().unwrap();
    let mut out = pdf.to_vec();
    let mut xref = String::from("xref\n");
    for (id, bytes) in objects {
        xref.push_str(&format!("{id} 1\n{:010} 00000 n\r\n", out.len()));
        out.extend_from_slice(bytes);
        out.push(b'\n');
    }
    let start = out.len();
    out.extend_from_slice(
        format!(
            "{xref}trailer\n<</Size {size}/Root {root} 0 R/Info {info} 0 R/Prev {prev}>>\nstartxref\n{start}\n%%EOF\n"
        )
        .as_bytes(),
    );
    out
}
