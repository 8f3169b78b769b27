//! SDK errors to [`OrgError`]: AWS's code and message are kept; credential, network and
//! non-AWS (HTTP 500 HTML, a web server's 404 or 501) failures get kinds and readable
//! messages of their own.

use std::future::Future;

use aws_sdk_organizations as sdk;
use sdk::config::http::HttpResponse;
use sdk::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

use super::AwsBackend;
use crate::org::error::{ErrorKind, OrgError, OrgResult};

impl AwsBackend {
    /// Awaits one SDK call (`builder.send()`), mapping its error: the shape every call shares.
    pub(super) async fn send<O, E>(
        &self,
        call: impl Future<Output = Result<O, SdkError<E, HttpResponse>>>,
    ) -> OrgResult<O>
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        call.await.map_err(|e| self.fail(e))
    }

    /// Maps an SDK error, naming the profile when credentials are the problem.
    fn fail<E>(&self, err: SdkError<E, HttpResponse>) -> OrgError
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let mut e = map_sdk_error(err);
        if e.kind == ErrorKind::Credentials {
            if let Some(p) = &self.profile {
                e.message = format!(
                    "profile `{p}` gave no usable credentials (is it in ~/.aws/config, and is its SSO session current?): {}",
                    e.message
                );
            }
        }
        e
    }
}

/// Maps any SDK error to the domain error, keeping AWS's code and message.
pub fn map_sdk_error<E>(err: SdkError<E, HttpResponse>) -> OrgError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    // The full chain with debug detail, to recognise credential failures...
    let full = DisplayErrorContext(&err).to_string();
    // ...and the readable part of it for messages.
    let chain = error_chain(&err);
    match &err {
        SdkError::ServiceError(ctx) => {
            let e = ctx.err();
            match e.code() {
                Some(code) if !code.is_empty() => {
                    let message = with_reason(e.message().unwrap_or_default(), ctx.raw());
                    if is_credentials_code(code) {
                        OrgError::with_kind(ErrorKind::Credentials, code, message)
                    } else {
                        with_status(OrgError::new(code, message), ctx.raw().status().as_u16())
                    }
                }
                _ => http_error(ctx.raw(), &chain),
            }
        }
        SdkError::ResponseError(ctx) => http_error(ctx.raw(), &chain),
        SdkError::TimeoutError(_) => timeout(&chain),
        SdkError::DispatchFailure(d) => {
            if looks_like_credentials(&full) {
                credentials_error(&chain)
            } else if d.is_timeout() {
                timeout(&chain)
            } else if is_connect_failure(&full) {
                // No connection was made, so nothing was sent.
                OrgError::unreachable(format!("could not reach the endpoint: {chain}"))
            } else {
                // The request may have gone out before the connection broke.
                OrgError::connection_lost(format!(
                    "the connection was lost before an answer came: {chain}"
                ))
            }
        }
        SdkError::ConstructionFailure(_) => {
            if looks_like_credentials(&full) {
                credentials_error(&chain)
            } else {
                OrgError::with_kind(
                    ErrorKind::Other,
                    "RequestNotBuilt",
                    format!("could not build the request: {chain}"),
                )
            }
        }
        _ => OrgError::with_kind(ErrorKind::Other, "SdkError", chain),
    }
}

/// AWS's message, led by the `Reason` field AWS puts beside it in some errors
/// (ConstraintViolationException: `MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED`, ...), which
/// the SDK's generic error metadata drops: `REASON: message`, as the demo writes it.
fn with_reason(message: &str, raw: &HttpResponse) -> String {
    let reason = raw
        .body()
        .bytes()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(b).ok())
        .and_then(|v| v.get("Reason").and_then(|r| r.as_str()).map(str::to_string));
    match reason {
        Some(r) if !r.is_empty() && !message.starts_with(&r) => format!("{r}: {message}"),
        _ => message.to_string(),
    }
}

/// Whether a dispatch failure happened while connecting (DNS, refused, unreachable, TLS
/// handshake), before any byte of the request was sent.
fn is_connect_failure(chain: &str) -> bool {
    let c = chain.to_ascii_lowercase();
    [
        "(connect)",
        "connection refused",
        "dns error",
        "failed to lookup",
        "network is unreachable",
        "no route to host",
        "invalid peer certificate",
    ]
    .iter()
    .any(|k| c.contains(k))
}

