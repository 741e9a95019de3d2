//! What changed between two versions of a text, for the office reading a resubmitted
//! nomination: paragraph by paragraph (a longest common subsequence of paragraphs), and within
//! a changed paragraph the part that differs (what stays the same at its start and end is not
//! marked). Pure; the page marks `changed` spans as deleted on the old side, inserted on the
//! new.

use serde::Serialize;

/// A run of text, changed or not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    /// The text.
    pub text: String,
    /// Whether it differs from the other version.
    pub changed: bool,
}

/// A paragraph as a list of spans.
pub type Paragraph = Vec<Span>;

/// Paragraphs longer than this many characters are marked whole rather than trimmed to their
/// changed middle (to keep the work per page small).
const LONGEST: usize = 20_000;

fn span(text: &str, changed: bool) -> Option<Span> {
    (!text.is_empty()).then(|| Span {
        text: text.to_owned(),
        changed,
    })
}

/// Marks the differing middle of two versions of one paragraph.
fn within(before: &str, after: &str) -> (Paragraph, Paragraph) {
    let (b, a): (Vec<char>, Vec<char>) = (before.chars().collect(), after.chars().collect());
    if b.len() > LONGEST || a.len() > LONGEST {
        return (
            span(before, true).into_iter().collect(),
            span(after, true).into_iter().collect(),
        );
    }
    let prefix = b.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let rest = b.len().min(a.len()) - prefix;
    let suffix = b
        .iter()
        .rev()
        .zip(a.iter().rev())
        .take(rest)
        .take_while(|(x, y)| x == y)
        .count();
    let side = |chars: &[char]| -> Paragraph {
        let text = |from: usize, to: usize| chars[from..to].iter().collect::<String>();
        let end = chars.len() - suffix;
        [
            span(&text(0, prefix), false),
            span(&text(prefix, end), true),
            span(&text(end, chars.len()), false),
        ]
        .into_iter()
        .flatten()
        .collect()
    };
    (side(&b), side(&a))
}

/// The two versions, paragraph by paragraph, with what differs marked on each side.
#[must_use]
pub fn compare(before: &str, after: &str) -> (Vec<Paragraph>, Vec<Paragraph>) {
    let old: Vec<&str> = before.split('\n').collect();
    let new: Vec<&str> = after.split('\n').collect();
    // Longest common subsequence of paragraphs (a nomination has a few dozen at most).
    let mut table = vec![vec![0usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            table[i][j] = if old[i] == new[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let (mut left, mut right) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    let (mut removed, mut added): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    let flush = |removed: &mut Vec<&str>,
                 added: &mut Vec<&str>,
                 left: &mut Vec<Paragraph>,
                 right: &mut Vec<Paragraph>| {
        // Paragraphs changed in place are compared within; the rest are wholly new or gone.
        for k in 0..removed.len().max(added.len()) {
            match (removed.get(k), added.get(k)) {
                (Some(b), Some(a)) => {
                    let (l, r) = within(b, a);
                    left.push(l);
                    right.push(r);
                }
                (Some(b), None) => left.push(span(b, true).into_iter().collect()),
                (None, Some(a)) => right.push(span(a, true).into_iter().collect()),
                (None, None) => {}
            }
        }
        removed.clear();
        added.clear();
    };
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            flush(&mut removed, &mut added, &mut left, &mut right);
            left.push(span(old[i], false).into_iter().collect());
            right.push(span(new[j], false).into_iter().collect());
            i += 1;
            j += 1;
        } else if j < new.len() && (i == old.len() || table[i][j + 1] >= table[i + 1][j]) {
            added.push(new[j]);
            j += 1;
        } else {
            removed.push(old[i]);
            i += 1;
        }
    }
    flush(&mut removed, &mut added, &mut left, &mut right);
    (left, right)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(paragraphs: &[Paragraph]) -> Vec<String> {
        paragraphs
            .iter()
            .map(|p| {
                p.iter()
                    .map(|s| {
                        if s.changed {
                            format!("[{}]", s.text)
                        } else {
                            s.text.clone()
                        }
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn an_insertion_is_marked_where_it_is_and_paragraphs_stay_apart() {
        let (before, after) = compare(
            "第一段。\n累计服务200小时。\n第三段。",
            "第一段。\n累计服务360小时。\n第三段。\n（补充）证明材料。",
        );
        assert_eq!(
            marked(&before),
            ["第一段。", "累计服务[20]0小时。", "第三段。"]
        );
        assert_eq!(
            marked(&after),
            [
                "第一段。",
                "累计服务[36]0小时。",
                "第三段。",
                "[（补充）证明材料。]"
            ]
        );
    }

    #[test]
    fn a_removed_paragraph_shows_only_on_the_old_side() {
        let (before, after) = compare("甲\n乙\n丙", "甲\n丙");
        assert_eq!(marked(&before), ["甲", "[乙]", "丙"]);
        assert_eq!(marked(&after), ["甲", "丙"]);
    }

    #[test]
    fn the_same_text_has_nothing_marked() {
        let (before, after) = compare("不变\n的文字", "不变\n的文字");
        assert_eq!(before, after);
        assert!(before.iter().flatten().all(|s| !s.changed));
    }
}
