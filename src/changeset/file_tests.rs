use super::*;
use proptest::prelude::*;

fn actions(p: &PlanFile) -> Vec<Action> {
    p.steps.iter().map(|s| s.action.clone()).collect()
}

#[test]
fn the_example_parses_with_each_steps_line() {
    let text = "# orgtui plan v1\n[[step]]\ncreate-ou = \"Root/Workloads/Prod\"\n\n[[step]]\nmove = \"111122223333\"  # or a name\nto = \"Root/Workloads/Prod\"\n[[step]]\nattach = \"RegionLock\"\nto = \"Root/Workloads/Prod\"\n";
    let plan = parse(text).unwrap();
    let lines: Vec<usize> = plan.steps.iter().map(|s| s.line).collect();
    assert_eq!(lines, vec![2, 5, 8]);
    assert_eq!(
        plan.steps[1].action,
        Action::Move {
            account: "111122223333".into(),
            to: "Root/Workloads/Prod".into()
        }
    );
}

#[test]
fn mistakes_name_their_line_and_reason() {
    let text = "[[step]]\ncreate-ou = \"Root/A\"\n[[step]]\nmove = \"11112222333\"\nto = \"Root/A\"\n[[step]]\nattach = \"X\"\nto = \"ou-bad\"\n[[step]]\nmvoe = \"x\"\n[[step]]\nmove = \"a\"\nto = \"Root\"\nfrom = \"Root\"\n";
    let errors = parse(text).unwrap_err();
    let shown: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        shown,
        vec![
            "line 3: \"11112222333\" is not an account id (12 digits)",
            "line 6: \"ou-bad\" is not an OU id (ou-xxxx-xxxxxxxx)",
            "line 9: a step needs one of create-ou, rename-ou, delete-ou, move, attach, detach, tag, untag, create-policy, update-policy, delete-policy, enable-policy-type, disable-policy-type, register-admin, deregister-admin, enable-service-access, disable-service-access (did you mean \"move\"?)",
            "line 11: move takes no \"from\"",
        ]
    );
}

#[test]
fn a_toml_syntax_error_names_its_line() {
    let errors = parse("[[step]]\nmove = \"a\"\nto = Root\n").unwrap_err();
    assert_eq!(errors[0].line, 3, "{errors:?}");
}

#[test]
fn policy_types_by_api_name_or_short_label() {
    assert_eq!(policy_type("scp"), Ok(PolicyType::ServiceControl));
    assert_eq!(
        policy_type("RESOURCE_CONTROL_POLICY"),
        Ok(PolicyType::ResourceControl)
    );
    assert!(policy_type("SERVICE_CONTROL_POLICYS")
        .unwrap_err()
        .contains("did you mean"));
}

fn name() -> impl Strategy<Value = String> {
    // Names with quotes, backslashes, newlines and non-ASCII: all must survive.
    "[A-Za-z0-9 /\"\\\\\n é-]{1,12}".prop_filter("not id-shaped", |s| {
        !s.trim().is_empty()
            && !s.starts_with("ou-")
            && !s.starts_with("r-")
            && !s.starts_with("p-")
            && !s.bytes().all(|b| b.is_ascii_digit())
    })
}

fn any_action() -> impl Strategy<Value = Action> {
    let doc = prop_oneof![name().prop_map(Doc::Inline), name().prop_map(Doc::File)];
    let kind = prop_oneof![Just(PolicyType::ServiceControl), Just(PolicyType::Tag)];
    prop_oneof![
        name().prop_map(|path| Action::CreateOu { path }),
        (name(), name()).prop_map(|(ou, name)| Action::RenameOu { ou, name }),
        name().prop_map(|ou| Action::DeleteOu { ou }),
        (name(), name()).prop_map(|(account, to)| Action::Move { account, to }),
        (name(), name()).prop_map(|(policy, to)| Action::Attach { policy, to }),
        (name(), name()).prop_map(|(policy, from)| Action::Detach { policy, from }),
        (name(), prop::collection::btree_map(name(), name(), 0..3))
            .prop_map(|(resource, tags)| Action::Tag { resource, tags }),
        (name(), prop::collection::vec(name(), 0..3))
            .prop_map(|(resource, keys)| Action::Untag { resource, keys }),
        (name(), kind.clone(), name(), doc.clone()).prop_map(
            |(name, kind, description, document)| Action::CreatePolicy {
                name,
                kind,
                description,
                document
            }
        ),
        (
            name(),
            prop::option::of(name()),
            prop::option::of(name()),
            doc
        )
            .prop_map(|(policy, name, description, d)| Action::UpdatePolicy {
                policy,
                document: Some(d),
                name,
                description
            }),
        name().prop_map(|policy| Action::DeletePolicy { policy }),
        kind.clone()
            .prop_map(|kind| Action::EnablePolicyType { kind }),
        kind.prop_map(|kind| Action::DisablePolicyType { kind }),
        (name(), name()).prop_map(|(account, service)| Action::RegisterAdmin { account, service }),
        (name(), name())
            .prop_map(|(account, service)| Action::DeregisterAdmin { account, service }),
        name().prop_map(|service| Action::EnableServiceAccess { service }),
        name().prop_map(|service| Action::DisableServiceAccess { service }),
    ]
}

proptest! {
    #[test]
    fn write_then_parse_gives_the_same_plan(
        steps in prop::collection::vec(any_action(), 0..8),
        pinned in prop::collection::vec(name(), 0..3),
    ) {
        let plan = PlanFile { steps: steps.into_iter().map(|action| Step { line: 0, action }).collect(), pinned };
        let text = write(&plan);
        let back = parse(&text).map_err(|e| TestCaseError::fail(format!("{e:?}\n{text}")))?;
        prop_assert_eq!(actions(&back), actions(&plan));
        prop_assert_eq!(back.pinned, plan.pinned);
        // Each step's line is its header's.
        for s in &back.steps {
            prop_assert_eq!(text.lines().nth(s.line - 1), Some("[[step]]"));
        }
    }
}
