//! CSV for the records system and Excel: UTF-8 with BOM (so Swedish Excel reads
//! å, ä, ö), `;` between fields (Swedish Excel's list separator), CRLF line ends,
//! ISO dates, quoting per RFC 4180, and cells that Excel would run as a formula
//! (starting with `=`, `+`, `-`, `@`, tab or CR) prefixed with `'`.

use std::collections::HashMap;

use crate::model::Person;
use crate::register::applications::ImportedApplication;
use crate::register::channels::ChannelRow;
use crate::validate::phone_display;

/// The header row, in column order.
pub const HEADERS: [&str; 16] = [
    "Kanal-id",
    "Status",
    "Plattform",
    "Adress",
    "Förvaltning/enhet",
    "Sedan",
    "Godkänd",
    "Avslutad",
    "Anledning",
    "Dnr",
    "Ansökan",
    "Version",
    "Ansvariga för kanalen",
    "Sköts av",
    "Elektroniskt signerad",
    "Signerad av",
];

/// One CSV cell: neutralised against formula injection, then quoted if needed.
///
/// ```
/// use kanalansokan_core::register::export::csv::cell;
/// assert_eq!(cell("Biblioteket"), "Biblioteket");
/// assert_eq!(cell("a;b"), "\"a;b\"");
/// assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
/// assert_eq!(cell("=1+1"), "'=1+1");
/// ```
pub fn cell(text: &str) -> String {
    let mut value = String::with_capacity(text.len() + 2);
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        value.push('\'');
    }
    value.push_str(text);
    if value.contains([';', '"', '\r', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

fn people(list: &[Person]) -> String {
    list.iter()
        .map(|p| {
            [p.name.as_str(), &phone_display(&p.phone), p.email.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The file: BOM, header row, one row per channel by id. "Elektroniskt signerad"
/// (ja/nej) and "Signerad av" (the certificate's name) are of the application
/// version the row shows, as verified at import.
pub fn render(rows: &[ChannelRow], applications: &[ImportedApplication]) -> Vec<u8> {
    let signer: HashMap<(&str, u32), Option<&str>> = applications
        .iter()
        .map(|a| {
            (
                (a.app_id.as_str(), a.version),
                a.digital_signature.as_ref().map(|s| s.signer_name.as_str()),
            )
        })
        .collect();
    let mut out = String::with_capacity(256 + rows.len() * 400);
    out.push('\u{feff}');
    let header: Vec<String> = HEADERS.iter().map(|h| cell(h)).collect();
    out.push_str(&header.join(";"));
    out.push_str("\r\n");
    let mut sorted: Vec<&ChannelRow> = rows.iter().collect();
    sorted.sort_by_key(|r| r.id);
    for r in sorted {
        let fields = [
            r.id.to_string(),
            r.status.label().to_string(),
            r.platform_label.clone(),
            r.address.clone(),
            r.unit.clone(),
            r.since.clone(),
            r.approval_date.clone(),
            r.closed_on.clone().unwrap_or_default(),
            r.close_reason.clone().unwrap_or_default(),
            r.dnr.clone(),
            r.app_id.clone(),
            r.version.to_string(),
            people(&r.responsible),
            people(&r.operators),
            match signer.get(&(r.app_id.as_str(), r.version)) {
                Some(Some(_)) => "ja".to_string(),
                _ => "nej".to_string(),
            },
            signer
                .get(&(r.app_id.as_str(), r.version))
                .copied()
                .flatten()
                .unwrap_or_default()
                .to_string(),
        ];
        let cells: Vec<String> = fields.iter().map(|f| cell(f)).collect();
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// The header row of the politicians' links file, in column order.
pub const POLITICIAN_HEADERS: [&str; 9] = [
    "Id",
    "Status",
    "Namn",
    "Parti",
    "Uppdrag",
    "Adress",
    "Från",
    "Avslutad",
    "Anledning",
];

/// Politicians' blog links as their own file for the records system (one kind of
/// record per file, same conventions as [`render`]): every link, active and
/// ended, one row each by id.
pub fn render_politicians(links: &[crate::register::politicians::PoliticianLink]) -> Vec<u8> {
    let mut out = String::with_capacity(256 + links.len() * 200);
    out.push('\u{feff}');
    let header: Vec<String> = POLITICIAN_HEADERS.iter().map(|h| cell(h)).collect();
    out.push_str(&header.join(";"));
    out.push_str("\r\n");
    let mut sorted: Vec<_> = links.iter().collect();
    sorted.sort_by_key(|p| p.id);
    for p in sorted {
        let status = if p.is_active() { "Aktiv" } else { "Avslutad" };
        let fields = [
            p.id.to_string(),
            status.to_string(),
            p.name.clone(),
            p.party.clone(),
            p.seat.clone(),
            p.address.clone(),
            p.from_date.clone(),
            p.ended_on.clone().unwrap_or_default(),
            p.end_reason.clone().unwrap_or_default(),
        ];
        let cells: Vec<String> = fields.iter().map(|f| cell(f)).collect();
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    }
    out.into_bytes()
}
