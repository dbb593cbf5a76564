//! Where everything goes on the page: the municipality's paper form, field by
//! field in the seed's order, as a list of drawing operations per page. No PDF
//! syntax here (see `render`), so the layout can be read and tested on its own.

use crate::fonts::Face;
use crate::model::{Application, Approval, Person, Signature};
use crate::validate::phone_display;

use super::metrics::Metrics;
use super::wrap::wrap;
use super::{PdfError, SignatureMark};

/// A4 in points.
pub(crate) const PAGE_WIDTH: f64 = 595.276;
pub(crate) const PAGE_HEIGHT: f64 = 841.89;
const MARGIN_LEFT: f64 = 56.7;
const MARGIN_RIGHT: f64 = 56.7;
const CONTENT_TOP: f64 = PAGE_HEIGHT - 92.0;
const CONTENT_BOTTOM: f64 = 64.0;
const CONTENT_WIDTH: f64 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;

// The seed's own words (FORM.md): they must appear exactly so.
pub(crate) const HEADER: &str = "SMEDJEBACKEN";
pub(crate) const WEBSITE: &str = "smedjebacken.se";
pub(crate) const TITLE: &str = "Sociala medier – Ansökan";
pub(crate) const SUBTITLE: &str = "Verksamhet som vill starta kommunikation via sociala medier";
pub(crate) const UNIT: &str = "Förvaltning/enhetens namn";
pub(crate) const CHANNELS: &str = "Socialt media som verksamheten vill använda";
pub(crate) const CHANNELS_HINT: &str = "Ex Facebook/Instagram";
pub(crate) const CHANNELS_ADDRESS: &str = "Ange adress";
pub(crate) const PURPOSE: &str = "Syftet med att delta";
pub(crate) const PURPOSE_HINT: &str = "Ex sprida information, service";
pub(crate) const AUDIENCE: &str = "Målgruppen";
pub(crate) const AUDIENCE_HINT: &str = "Ange vilken/vilka som är målgruppen";
pub(crate) const RESPONSIBLE: &str = "Ansvariga för kanalen";
pub(crate) const OPERATORS: &str = "Vem/vilka sköter det praktiska, bevaka, svara på inlägg";
pub(crate) const PERSON_COLUMNS: [&str; 3] = ["Namn", "Telefon", "E-post"];
pub(crate) const GUIDELINES: &str = "Har läst kommunens riktlinjer för sociala medier";
pub(crate) const APPROVAL: &str = "Godkännande av närmaste chef:";
pub(crate) const APPROVAL_HINT: &str = "Datum/namn/underskrift";
pub(crate) const DRAFT_MARK: &str = "UTKAST – ej signerad";
/// Under the approval of a signed application (issue 14): whether the file carries
/// the manager's digital signature. Not on a draft.
pub(crate) const NOT_DIGITALLY_SIGNED_MARK: &str = "Inte elektroniskt signerad";
pub(crate) const DIGITALLY_SIGNED_MARK: &str =
    "Elektroniskt signerad – den elektroniska signaturen finns i PDF-filen";
pub(crate) const MACHINE_COPY: &str = "Maskinläsbar kopia";
pub(crate) const MACHINE_COPY_TEXT: &str = "QR-koderna innehåller hela ansökan som data, med sigill. \
Den som registrerar ansökan skannar den underskrivna sidan (150–300 dpi räcker) och läser in \
skanningen i Kanalansökan. Alla koder behövs; vik inte och skriv inte i dem.";
pub(crate) const MACHINE_COPY_TOO_LARGE: &str = "Ansökan har för mycket text för att få plats i QR-koder. \
Den som registrerar ansökan får registrera den manuellt.";

/// A printed code's side, quiet zone excluded: 52 mm, within the 50–55 mm that
/// issue 18's trial read at 150–300 dpi (a module of at least 0.42 mm).
const CODE_SIDE: f64 = 52.0 * 72.0 / 25.4;
/// Between two codes side by side: 18 mm (at least 15 mm, so a reader never
/// takes them for one).
const CODE_GAP: f64 = 18.0 * 72.0 / 25.4;

