//! The `--lang` flag. The language itself is [`conector_core::Locale`], the app's: it holds the
//! message catalogue the window uses, and the command line prints nothing else.

use clap::builder::{PossibleValuesParser, TypedValueParser};

pub use conector_core::Locale as Lang;

/// The `--lang` values: the window's tags, and `pt` / `pt-br` for short.
pub fn parser() -> impl TypedValueParser<Value = Lang> {
    PossibleValuesParser::new(["pt-BR", "pt", "pt-br", "en"])
        // Only the values above reach here, and each names a language.
        .map(|tag| Lang::from_tag(&tag).unwrap_or_default())
}
