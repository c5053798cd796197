//! Editions: one filtered view of the scheme per audience, built before anything renders.

pub mod html;
pub mod markdown;
pub mod markers;
pub mod view;

use crate::model::{At, Id, Index, Scheme};
use serde::Serialize;

/// One edition of the site: what one audience may see.
#[derive(Debug, Clone, Serialize)]
pub struct Edition {
    /// Audience id; also the output folder name.
    pub id: Id,
    /// Human name of the audience.
    pub name: String,
    /// Who the edition is for.
    pub description: Option<String>,
    /// Position in the audience order (0 = everyone).
    pub rank: usize,
}

impl Edition {
    /// May a reader of this edition see an item with this audience?
    pub fn sees(&self, idx: &Index, audience: &Option<At<Id>>) -> bool {
        idx.rank(audience) <= self.rank
    }
}

/// Every edition the configuration defines, lowest audience first.
pub fn all(s: &Scheme, idx: &Index) -> Vec<Edition> {
    idx.audiences
        .iter()
        .enumerate()
        .filter_map(|(rank, id)| {
            let def = s.config.data.audiences.iter().find(|a| a.id.value == *id)?;
            Some(Edition {
                id: id.clone(),
                name: def.name.clone(),
                description: def.description.clone(),
                rank,
            })
        })
        .collect()
}