/// A colour in DeviceRGB, 0..=1 (the output intent is sRGB).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rgb(pub f64, pub f64, pub f64);

const BLACK: Rgb = Rgb(0.0, 0.0, 0.0);
const GREY: Rgb = Rgb(0.38, 0.38, 0.38);
const RULE: Rgb = Rgb(0.55, 0.55, 0.55);
const LIGHT_RULE: Rgb = Rgb(0.78, 0.78, 0.78);
const HEADER_FILL: Rgb = Rgb(0.93, 0.94, 0.95);
const DRAFT_RED: Rgb = Rgb(0.75, 0.05, 0.05);
const INK: Rgb = Rgb(0.05, 0.12, 0.45);

/// One drawing operation, in PDF user space (points, origin bottom left).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Op {
    Text {
        face: Face,
        size: f64,
        x: f64,
        y: f64,
        color: Rgb,
        text: String,
    },
    Line {
        from: (f64, f64),
        to: (f64, f64),
        width: f64,
        color: Rgb,
    },
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        width: f64,
        color: Rgb,
    },
    Fill {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        color: Rgb,
    },
    /// A QR code: the dark runs of its module matrix, filled as one path in
    /// black. `x`, `top`: the top left corner of the matrix (quiet zone
    /// excluded); `module`: a module's side. Each run is (row from the top,
    /// column, length) in modules.
    Code {
        x: f64,
        top: f64,
        module: f64,
        runs: Vec<(u16, u16, u16)>,
    },
    /// A smooth pen stroke: start point, then cubic Bézier segments
    /// (control 1, control 2, end).
    Curve {
        start: (f64, f64),
        segments: Vec<[f64; 6]>,
        width: f64,
        color: Rgb,
    },
}

pub(crate) struct Page {
    pub(crate) ops: Vec<Op>,
}

struct Fonts {
    sans: Metrics,
    bold: Metrics,
    signature: Metrics,
}

impl Fonts {
    fn get(&self, face: Face) -> &Metrics {
        match face {
            Face::Sans => &self.sans,
            Face::SansBold => &self.bold,
            Face::Signature => &self.signature,
        }
    }
}

/// The page builder: the paper form's parts (header, labelled fields, ruled
/// tables, the approval box, footers), shared by the application's layout and
/// the closure notice's (`notice_layout`).
pub(super) struct Layout {
    /// False for a draft: every page is marked [`DRAFT_MARK`].
    signed: bool,
    /// The running footer's left part ([`footer_text`]).
    footer: String,
    fonts: Fonts,
    pages: Vec<Page>,
    y: f64,
    placed: PrintedLayout,
}

/// A rectangle on a page, in PDF points (origin bottom left of an A4 page,
/// 595.276 × 841.89).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedRect {
    /// 0-based page index.
    pub page: usize,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// Where the printed page's machine-read parts are: what a scan reader needs to
/// know about the page (`pdf::printed_layout`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PrintedLayout {
    /// Every QR code in order (code 1 first), quiet zone excluded. Empty for a
    /// drawn or typed signature, and when the application is too large for codes.
    pub codes: Vec<PlacedRect>,
    /// The "Underskrift" box of the approval, where the pen signature goes.
    pub signature_box: Option<PlacedRect>,
}

/// Lays out `app` as pages of drawing operations, headers and footers included;
/// a signed application's approval says `mark`.
pub(crate) fn layout(app: &Application, mark: SignatureMark) -> Result<Vec<Page>, PdfError> {
    Ok(build(app, mark)?.pages)
}

/// Where the codes and the signature box of `app`'s pages are. The same for either
/// [`SignatureMark`]: the mark is one line of the same height either way.
pub(crate) fn printed_layout(app: &Application) -> Result<PrintedLayout, PdfError> {
    Ok(build(app, SignatureMark::NotDigital)?.placed)
}

/// Whether the page carries the application as QR codes: a draft (printed to be
/// signed with a pen) and an application signed on paper. A drawn or typed
/// signature travels as the PDF itself.
pub(crate) fn has_codes(app: &Application) -> bool {
    !app.is_signed() || matches!(app.approval.signature, Some(Signature::Paper))
}

