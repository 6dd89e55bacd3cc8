//! Where the incident stood over time, for the phase strip: initial access (when marked),
//! detection, declaration, then every phase change, closure and reopening as the
//! timeline's actions recorded them.

use uuid::Uuid;

use super::PhaseMark;
use crate::catalog::Phase;
use crate::incident::{self, AuditAction};
use crate::{Result, Store};

pub fn phases(store: &Store, incident_id: Uuid) -> Result<Vec<PhaseMark>> {
    let detail = incident::show(store, incident_id)?;
    let i = &detail.incident;
    let mut marks = vec![PhaseMark {
        milestone: "detected".into(),
        label: "Detected".into(),
        at: i.detected_at,
    }];
    let phase_mark = |code: &str, at| -> Result<PhaseMark> {
        let phase: Phase = code.parse()?;
        Ok(PhaseMark {
            milestone: phase.code().into(),
            label: phase.label().into(),
            at,
        })
    };
    for a in &detail.audit {
        let phase_change = a
            .changes
            .iter()
            .find(|c| c.field == "phase")
            .and_then(|c| c.new.as_deref());
        match a.action {
            AuditAction::Declared => {
                marks.push(PhaseMark {
                    milestone: "declared".into(),
                    label: "Declared".into(),
                    at: a.at,
                });
                if let Some(code) = phase_change {
                    marks.push(phase_mark(code, a.at)?);
                }
            }
            AuditAction::Edited => {
                if let Some(code) = phase_change {
                    marks.push(phase_mark(code, a.at)?);
                }
            }
            AuditAction::Closed | AuditAction::Reopened => {
                let closed = a.action == AuditAction::Closed;
                marks.push(PhaseMark {
                    milestone: if closed { "closed" } else { "reopened" }.into(),
                    label: if closed { "Closed" } else { "Reopened" }.into(),
                    at: a.at,
                });
            }
            _ => {}
        }
    }
    // The attack's start, where a responder has marked it; never guessed from the oldest event.
    let start = store.read(|c| crate::investigation::initial_access::state_on(c, incident_id))?;
    if let Some(m) = start.mark {
        marks.push(PhaseMark {
            milestone: "initial_access".into(),
            label: "Initial access".into(),
            at: m.occurred_at,
        });
    }
    // Detection is entered by hand and may be after declaration by mistake; time order
    // is what the strip draws.
    marks.sort_by_key(|m| m.at);
    Ok(marks)
}
