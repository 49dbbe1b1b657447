//! One name per check: the health page's map for rows without a result yet
//! (`ui/src/lib/health/checks.ts`) names each check with the code [`Check::name`] gives, the
//! one every result carries.

use conector_health::Check;

/// The `check: 'code'` pairs of the page's `NAMES` map.
fn ui_names(source: &str) -> Vec<(String, String)> {
    let Some(start) = source.find("const NAMES") else {
        return Vec::new();
    };
    let body = &source[start..];
    let body = &body[..body.find("};").unwrap_or(body.len())];
    body.lines()
        .filter_map(|line| {
            let (check, code) = line.trim().trim_end_matches(',').split_once(':')?;
            let code = code.trim().strip_prefix('\'')?.strip_suffix('\'')?;
            Some((check.trim().to_owned(), code.to_owned()))
        })
        .collect()
}

#[test]
fn the_pages_map_names_each_check_as_rust_does() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../ui/src/lib/health/checks.ts"
    );
    let source = std::fs::read_to_string(path).unwrap_or_default();
    let expected: Vec<(String, String)> = Check::ALL
        .iter()
        .map(|c| (c.as_str().to_owned(), c.name().as_str().to_owned()))
        .collect();
    let mut found = ui_names(&source);
    found.sort();
    let mut expected_sorted = expected.clone();
    expected_sorted.sort();
    assert_eq!(found, expected_sorted, "{path}");

    // The check itself sees a drifted name.
    let drifted = source.replace("'health.check.feed'", "'health.check.links'");
    let mut found = ui_names(&drifted);
    found.sort();
    assert_ne!(found, expected_sorted);
}