fn build(app: &Application, mark: SignatureMark) -> Result<Layout, PdfError> {
    let mut l = Layout::new(app.is_signed(), footer_text(app))?;
    l.title(TITLE, SUBTITLE);
    l.field(UNIT, None, &app.unit);
    l.channels(app);
    l.field(PURPOSE, Some(PURPOSE_HINT), &app.purpose);
    l.field(AUDIENCE, Some(AUDIENCE_HINT), &app.audience);
    l.people(RESPONSIBLE, &app.responsible);
    l.people(OPERATORS, &app.operators);
    l.guidelines(app);
    l.approval(&app.approval, app.is_signed().then_some(mark));
    if has_codes(app) {
        l.machine_copy(app)?;
    }
    l.footers();
    Ok(l)
}

impl Layout {
    /// An empty document with its first page begun (header, draft mark).
    pub(super) fn new(signed: bool, footer: String) -> Result<Layout, PdfError> {
        let metrics = |face| {
            Metrics::new(face)
                .ok_or_else(|| PdfError::Writer(format!("bundled font {face:?} unreadable")))
        };
        let mut l = Layout {
            signed,
            footer,
            fonts: Fonts {
                sans: metrics(Face::Sans)?,
                bold: metrics(Face::SansBold)?,
                signature: metrics(Face::Signature)?,
            },
            pages: Vec::new(),
            y: 0.0,
            placed: PrintedLayout::default(),
        };
        l.new_page();
        Ok(l)
    }

    /// The finished pages.
    pub(super) fn into_pages(self) -> Vec<Page> {
        self.pages
    }

    /// Where the approval's "Underskrift" box was placed, once laid out.
    pub(super) fn signature_box(&self) -> Option<PlacedRect> {
        self.placed.signature_box
    }

