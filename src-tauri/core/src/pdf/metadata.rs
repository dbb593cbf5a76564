//! Document information, XMP metadata and the sRGB output intent: what a records
//! system reads from the file, and what PDF/A-3b asks for (pdfaid part 3,
//! conformance B; Info and XMP saying the same; an OutputIntent with an ICC profile).

use printpdf_lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};

use crate::model::Application;

use super::PdfError;
use super::render::{RENDERER_VERSION, deflate, text_string};

/// The bundled sRGB profile (see `assets/LICENSE-sRGB.txt`).
static SRGB: &[u8] = include_bytes!("../../assets/sRGB.icc");

const SUBJECT: &str = "Ansökan om officiell kanal i sociala medier, Smedjebackens kommun";
const CREATOR: &str = "Kanalansökan";

/// What `Producer` says; `verify` reads the renderer version back from it.
pub(crate) fn producer() -> String {
    format!(
        "Kanalansökan {} (pdf-renderare {RENDERER_VERSION})",
        env!("CARGO_PKG_VERSION")
    )
}

/// The renderer version in a `Producer` written by [`producer`], if it is one.
pub(crate) fn renderer_version(producer: &str) -> Option<u32> {
    let rest = producer.strip_prefix("Kanalansökan ")?;
    let at = rest.find("(pdf-renderare ")?;
    rest[at + "(pdf-renderare ".len()..]
        .trim_end_matches(')')
        .parse()
        .ok()
}

/// What Info and XMP say about a document.
pub(crate) struct DocInfo {
    pub(crate) title: String,
    /// The unit ("Förvaltning/enhetens namn").
    pub(crate) author: String,
    pub(crate) subject: String,
    pub(crate) keywords: String,
    /// RFC 3339; the creation and modification date. `None` for a draft.
    pub(crate) signed_at: Option<String>,
}

impl DocInfo {
    /// An application's.
    pub(crate) fn of(app: &Application) -> DocInfo {
        DocInfo {
            title: title(app),
            author: app.unit.trim().to_string(),
            subject: SUBJECT.into(),
            keywords: keywords(app),
            signed_at: app.signed_at.clone(),
        }
    }
}

pub(crate) fn title(app: &Application) -> String {
    if app.unit.trim().is_empty() {
        "Sociala medier – Ansökan".into()
    } else {
        format!("Sociala medier – Ansökan – {}", app.unit.trim())
    }
}

pub(crate) fn keywords(app: &Application) -> String {
    let mut words = vec![
        "sociala medier".to_string(),
        "ansökan".into(),
        "Smedjebackens kommun".into(),
    ];
    for c in &app.channels {
        let p = c.platform_display();
        if !p.is_empty() && !words.contains(&p) {
            words.push(p);
        }
    }
    words.join(", ")
}

/// "2026-11-27T14:32:05Z" → ("D:20261127143205+00'00'", "2026-11-27T14:32:05Z").
fn dates(signed_at: &str) -> Option<(String, String)> {
    let t = chrono::DateTime::parse_from_rfc3339(signed_at).ok()?;
    let utc = t.with_timezone(&chrono::Utc);
    Some((
        utc.format("D:%Y%m%d%H%M%S+00'00'").to_string(),
        utc.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    ))
}

/// The ModDate a PDF string wants, for the attachment's /Params too.
pub(crate) fn pdf_date(app: &Application) -> Option<String> {
    pdf_date_of(app.signed_at.as_deref()?)
}

