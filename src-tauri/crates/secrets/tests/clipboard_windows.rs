//! The copied token on the Windows clipboard (run under Wine by the Windows gate,
//! `scripts/windows/gate.sh`): the copy carries the format Windows' clipboard history, cloud
//! clipboard and clipboard monitors look for to leave an item alone
//! ("ExcludeClipboardContentFromMonitorProcessing"); an ordinary copy does not; another program
//! reads the text while it is there. Read back through the Win32 clipboard, as another
//! program would. (What Windows' own history then does with the marked item is Windows'
//! behaviour, checked on real Windows by the release pipeline's smoke test.)

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(target_os = "windows")]

use conector_secrets::clipboard::{ClipboardAccess, SystemClipboard};

const TOKEN: &str = "8f14e45fceea167a5a36dedd4bea2543";

/// The format Windows documents for "keep this out of history, cloud and monitors".
fn exclusion_format() -> u32 {
    clipboard_win::register_format("ExcludeClipboardContentFromMonitorProcessing")
        .expect("the format registers")
        .get()
}

/// The formats on the clipboard and its text, as another program reads them.
fn another_program_reads() -> (Vec<u32>, Option<String>) {
    let _open = clipboard_win::Clipboard::new_attempts(10).expect("the clipboard opens");
    let formats: Vec<u32> = clipboard_win::raw::EnumFormats::new().collect();
    let mut bytes = Vec::new();
    let read = clipboard_win::raw::get_string(&mut bytes)
        .ok()
        .map(|_| String::from_utf8(bytes).expect("UTF-8 text"));
    (formats, read)
}

#[test]
fn a_copied_token_is_marked_for_windows_to_keep_it_out_of_history_and_the_cloud() {
    let mut clipboard = SystemClipboard::default();

    clipboard.set(TOKEN, true).unwrap();
    let (formats, text) = another_program_reads();
    assert_eq!(text.as_deref(), Some(TOKEN), "another program can paste it");
    assert!(
        formats.contains(&exclusion_format()),
        "the token's copy carries the exclusion format: {formats:?}"
    );

    // An ordinary copy (the store's address, say) is not marked.
    clipboard.set("https://minhaloja.com.br", false).unwrap();
    let (formats, text) = another_program_reads();
    assert_eq!(text.as_deref(), Some("https://minhaloja.com.br"));
    assert!(
        !formats.contains(&exclusion_format()),
        "an ordinary copy is left to the history: {formats:?}"
    );

    clipboard.clear().unwrap();
    assert_eq!(another_program_reads().1, None, "cleared");
}