    fn page(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Page { ops: Vec::new() });
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last].ops
    }

    fn text(&mut self, face: Face, size: f64, x: f64, y: f64, color: Rgb, text: &str) {
        if text.is_empty() {
            return;
        }
        self.page().push(Op::Text {
            face,
            size,
            x,
            y,
            color,
            text: text.to_string(),
        });
    }

    fn text_right(&mut self, face: Face, size: f64, right: f64, y: f64, color: Rgb, text: &str) {
        let w = self.fonts.get(face).width(text, size);
        self.text(face, size, right - w, y, color, text);
    }

    fn line(&mut self, from: (f64, f64), to: (f64, f64), width: f64, color: Rgb) {
        self.page().push(Op::Line {
            from,
            to,
            width,
            color,
        });
    }

    fn new_page(&mut self) {
        self.pages.push(Page { ops: Vec::new() });
        let right = PAGE_WIDTH - MARGIN_RIGHT;
        let top = PAGE_HEIGHT - 52.0;
        self.text(Face::SansBold, 17.0, MARGIN_LEFT, top, BLACK, HEADER);
        self.text_right(Face::Sans, 9.0, right, top, GREY, WEBSITE);
        self.line((MARGIN_LEFT, top - 9.0), (right, top - 9.0), 1.2, BLACK);
        if !self.signed {
            let size = 11.0;
            let w = self.fonts.bold.width(DRAFT_MARK, size) + 16.0;
            let y = top - 32.0;
            self.page().push(Op::Rect {
                x: right - w,
                y: y - 5.0,
                w,
                h: 19.0,
                width: 1.5,
                color: DRAFT_RED,
            });
            self.text(
                Face::SansBold,
                size,
                right - w + 8.0,
                y,
                DRAFT_RED,
                DRAFT_MARK,
            );
        }
        self.y = CONTENT_TOP;
    }

    /// Starts a new page unless `height` more points fit on this one.
    fn ensure(&mut self, height: f64) {
        if self.y - height < CONTENT_BOTTOM {
            self.new_page();
        }
    }

    pub(super) fn title(&mut self, title: &str, subtitle: &str) {
        self.text(
            Face::SansBold,
            19.0,
            MARGIN_LEFT,
            self.y - 6.0,
            BLACK,
            title,
        );
        self.y -= 26.0;
        self.text(Face::Sans, 11.0, MARGIN_LEFT, self.y, BLACK, subtitle);
        self.y -= 16.0;
    }

    fn label(&mut self, label: &str, hint: Option<&str>) {
        // Air above each section, as on the paper form.
        self.y -= 20.0;
        self.text(Face::SansBold, 10.5, MARGIN_LEFT, self.y, BLACK, label);
        if let Some(hint) = hint {
            self.y -= 12.5;
            self.text(Face::Sans, 8.5, MARGIN_LEFT, self.y, GREY, hint);
        }
        self.y -= 4.0;
    }

    /// A label, its hint, and the value written on ruled lines as on paper.
    pub(super) fn field(&mut self, label: &str, hint: Option<&str>, value: &str) {
        const SIZE: f64 = 10.5;
        const LEADING: f64 = 16.0;
        let lines = wrap(&self.fonts.sans, value, SIZE, CONTENT_WIDTH - 8.0);
        let head = if hint.is_some() { 36.5 } else { 24.0 };
        self.ensure(head + LEADING);
        self.label(label, hint);
        for line in lines {
            self.ensure(LEADING);
            self.text(
                Face::Sans,
                SIZE,
                MARGIN_LEFT + 4.0,
                self.y - 12.0,
                BLACK,
                &line,
            );
            self.line(
                (MARGIN_LEFT, self.y - LEADING),
                (PAGE_WIDTH - MARGIN_RIGHT, self.y - LEADING),
                0.5,
                LIGHT_RULE,
            );
            self.y -= LEADING;
        }
    }

    fn channels(&mut self, app: &Application) {
        let rows: Vec<Vec<String>> = app
            .channels
            .iter()
            .map(|c| vec![c.platform_display(), c.address.clone()])
            .collect();
        self.table(
            CHANNELS,
            None,
            &[CHANNELS_HINT, CHANNELS_ADDRESS],
            &[0.3, 0.7],
            rows,
        );
    }

    pub(super) fn people(&mut self, label: &str, people: &[Person]) {
        let rows: Vec<Vec<String>> = people
            .iter()
            .map(|p| vec![p.name.clone(), phone_display(&p.phone), p.email.clone()])
            .collect();
        self.table(label, None, &PERSON_COLUMNS, &[0.36, 0.22, 0.42], rows);
    }

    /// A label and a ruled table; the header row is repeated on a new page.
    pub(super) fn table(
        &mut self,
        label: &str,
        hint: Option<&str>,
        headers: &[&str],
        fractions: &[f64],
        mut rows: Vec<Vec<String>>,
    ) {
        const SIZE: f64 = 10.0;
        const LEADING: f64 = 13.0;
        const HEADER_HEIGHT: f64 = 16.0;
        if rows.is_empty() {
            rows.push(vec![String::new(); headers.len()]);
        }
        let widths: Vec<f64> = fractions.iter().map(|f| f * CONTENT_WIDTH).collect();
        let wrapped: Vec<Vec<Vec<String>>> = rows
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&widths)
                    .map(|(cell, w)| wrap(&self.fonts.sans, cell, SIZE, w - 8.0))
                    .collect()
            })
            .collect();
        let row_height = |cells: &Vec<Vec<String>>| {
            cells.iter().map(Vec::len).max().unwrap_or(1) as f64 * LEADING + 7.0
        };
        let first = wrapped.first().map(row_height).unwrap_or(20.0);
        self.ensure(24.0 + HEADER_HEIGHT + first);
        self.label(label, hint);
        self.table_header(headers, &widths, HEADER_HEIGHT);
        for cells in &wrapped {
            let h = row_height(cells);
            if self.y - h < CONTENT_BOTTOM {
                self.new_page();
                self.table_header(headers, &widths, HEADER_HEIGHT);
            }
            let mut x = MARGIN_LEFT;
            let bottom = self.y - h;
            for (lines, w) in cells.iter().zip(&widths) {
                self.page().push(Op::Rect {
                    x,
                    y: bottom,
                    w: *w,
                    h,
                    width: 0.6,
                    color: RULE,
                });
                for (i, line) in lines.iter().enumerate() {
                    let baseline = self.y - 12.5 - i as f64 * LEADING;
                    self.text(Face::Sans, SIZE, x + 4.0, baseline, BLACK, line);
                }
                x += w;
            }
            self.y -= h;
        }
    }

    fn table_header(&mut self, headers: &[&str], widths: &[f64], height: f64) {
        let mut x = MARGIN_LEFT;
        let bottom = self.y - height;
        for (header, w) in headers.iter().zip(widths) {
            self.page().push(Op::Fill {
                x,
                y: bottom,
                w: *w,
                h: height,
                color: HEADER_FILL,
            });
            self.page().push(Op::Rect {
                x,
                y: bottom,
                w: *w,
                h: height,
                width: 0.6,
                color: RULE,
            });
            self.text(Face::Sans, 8.5, x + 4.0, self.y - 11.5, GREY, header);
            x += w;
        }
        self.y -= height;
    }

    fn guidelines(&mut self, app: &Application) {
        self.ensure(30.0);
        self.y -= 24.0;
        let mark = if app.guidelines_read { "☒" } else { "☐" };
        self.text(Face::Sans, 15.0, MARGIN_LEFT, self.y - 1.5, BLACK, mark);
        self.text(
            Face::SansBold,
            10.5,
            MARGIN_LEFT + 20.0,
            self.y,
            BLACK,
            GUIDELINES,
        );
        self.y -= 6.0;
    }

    /// The approval boxes; with `mark`, the line under them that says whether the
    /// file is digitally signed (a signed application's; not a draft's).
    pub(super) fn approval(&mut self, approval: &Approval, mark: Option<SignatureMark>) {
        const BOX: f64 = 78.0;
        let mark_row = if mark.is_some() { 14.0 } else { 0.0 };
        self.ensure(36.0 + BOX + 8.0 + mark_row);
        self.y -= 8.0;
        self.label(APPROVAL, Some(APPROVAL_HINT));
        self.y -= 2.0;
        let top = self.y;
        let widths = [100.0, 170.0, CONTENT_WIDTH - 270.0];
        let captions = ["Datum", "Namnförtydligande", "Underskrift"];
        self.placed.signature_box = Some(PlacedRect {
            page: self.pages.len() - 1,
            x: MARGIN_LEFT + widths[0] + widths[1],
            y: top - BOX,
            width: widths[2],
            height: BOX,
        });
        let mut x = MARGIN_LEFT;
        for (caption, w) in captions.iter().zip(widths) {
            self.page().push(Op::Rect {
                x,
                y: top - BOX,
                w,
                h: BOX,
                width: 0.6,
                color: RULE,
            });
            self.text(Face::Sans, 8.0, x + 4.0, top - 11.0, GREY, caption);
            x += w;
        }
        let value_y = top - BOX + 10.0;
        let date = approval.date.clone();
        self.text(Face::Sans, 10.5, MARGIN_LEFT + 4.0, value_y, BLACK, &date);
        let name_lines = wrap(&self.fonts.sans, &approval.name, 10.5, widths[1] - 8.0);
        let count = name_lines.len();
        for (i, line) in name_lines.iter().enumerate() {
            let y = value_y + (count - 1 - i) as f64 * 13.0;
            self.text(
                Face::Sans,
                10.5,
                MARGIN_LEFT + widths[0] + 4.0,
                y,
                BLACK,
                line,
            );
        }
        let area = (
            MARGIN_LEFT + widths[0] + widths[1] + 8.0,
            top - BOX + 6.0,
            widths[2] - 16.0,
            BOX - 22.0,
        );
        match approval.signature.clone() {
            Some(Signature::Drawn {
                width,
                height,
                strokes,
            }) => self.drawn_signature(area, width, height, &strokes),
            Some(Signature::Typed { text }) => {
                let size = (area.2 / self.fonts.signature.width(&text, 1.0).max(1.0)).min(22.0);
                self.text(Face::Signature, size, area.0, area.1 + 12.0, INK, &text);
            }
            Some(Signature::Paper) | None => {
                // An empty line for a pen.
                let y = area.1 + 8.0;
                self.line((area.0, y), (area.0 + area.2, y), 0.8, BLACK);
            }
        }
        if let Some(mark) = mark {
            let mark = match mark {
                SignatureMark::NotDigital => NOT_DIGITALLY_SIGNED_MARK,
                SignatureMark::Digital => DIGITALLY_SIGNED_MARK,
            };
            self.text(Face::Sans, 8.0, MARGIN_LEFT, top - BOX - 11.0, GREY, mark);
        }
        self.y = top - BOX - mark_row;
    }

    /// The last section: the application as QR codes (`qr::payload`), two side
    /// by side per row, each numbered "1 av 2" under it, and a short text that
    /// says what they are. Kept together, on a new page if it does not fit.
    fn machine_copy(&mut self, app: &Application) -> Result<(), PdfError> {
        const CAPTION: f64 = 16.0;
        const ROW_GAP: f64 = 14.0;
        const TEXT_SIZE: f64 = 8.5;
        const TEXT_LEADING: f64 = 11.5;
        let codes = match crate::qr::encode(app) {
            Ok(codes) => codes,
            Err(crate::qr::QrPayloadError::TooLarge(_)) => Vec::new(),
            Err(e) => return Err(PdfError::NotRenderable(format!("QR payload: {e}"))),
        };
        let mut matrices = Vec::with_capacity(codes.len());
        for code in &codes {
            matrices.push(
                crate::qr::matrix::Matrix::encode(code)
                    .map_err(|e| PdfError::NotRenderable(format!("QR code: {e}")))?,
            );
        }
        let text = if codes.is_empty() {
            MACHINE_COPY_TOO_LARGE
        } else {
            MACHINE_COPY_TEXT
        };
        let lines = wrap(&self.fonts.sans, text, TEXT_SIZE, CONTENT_WIDTH);
        const ROW: f64 = CODE_SIDE + CAPTION + ROW_GAP;
        let rows = matrices.len().div_ceil(2);
        let text_height = lines.len() as f64 * TEXT_LEADING;
        // Together when it fits on one page (up to three rows); more rows
        // continue on the next page, a row never split.
        let together = 36.0 + rows.min(3) as f64 * ROW + if rows <= 3 { text_height } else { 0.0 };
        self.ensure(together);
        self.y -= 8.0;
        self.label(MACHINE_COPY, None);
        // Air for the quiet zone above the first row (4 modules, < 7 pt).
        self.y -= 10.0;
        let total = matrices.len();
        for (i, matrix) in matrices.iter().enumerate() {
            if i % 2 == 0 && self.y - ROW < CONTENT_BOTTOM {
                self.new_page();
                self.y -= 10.0;
            }
            let modules = matrix.width();
            // Hundredths of a point, as every coordinate is written: the drawn
            // code and `printed_layout` agree exactly.
            let module = super::render::round(CODE_SIDE / modules as f64 * 100.0) / 100.0;
            let side = module * modules as f64;
            let x = MARGIN_LEFT + (i % 2) as f64 * (CODE_SIDE + CODE_GAP);
            let x = super::render::round(x * 100.0) / 100.0;
            let top = super::render::round(self.y * 100.0) / 100.0;
            let runs = matrix
                .runs()
                .into_iter()
                .map(|r| (r.row as u16, r.x as u16, r.len as u16))
                .collect();
            self.page().push(Op::Code {
                x,
                top,
                module,
                runs,
            });
            self.placed.codes.push(PlacedRect {
                page: self.pages.len() - 1,
                x,
                y: top - side,
                width: side,
                height: side,
            });
            let caption = format!("{} av {total}", i + 1);
            let w = self.fonts.sans.width(&caption, 9.0);
            self.text(
                Face::Sans,
                9.0,
                x + (side - w) / 2.0,
                top - side - 13.0,
                BLACK,
                &caption,
            );
            if i % 2 == 1 || i + 1 == total {
                self.y -= ROW;
            }
        }
        self.ensure(text_height);
        for line in lines {
            self.text(Face::Sans, TEXT_SIZE, MARGIN_LEFT, self.y, GREY, &line);
            self.y -= TEXT_LEADING;
        }
        Ok(())
    }

    /// The drawn strokes scaled into `area` (x, y, w, h), aspect kept, each
    /// stroke a Catmull-Rom spline through the sampled points, as cubic Béziers.
    fn drawn_signature(
        &mut self,
        area: (f64, f64, f64, f64),
        width: u32,
        height: u32,
        strokes: &[Vec<crate::model::Point>],
    ) {
        let (ax, ay, aw, ah) = area;
        let scale = (aw / f64::from(width.max(1))).min(ah / f64::from(height.max(1)));
        let offset_x = ax + (aw - f64::from(width) * scale) / 2.0;
        let top = ay + ah - (ah - f64::from(height) * scale) / 2.0;
        for stroke in strokes {
            let mut points: Vec<(f64, f64)> = Vec::with_capacity(stroke.len());
            for p in stroke {
                let q = (
                    offset_x + f64::from(p.x.min(width)) * scale,
                    top - f64::from(p.y.min(height)) * scale,
                );
                if points.last() != Some(&q) {
                    points.push(q);
                }
            }
            let Some(&start) = points.first() else {
                continue;
            };
            let segments = if points.len() == 1 {
                // A dot: a tiny segment, drawn round by the round line cap.
                vec![[
                    start.0,
                    start.1,
                    start.0 + 0.3,
                    start.1,
                    start.0 + 0.3,
                    start.1,
                ]]
            } else {
                catmull_rom(&points)
            };
            self.page().push(Op::Curve {
                start,
                segments,
                width: 1.3,
                color: INK,
            });
        }
    }

    pub(super) fn footers(&mut self) {
        let total = self.pages.len();
        let left = self.footer.clone();
        let right = PAGE_WIDTH - MARGIN_RIGHT;
        for n in 0..total {
            let ops = &mut self.pages[n].ops;
            ops.push(Op::Line {
                from: (MARGIN_LEFT, 46.0),
                to: (right, 46.0),
                width: 0.5,
                color: RULE,
            });
            ops.push(Op::Text {
                face: Face::Sans,
                size: 7.5,
                x: MARGIN_LEFT,
                y: 34.0,
                color: GREY,
                text: left.clone(),
            });
            let page = format!("Sida {} av {total}", n + 1);
            let w = self.fonts.sans.width(&page, 8.0);
            ops.push(Op::Text {
                face: Face::Sans,
                size: 8.0,
                x: right - w,
                y: 34.0,
                color: GREY,
                text: page,
            });
        }
    }
}

