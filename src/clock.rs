//! Times as people here read them: Beijing time, and "3 天前" for recent activity.

use yishiting_domain::Timestamp;

const BEIJING_OFFSET_MS: i64 = 8 * 3_600_000;

/// `2026-11-23 09:30`, in Beijing time.
pub fn date_time(at: Timestamp) -> String {
    let local = at.0 + BEIJING_OFFSET_MS;
    let (days, ms) = (local.div_euclid(86_400_000), local.rem_euclid(86_400_000));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", ms / 3_600_000, ms % 3_600_000 / 60_000)
}

/// `09:30`, in Beijing time.
pub fn time_of_day(at: Timestamp) -> String {
    let ms = (at.0 + BEIJING_OFFSET_MS).rem_euclid(86_400_000);
    format!("{:02}:{:02}", ms / 3_600_000, ms % 3_600_000 / 60_000)
}

/// `2026年11月23日`, in Beijing time.
pub fn date(at: Timestamp) -> String {
    let (y, m, d) = civil_from_days((at.0 + BEIJING_OFFSET_MS).div_euclid(86_400_000));
    let t = crate::messages::t();
    format!("{y}{}{m}{}{d}{}", t.date_year, t.date_month, t.date_day)
}

/// How long ago, in words: 刚刚, 5 分钟前, 3 小时前, 2 天前, or the date.
pub fn ago(now: Timestamp, then: Timestamp) -> String {
    let minutes = (now.0 - then.0) / 60_000;
    let t = crate::messages::t();
    match minutes {
        ..1 => t.ago_now.to_owned(),
        1..60 => format!("{minutes}{}", t.ago_minutes),
        60..1_440 => format!("{}{}", minutes / 60, t.ago_hours),
        1_440..43_200 => format!("{}{}", minutes / 1_440, t.ago_days),
        _ => date(then),
    }
}

/// Days since 1970-01-01 to (year, month, day): Howard Hinnant's algorithm, integers only.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beijing_dates() {
        // 2026-11-23T01:30:00Z is 09:30 in Beijing.
        assert_eq!(date_time(Timestamp(1_795_397_400_000)), "2026-11-23 09:30");
        assert_eq!(date_time(Timestamp(0)), "1970-01-01 08:00");
        // 2024-02-29T16:00:00Z is already March 1st in Beijing.
        assert_eq!(date(Timestamp(1_709_222_400_000)), "2024年3月1日");
    }

    #[test]
    fn ago_in_words() {
        let now = Timestamp(1_795_397_400_000);
        let before = |minutes: i64| Timestamp(now.0 - minutes * 60_000);
        assert_eq!(ago(now, before(0)), "刚刚");
        assert_eq!(ago(now, before(5)), "5 分钟前");
        assert_eq!(ago(now, before(180)), "3 小时前");
        assert_eq!(ago(now, before(2 * 1_440 + 5)), "2 天前");
        assert_eq!(ago(now, before(60 * 1_440)), "2026年9月24日");
    }
}
