//! The contract harness: one body per behaviour, one test per backend (moto and the demo).
//! The test file must `use` what the bodies need, `AwsBackend` and `OrgBackend` among them.

/// `contract! { async fn name(b, caller) { ... } ... }` defines each body once (in `cases`)
/// and a `#[tokio::test]` for it in `mod moto` and `mod demo` (in paused time). `b: &dyn OrgBackend`;
/// `caller: &str` is the account id the backend acts as (the management account once the
/// test has created its organization).
#[allow(unused_macros)] // not every test binary runs the contract
macro_rules! contract {
    ($(async fn $name:ident($b:ident, $caller:ident) $body:block)*) => {
        mod cases {
            #[allow(unused_imports)]
            use super::*;
            $(
                pub async fn $name($b: &dyn OrgBackend, $caller: &str) $body
            )*
        }

        mod moto {
            use super::*;
            $(
                #[tokio::test]
                async fn $name() {
                    let caller = support::unique_account_id();
                    let backend = AwsBackend::for_emulator(
                        &support::Moto::shared().endpoint(),
                        Some(&caller),
                    );
                    cases::$name(&backend, &caller).await;
                }
            )*
        }

        mod demo {
            use super::*;
            $(
                // The demo runs in tokio's paused time: a body's waits for it (a creation,
                // a closure) pass at once instead of in real time.
                #[tokio::test(start_paused = true)]
                async fn $name() {
                    let caller = support::unique_account_id();
                    let backend = orgtui::demo::DemoBackend::empty(&caller);
                    cases::$name(&backend, &caller).await;
                }
            )*
        }
    };
}
