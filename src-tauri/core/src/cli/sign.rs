//! `kanalansokan sign IN.pdf -o OUT.pdf (--p12 FILE | --pkcs11 MODULE [--token L] [--key K])`
//! and the digital-signature part of `kanalansokan verify` (`--trust`, `--crl`).

use std::io::Write;
use std::path::PathBuf;

use crate::error::ToUserError;
use crate::pades::{self, Pkcs11Signer, Pkcs12Signer, SignError, Signer, TrustStore};
use crate::pdf::{self, SignatureMark};

/// Env var with the PKCS#12 password, for scripts (otherwise a prompt without echo).
pub const ENV_P12_PASSWORD: &str = "KANALANSOKAN_P12_PASSWORD";
/// Env var with the token PIN, for scripts (otherwise a prompt without echo).
pub const ENV_PIN: &str = "KANALANSOKAN_PIN";

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Lösenordet eller PIN-koden frågas efter utan att visas. För skript: \
miljövariabeln KANALANSOKAN_P12_PASSWORD (med --p12) eller KANALANSOKAN_PIN (med --pkcs11)."
)]
#[command(group(clap::ArgGroup::new("key_store").required(true).args(["p12", "pkcs11"])))]
pub struct SignArgs {
    /// The PDF to sign (the app's PDF/A-3b; an application is laid out again saying
    /// "Elektroniskt signerad").
    pub file: PathBuf,
    /// Where to write the signed PDF.
    #[arg(short, long)]
    pub output: PathBuf,
    /// A PKCS#12 file (.p12/.pfx); password from KANALANSOKAN_P12_PASSWORD or a prompt.
    #[arg(long, value_name = "FILE")]
    pub p12: Option<PathBuf>,
    /// A PKCS#11 module (the card's or token's library); PIN from KANALANSOKAN_PIN or a prompt.
    #[arg(long, value_name = "MODULE")]
    pub pkcs11: Option<PathBuf>,
    /// The token's label (with --pkcs11; default: the only token with a certificate).
    #[arg(long, requires = "pkcs11")]
    pub token: Option<String>,
    /// The key's CKA_ID in hex or its label (with --pkcs11; default: the only one).
    #[arg(long, requires = "pkcs11")]
    pub key: Option<String>,
}

fn secret(env: &str, prompt: &str) -> Option<String> {
    if let Ok(value) = std::env::var(env) {
        return Some(value);
    }
    rpassword::prompt_password(prompt).ok()
}

pub fn run_sign(args: SignArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    // One of our applications is laid out again (`to_sign`): its fonts are parsed
    // while the file is read and checked, as the `pdf` command does.
    std::thread::spawn(pdf::warm_up);
    let pdf = match std::fs::read(&args.file) {
        Ok(b) => b,
        Err(e) => {
            log::warn!("reading {}: {e}", args.file.display());
            let _ = writeln!(err, "Kan inte läsa filen {}.", args.file.display());
            return 2;
        }
    };
    let (pdf, placement) = match to_sign(pdf) {
        Ok(prepared) => prepared,
        Err(message) => {
            let _ = writeln!(err, "{message}");
            return 1;
        }
    };
    let signer: Result<Box<dyn Signer>, SignError> = if let Some(path) = &args.p12 {
        match std::fs::read(path) {
            Ok(bytes) => match secret(ENV_P12_PASSWORD, "Lösenord till certifikatfilen: ") {
                Some(password) => Pkcs12Signer::from_bytes(&bytes, &password)
                    .map(|s| Box::new(s) as Box<dyn Signer>),
                None => Err(SignError::BadPassword),
            },
            Err(e) => {
                log::warn!("reading {}: {e}", path.display());
                let _ = writeln!(err, "Kan inte läsa filen {}.", path.display());
                return 2;
            }
        }
    } else if let Some(module) = &args.pkcs11 {
        match secret(ENV_PIN, "PIN-kod: ") {
            Some(pin) => {
                Pkcs11Signer::open(module, args.token.as_deref(), args.key.as_deref(), &pin)
                    .map(|s| Box::new(s) as Box<dyn Signer>)
            }
            None => Err(SignError::WrongPin { tries_left: None }),
        }
    } else {
        return 2; // clap requires one of them
    };
    let signed =
        signer.and_then(|s| pades::sign_pdf(&pdf, s.as_ref(), chrono::Utc::now(), placement));
    let signed = match signed {
        Ok(b) => b,
        Err(e) => {
            log::info!("sign {}: {e:?}", args.file.display());
            let _ = writeln!(err, "{}", e.to_user_error().message);
            return 1;
        }
    };
    if let Err(e) = crate::fsutil::write_atomic(&args.output, &signed) {
        log::warn!("writing {}: {e}", args.output.display());
        let _ = writeln!(err, "Kan inte skriva {}.", args.output.display());
        return 2;
    }
    let _ = writeln!(
        out,
        "Skrev {} (elektroniskt signerad).",
        args.output.display()
    );
    0
}

