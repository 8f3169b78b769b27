//! Timestamps as RFC 3339 text in one shape, `2026-11-24T18:30:05.123Z` (UTC, always three
//! fraction digits), for account Joined dates from AWS and from the demo, and for the
//! audit log. The calendar arithmetic is aws-smithy-types'.

use std::time::SystemTime;

use aws_smithy_types::date_time::{DateTime, Format};

/// Now in UTC, e.g. `2026-11-24T18:30:05.123Z`.
pub fn now_rfc3339() -> String {
    // Every time since 1970 and before the year 10000 formats; the fallback is unreachable.
    format_timestamp(&DateTime::from(SystemTime::now())).unwrap_or_default()
}

/// `t` as `YYYY-MM-DDTHH:MM:SS.mmmZ`, or `None` outside the years 1 to 9999.
///
/// aws-smithy-types drops a zero fraction and trailing zeros (`…:00Z`, `…:07.11Z`), which
/// makes dates in a column of different widths; so it formats the whole seconds and the
/// milliseconds are appended here.
pub fn format_timestamp(t: &DateTime) -> Option<String> {
    let whole = DateTime::from_secs(t.secs()).fmt(Format::DateTime).ok()?;
    let millis = t.subsec_nanos() / 1_000_000;
    Some(format!("{}.{millis:03}Z", whole.strip_suffix('Z')?))
}

/// `text`, an RFC 3339 time in UTC of any precision, in the shape above; `None` when it
/// is not one. For dates that arrive as text (the demo organization's file).
pub fn normalize(text: &str) -> Option<String> {
    format_timestamp(&DateTime::from_str(text, Format::DateTime).ok()?)
}

/// `text`, an RFC 3339 time, as a `SystemTime`; `None` when it is not one.
pub fn parse_rfc3339(text: &str) -> Option<SystemTime> {
    SystemTime::try_from(DateTime::from_str(text, Format::DateTime).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rfc3339(secs: i64, millis: u32) -> String {
        format_timestamp(&DateTime::from_secs_and_nanos(secs, millis * 1_000_000))
            .expect("in range")
    }

    #[test]
    fn formats_utc_times() {
        assert_eq!(rfc3339(0, 0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(951_782_400, 5), "2000-02-29T00:00:00.005Z");
        assert_eq!(rfc3339(1_795_000_000, 999), "2026-11-18T11:06:40.999Z");
    }

    #[test]
    fn keeps_three_fraction_digits_and_rejects_out_of_range() {
        assert_eq!(rfc3339(1_552_555_267, 110), "2019-03-14T09:21:07.110Z");
        let sub_milli = DateTime::from_secs_and_nanos(0, 999_999);
        assert_eq!(
            format_timestamp(&sub_milli).as_deref(),
            Some("1970-01-01T00:00:00.000Z")
        );
        assert_eq!(format_timestamp(&DateTime::from_secs(i64::MAX / 2)), None);
    }

    #[test]
    fn normalizes_text_times() {
        assert_eq!(
            normalize("2019-03-14T09:21:07.11Z").as_deref(),
            Some("2019-03-14T09:21:07.110Z")
        );
        assert_eq!(
            normalize("2019-03-14T09:21:07Z").as_deref(),
            Some("2019-03-14T09:21:07.000Z")
        );
        assert_eq!(normalize("2019-03-14"), None);
        assert_eq!(normalize("yesterday"), None);
    }

    #[test]
    fn now_has_the_fixed_shape() {
        let t = now_rfc3339();
        let parsed = DateTime::from_str(&t, Format::DateTime).expect("parses back");
        assert_eq!(format_timestamp(&parsed).as_deref(), Some(t.as_str()));
        assert_eq!(t.len(), 24, "{t}");
    }
}
