//! A document's summary for listings, entity and topic pages and the
//! feed: its own `summary` when the front matter gives one, else the
//! sentences the analysis picked (see `analyze::summarize`).

/// The summary shown for a document.
pub fn summary(front_matter: Option<&str>, computed: &str) -> String {
    match front_matter.map(str::trim).filter(|s| !s.is_empty()) {
        Some(given) => given.to_string(),
        None => computed.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_summary_wins_over_the_computed_one_unless_blank() {
        assert_eq!(summary(Some(" Given. "), "Computed."), "Given.");
        assert_eq!(summary(Some("  "), "Computed."), "Computed.");
        assert_eq!(summary(None, "Computed."), "Computed.");
    }
}
