//! How the timeline is laid out: its entries grouped into periods (the
//! dates known only to their year, then each month), each period in date
//! order.
//!
//! A corpus of 10,000 reports states some 50,000 dates, far more than a
//! page a person reads. The timeline page shows every period but at most
//! [`PER_PERIOD`] entries of each: those stated by the most reports of a
//! story first, then the most precise, then those whose year the text
//! gives. A period with more has a page of its own listing them all,
//! paginated, so every date stays one click from the timeline.

use crate::analyze::events::TimelineEntry;
use crate::site::urls;
use crate::time_expr::{Precision, YearFrom};

/// Entries shown per period on the timeline page.
pub const PER_PERIOD: usize = 8;

/// A year's dates known only to the year, or a month's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// The year.
    pub year: i32,
    /// The month, or `None` for dates known only to the year.
    pub month: Option<u8>,
    /// Its entries (indices into the analysis' timeline), in date order.
    pub entries: Vec<usize>,
    /// The entries the timeline page shows, in date order.
    pub highlights: Vec<usize>,
}

impl Period {
    /// A stable name: "2025" or "2025-04".
    pub fn key(&self) -> String {
        match self.month {
            Some(m) => format!("{:04}-{m:02}", self.year),
            None => format!("{:04}", self.year),
        }
    }

    /// Whether it has more entries than the timeline page shows, and so a
    /// page of its own.
    pub fn has_page(&self) -> bool {
        self.entries.len() > self.highlights.len()
    }

    /// Its own page's URL.
    pub fn url(&self) -> String {
        urls::timeline_period(self.year, self.month)
    }
}

/// The periods of `timeline` (which is in date order), in date order.
pub fn periods(timeline: &[TimelineEntry]) -> Vec<Period> {
    let mut periods: Vec<Period> = Vec::new();
    for (i, entry) in timeline.iter().enumerate() {
        let month = (entry.when.precision() != Precision::Year).then_some(entry.when.month);
        match periods.last_mut() {
            Some(p) if p.year == entry.when.year && p.month == month => p.entries.push(i),
            _ => periods.push(Period { year: entry.when.year, month, entries: vec![i], highlights: Vec::new() }),
        }
    }
    for period in &mut periods {
        period.highlights = highlights(timeline, &period.entries);
    }
    periods
}

/// The [`PER_PERIOD`] entries worth most, in date order.
fn highlights(timeline: &[TimelineEntry], entries: &[usize]) -> Vec<usize> {
    let mut ranked = entries.to_vec();
    ranked.sort_by_key(|&i| {
        let e = &timeline[i];
        (std::cmp::Reverse(e.also.len()), std::cmp::Reverse(e.when.precision()), e.year_from == YearFrom::Context, i)
    });
    ranked.truncate(PER_PERIOD);
    ranked.sort_unstable();
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time_expr::When;

    fn entry(when: When, also: usize, year_from: YearFrom) -> TimelineEntry {
        TimelineEntry {
            when,
            future: false,
            year_from,
            doc: 0,
            sentence: String::new(),
            highlight: 0..0,
            also: vec![1; also],
        }
    }

    #[test]
    fn dates_known_to_the_year_come_before_the_months_of_it() {
        let april = When::month(2025, 4).unwrap();
        let timeline = [
            entry(When::year(2025), 0, YearFrom::Stated),
            entry(april, 0, YearFrom::Stated),
            entry(When { day: 10, ..april }, 0, YearFrom::Stated),
            entry(When::year(2030), 0, YearFrom::Stated),
        ];
        let p = periods(&timeline);
        let keys: Vec<String> = p.iter().map(Period::key).collect();
        assert_eq!(keys, ["2025", "2025-04", "2030"]);
        assert_eq!(p[1].entries, [1, 2]);
        assert!(!p[1].has_page());
        assert_eq!(p[1].url(), "timeline/2025/04/");
    }

    #[test]
    fn a_crowded_month_shows_its_most_reported_and_most_precise_dates() {
        let april = When::month(2025, 4).unwrap();
        let mut timeline: Vec<TimelineEntry> =
            (1..=20).map(|d| entry(When { day: d, ..april }, 0, YearFrom::DocumentDate)).collect();
        timeline.insert(0, entry(april, 0, YearFrom::Stated));
        timeline[15].also = vec![2, 3];
        timeline[9].year_from = YearFrom::Context;
        let p = periods(&timeline);
        assert_eq!(p.len(), 1);
        assert!(p[0].has_page());
        assert_eq!(p[0].highlights.len(), PER_PERIOD);
        assert!(p[0].highlights.contains(&15), "most reported");
        assert!(!p[0].highlights.contains(&0), "less precise");
        assert!(p[0].highlights.windows(2).all(|w| w[0] < w[1]), "date order");
    }
}
