// The app's command names: read by `build.rs` (app manifest, so capabilities gate
// them) and by `commands.rs`. One list, so the two cannot drift apart.
&[
    "app_info",
    "new_draft",
    "save_draft",
    "get_application",
    "list_applications",
    "duplicate_application",
    "delete_draft",
    "validate_application",
    "display_phones",
    // Issue 3: signing and the PDF (src/signing.rs).
    "sign_application",
    "new_version",
    "pdf_bytes",
    "save_pdf",
    "open_pdf",
    "print_pdf",
    // Issue 5: closing saves first (src/desktop.rs).
    "window_close_ready",
    // Issue 4: the registrar's register (src/register.rs).
    "register_channels",
    "register_application",
    "register_events",
    "register_close_channel",
    "register_set_dnr",
    "register_manual",
    "register_dispose",
    "register_open_pdf",
    "register_export",
    "register_choose_files",
    "register_choose_folder",
    "register_take_dropped",
    "register_import_start",
    "register_import_status",
    "register_import_cancel",
    // Issue 13: handing the application over as a file (src/handover.rs).
    "send_for_approval",
    "open_application_file",
    "open_dropped_applications",
    "application_handover",
]
