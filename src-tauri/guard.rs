//! The window stays on Firebreak's own pages. A link in imported text, or a script that got
//! into the page, cannot take the window (and its access to Firebreak's commands) to
//! another origin: such navigations are refused. New windows (`window.open`) are refused by
//! WebKitGTK already, as no handler is installed for them.

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Runtime, Url};

/// The app's own origin: `tauri://localhost` (Linux, macOS) or `http(s)://tauri.localhost`
/// (Windows), plus `about:blank`, which the webview loads before the app.
pub fn allowed(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        "about" => url.path() == "blank",
        _ => false,
    }
}

pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("navigation-guard")
        .on_navigation(|_, url| {
            let ok = allowed(url);
            if !ok {
                eprintln!("firebreak: refused navigation to {url}");
            }
            ok
        })
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apps_own_origin_is_allowed() {
        let ok = [
            "tauri://localhost/",
            "tauri://localhost/index.html#/incidents",
            "http://tauri.localhost/index.html",
            "about:blank",
        ];
        let refused = [
            "https://evil.example/",
            "http://localhost:1420/",
            "tauri://evil.example/",
            "http://tauri.localhost.evil.example/",
            "file:///etc/passwd",
            "data:text/html,<script>alert(1)</script>",
            "javascript:alert(1)",
            "about:srcdoc",
        ];
        for u in ok {
            assert!(
                Url::parse(u).is_ok_and(|u| allowed(&u)),
                "{u} should be allowed"
            );
        }
        for u in refused {
            assert!(
                !Url::parse(u).is_ok_and(|u| allowed(&u)),
                "{u} should be refused"
            );
        }
    }
}