/// What is signed, and where the widget goes:
/// - a PDF that is not one of ours: as it is, a zero-size widget on page 1;
/// - one of ours already digitally signed (a further signature): as it is, the
///   widget over the signature box;
/// - one of ours not yet digitally signed: checked ([`pdf::verify`]: sealed, pages
///   agree) and laid out again saying "Elektroniskt signerad" ([`pdf::SignatureMark`]),
///   since its page says "Inte elektroniskt signerad" and the page check requires
///   the page to say what the file is. The output is then not an incremental update
///   of the input, but the same application, page and data.
///
/// `Err`: the message for a file of ours that does not pass the check.
fn to_sign(input: Vec<u8>) -> Result<(Vec<u8>, Option<pades::WidgetPlacement>), String> {
    if let Ok(notice) = pdf::notice::extract(&input) {
        return notice_to_sign(input, &notice);
    }
    let Ok(app) = pdf::extract_application(&input) else {
        return Ok((input, None));
    };
    let placement = pdf::signature_box(&app)
        .ok()
        .flatten()
        .map(|b| pades::WidgetPlacement::over(&b));
    if matches!(pdf::signature_mark_of(&input), Ok(SignatureMark::Digital)) {
        return Ok((input, placement));
    }
    let app = pdf::verify(&input).map_err(|e| {
        log::info!("sign: the input does not verify: {e}");
        e.to_user_error().message
    })?;
    let pdf = pdf::render_with(&app, SignatureMark::Digital).map_err(|e| {
        log::warn!("sign: rendering: {e}");
        "PDF-filen kunde inte skapas. Försök igen, och kontakta IT-supporten om felet finns kvar."
            .to_string()
    })?;
    Ok((pdf, placement))
}

/// [`to_sign`] for a closure notice of ours (issue 16): the same rule, the
/// notice's own check ([`pdf::notice::verify`]) and layout.
fn notice_to_sign(
    input: Vec<u8>,
    notice: &crate::model::notice::ClosureNotice,
) -> Result<(Vec<u8>, Option<pades::WidgetPlacement>), String> {
    let placement = pdf::notice::signature_box(notice)
        .ok()
        .flatten()
        .map(|b| pades::WidgetPlacement::over(&b));
    if matches!(pdf::signature_mark_of(&input), Ok(SignatureMark::Digital)) {
        return Ok((input, placement));
    }
    let notice = pdf::notice::verify(&input).map_err(|e| {
        log::info!("sign: the notice does not verify: {e}");
        pdf::notice::user_error(&e).message
    })?;
    let pdf = pdf::notice::render_with(&notice, SignatureMark::Digital).map_err(|e| {
        log::warn!("sign: rendering the notice: {e}");
        "PDF-filen kunde inte skapas. Försök igen, och kontakta IT-supporten om felet finns kvar."
            .to_string()
    })?;
    Ok((pdf, placement))
}

/// The trust store of `--trust` and `--crl` files; `Err` is the message and exit code.
pub(crate) fn trust_store(cas: &[PathBuf], crls: &[PathBuf]) -> Result<TrustStore, String> {
    let mut trust = TrustStore::new();
    for path in cas {
        let bytes =
            std::fs::read(path).map_err(|_| format!("Kan inte läsa filen {}.", path.display()))?;
        trust
            .add_ca(&bytes)
            .map_err(|e| format!("{}: {}", path.display(), e.to_user_error().message))?;
    }
    for path in crls {
        let bytes =
            std::fs::read(path).map_err(|_| format!("Kan inte läsa filen {}.", path.display()))?;
        trust
            .add_crl(&bytes)
            .map_err(|e| format!("{}: {}", path.display(), e.to_user_error().message))?;
    }
    Ok(trust)
}