/// The PDF date of an RFC 3339 time.
pub(crate) fn pdf_date_of(signed_at: &str) -> Option<String> {
    dates(signed_at).map(|d| d.0)
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A UUID-shaped id from the fingerprint, for xmpMM.
fn uuid_from(fingerprint: &str, salt: &str) -> String {
    use sha2::Digest;
    let d = sha2::Sha256::digest(format!("{fingerprint}:{salt}"));
    let h = crate::seal::hex(&d[..16]);
    format!(
        "uuid:{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

fn xmp(info: &DocInfo, fingerprint: &str, xmp_date: Option<&str>) -> String {
    let dates = xmp_date
        .map(|d| {
            format!(
                "   <xmp:CreateDate>{d}</xmp:CreateDate>\n   <xmp:ModifyDate>{d}</xmp:ModifyDate>\n   <xmp:MetadataDate>{d}</xmp:MetadataDate>\n"
            )
        })
        .unwrap_or_default();
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>sv-SE</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{keywords}</pdf:Keywords>
   <pdf:Producer>{producer}</pdf:Producer>
   <xmp:CreatorTool>{creator}</xmp:CreatorTool>
{dates}   <xmpMM:DocumentID>{doc_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>{instance_id}</xmpMM:InstanceID>
   <pdfaid:part>3</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#,
        bom = '\u{feff}',
        title = xml_escape(&info.title),
        author = xml_escape(&info.author),
        subject = xml_escape(&info.subject),
        keywords = xml_escape(&info.keywords),
        producer = xml_escape(&producer()),
        creator = xml_escape(CREATOR),
        doc_id = uuid_from(fingerprint, "document"),
        instance_id = uuid_from(fingerprint, "instance"),
    )
}

/// Adds Info, XMP and the output intent; returns the Info dictionary's id.
pub(crate) fn add(
    doc: &mut Document,
    catalog: &mut Dictionary,
    doc_info: &DocInfo,
    fingerprint: &str,
) -> Result<ObjectId, PdfError> {
    let dates = doc_info.signed_at.as_deref().and_then(dates);
    let mut info = dictionary! {
        "Title" => text_string(&doc_info.title),
        "Author" => text_string(&doc_info.author),
        "Subject" => text_string(&doc_info.subject),
        "Keywords" => text_string(&doc_info.keywords),
        "Creator" => text_string(CREATOR),
        "Producer" => text_string(&producer()),
    };
    if let Some((pdf_date, _)) = &dates {
        info.set("CreationDate", text_string(pdf_date));
        info.set("ModDate", text_string(pdf_date));
    }
    let info_id = doc.add_object(info);

    // PDF/A wants the metadata stream readable as is: not compressed.
    let xmp = xmp(doc_info, fingerprint, dates.as_ref().map(|d| d.1.as_str()));
    let metadata = Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        xmp.into_bytes(),
    );
    catalog.set("Metadata", doc.add_object(metadata));

    // The profile never changes: compress it once per process.
    static SRGB_COMPRESSED: std::sync::OnceLock<Option<Vec<u8>>> = std::sync::OnceLock::new();
    let icc = SRGB_COMPRESSED
        .get_or_init(|| deflate(SRGB).ok())
        .clone()
        .ok_or_else(|| PdfError::Writer("compressing the ICC profile failed".into()))?;
    let icc_id = doc.add_object(Stream::new(
        dictionary! { "N" => 3, "Filter" => "FlateDecode" },
        icc,
    ));
    let intent = dictionary! {
        "Type" => "OutputIntent",
        "S" => "GTS_PDFA1",
        "OutputConditionIdentifier" => Object::string_literal("sRGB IEC61966-2.1"),
        "Info" => Object::string_literal("sRGB IEC61966-2.1"),
        "RegistryName" => Object::string_literal("http://www.color.org"),
        "DestOutputProfile" => icc_id,
    };
    let intent_id = doc.add_object(intent);
    catalog.set("OutputIntents", vec![Object::Reference(intent_id)]);
    Ok(info_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn producer_carries_the_renderer_version() {
        assert_eq!(renderer_version(&producer()), Some(RENDERER_VERSION));
        assert_eq!(renderer_version("LibreOffice 7"), None);
    }

    #[test]
    fn dates_match_between_info_and_xmp() {
        let (pdf, xmp) = dates("2026-11-27T14:32:05Z").unwrap();
        assert_eq!(pdf, "D:20261127143205+00'00'");
        assert_eq!(xmp, "2026-11-27T14:32:05Z");
    }

    #[test]
    fn xml_is_escaped() {
        assert_eq!(xml_escape("A & B <c>"), "A &amp; B &lt;c&gt;");
    }
}
