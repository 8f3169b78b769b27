use super::super::check;
use super::super::journal::{Loaded, StepState};
use super::super::model::{planned_id, OrgModel};
use super::super::sample::*;
use super::*;

const NEW: &str = "ou-root-new00000";

/// `m` with the planned id of step 0 replaced by `NEW`, as AWS would have it.
fn as_created(m: &OrgModel) -> OrgModel {
    let text = format!("{m:?}");
    assert!(text.contains(&planned_id(0)));
    let mut out = m.clone();
    if let Some(n) = out.nodes.remove(&planned_id(0)) {
        out.nodes.insert(NEW.into(), n);
    }
    for n in out.nodes.values_mut() {
        if n.parent.as_deref() == Some(planned_id(0).as_str()) {
            n.parent = Some(NEW.into());
        }
    }
    for set in out.children.values_mut() {
        if set.remove(&planned_id(0)) {
            set.insert(NEW.into());
        }
    }
    if let Some(c) = out.children.remove(&planned_id(0)) {
        out.children.insert(NEW.into(), c);
    }
    if let Some(a) = out.attached.remove(&planned_id(0)) {
        out.attached.insert(NEW.into(), a);
    }
    out
}

#[test]
fn the_inverse_of_an_applied_plan_brings_the_organization_back() {
    let text = "[[step]]\ncreate-ou = \"Root/New\"\n[[step]]\nmove = \"alice\"\nto = \"Root/New\"\n[[step]]\nattach = \"DenyS3\"\nto = \"Root/New\"\n[[step]]\ndetach = \"RegionLock\"\nfrom = \"Root/Workloads\"\n[[step]]\nrename-ou = \"Root/Sandbox\"\nname = \"Play\"\n[[step]]\ntag = \"dan\"\ntags = { team = \"x\" }\n";
    let applied = checked(text);
    assert_eq!(applied.problems, vec![]);
    let mut states: HashMap<usize, StepState> = (0..6)
        .map(|i| (i, StepState::Done { created: None }))
        .collect();
    states.insert(
        0,
        StepState::Done {
            created: Some(NEW.into()),
        },
    );
    let journal = Loaded {
        file: "p.toml".into(),
        steps: applied.steps.clone(),
        states,
        attempted_at: HashMap::new(),
        finished: true,
    };
    let (inverse, not) = undo(&journal);
    assert_eq!(not, vec![]);
    let kinds: Vec<String> = inverse
        .steps
        .iter()
        .map(|s| {
            format!("{:?}", s.action)
                .split(' ')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        kinds,
        vec!["Untag", "RenameOu", "Attach", "Detach", "Move", "DeleteOu"]
    );
    // Written and read back, then checked against the organization as the plan left it.
    let inverse = crate::changeset::file::parse(&crate::changeset::file::write(&inverse)).unwrap();
    let back = check(&inverse, &as_created(&applied.after), None);
    assert_eq!(back.problems, vec![]);
    let original = org();
    assert_eq!(back.after.nodes, original.nodes);
    let attached = |m: &OrgModel| {
        m.attached
            .iter()
            .filter(|(_, s)| !s.is_empty())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    assert_eq!(attached(&back.after), attached(&original));
    assert_eq!(
        back.after.tags.get(DAN).cloned().unwrap_or_default(),
        BTreeMap::new()
    );
}

#[test]
fn steps_not_done_are_not_undone() {
    let applied = checked("[[step]]\nmove = \"alice\"\nto = \"Root/Sandbox\"\n[[step]]\nmove = \"bob\"\nto = \"Root/Sandbox\"\n");
    let states = HashMap::from([
        (0, StepState::Done { created: None }),
        (1, StepState::Failed { error: "x".into() }),
    ]);
    let journal = Loaded {
        file: "p.toml".into(),
        steps: applied.steps,
        states,
        attempted_at: HashMap::new(),
        finished: false,
    };
    let (inverse, _) = undo(&journal);
    assert_eq!(inverse.steps.len(), 1);
    assert_eq!(
        inverse.steps[0].action,
        Action::Move {
            account: ALICE.into(),
            to: LEGACY.into()
        }
    );
}
