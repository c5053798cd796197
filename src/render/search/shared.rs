//! Sharing between editions: a page that reads the same in two editions is tokenised and
//! scored once, while every edition's index is built at the same time.

use super::documents::{Source, documents, page_parts};
use super::index::{CHUNK, Capped, Index, Merge, Scored, add_all, score};
use super::reuse::{ScoreCache, Session};
use super::synonyms::Synonyms;
use crate::edition::view::{SiteView, SynonymView};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// One edition to index: its documents and its synonyms.
pub(super) struct EditionDocs<'a> {
    pub(super) docs: Vec<Source<'a>>,
    pub(super) synonyms: Synonyms,
    /// The synonyms as the view has them: two editions whose lists differ index the same
    /// text differently, so they share nothing.
    list: &'a [SynonymView],
}

impl<'a> EditionDocs<'a> {
    pub(super) fn new(view: &'a SiteView) -> EditionDocs<'a> {
        EditionDocs {
            docs: documents(view),
            synonyms: Synonyms::new(&view.synonyms),
            list: &view.synonyms,
        }
    }
}

impl Source<'_> {
    /// Is this the same document as `other`, in another edition? Only pages are compared
    /// (they are nearly all the text), by everything `page_doc` reads.
    fn same_as(&self, other: &Source<'_>) -> bool {
        match (self, other) {
            (Source::Page(a), Source::Page(b)) => page_parts(a) == page_parts(b),
            _ => false,
        }
    }
}

/// A document's scores, from the last build's (`session`) when it is a page that reads
/// exactly the same, else computed (and kept for the next build).
fn score_reusing(
    d: &Source<'_>,
    synonyms: &Synonyms,
    session: Option<&Session<'_>>,
) -> Arc<Scored> {
    let (Some(session), Source::Page(p)) = (session, d) else {
        return Arc::new(score(d, synonyms));
    };
    if let Some(hit) = session.get(p) {
        return hit;
    }
    let scored = Arc::new(score(d, synonyms));
    session.keep(p, scored.clone());
    scored
}

/// The search index of every edition at once (`editions[e]` is the documents of edition
/// `e`). A page that reads exactly the same in a later edition as in the first is
/// tokenised and scored once, for both: the editions are walked together, a chunk of the
/// first edition's documents at a time. The first edition's pages also reuse the scores
/// `cache` kept from the last build, and leave theirs there.
pub(super) fn indexes(
    editions: &[EditionDocs<'_>],
    cache: Option<&ScoreCache>,
) -> Vec<(Index, Vec<Capped>)> {
    let Some((first_ed, later_eds)) = editions.split_first() else {
        return Vec::new();
    };
    let session = cache.map(|c| c.session(first_ed.list));
    let first = &first_ed.docs;
    let later: Vec<&Vec<Source<'_>>> = later_eds.iter().map(|e| &e.docs).collect();
    let same = same_as_first(first_ed, later_eds);
    let mut merges: Vec<Merge> = editions.iter().map(|_| Merge::default()).collect();
    let (head, tail) = merges.split_at_mut(1);
    let mut next = vec![0; later.len()];
    // While one chunk is merged (every edition's merge at once), the next is scored.
    let chunks = first.len().div_ceil(CHUNK);
    let mut scored: Option<(usize, Vec<Arc<Scored>>)> = None;
    for c in 0..=chunks {
        let (following, ()) = rayon::join(
            || {
                let chunk = first.get(c * CHUNK..)?;
                let chunk = &chunk[..chunk.len().min(CHUNK)];
                Some((
                    c * CHUNK,
                    chunk
                        .par_iter()
                        .map(|d| score_reusing(d, &first_ed.synonyms, session.as_ref()))
                        .collect::<Vec<Arc<Scored>>>(),
                ))
            },
            || {
                let Some((lo, scored)) = scored.take() else {
                    return;
                };
                let hi = lo + scored.len();
                rayon::join(
                    || {
                        for s in &scored {
                            let (scores, row, capped) = &**s;
                            head[0].add(scores, row.clone(), *capped);
                        }
                    },
                    || {
                        tail.par_iter_mut()
                            .zip(next.par_iter_mut())
                            .zip(later_eds.par_iter().zip(&same))
                            .for_each(|((merge, at), (ed, same))| {
                                merge_shared(merge, at, ed, same, lo..hi, &scored);
                            })
                    },
                );
            },
        );
        scored = following.filter(|(_, s)| !s.is_empty());
    }
    if let Some(session) = session {
        session.finish();
    }
    for ((ed, merge), at) in later_eds.iter().zip(tail.iter_mut()).zip(next) {
        add_all(merge, &ed.docs[at..], &ed.synonyms);
    }
    merges
        .into_iter()
        .zip(editions)
        .map(|(m, ed)| {
            let (mut index, capped) = m.finish();
            index.alias = ed.synonyms.alias(&index.terms);
            (index, capped)
        })
        .collect()
}

/// For each document of each later edition, the first edition's document it is identical
/// to, if any (none when the editions list their pages differently).
fn same_as_first(
    first_ed: &EditionDocs<'_>,
    later_eds: &[EditionDocs<'_>],
) -> Vec<Vec<Option<usize>>> {
    let first = &first_ed.docs;
    let by_href: HashMap<&str, usize> = first
        .iter()
        .enumerate()
        .filter_map(|(i, d)| match d {
            Source::Page(p) => Some((p.href.as_str(), i)),
            _ => None,
        })
        .collect();
    later_eds
        .iter()
        .map(|ed| {
            let alike = ed.list == first_ed.list;
            ed.docs
                .par_iter()
                .map(|d| match d {
                    _ if !alike => None,
                    Source::Page(p) => by_href
                        .get(p.href.as_str())
                        .copied()
                        .filter(|i| d.same_as(&first[*i])),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

/// Adds to a later edition's `merge` its documents from `at` up to the last that is the
/// same as one of the first edition's documents `chunk` (scored in `scored`): those take
/// their scores from there, the others are scored here.
fn merge_shared(
    merge: &mut Merge,
    at: &mut usize,
    ed: &EditionDocs<'_>,
    same: &[Option<usize>],
    chunk: std::ops::Range<usize>,
    scored: &[Arc<Scored>],
) {
    let docs = &ed.docs;
    let shared = |j: usize| same[j].filter(|i| chunk.contains(i));
    let Some(end) = (*at..docs.len())
        .rev()
        .find(|j| shared(*j).is_some())
        .map(|j| j + 1)
    else {
        return;
    };
    let own: Vec<usize> = (*at..end).filter(|j| shared(*j).is_none()).collect();
    let mut own_scored: Vec<Scored> = Vec::with_capacity(own.len());
    for part in own.chunks(CHUNK) {
        own_scored.par_extend(part.par_iter().map(|j| score(&docs[*j], &ed.synonyms)));
    }
    let mut own_scored = own_scored.into_iter();
    for j in *at..end {
        match shared(j) {
            Some(i) => {
                let (scores, row, capped) = &*scored[i - chunk.start];
                merge.add(scores, row.clone(), *capped);
            }
            None => {
                if let Some((scores, row, capped)) = own_scored.next() {
                    merge.add(&scores, row, capped);
                }
            }
        }
    }
    *at = end;
}
