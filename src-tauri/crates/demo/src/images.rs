//! The demo store's product pictures: small drawings made here, one per product and picture
//! number, so that the reward picker shows something real without reaching the internet.
//!
//! The sample feed points its pictures at a made-up CDN; the demo rewrites those addresses to
//! its own `/img/…` route ([`own_pictures`]) and answers each with an SVG drawn from the path:
//! the same path always gives the same picture.

use std::hash::{Hash, Hasher};

/// Where the sample feed says its pictures are.
const SAMPLE_CDN: &str = "https://cdn.lojaexemplo.com.br/img/";

/// The feed with every picture address moved to the demo store at `origin`
/// (`http://127.0.0.1:8088`), served as SVG.
pub(crate) fn own_pictures(xml: &[u8], origin: &str) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(xml) else {
        return xml.to_vec();
    };
    text.replace(SAMPLE_CDN, &format!("{origin}/img/"))
        .replace(".jpg</g:image_link>", ".svg</g:image_link>")
        .replace(
            ".jpg</g:additional_image_link>",
            ".svg</g:additional_image_link>",
        )
        .into_bytes()
}

/// The picture at `/img/{product}/{file}`, or `None` for a path the feed never names (only
/// lower-case words joined by `-`, and `{number}-{picture}.svg`).
pub(crate) fn picture(product: &str, file: &str) -> Option<String> {
    let slug_ok = !product.is_empty()
        && product.len() <= 80
        && product
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    let name = file.strip_suffix(".svg")?;
    let (item, number) = name.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.len() <= 9 && s.chars().all(|c| c.is_ascii_digit());
    if !slug_ok || !digits(item) || !digits(number) {
        return None;
    }
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    product.hash(&mut hasher);
    let hue = hasher.finish() % 360;
    // Each picture of a product turns its drawing a little, as photos from other angles.
    let turn = number.parse::<u32>().unwrap_or(1).saturating_sub(1) * 25 % 360;
    let initials: String = product
        .split('-')
        .filter(|w| w.len() > 2)
        .filter_map(|w| w.chars().next())
        .take(2)
        .collect::<String>()
        .to_uppercase();
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"240\" height=\"240\" viewBox=\"0 0 240 240\">\
<rect width=\"240\" height=\"240\" fill=\"hsl({hue},40%,92%)\"/>\
<g transform=\"rotate({turn} 120 112)\"><rect x=\"62\" y=\"54\" width=\"116\" height=\"116\" rx=\"22\" fill=\"hsl({hue},45%,58%)\"/></g>\
<text x=\"120\" y=\"128\" font-family=\"sans-serif\" font-size=\"44\" font-weight=\"700\" text-anchor=\"middle\" fill=\"#fff\">{initials}</text>\
<rect x=\"70\" y=\"192\" width=\"100\" height=\"10\" rx=\"5\" fill=\"hsl({hue},30%,75%)\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_feed_points_at_the_demo_store_and_every_picture_it_names_is_drawn() {
        let xml = conector_samples::shop_feed_bytes(30, 7);
        let own =
            String::from_utf8(own_pictures(&xml, "http://127.0.0.1:8088")).unwrap_or_default();
        assert!(
            !own.contains("cdn.lojaexemplo"),
            "no picture left on the made-up CDN"
        );
        let prefix = "http://127.0.0.1:8088/img/";
        let paths: Vec<&str> = own
            .match_indices(prefix)
            .filter_map(|(at, _)| own[at + prefix.len()..].split('<').next())
            .collect();
        assert!(paths.len() >= 30, "{}", paths.len());
        for path in paths {
            let (product, file) = path.split_once('/').unwrap_or_default();
            let svg = picture(product, file);
            assert!(
                svg.as_deref().is_some_and(|s| s.starts_with("<svg")),
                "{path}"
            );
        }
    }

    #[test]
    fn the_same_path_draws_the_same_picture_and_odd_paths_none() {
        assert_eq!(
            picture("caneca-artesanal", "12-1.svg"),
            picture("caneca-artesanal", "12-1.svg")
        );
        assert_ne!(
            picture("caneca-artesanal", "12-1.svg"),
            picture("caneca-artesanal", "12-2.svg")
        );
        for (product, file) in [
            ("../etc", "1-1.svg"),
            ("caneca", "1-1.jpg"),
            ("caneca", "x-1.svg"),
            ("Caneca", "1-1.svg"),
            ("", "1-1.svg"),
        ] {
            assert_eq!(picture(product, file), None, "{product}/{file}");
        }
    }
}
