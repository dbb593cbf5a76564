//! The closure notice's page ("Anmälan om avslutad kanal"): the application's
//! form parts ([`super::layout::Layout`]) in the notice's order.
//!
//! A draft and a notice signed on paper end, as the application does, with the
//! section "Maskinläsbar kopia": the sealed notice as QR codes (`qr::payload`,
//! magic `KA`), so that the scan of the pen-signed page imports with its data.

use crate::model::Signature;
use crate::model::notice::{ClosingChannel, ClosureNotice};

use super::layout::{Layout, MachineCopy, Page, PlacedRect, PrintedLayout, UNIT};
use super::{PdfError, SignatureMark};

pub(crate) const NOTICE_TITLE: &str = "Anmälan om avslutad kanal";
/// The guideline's own sentence (Riktlinjer för sociala medier, "Redovisa sociala medier").
pub(crate) const NOTICE_SUBTITLE: &str =
    "Om närvaron i det sociala mediet avslutas ska det meddelas kommunens kommunikatör";
pub(crate) const CLOSING: &str = "Kanal eller kanaler som avslutas";
pub(crate) const CLOSING_COLUMNS: [&str; 3] = ["Socialt medium", "Adress", "Ansökan"];
pub(crate) const LAST_DAY: &str = "Sista dag";
pub(crate) const LAST_DAY_HINT: &str = "Den sista dag kanalen användes (ÅÅÅÅ-MM-DD)";
pub(crate) const REASON: &str = "Anledning";
pub(crate) const REASON_HINT: &str = "Varför kanalen avslutas";
pub(crate) const REPORTER: &str = "Anmäld av";
/// The "Ansökan" cell of a channel typed in (opened before the app).
pub(crate) const NO_APPLICATION: &str = "Ingen i Kanalansökan";
/// Under the notice's codes (section "Maskinläsbar kopia").
pub(crate) const MACHINE_COPY_TEXT: &str = "QR-koderna innehåller hela anmälan som data, med sigill. \
Kommunikatören skannar den underskrivna sidan (150–300 dpi räcker) och läser in skanningen i \
Kanalansökan. Alla koder behövs; vik inte och skriv inte i dem.";
pub(crate) const MACHINE_COPY_TOO_LARGE: &str = "Anmälan har för mycket text för att få plats i \
QR-koder. Kommunikatören avslutar kanalen för hand efter att ha sett pappersoriginalet.";

/// The notice's pages, headers and footers included; a signed notice's approval
/// says `mark`, as an application's does.
pub(crate) fn layout(notice: &ClosureNotice, mark: SignatureMark) -> Result<Vec<Page>, PdfError> {
    Ok(build(notice, mark)?.into_pages())
}

/// Where the codes and the signature box are on `notice`'s pages. Only drafts and
/// notices signed on paper carry codes, and their page says "Inte elektroniskt
/// signerad" when signed: the layout is that page's.
pub(crate) fn printed_layout(notice: &ClosureNotice) -> Result<PrintedLayout, PdfError> {
    Ok(build(notice, SignatureMark::NotDigital)?.into_printed_layout())
}

/// The approval's "Underskrift" box, where a digital signature's widget goes.
pub(crate) fn signature_box(notice: &ClosureNotice) -> Result<Option<PlacedRect>, PdfError> {
    Ok(printed_layout(notice)?.signature_box)
}

/// Whether the page carries the notice as QR codes: a draft (printed to be
/// signed with a pen) and a notice signed on paper, as for the application.
pub(crate) fn has_codes(notice: &ClosureNotice) -> bool {
    !notice.is_signed() || matches!(notice.approval.signature, Some(Signature::Paper))
}

fn build(notice: &ClosureNotice, mark: SignatureMark) -> Result<Layout, PdfError> {
    let mut l = Layout::new(notice.is_signed(), footer_text(notice))?;
    l.title(NOTICE_TITLE, NOTICE_SUBTITLE);
    l.field(UNIT, None, &notice.unit);
    let rows = notice
        .channels
        .iter()
        .map(|c| {
            vec![
                c.as_channel().platform_display(),
                c.address.clone(),
                application_cell(c),
            ]
        })
        .collect();
    l.table(CLOSING, None, &CLOSING_COLUMNS, &[0.15, 0.58, 0.27], rows);
    l.field(LAST_DAY, Some(LAST_DAY_HINT), &notice.last_day);
    l.field(REASON, Some(REASON_HINT), &notice.reason);
    l.people(REPORTER, std::slice::from_ref(&notice.reporter));
    l.approval(&notice.approval, notice.is_signed().then_some(mark));
    if has_codes(notice) {
        l.machine_copy(MachineCopy::of(
            notice,
            MACHINE_COPY_TEXT,
            MACHINE_COPY_TOO_LARGE,
        )?)?;
    }
    l.footers();
    Ok(l)
}

/// Which application a channel was approved in, as the page says it.
pub(crate) fn application_cell(c: &ClosingChannel) -> String {
    match &c.application {
        // A UUID in two lines broken after its third hyphen, as the column is narrow.
        Some(a) => match (a.id.get(..19), a.id.get(19..)) {
            (Some(head), Some(tail)) if !tail.is_empty() => {
                format!("{head}\n{tail}\nversion {}", a.version)
            }
            _ => format!("{}\nversion {}", a.id, a.version),
        },
        None => NO_APPLICATION.into(),
    }
}

/// The running footer's left part: which notice, short seal, signing date.
pub(crate) fn footer_text(notice: &ClosureNotice) -> String {
    match &notice.seal {
        Some(seal) => format!(
            "Anmälan om avslutad kanal {} · sigill {} · signerad {}",
            notice.id,
            seal.get(..12).unwrap_or(seal),
            notice
                .signed_at
                .as_deref()
                .and_then(|s| s.get(..10))
                .unwrap_or("")
        ),
        None => format!(
            "{} · Anmälan om avslutad kanal {}",
            super::layout::DRAFT_MARK,
            notice.id
        ),
    }
}

/// Every value of `notice` as the page shows it (for the text comparison of a
/// file from another renderer version).
pub(crate) fn shown_values(notice: &ClosureNotice) -> Vec<String> {
    let mut values = vec![
        notice.unit.clone(),
        notice.last_day.clone(),
        notice.reason.clone(),
    ];
    for c in &notice.channels {
        values.push(c.as_channel().platform_display());
        values.push(c.address.clone());
        values.push(application_cell(c));
    }
    let p = &notice.reporter;
    values.push(p.name.clone());
    values.push(crate::validate::phone_display(&p.phone));
    values.push(p.email.clone());
    values.push(notice.approval.date.clone());
    values.push(notice.approval.name.clone());
    if let Some(crate::model::Signature::Typed { text }) = &notice.approval.signature {
        values.push(text.clone());
    }
    values
}
