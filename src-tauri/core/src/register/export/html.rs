//! The public list for the website: one standalone HTML5 page (`lang="sv"`), a
//! table with caption and column headers, readable on a phone. Only active
//! channels, and no personal data (GDPR): platform, address, förvaltning/enhet
//! and since when — nothing else from the rows is ever written.

use chrono::{DateTime, Utc};

use crate::register::channels::{ChannelRow, ChannelStatus};
use crate::register::politicians::{PoliticianLink, public_politicians};
use crate::register::sortkey::natural_swedish;

/// The active channels in the order the page lists them: by unit, platform, address
/// (natural Swedish order: "Enhet 2" before "Enhet 10", å ä ö after z).
pub fn public_rows(rows: &[ChannelRow]) -> Vec<&ChannelRow> {
    let mut out: Vec<&ChannelRow> = rows
        .iter()
        .filter(|r| r.status == ChannelStatus::Active)
        .collect();
    out.sort_by_cached_key(|r| {
        (
            natural_swedish(&r.unit),
            natural_swedish(&r.platform_label),
            r.address.clone(),
            r.id,
        )
    });
    out
}

/// Escapes text for HTML element content and quoted attribute values.
///
/// ```
/// use kanalansokan_core::register::export::html::escape;
/// assert_eq!(escape(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The statement the guidelines require wherever politicians' blogs are linked.
pub const DISCLAIMER: &str =
    "Smedjebackens kommun ansvarar inte för inlägg och kommentarer i politikernas bloggar.";

/// An address as a link (or as text when it is not http(s)).
fn link(h: &mut String, address: &str) {
    match safe_href(address) {
        Some(href) => {
            h.push_str("<a href=\"");
            h.push_str(&escape(&href));
            h.push_str("\">");
            h.push_str(&escape(address));
            h.push_str("</a>");
        }
        None => h.push_str(&escape(address)),
    }
}

