use super::*;
use crate::catalog::IncidentType;
use crate::testing::with_incident;

fn add(fx: &crate::testing::Fx, at: &str, host: &str) -> crate::Result<()> {
    add_event(
        &fx.store,
        fx.incident,
        NewEvent {
            occurred_at: at.into(),
            message: format!("seen on {host}"),
            host: Some(host.into()),
            ..NewEvent::default()
        },
        "bob",
    )?;
    Ok(())
}

#[test]
fn density_counts_the_filtered_entries_per_slice_of_their_span() -> crate::Result<()> {
    let fx = with_incident(IncidentType::Ransomware, "Density")?;
    // 10:00, 10:00:30 and 10:59 on FS01; 11:30 on DC01 (+01:00 is 09:xx UTC).
    for (at, host) in [
        ("2026-11-20T10:00:00+01:00", "FS01"),
        ("2026-11-20T10:00:30+01:00", "FS01"),
        ("2026-11-20T10:59:00+01:00", "FS01"),
        ("2026-11-20T11:30:00+01:00", "DC01"),
    ] {
        add(&fx, at, host)?;
    }
    let fs01 = TimelineFilter {
        kind: Some(EntryKind::Event),
        host: Some("fs01".into()),
        ..TimelineFilter::default()
    };
    let d = density(&fx.store, fx.incident, &fs01, 4)?;
    assert_eq!(d.total, 3);
    assert_eq!(d.counts, vec![2, 0, 0, 1]);
    assert_eq!(
        d.bucket_ms, 885_000.0,
        "59 min in 4 slices of whole milliseconds"
    );
    assert_eq!(
        d.start.map(|m| m.to_rfc3339()),
        Some("2026-11-20T09:00:00+00:00".into())
    );
    assert_eq!(
        d.end.map(|m| m.to_rfc3339()),
        Some("2026-11-20T09:59:00+00:00".into())
    );

    let events = TimelineFilter {
        kind: Some(EntryKind::Event),
        ..TimelineFilter::default()
    };
    let d = density(&fx.store, fx.incident, &events, 400)?;
    assert_eq!(d.counts.iter().sum::<u32>(), 4);
    // 90 min in 400 slices of 13.5 s: every event in its own slice, the last in the last.
    assert_eq!((d.counts.len(), d.bucket_ms), (400, 13_500.0));
    assert_eq!(d.counts.iter().filter(|&&c| c == 1).count(), 4);
    assert_eq!((d.counts.first(), d.counts.last()), (Some(&1), Some(&1)));

    let none = TimelineFilter {
        host: Some("nowhere".into()),
        ..TimelineFilter::default()
    };
    let d = density(&fx.store, fx.incident, &none, 50)?;
    assert_eq!((d.total, d.start, d.counts.len()), (0, None, 0));
    assert!(density(&fx.store, fx.incident, &events, 0).is_err());
    assert!(density(&fx.store, fx.incident, &events, BUCKETS_MAX + 1).is_err());
    Ok(())
}
