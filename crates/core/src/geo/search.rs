//! Name search over all comuni.
//!
//! Every name is folded once into a search key (see `fold`) and the keys are laid end to end in one string,
//! so a query is one substring scan over about 100 KB (the standard library's two-way search) rather than
//! thousands of small comparisons. A bitset over that string marks where words start, so "Emilia" in
//! "Reggio nell'Emilia" ranks above "emilia" inside another word.

use super::comuni::{Comune, Place};
use super::fold::fold_into;
use std::cmp::Ordering;

/// How well a name matches the query; lower is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchQuality {
    /// The whole name (or one half of a bilingual name).
    Exact,
    /// The name starts with the query.
    Prefix,
    /// A word in the name starts with the query ("Emilia" → "Reggio nell'Emilia").
    WordPrefix,
    /// The query is inside the name.
    Substring,
    /// Every word of the query is in the name, not together ("Reggio Emilia" → "Reggio nell'Emilia").
    AllWords,
}

/// One autocomplete suggestion.
#[derive(Debug, Clone, Copy)]
pub struct ComuneMatch<'a> {
    pub place: Place<'a>,
    pub quality: MatchQuality,
}

/// Keys are separated by this byte, which folding never produces, so no match spans two names.
const SEP: char = '\n';

#[derive(Debug, Clone)]
pub(crate) struct NameIndex {
    hay: String,
    /// Byte offset of each key in `hay`, plus `hay.len()` at the end; key k ends (with `SEP`) at
    /// `key_start[k + 1] - 1`. A comune's keys are consecutive, its full name first.
    key_start: Vec<u32>,
    key_owner: Vec<u32>,
    /// Per comune: the index of its full-name key.
    full_key: Vec<u32>,
    /// Bit i set: a word starts at byte i of `hay`.
    word_start: Vec<u64>,
    homonym: Vec<bool>,
    /// Per comune: its place in the tie-break order (capoluoghi, then shorter names, then alphabetical).
    rank: Vec<u32>,
    /// Key indices sorted by key, for exact look-ups by any name ("Bozen" as well as "Bolzano/Bozen").
    sorted_keys: Vec<u32>,
}

impl NameIndex {
    pub(crate) fn build(comuni: &[Comune]) -> NameIndex {
        let mut ix = NameIndex {
            hay: String::with_capacity(comuni.len() * 14),
            key_start: Vec::with_capacity(comuni.len() + comuni.len() / 16),
            key_owner: Vec::with_capacity(comuni.len() + comuni.len() / 16),
            full_key: Vec::with_capacity(comuni.len()),
            word_start: Vec::new(),
            homonym: vec![false; comuni.len()],
            rank: vec![0; comuni.len()],
            sorted_keys: Vec::new(),
        };
        let mut starts = Vec::with_capacity(comuni.len() * 2);
        for (i, c) in comuni.iter().enumerate() {
            ix.full_key.push(ix.key_start.len() as u32);
            ix.push_key(&c.name, i, &mut starts);
            if let Some((it, other)) = &c.bilingual {
                ix.push_key(it, i, &mut starts);
                ix.push_key(other, i, &mut starts);
            } else if c.name.contains('/') {
                // Bilingual names written "Italiano/Deutsch" without the split recorded: split here.
                for part in c.name.split('/') {
                    ix.push_key(part, i, &mut starts);
                }
            }
        }
        ix.key_start.push(ix.hay.len() as u32);
        ix.word_start = vec![0; ix.hay.len() / 64 + 1];
        for s in starts {
            ix.word_start[s / 64] |= 1 << (s % 64);
        }
        // One sort of every key serves exact look-ups, homonyms and the alphabetical tie-break.
        let mut sorted_keys: Vec<u32> = (0..ix.key_owner.len() as u32).collect();
        sorted_keys.sort_unstable_by(|&a, &b| ix.key(a as usize).cmp(ix.key(b as usize)).then(a.cmp(&b)));
        let mut alpha = vec![0u32; comuni.len()];
        let mut run_start = 0;
        for (n, &k) in sorted_keys.iter().enumerate() {
            let owner = ix.key_owner[k as usize] as usize;
            if ix.full_key[owner] == k {
                alpha[owner] = n as u32;
            }
            let run_ends = sorted_keys.get(n + 1).is_none_or(|&next| ix.key(next as usize) != ix.key(k as usize));
            if run_ends {
                // Two comuni whose full names fold to this key are homonyms.
                let run = &sorted_keys[run_start..=n];
                let is_full = |k: u32| ix.full_key[ix.key_owner[k as usize] as usize] == k;
                if run.iter().filter(|&&k| is_full(k)).count() > 1 {
                    for &k in run.iter().filter(|&&k| is_full(k)).collect::<Vec<_>>() {
                        ix.homonym[ix.key_owner[k as usize] as usize] = true;
                    }
                }
                run_start = n + 1;
            }
        }
        let mut by_rank: Vec<u32> = (0..comuni.len() as u32).collect();
        by_rank.sort_unstable_by_key(|&i| {
            let i = i as usize;
            (!comuni[i].capoluogo, ix.full_name_key(i).len(), alpha[i])
        });
        for (r, &i) in by_rank.iter().enumerate() {
            ix.rank[i as usize] = r as u32;
        }
        ix.sorted_keys = sorted_keys;
        ix
    }

