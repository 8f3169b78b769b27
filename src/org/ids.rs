//! Identifier validation, following the regex patterns in the API reference.
//! Ids stay `String`s in the domain types (they come from the API already valid);
//! these checks guard what the user types.

/// What kind of node an id names, derived from its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TargetKind {
    Root,
    OrganizationalUnit,
    Account,
}

impl TargetKind {
    pub fn as_api_str(self) -> &'static str {
        match self {
            TargetKind::Root => "ROOT",
            TargetKind::OrganizationalUnit => "ORGANIZATIONAL_UNIT",
            TargetKind::Account => "ACCOUNT",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TargetKind::Root => "root",
            TargetKind::OrganizationalUnit => "OU",
            TargetKind::Account => "account",
        }
    }

    /// The kind named by a valid id, or `None` when the id is malformed.
    pub fn of(id: &str) -> Option<TargetKind> {
        if is_root_id(id) {
            Some(TargetKind::Root)
        } else if is_ou_id(id) {
            Some(TargetKind::OrganizationalUnit)
        } else if is_account_id(id) {
            Some(TargetKind::Account)
        } else {
            None
        }
    }
}

fn lower_alnum(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

fn lower_alnum_len(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && lower_alnum(s)
}

/// `r-` followed by 4 to 32 lower-case letters or digits.
pub fn is_root_id(id: &str) -> bool {
    id.strip_prefix("r-")
        .is_some_and(|rest| lower_alnum_len(rest, 4, 32))
}

/// `ou-` + 4..32 (the root part) + `-` + 8..32 lower-case letters or digits.
pub fn is_ou_id(id: &str) -> bool {
    let Some(rest) = id.strip_prefix("ou-") else {
        return false;
    };
    match rest.split_once('-') {
        Some((root, own)) => lower_alnum_len(root, 4, 32) && lower_alnum_len(own, 8, 32),
        None => false,
    }
}

/// Exactly 12 digits.
pub fn is_account_id(id: &str) -> bool {
    id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit())
}

/// `p-` followed by 8 to 128 lower-case letters, digits or underscores
/// (AWS-managed policies such as `p-FullAWSAccess` also occur).
pub fn is_policy_id(id: &str) -> bool {
    id.strip_prefix("p-").is_some_and(|rest| {
        (8..=128).contains(&rest.len())
            && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    }) || id == "p-FullAWSAccess"
}

/// A parent is a root or an OU.
pub fn is_parent_id(id: &str) -> bool {
    is_root_id(id) || is_ou_id(id)
}

/// Checks a name for an OU: 1..=128 characters, no control characters.
pub fn validate_ou_name(name: &str) -> Result<(), String> {
    let n = name.chars().count();
    if n == 0 {
        return Err("name must not be empty".into());
    }
    if n > 128 {
        return Err(format!("name is {n} characters; at most 128 allowed"));
    }
    if name.chars().any(char::is_control) {
        return Err("name must not contain control characters".into());
    }
    if name.trim() != name {
        return Err("name must not start or end with spaces".into());
    }
    Ok(())
}

/// Checks a policy name: 1..=128 characters of the ASCII range (the API's pattern), no
/// control characters.
pub fn validate_policy_name(name: &str) -> Result<(), String> {
    let n = name.chars().count();
    if n == 0 {
        return Err("name must not be empty".into());
    }
    if n > 128 {
        return Err(format!("name is {n} characters; at most 128 allowed"));
    }
    if let Some(c) = name.chars().find(|c| !c.is_ascii() || c.is_ascii_control()) {
        return Err(format!(
            "name may use only printable ASCII characters, not {:?}",
            c
        ));
    }
    Ok(())
}

/// A plausible email address: 6..=64 characters, one `@`, a dot in the domain.
pub fn validate_email(email: &str) -> Result<(), String> {
    let n = email.chars().count();
    if !(6..=64).contains(&n) {
        return Err(format!("email is {n} characters; 6 to 64 allowed"));
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err("email needs an @".into());
    };
    if local.is_empty() || domain.contains('@') || !domain.contains('.') {
        return Err("email must look like name@example.com".into());
    }
    if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("email must not contain spaces".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_api_patterns() {
        assert!(is_root_id("r-ab12"));
        assert!(!is_root_id("r-ab1"));
        assert!(!is_root_id("r-AB12"));
        assert!(is_ou_id("ou-ab12-abcdefgh"));
        assert!(!is_ou_id("ou-ab12-abcdefg"));
        assert!(!is_ou_id("ou-ab12"));
        assert!(is_account_id("123456789012"));
        assert!(!is_account_id("12345678901"));
        assert!(!is_account_id("12345678901a"));
        assert!(is_policy_id("p-abcdefgh"));
        assert!(is_policy_id("p-FullAWSAccess"));
        assert!(!is_policy_id("p-abc"));
        assert_eq!(TargetKind::of("123456789012"), Some(TargetKind::Account));
        assert_eq!(TargetKind::of("nonsense"), None);
    }

    #[test]
    fn names_and_emails_are_checked() {
        assert!(validate_ou_name("Prod").is_ok());
        assert!(validate_ou_name("").is_err());
        assert!(validate_ou_name(&"x".repeat(129)).is_err());
        assert!(validate_ou_name("a\u{1b}b").is_err());
        assert!(validate_email("a@b.co").is_ok());
        assert!(validate_email("ab.co").is_err());
    }
}