/// The running footer's left part: which application, version, short seal and
/// signing date (or the draft marking).
pub(crate) fn footer_text(app: &Application) -> String {
    match (&app.seal, &app.signed_at) {
        (Some(seal), signed_at) => format!(
            "Ansökan {} · version {} · sigill {} · signerad {}",
            app.id,
            app.version,
            seal.get(..12).unwrap_or(seal),
            signed_at.as_deref().and_then(|s| s.get(..10)).unwrap_or("")
        ),
        (None, _) => format!(
            "{DRAFT_MARK} · Ansökan {} · version {}",
            app.id, app.version
        ),
    }
}

/// Catmull-Rom spline through `points` (at least two) as cubic Bézier segments.
fn catmull_rom(points: &[(f64, f64)]) -> Vec<[f64; 6]> {
    let n = points.len();
    let at = |i: isize| points[i.clamp(0, n as isize - 1) as usize];
    (0..n as isize - 1)
        .map(|i| {
            let (p0, p1, p2, p3) = (at(i - 1), at(i), at(i + 1), at(i + 2));
            [
                p1.0 + (p2.0 - p0.0) / 6.0,
                p1.1 + (p2.1 - p0.1) / 6.0,
                p2.0 - (p3.0 - p1.0) / 6.0,
                p2.1 - (p3.1 - p1.1) / 6.0,
                p2.0,
                p2.1,
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catmull_rom_passes_through_every_point() {
        let pts = [(0.0, 0.0), (10.0, 5.0), (20.0, 0.0), (30.0, 8.0)];
        let segs = catmull_rom(&pts);
        assert_eq!(segs.len(), 3);
        for (seg, p) in segs.iter().zip(&pts[1..]) {
            assert_eq!((seg[4], seg[5]), *p);
        }
    }
}