/// "Politikers bloggar": name, party, seat and link of each active entry.
fn politicians_section(h: &mut String, politicians: &[PoliticianLink], date: &str) {
    let list = public_politicians(politicians);
    if list.is_empty() {
        return;
    }
    h.push_str(
        "<section aria-labelledby=\"politiker\">\n<h2 id=\"politiker\">Politikers bloggar</h2>\n",
    );
    h.push_str(
        "<p>Politiker med ordinarie plats i kommunfullmäktige eller en nämnd kan få en länk \
         till sin blogg här.</p>\n<p class=\"disclaimer\">",
    );
    h.push_str(DISCLAIMER);
    h.push_str("</p>\n<table>\n<caption>Politikers bloggar, uppdaterad <span class=\"date\">");
    h.push_str(date);
    h.push_str("</span>");
    h.push_str(&format!(
        " ({} {})</caption>\n",
        list.len(),
        if list.len() == 1 { "blogg" } else { "bloggar" }
    ));
    h.push_str("<thead>\n<tr><th scope=\"col\">Namn</th><th scope=\"col\">Parti</th>");
    h.push_str(
        "<th scope=\"col\">Uppdrag</th><th scope=\"col\">Blogg</th></tr>\n</thead>\n<tbody>\n",
    );
    for p in list {
        h.push_str("<tr>");
        for (label, text) in [("Namn", &p.name), ("Parti", &p.party), ("Uppdrag", &p.seat)] {
            h.push_str("<td data-label=\"");
            h.push_str(label);
            h.push_str("\">");
            h.push_str(&escape(text));
            h.push_str("</td>");
        }
        h.push_str("<td data-label=\"Blogg\">");
        link(h, &p.address);
        h.push_str("</td></tr>\n");
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

/// Only http(s) addresses become links: a `javascript:` or `data:` address in a
/// tampered register must not become clickable.
fn safe_href(address: &str) -> Option<String> {
    let url = url::Url::parse(address).ok()?;
    matches!(url.scheme(), "https" | "http").then(|| url.to_string())
}

const STYLE: &str = "
  :root { color-scheme: light; }
  body { margin: 0; font-family: system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif;
    line-height: 1.5; color: #1a1a1a; background: #fff; }
  main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
  h1 { font-size: 1.6rem; margin: 0.5rem 0 1rem; }
  table { width: 100%; border-collapse: collapse; }
  caption { text-align: left; font-weight: 600; padding: 0.5rem 0; }
  th, td { text-align: left; vertical-align: top; padding: 0.5rem; border-bottom: 1px solid #c8c8c8; }
  th { background: #f0f0f0; }
  a { color: #0b5394; overflow-wrap: anywhere; }
  a:focus { outline: 3px solid #0b5394; outline-offset: 2px; }
  h2 { font-size: 1.3rem; margin: 2rem 0 0.5rem; }
  .disclaimer { font-weight: 600; }
  .date { white-space: nowrap; }
  footer { margin-top: 1.5rem; font-size: 0.9rem; color: #444; }
  @media (max-width: 40rem) {
    thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    table, caption, tbody, tr, td { display: block; width: 100%; box-sizing: border-box; }
    tr { border-bottom: 2px solid #c8c8c8; padding: 0.5rem 0; }
    td { border: none; padding: 0.15rem 0; }
    td::before { content: attr(data-label) \": \"; font-weight: 600; }
  }
";

/// The page without politicians' links. `generated_at` is shown as the date of the list.
pub fn render(rows: &[ChannelRow], generated_at: DateTime<Utc>) -> String {
    render_with_politicians(rows, &[], generated_at)
}

/// The page: the active channels, then (when there are any active links) the
/// section "Politikers bloggar" with the guidelines' statement that the
/// municipality is not responsible for what is in them ("Sociala medier - politik").
pub fn render_with_politicians(
    rows: &[ChannelRow],
    politicians: &[PoliticianLink],
    generated_at: DateTime<Utc>,
) -> String {
    let rows = public_rows(rows);
    let date = generated_at.format("%Y-%m-%d").to_string();
    let mut h = String::with_capacity(2048 + rows.len() * 300);
    h.push_str("<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str("<title>Smedjebackens kommuns officiella kanaler i sociala medier</title>\n<style>");
    h.push_str(STYLE);
    h.push_str("</style>\n</head>\n<body>\n<main>\n");
    h.push_str("<h1>Smedjebackens kommuns officiella kanaler i sociala medier</h1>\n");
    h.push_str(
        "<p>Kanalerna nedan är godkända enligt kommunens riktlinjer för sociala medier. \
         Sidor som inte finns i förteckningen räknas inte som Smedjebackens kommuns.</p>\n",
    );
    h.push_str("<table>\n<caption>Officiella kanaler, uppdaterad <span class=\"date\">");
    h.push_str(&date);
    h.push_str("</span>");
    h.push_str(&format!(
        " ({} {})</caption>\n",
        rows.len(),
        if rows.len() == 1 { "kanal" } else { "kanaler" }
    ));
    h.push_str("<thead>\n<tr><th scope=\"col\">Plattform</th><th scope=\"col\">Adress</th>");
    h.push_str("<th scope=\"col\">Förvaltning/enhet</th><th scope=\"col\">Sedan</th></tr>\n");
    h.push_str("</thead>\n<tbody>\n");
    if rows.is_empty() {
        h.push_str("<tr><td colspan=\"4\">Inga aktiva kanaler.</td></tr>\n");
    }
    for r in rows {
        h.push_str("<tr><td data-label=\"Plattform\">");
        h.push_str(&escape(&r.platform_label));
        h.push_str("</td><td data-label=\"Adress\">");
        link(&mut h, &r.address);
        h.push_str("</td><td data-label=\"Förvaltning/enhet\">");
        h.push_str(&escape(&r.unit));
        h.push_str("</td><td class=\"date\" data-label=\"Sedan\">");
        h.push_str(&escape(&r.since));
        h.push_str("</td></tr>\n");
    }
    h.push_str("</tbody>\n</table>\n");
    politicians_section(&mut h, politicians, &date);
    h.push_str("<footer><p>Förteckningen förs av kommunens kommunikatör. ");
    h.push_str("Har en kanal avslutats? Meddela kommunens kommunikatör.</p></footer>\n");
    h.push_str("</main>\n</body>\n</html>\n");
    h
}
