//! Checks of command-line values that the AWS SDK would only reject at the first call, and
//! then vaguely ("RequestNotBuilt"): the region and the endpoint URL.

/// The region patterns of the AWS partitions, as the SDK's partitions.json has them
/// (`^cn\-\w+\-\d+$` and so on): the fixed leading parts before one `\w+` part and the
/// number.
const PARTITION_PREFIXES: &[&[&str]] = &[
    &["us"],
    &["eu"],
    &["ap"],
    &["sa"],
    &["ca"],
    &["me"],
    &["af"],
    &["il"],
    &["mx"],
    &["cn"],
    &["us", "gov"],
    &["us", "iso"],
    &["us", "isob"],
    &["eu", "isoe"],
    &["us", "isof"],
    &["eusc", "de"],
];

/// The pseudo-regions of the global endpoints, which the SDK accepts too.
const GLOBAL_REGIONS: &[&str] = &[
    "aws-global",
    "aws-cn-global",
    "aws-us-gov-global",
    "aws-iso-global",
    "aws-iso-b-global",
    "aws-iso-e-global",
    "aws-iso-f-global",
];

/// Whether `region` has the form of a region of some AWS partition (us-east-1,
/// eu-central-2, cn-northwest-1, us-gov-west-1, us-isob-east-1, eusc-de-east-1, …).
pub fn is_region(region: &str) -> bool {
    if GLOBAL_REGIONS.contains(&region) {
        return true;
    }
    let parts: Vec<&str> = region.split('-').collect();
    let word = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_');
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    PARTITION_PREFIXES.iter().any(|prefix| {
        parts.len() == prefix.len() + 2
            && parts.starts_with(prefix)
            && word(parts[prefix.len()])
            && number(parts[prefix.len() + 1])
    })
}

/// A region from `source` (`--region`, `AWS_REGION`): an error message unless it looks
/// like a region.
pub fn check_region(source: &str, region: &str) -> Result<(), String> {
    if is_region(region) {
        Ok(())
    } else {
        Err(format!(
            "{source} {region:?} is not an AWS region: expected the form us-east-1, \
             eu-central-1, cn-north-1 or us-gov-west-1"
        ))
    }
}

/// An endpoint from `source` (`--endpoint-url`, `AWS_ENDPOINT_URL`): an error message
/// unless it is an http or https URL with a host.
pub fn check_endpoint_url(source: &str, value: &str) -> Result<(), String> {
    let bad = |why: &str| {
        Err(format!(
            "{source} {value:?} is not a usable URL: {why} (e.g. http://localhost:5000)"
        ))
    };
    // "localhost:5000" would parse as the scheme "localhost" with the path "5000".
    if !value.contains("://") {
        return bad("it has no scheme, write http:// or https:// before the host");
    }
    let url = match url::Url::parse(value) {
        Ok(url) => url,
        Err(e) => return bad(&e.to_string()),
    };
    if !matches!(url.scheme(), "http" | "https") {
        return bad(&format!(
            "the scheme is {}, not http or https",
            url.scheme()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return bad("it has no host");
    }
    if url.query().is_some() || url.fragment().is_some() {
        return bad("an endpoint takes no query or fragment");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_of_every_partition_pass() {
        for r in [
            "us-east-1",
            "eu-central-2",
            "ap-southeast-5",
            "il-central-1",
            "mx-central-1",
            "cn-northwest-1",
            "us-gov-west-1",
            "us-iso-east-1",
            "us-isob-east-1",
            "eu-isoe-west-1",
            "us-isof-south-1",
            "eusc-de-east-1",
            "aws-global",
        ] {
            assert!(is_region(r), "{r}");
        }
    }

    #[test]
    fn malformed_regions_fail() {
        for r in [
            "",
            "us-east",
            "useast1",
            "us-east-1a",
            "xx-east-1",
            "us east 1",
            "us-gov-west",
            "us-east-1-",
            "eusc-fr-east-1",
            "https://us-east-1",
        ] {
            assert!(!is_region(r), "{r}");
        }
        assert!(check_region("--region", "us-east")
            .unwrap_err()
            .starts_with("--region \"us-east\" is not an AWS region"));
    }

    #[test]
    fn endpoint_urls() {
        let check = |url| check_endpoint_url("AWS_ENDPOINT_URL", url);
        assert_eq!(check("http://localhost:5000"), Ok(()));
        assert_eq!(check("https://organizations.example.com/"), Ok(()));
        for bad in [
            "localhost:5000",
            "ftp://host",
            "http://",
            "not a url",
            "http://h?x=1",
        ] {
            assert!(check(bad).is_err(), "{bad}");
        }
        let why = check("localhost:5000").unwrap_err();
        assert!(
            why.starts_with(
                "AWS_ENDPOINT_URL \"localhost:5000\" is not a usable URL: it has no scheme"
            ),
            "{why}"
        );
    }
}