    fn push_key(&mut self, name: &str, owner: usize, starts: &mut Vec<usize>) {
        // Pushed even when nothing is left after folding, so `full_key` always names this comune's key.
        let start = self.hay.len();
        fold_into(name, &mut self.hay, |i| starts.push(i));
        self.hay.push(SEP);
        self.key_start.push(start as u32);
        self.key_owner.push(owner as u32);
    }

    fn key(&self, k: usize) -> &str {
        &self.hay[self.key_start[k] as usize..self.key_end(k)]
    }

    /// Where key k's `SEP` is.
    fn key_end(&self, k: usize) -> usize {
        self.key_start[k + 1] as usize - 1
    }

    /// Does a word that starts in `from..end` begin with `q`?
    fn word_starts_with(&self, q: &str, from: usize, end: usize) -> bool {
        let last = end.saturating_sub(q.len());
        let mut i = from;
        while i <= last {
            let bits = self.word_start[i / 64] >> (i % 64);
            if bits == 0 {
                i = (i / 64 + 1) * 64;
                continue;
            }
            i += bits.trailing_zeros() as usize;
            if i <= last && self.hay.as_bytes()[i..].starts_with(q.as_bytes()) {
                return true;
            }
            i += 1;
        }
        false
    }

    fn full_name_key(&self, comune: usize) -> &str {
        self.key(self.full_key[comune] as usize)
    }

    fn is_word_start(&self, at: usize) -> bool {
        self.word_start[at / 64] >> (at % 64) & 1 == 1
    }

    pub(crate) fn is_homonym(&self, comune: usize) -> bool {
        self.homonym[comune]
    }

    /// Comuni with a name (the full name or one half of a bilingual one) whose key is exactly `key`.
    pub(crate) fn exact<'a>(&'a self, key: &'a str) -> impl Iterator<Item = usize> + 'a {
        let from = self.sorted_keys.partition_point(|&k| self.key(k as usize) < key);
        self.sorted_keys[from..]
            .iter()
            .take_while(move |&&k| self.key(k as usize) == key)
            .map(|&k| self.key_owner[k as usize] as usize)
    }

    pub(crate) fn search(&self, query: &str, limit: usize) -> Vec<(usize, MatchQuality)> {
        let mut q = String::with_capacity(query.len());
        let mut word_starts = Vec::new();
        fold_into(query, &mut q, |i| word_starts.push(i));
        if q.is_empty() || limit == 0 {
            return Vec::new();
        }
        // (comune, quality); a comune's keys are consecutive in `hay`, so its hits arrive together.
        let mut found: Vec<(usize, MatchQuality)> = Vec::new();
        let mut k = 0;
        let mut pos = 0;
        while let Some(off) = self.hay[pos..].find(q.as_str()) {
            let at = pos + off;
            // Hits come in order, so the key cursor only moves forward.
            while self.key_end(k) <= at {
                k += 1;
            }
            let (start, end) = (self.key_start[k] as usize, self.key_end(k));
            // The first hit in a key decides, except that a later word start may still beat a substring.
            let quality = if at == start {
                if end == at + q.len() { MatchQuality::Exact } else { MatchQuality::Prefix }
            } else if self.is_word_start(at) || self.word_starts_with(&q, at + 1, end) {
                MatchQuality::WordPrefix
            } else {
                MatchQuality::Substring
            };
            let owner = self.key_owner[k] as usize;
            match found.last_mut() {
                Some((last, best)) if *last == owner => *best = (*best).min(quality),
                _ => found.push((owner, quality)),
            }
            pos = end + 1;
            if pos >= self.hay.len() {
                break;
            }
        }
        if word_starts.len() > 1 {
            self.all_words(&q, &word_starts, &mut found);
        }
        let order = |a: &(usize, MatchQuality), b: &(usize, MatchQuality)| -> Ordering {
            a.1.cmp(&b.1).then_with(|| self.rank[a.0].cmp(&self.rank[b.0]))
        };
        if found.len() > limit {
            found.select_nth_unstable_by(limit - 1, order);
            found.truncate(limit);
        }
        found.sort_unstable_by(order);
        found
    }

    /// Adds comuni not yet found whose name (any key) contains every word of the query.
    fn all_words(&self, q: &str, word_starts: &[usize], found: &mut Vec<(usize, MatchQuality)>) {
        // Single letters ("l" of "l'Aquila", "d" of "d'Isonzo") would match nearly every name: skip them.
        let words: Vec<&str> = word_starts
            .iter()
            .enumerate()
            .map(|(n, &s)| &q[s..word_starts.get(n + 1).copied().unwrap_or(q.len())])
            .filter(|w| w.chars().count() > 1)
            .collect();
        if words.len() < 2 {
            return;
        }
        let mut seen: Vec<usize> = found.iter().map(|f| f.0).collect();
        seen.sort_unstable();
        // Scan for the longest word (fewest hits), then check the others inside that key.
        let Some(longest) = words.iter().copied().max_by_key(|w| w.len()) else { return };
        let mut pos = 0;
        while let Some(off) = self.hay[pos..].find(longest) {
            let at = pos + off;
            let k = self.key_start.partition_point(|&s| s as usize <= at) - 1;
            let key = self.key(k);
            let owner = self.key_owner[k] as usize;
            if seen.binary_search(&owner).is_err() && words.iter().all(|w| key.contains(w)) {
                seen.insert(seen.partition_point(|&s| s < owner), owner);
                found.push((owner, MatchQuality::AllWords));
            }
            pos = self.key_end(k) + 1;
            if pos >= self.hay.len() {
                break;
            }
        }
    }
}
