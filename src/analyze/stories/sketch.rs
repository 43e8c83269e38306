//! What one document contributes to story detection, read with the rest of
//! the document and kept in its cached reading: a MinHash of its word
//! shingles (for copies and near-copies), its content terms with counts
//! (for reports of one event told in other words), and its date.

use chrono::NaiveDate;

use super::super::text::{BlockKind, Sentence, SentenceReader, TokenKind, lowercase};
use super::super::vocab::TermId;
use super::minhash::BinnedSignature;

/// A document's story signature.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct StorySketch {
    /// The document's date, for keeping a story within days.
    pub date: Option<NaiveDate>,
    /// MinHash of its five-word shingles (empty when it has fewer words).
    #[serde(with = "crate::packed")]
    pub shingles: Vec<u32>,
    /// Its content terms and in how many sentences each occurs (title
    /// words count thrice), most frequent first, at most [`MAX_TERMS`].
    #[serde(with = "crate::packed")]
    pub terms: Vec<(TermId, u16)>,
}

/// Content terms kept per document: enough to tell what it is about.
pub const MAX_TERMS: usize = 64;
/// Words per shingle: long enough that shared shingles mean copied text.
const SHINGLE: usize = 5;
/// Values in a shingle signature.
pub const SHINGLE_SIGNATURE: usize = 64;

/// Reads a document's words into its shingle signature.
pub struct ShingleReader {
    window: [u64; SHINGLE],
    seen: usize,
    signature: BinnedSignature,
}

impl Default for ShingleReader {
    fn default() -> Self {
        ShingleReader { window: [0; SHINGLE], seen: 0, signature: BinnedSignature::new(SHINGLE_SIGNATURE) }
    }
}

impl SentenceReader<'_> for ShingleReader {
    type Output = Vec<u32>;

    fn sentence(&mut self, sentence: &Sentence<'_>) {
        if sentence.kind == BlockKind::Code {
            return;
        }
        for token in sentence.tokens.iter().filter(|t| t.kind != TokenKind::Punct) {
            self.window[self.seen % SHINGLE] = word_hash(&lowercase(token.text(sentence.text)));
            self.seen += 1;
            if self.seen >= SHINGLE {
                let mut shingle = 0u64;
                for k in 0..SHINGLE {
                    let word = self.window[(self.seen + k) % SHINGLE];
                    shingle = (shingle.rotate_left(7) ^ word).wrapping_mul(0x100_0000_01b3);
                }
                self.signature.add(shingle);
            }
        }
    }

    fn finish(self) -> Vec<u32> {
        self.signature.finish()
    }
}

fn word_hash(word: &str) -> u64 {
    use std::hash::BuildHasher;
    std::hash::BuildHasherDefault::<super::super::hash::FastHasher>::default().hash_one(word)
}

#[cfg(test)]
mod tests {
    use super::super::minhash::similarity;
    use super::*;
    use crate::analyze::text;

    fn shingles(markdown: &str) -> Vec<u32> {
        text::read(&text::blocks(markdown), ShingleReader::default())
    }

    #[test]
    fn copies_with_small_edits_have_similar_shingles_and_other_texts_do_not() {
        let story = "The central bank raised its main interest rate by half a point on Thursday, the largest \
                     increase in two decades, as officials sought to tame inflation that has reached a \
                     thirty year high across the country and weighs on household budgets everywhere.";
        let edited = story.replace("Thursday", "Thursday morning").replace("everywhere", "in most regions");
        let other = "Heavy rain flooded the lower town overnight and emergency crews evacuated dozens of \
                     families from homes along the river while volunteers filled sandbags at the school \
                     and the mayor asked residents to stay away from the bridges until the water falls.";
        assert!(similarity(&shingles(story), &shingles(&edited)) > 0.5);
        assert!(similarity(&shingles(story), &shingles(other)) < 0.1);
        assert!(shingles("Too short.").is_empty());
    }
}
