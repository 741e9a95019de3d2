//! Charts drawn on the server as SVG, so the office's dashboard needs no JavaScript: a
//! histogram of scores and each reviewer's spread. Pure functions from numbers and labels to
//! markup; every label is escaped, because reviewer names are user input.

use std::fmt::Write;

pub use crate::domain::xml::escape;

const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 180.0;
const MARGIN: f64 = 30.0;

/// How many of `values` fall in each of `bins` equal bins from 0 to `max` (the maximum in the
/// last bin).
#[must_use]
pub fn bin_counts(values: &[f64], max: f64, bins: usize) -> Vec<usize> {
    let bins = bins.max(1);
    let mut counts = vec![0usize; bins];
    for v in values {
        let ratio = if max > 0.0 {
            (v / max).clamp(0.0, 1.0)
        } else {
            0.0
        };
        // A ratio in [0, 1] times a small bin count: the cast cannot overflow.
        let index = ((ratio * bins as f64) as usize).min(bins - 1);
        counts[index] += 1;
    }
    counts
}

/// A histogram of `values` in `bins` equal bins from 0 to `max`, titled `title`.
#[must_use]
pub fn histogram(values: &[f64], max: f64, bins: usize, title: &str) -> String {
    let bins = bins.max(1);
    let counts = bin_counts(values, max, bins);
    let tallest = counts.iter().copied().max().unwrap_or(0).max(1);
    let bar = (WIDTH - 2.0 * MARGIN) / bins as f64;
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{}" class="chart">"#,
        escape(title)
    );
    let _ = write!(svg, "<title>{}</title>", escape(title));
    let _ = write!(
        svg,
        r##"<line x1="{MARGIN}" y1="{}" x2="{}" y2="{}" stroke="#555"/>"##,
        HEIGHT - MARGIN,
        WIDTH - MARGIN,
        HEIGHT - MARGIN
    );
    for (i, count) in counts.iter().enumerate() {
        let h = (HEIGHT - 2.0 * MARGIN) * (*count as f64) / tallest as f64;
        let x = MARGIN + bar * i as f64;
        let _ = write!(
            svg,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#b3261e"><title>{}</title></rect>"##,
            x + 2.0,
            HEIGHT - MARGIN - h,
            bar - 4.0,
            h,
            count
        );
        if *count > 0 {
            let _ = write!(
                svg,
                r#"<text x="{:.1}" y="{:.1}" font-size="13" text-anchor="middle">{count}</text>"#,
                x + bar / 2.0,
                HEIGHT - MARGIN - h - 3.0
            );
        }
        let low = max * i as f64 / bins as f64;
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="middle">{low:.0}</text>"#,
            x,
            HEIGHT - MARGIN + 14.0
        );
    }
    let _ = write!(
        svg,
        r#"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="middle">{max:.0}</text>"#,
        WIDTH - MARGIN,
        HEIGHT - MARGIN + 14.0
    );
    svg.push_str("</svg>");
    svg
}

/// Each reviewer's totals as a row of dots on a 0..`max` scale, with their mean marked: a
/// harsh or lenient reviewer stands out against the others. Each dot is titled with its
/// nominee and total.
#[must_use]
pub fn spread(reviewers: &[(String, Vec<(String, f64)>)], max: f64, title: &str) -> String {
    let row = 26.0;
    let label = 110.0;
    let height = MARGIN + row * reviewers.len().max(1) as f64;
    let scale = |v: f64| {
        label
            + (WIDTH - label - MARGIN)
                * if max > 0.0 {
                    (v / max).clamp(0.0, 1.0)
                } else {
                    0.0
                }
    };
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{}" class="chart">"#,
        escape(title)
    );
    let _ = write!(svg, "<title>{}</title>", escape(title));
    for (i, (name, totals)) in reviewers.iter().enumerate() {
        let y = MARGIN / 2.0 + row * i as f64 + row / 2.0;
        let _ = write!(
            svg,
            r#"<text x="4" y="{:.1}" font-size="13">{}</text>"#,
            y + 4.0,
            escape(name)
        );
        let _ = write!(
            svg,
            r##"<line x1="{label}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#ddd"/>"##,
            WIDTH - MARGIN
        );
        for (nominee, t) in totals {
            let _ = write!(
                svg,
                r##"<circle cx="{:.1}" cy="{y:.1}" r="5" fill="#1f5fa8" fill-opacity="0.6"><title>{}: {t:.1}</title></circle>"##,
                scale(*t),
                escape(nominee)
            );
        }
        if !totals.is_empty() {
            let mean = totals.iter().map(|(_, t)| t).sum::<f64>() / totals.len() as f64;
            let _ = write!(
                svg,
                r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#b3261e" stroke-width="2"><title>{mean:.1}</title></line>"##,
                scale(mean),
                y - 8.0,
                scale(mean),
                y + 8.0
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_histogram_counts_each_value_in_its_bin() {
        let svg = histogram(&[5.0, 15.0, 15.5, 100.0], 100.0, 10, "分布");
        // Bins [0,10) holds one, [10,20) two, and the maximum falls in the last bin.
        assert_eq!(svg.matches("<rect").count(), 10);
        assert!(svg.contains("<title>2</title>") && svg.matches("<title>1</title>").count() == 2);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }

    #[test]
    fn reviewer_names_are_escaped() {
        let svg = spread(
            &[(
                "<script>alert(1)</script>".into(),
                vec![("<b>王五</b>".into(), 10.0), ("李四".into(), 20.0)],
            )],
            100.0,
            "a\"b",
        );
        assert!(!svg.contains("<script>") && !svg.contains("<b>"));
        assert!(svg.contains("&lt;script&gt;") && svg.contains("a&quot;b"));
        assert_eq!(svg.matches("<circle").count(), 2);
        assert!(
            svg.contains("<title>&lt;b&gt;王五&lt;/b&gt;: 10.0</title>")
                && svg.contains("<title>李四: 20.0</title>"),
            "each dot says whose it is: {svg}"
        );
    }
}