fn timeout(chain: &str) -> OrgError {
    OrgError::timeout(format!("the request timed out: {chain}"))
}

/// AWS's codes for its own failures (ServiceException...) give a server error of a usual
/// status; this puts in the status that came.
fn with_status(mut e: OrgError, status: u16) -> OrgError {
    if let ErrorKind::ServerError { status: s } = &mut e.kind {
        if (500..600).contains(&status) {
            *s = status;
        }
    }
    e
}

/// `outer: inner: innermost`, skipping a cause whose text the outer error already shows.
fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut out = err.to_string();
    let mut cur = err.source();
    let mut depth = 0;
    while let Some(e) = cur {
        let text = e.to_string();
        if !text.is_empty() && !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        cur = e.source();
        depth += 1;
        if depth > 16 {
            break;
        }
    }
    out
}

fn is_credentials_code(code: &str) -> bool {
    matches!(
        code,
        "ExpiredTokenException"
            | "ExpiredToken"
            | "InvalidClientTokenId"
            | "UnrecognizedClientException"
            | "InvalidSignatureException"
            | "SignatureDoesNotMatch"
            | "MissingAuthenticationToken"
    )
}

fn looks_like_credentials(chain: &str) -> bool {
    let c = chain.to_ascii_lowercase();
    [
        "credential",
        "identity resolver",
        "resolve identity",
        "access token",
        "profile",
        "token has expired",
    ]
    .iter()
    .any(|k| c.contains(k))
        || c.split(|ch: char| !ch.is_ascii_alphanumeric())
            .any(|w| w == "sso")
}

fn credentials_error(chain: &str) -> OrgError {
    OrgError::with_kind(
        ErrorKind::Credentials,
        "CredentialsError",
        chain.to_string(),
    )
}

/// A response that is not an AWS error document (moto answers unimplemented calls with
/// HTTP 500 and an HTML page).
fn http_error(raw: &HttpResponse, chain: &str) -> OrgError {
    let status = raw.status().as_u16();
    let body = raw
        .body()
        .bytes()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let detail = html_title(&body).unwrap_or_else(|| {
        let text: String = body.chars().take(200).collect();
        if text.trim().is_empty() {
            chain.to_string()
        } else {
            text.trim().to_string()
        }
    });
    let message = if status == 500 && body.trim_start().starts_with('<') {
        format!("the endpoint does not implement this call ({detail})")
    } else {
        detail
    };
    // Organizations takes every call as a POST to / and answers in JSON, errors too: "no
    // such path", "no such method" or a web page below 500 come from something else.
    let web_page = body.trim_start().starts_with('<');
    let kind = match status {
        429 => ErrorKind::Throttled,
        403 => ErrorKind::AccessDenied,
        404 | 405 | 501 => ErrorKind::NotOrganizations,
        500..=599 => return OrgError::server_error(status, message),
        _ if web_page => ErrorKind::NotOrganizations,
        _ => ErrorKind::Other,
    };
    OrgError::with_kind(kind, format!("HTTP {status}"), message)
}

