//! Platforms and creator identity (platform + handle, case-insensitive, `@` ignored).

use std::fmt;

/// The networks a creator can post on. Stored as one byte per creator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Platform {
    Instagram,
    TikTok,
    YouTube,
    X,
    Twitch,
    Pinterest,
    LinkedIn,
    Facebook,
    Snapchat,
    Blog,
}

impl Platform {
    pub const ALL: [Platform; 10] = [
        Platform::Instagram,
        Platform::TikTok,
        Platform::YouTube,
        Platform::X,
        Platform::Twitch,
        Platform::Pinterest,
        Platform::LinkedIn,
        Platform::Facebook,
        Platform::Snapchat,
        Platform::Blog,
    ];

    /// The lowercase name used in files and on the command line.
    pub const fn key(self) -> &'static str {
        match self {
            Platform::Instagram => "instagram",
            Platform::TikTok => "tiktok",
            Platform::YouTube => "youtube",
            Platform::X => "x",
            Platform::Twitch => "twitch",
            Platform::Pinterest => "pinterest",
            Platform::LinkedIn => "linkedin",
            Platform::Facebook => "facebook",
            Platform::Snapchat => "snapchat",
            Platform::Blog => "blog",
        }
    }

    /// The name as people write it, for the screen.
    pub const fn label(self) -> &'static str {
        match self {
            Platform::Instagram => "Instagram",
            Platform::TikTok => "TikTok",
            Platform::YouTube => "YouTube",
            Platform::X => "X",
            Platform::Twitch => "Twitch",
            Platform::Pinterest => "Pinterest",
            Platform::LinkedIn => "LinkedIn",
            Platform::Facebook => "Facebook",
            Platform::Snapchat => "Snapchat",
            Platform::Blog => "Blog",
        }
    }

    pub const fn index(self) -> usize {
        self as usize
    }

    pub fn from_index(i: usize) -> Option<Platform> {
        Platform::ALL.get(i).copied()
    }

    /// Reads a platform name case-insensitively, ignoring spaces, `-`, `_` and `.`; accepts
    /// the common abbreviations and old names (`twitter`, `ig`, `yt`).
    pub fn parse(text: &str) -> Option<Platform> {
        let mut key = [0u8; 24];
        let mut n = 0;
        for b in text.trim().bytes() {
            if matches!(b, b' ' | b'-' | b'_' | b'.') {
                continue;
            }
            if n == key.len() {
                return None;
            }
            key[n] = b.to_ascii_lowercase();
            n += 1;
        }
        Some(match &key[..n] {
            b"instagram" | b"ig" | b"insta" => Platform::Instagram,
            b"tiktok" | b"tt" => Platform::TikTok,
            b"youtube" | b"yt" | b"youtubeshorts" => Platform::YouTube,
            b"x" | b"twitter" | b"xcom" | b"xtwitter" => Platform::X,
            b"twitch" => Platform::Twitch,
            b"pinterest" => Platform::Pinterest,
            b"linkedin" => Platform::LinkedIn,
            b"facebook" | b"fb" => Platform::Facebook,
            b"snapchat" | b"snap" => Platform::Snapchat,
            b"blog" | b"website" | b"newsletter" => Platform::Blog,
            _ => return None,
        })
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A handle as written, without the optional leading `@` and surrounding spaces.
pub fn clean_handle(handle: &str) -> &str {
    let t = handle.trim();
    t.strip_prefix('@').unwrap_or(t).trim()
}

/// The identity key of a handle: cleaned and lowercased, so `@Lena.Lifts` and `lena.lifts`
/// are the same creator on one platform.
pub fn handle_key(handle: &str) -> String {
    clean_handle(handle).to_lowercase()
}

/// The public profile address of a creator, built from platform and handle
/// (`https://instagram.com/NAME`, `https://tiktok.com/@NAME`, `https://youtube.com/@NAME`...),
/// for plans and rosters that give no URL. A blog's handle is its site (`https://HANDLE`) when
/// it looks like a domain; otherwise, and for an empty handle, there is no address to build.
/// Characters outside letters, digits, `.`, `_` and `-` are percent-encoded, so the result is
/// one clean line whatever the handle holds.
pub fn profile_url(platform: Platform, handle: &str) -> Option<String> {
    let h = clean_handle(handle);
    if h.is_empty() {
        return None;
    }
    let mut name = String::with_capacity(h.len());
    for b in h.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-') {
            name.push(char::from(b));
        } else {
            name.push_str(&format!("%{b:02X}"));
        }
    }
    let url = match platform {
        Platform::Instagram => format!("https://instagram.com/{name}"),
        Platform::TikTok => format!("https://tiktok.com/@{name}"),
        Platform::YouTube => format!("https://youtube.com/@{name}"),
        Platform::X => format!("https://x.com/{name}"),
        Platform::Twitch => format!("https://twitch.tv/{name}"),
        Platform::Pinterest => format!("https://pinterest.com/{name}"),
        Platform::LinkedIn => format!("https://linkedin.com/in/{name}"),
        Platform::Facebook => format!("https://facebook.com/{name}"),
        Platform::Snapchat => format!("https://snapchat.com/add/{name}"),
        Platform::Blog => {
            let domain = name.contains('.')
                && !name.starts_with('.')
                && !name.ends_with('.')
                && !name.contains('%');
            return domain.then(|| format!("https://{}", name.to_ascii_lowercase()));
        }
    };
    Some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platforms_parse_loosely_and_print_canonically() {
        assert_eq!(Platform::parse("Instagram"), Some(Platform::Instagram));
        assert_eq!(Platform::parse(" YOUTUBE "), Some(Platform::YouTube));
        assert_eq!(Platform::parse("YouTube"), Some(Platform::YouTube));
        assert_eq!(Platform::parse("twitter"), Some(Platform::X));
        assert_eq!(Platform::parse("X"), Some(Platform::X));
        assert_eq!(Platform::parse("Tik-Tok"), Some(Platform::TikTok));
        assert_eq!(Platform::parse("linked_in"), Some(Platform::LinkedIn));
        assert_eq!(Platform::parse("myspace"), None);
        assert_eq!(Platform::parse(""), None);
        for p in Platform::ALL {
            assert_eq!(Platform::parse(p.key()), Some(p));
            assert_eq!(Platform::parse(p.label()), Some(p));
            assert_eq!(Platform::from_index(p.index()), Some(p));
        }
    }

    #[test]
    fn profile_urls_are_built_from_platform_and_handle() {
        let url = |p, h| profile_url(p, h);
        assert_eq!(
            url(Platform::Instagram, "@lena.lifts").as_deref(),
            Some("https://instagram.com/lena.lifts")
        );
        assert_eq!(
            url(Platform::TikTok, "ana_b").as_deref(),
            Some("https://tiktok.com/@ana_b")
        );
        assert_eq!(
            url(Platform::YouTube, "@Chef").as_deref(),
            Some("https://youtube.com/@Chef")
        );
        assert_eq!(
            url(Platform::Blog, "Ana.Cooks.com").as_deref(),
            Some("https://ana.cooks.com")
        );
        assert_eq!(url(Platform::Blog, "anacooks"), None);
        assert_eq!(url(Platform::X, " @ "), None);
        // Whatever a handle holds, the address is one clean line.
        assert_eq!(
            url(Platform::Twitch, "a b\u{1b}[2Jé").as_deref(),
            Some("https://twitch.tv/a%20b%1B%5B2J%C3%A9")
        );
        for p in Platform::ALL {
            if p != Platform::Blog {
                assert!(url(p, "x").is_some_and(|u| u.starts_with("https://")));
            }
        }
    }

    #[test]
    fn identity_ignores_case_and_at() {
        assert_eq!(handle_key("@Lena.Lifts"), handle_key("lena.lifts"));
        assert_eq!(clean_handle(" @ana "), "ana");
        assert_eq!(handle_key("  "), "");
    }
}
