//! Translations: two Fluent catalogues compiled into the binary, the request's language, and the
//! `t()` function templates call.
//!
//! zh-CN is the default language and English is complete; a test checks that both catalogues
//! hold the same keys and that every key the templates and errors use exists in both.

use std::{collections::HashMap, sync::OnceLock};

use fluent_bundle::{FluentArgs, FluentResource, FluentValue, concurrent::FluentBundle};
use serde::Serialize;

/// The zh-CN catalogue.
pub const ZH_CN_FTL: &str = include_str!("zh-CN.ftl");
/// The English catalogue.
pub const EN_FTL: &str = include_str!("en.ftl");

/// A language Laurel speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub enum Lang {
    /// Simplified Chinese, the default.
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// Every language, default first.
    pub const ALL: [Lang; 2] = [Lang::ZhCn, Lang::En];

    /// The BCP 47 tag, as used in `<html lang>` and the language cookie.
    #[must_use]
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Parses a tag loosely: `zh`, `zh-CN`, `zh-Hans`, `en-US` …
    #[must_use]
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Lang::ZhCn),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The first supported language of an `Accept-Language` header, by quality.
    #[must_use]
    pub fn negotiate(accept_language: &str) -> Option<Lang> {
        let mut ranked: Vec<(f32, Lang)> = accept_language
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let lang = Lang::from_tag(pieces.next()?)?;
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse().ok())
                    .unwrap_or(1.0);
                Some((q, lang))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranked.first().map(|(_, lang)| *lang)
    }
}

struct Catalogues {
    bundles: HashMap<Lang, FluentBundle<FluentResource>>,
}

fn catalogues() -> &'static Catalogues {
    static CATALOGUES: OnceLock<Catalogues> = OnceLock::new();
    CATALOGUES.get_or_init(|| {
        let mut bundles = HashMap::new();
        for (lang, source) in [(Lang::ZhCn, ZH_CN_FTL), (Lang::En, EN_FTL)] {
            // The catalogues are compiled in and checked by tests; a syntax error is a build
            // defect, so failing loudly at first use is right.
            let resource = FluentResource::try_new(source.to_owned())
                .unwrap_or_else(|(_, errors)| panic!("{} catalogue: {errors:?}", lang.tag()));
            let langid = lang
                .tag()
                .parse()
                .unwrap_or_else(|_| panic!("{} is a language tag", lang.tag()));
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // Fluent's bidi isolation marks would show up inside HTML attributes and CSV cells.
            bundle.set_use_isolating(false);
            bundle
                .add_resource(resource)
                .unwrap_or_else(|errors| panic!("{} catalogue: {errors:?}", lang.tag()));
            bundles.insert(lang, bundle);
        }
        Catalogues { bundles }
    })
}

/// Translates `key` with arguments. A missing key renders as the key itself, so a gap shows on
/// the page instead of breaking it (and the catalogue test catches it first).
#[must_use]
pub fn translate(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let Some(bundle) = catalogues().bundles.get(&lang) else {
        return key.to_owned();
    };
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        return key.to_owned();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, FluentValue::from(value.as_str()));
    }
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, Some(&fluent_args), &mut errors)
        .into_owned()
}

/// Translates a key without arguments.
#[must_use]
pub fn t(lang: Lang, key: &str) -> String {
    translate(lang, key, &[])
}

/// The message keys of a catalogue's source, in order.
#[must_use]
pub fn keys(source: &str) -> Vec<String> {
    source
        .lines()
        .filter(|line| line.starts_with(|c: char| c.is_ascii_alphabetic()))
        .filter_map(|line| line.split_once('=').map(|(key, _)| key.trim().to_owned()))
        .collect()
}

/// The Tera function `t(key="…", lang=lang, name=value …)`: extra arguments become Fluent
/// arguments.
pub struct TeraTranslate;

impl tera::Function for TeraTranslate {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let key = args
            .get("key")
            .and_then(tera::Value::as_str)
            .ok_or_else(|| tera::Error::msg("t() needs key=\"…\""))?;
        let lang = args
            .get("lang")
            .and_then(tera::Value::as_str)
            .and_then(Lang::from_tag)
            .unwrap_or_default();
        let extra: Vec<(&str, String)> = args
            .iter()
            .filter(|(name, _)| name.as_str() != "key" && name.as_str() != "lang")
            .map(|(name, value)| {
                let text = match value {
                    tera::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (name.as_str(), text)
            })
            .collect();
        Ok(tera::Value::String(translate(lang, key, &extra)))
    }

    fn is_safe(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogues_have_the_same_keys() {
        let mut zh = keys(ZH_CN_FTL);
        let mut en = keys(EN_FTL);
        zh.sort();
        en.sort();
        let only_zh: Vec<_> = zh.iter().filter(|k| !en.contains(k)).collect();
        let only_en: Vec<_> = en.iter().filter(|k| !zh.contains(k)).collect();
        assert!(
            only_zh.is_empty() && only_en.is_empty(),
            "only zh-CN: {only_zh:?}; only en: {only_en:?}"
        );
        let mut deduped = zh.clone();
        deduped.dedup();
        assert_eq!(deduped.len(), zh.len(), "a key is defined twice");
    }

    #[test]
    fn accept_language_picks_the_best_supported_language() {
        assert_eq!(
            Lang::negotiate("en-US,en;q=0.9,zh-CN;q=0.8"),
            Some(Lang::En)
        );
        assert_eq!(Lang::negotiate("fr;q=1, zh-TW;q=0.5"), Some(Lang::ZhCn));
        assert_eq!(Lang::negotiate("fr, de"), None);
    }

    #[test]
    fn arguments_are_substituted_without_isolation_marks() {
        let text = translate(
            Lang::En,
            "error-window-closed",
            &[("closes", "2022-12-01".into())],
        );
        assert!(text.contains("2022-12-01"), "{text}");
        assert!(!text.contains('\u{2068}'));
    }
}