fn html_title(body: &str) -> Option<String> {
    let lower = body.to_ascii_lowercase();
    let start = lower.find("<title>")? + "<title>".len();
    let end = start + lower.get(start..)?.find("</title>")?;
    let t = body.get(start..end)?.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A successful answer that lacks what the call is for.
pub(super) fn missing(what: &str) -> OrgError {
    OrgError::with_kind(
        ErrorKind::Other,
        "IncompleteResponse",
        format!("the response did not include {what}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_titles_are_found() {
        assert_eq!(
            html_title("<html><head><title>500 Internal Server Error</title></head>"),
            Some("500 Internal Server Error".to_string())
        );
        assert_eq!(html_title("{\"x\":1}"), None);
    }

    use sdk::error::{ConnectorError, ErrorMetadata};
    use sdk::operation::list_roots::ListRootsError;

    type Err = SdkError<ListRootsError, HttpResponse>;

    fn response(status: u16, body: &str) -> HttpResponse {
        let status = status.try_into().expect("a valid status");
        HttpResponse::new(status, aws_smithy_types::body::SdkBody::from(body))
    }

    fn io(kind: std::io::ErrorKind, text: &str) -> Err {
        SdkError::dispatch_failure(ConnectorError::io(Box::new(std::io::Error::new(
            kind, text,
        ))))
    }

    #[test]
    fn a_timeout_is_a_timeout() {
        let e = map_sdk_error::<ListRootsError>(SdkError::timeout_error("deadline passed"));
        assert_eq!((e.kind, e.code.as_str()), (ErrorKind::Timeout, "Timeout"));
        let e = map_sdk_error::<ListRootsError>(SdkError::dispatch_failure(
            ConnectorError::timeout("read timed out".into()),
        ));
        assert_eq!((e.kind, e.code.as_str()), (ErrorKind::Timeout, "Timeout"));
    }

    #[test]
    fn a_dispatch_failure_is_unreachable_before_connecting_and_lost_after() {
        let e = map_sdk_error(io(
            std::io::ErrorKind::ConnectionRefused,
            "Connection refused (os error 111)",
        ));
        assert_eq!(
            (e.kind, e.code.as_str()),
            (ErrorKind::Unreachable, "NetworkError"),
            "{e:?}"
        );
        let e = map_sdk_error(io(
            std::io::ErrorKind::ConnectionReset,
            "connection reset by peer",
        ));
        assert_eq!(
            (e.kind, e.code.as_str()),
            (ErrorKind::ConnectionLost, "ConnectionLost"),
            "{e:?}"
        );
    }

    #[test]
    fn a_5xx_is_a_server_error_with_its_status() {
        // Not an AWS error document: the code is the status.
        let e = map_sdk_error::<ListRootsError>(SdkError::response_error(
            "unparseable",
            response(502, "Bad Gateway"),
        ));
        assert_eq!(
            (e.kind, e.code.as_str()),
            (ErrorKind::ServerError { status: 502 }, "HTTP 502")
        );
        // moto's page for a call it does not implement.
        let html = "<html><head><title>500 Internal Server Error</title></head></html>";
        let e = map_sdk_error::<ListRootsError>(SdkError::response_error(
            "unparseable",
            response(500, html),
        ));
        assert_eq!(e.kind, ErrorKind::ServerError { status: 500 });
        assert!(e.message.contains("does not implement"), "{e}");
        // AWS's own code keeps its name and takes the status that came.
        let meta = ErrorMetadata::builder()
            .code("ServiceException")
            .message("the service had a problem")
            .build();
        let e = map_sdk_error(SdkError::service_error(
            ListRootsError::generic(meta),
            response(503, "{}"),
        ));
        assert_eq!(
            (e.kind, e.code.as_str()),
            (ErrorKind::ServerError { status: 503 }, "ServiceException")
        );
        // Other statuses are not server errors.
        let e = map_sdk_error::<ListRootsError>(SdkError::response_error(
            "unparseable",
            response(429, ""),
        ));
        assert_eq!(e.kind, ErrorKind::Throttled);
        let e = map_sdk_error::<ListRootsError>(SdkError::response_error(
            "unparseable",
            response(400, ""),
        ));
        assert_eq!((e.kind, e.code.as_str()), (ErrorKind::Other, "HTTP 400"));
        // A web server, not Organizations: no such path or method, or a page.
        for (status, body) in [
            (404, ""),
            (501, "<html><title>Error response</title></html>"),
            (200, "<!DOCTYPE html><html></html>"),
        ] {
            let e = map_sdk_error::<ListRootsError>(SdkError::response_error(
                "unparseable",
                response(status, body),
            ));
            assert_eq!(
                (e.kind, e.code),
                (ErrorKind::NotOrganizations, format!("HTTP {status}"))
            );
        }
    }

    #[test]
    fn credential_chains_are_recognised() {
        assert!(looks_like_credentials(
            "dispatch failure: other: the credential provider was not enabled"
        ));
        assert!(looks_like_credentials(
            "the SSO token has expired and cannot be refreshed"
        ));
        assert!(!looks_like_credentials(
            "dispatch failure: io error: Connection refused (os error 111)"
        ));
    }
}
