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
]
