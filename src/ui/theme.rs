//! Colours. A theme (built in: dark, light, high-contrast) gives each role a truecolor and
//! a 16-colour tone; the terminal decides which is used (COLORTERM), and none at all under
//! NO_COLOR (selection then shows as reversed text). Colours from the config file's
//! `[colors]` override the theme's in every palette: the NO_COLOR convention lets a
//! user's own configuration win over the variable.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Palette {
    TrueColor,
    Ansi16,
    NoColor,
}

/// What a colour is for; the config file names them in `[colors]` (`border_focused`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Border,
    BorderFocused,
    Selected,
    SelectedText,
    SelectedUnfocused,
    Dim,
    Ou,
    Root,
    Error,
    Warn,
    Ok,
    Key,
    Label,
    Highlight,
}

/// Every role with its config name, in `Role` order (the index is `role as usize`).
pub const ROLES: [(Role, &str); 14] = [
    (Role::Border, "border"),
    (Role::BorderFocused, "border_focused"),
    (Role::Selected, "selected"),
    (Role::SelectedText, "selected_text"),
    (Role::SelectedUnfocused, "selected_unfocused"),
    (Role::Dim, "dim"),
    (Role::Ou, "ou"),
    (Role::Root, "root"),
    (Role::Error, "error"),
    (Role::Warn, "warn"),
    (Role::Ok, "ok"),
    (Role::Key, "key"),
    (Role::Label, "label"),
    (Role::Highlight, "highlight"),
];

/// One role's colour in truecolor and in the 16 ANSI colours; None leaves the
/// terminal's own (for a selection: reversed text instead).
type Tone = (Option<(u8, u8, u8)>, Option<Color>);

/// A built-in theme: its name and a tone per role, in `Role` order.
#[derive(Debug, PartialEq, Eq)]
struct Scheme {
    name: &'static str,
    tones: [Tone; 14],
}

const fn t(rgb: (u8, u8, u8), ansi: Color) -> Tone {
    (Some(rgb), Some(ansi))
}

#[rustfmt::skip]
const SCHEMES: [Scheme; 3] = [
    Scheme { name: THEME_NAMES[0], tones: [
        t((90, 90, 110), Color::DarkGray), t((120, 170, 255), Color::LightBlue),
        t((50, 70, 110), Color::Blue), (None, Some(Color::White)), (Some((45, 45, 55)), None),
        t((130, 130, 140), Color::DarkGray), t((130, 190, 255), Color::LightCyan),
        t((230, 200, 120), Color::Yellow), t((255, 110, 110), Color::LightRed),
        t((240, 190, 90), Color::Yellow), t((130, 210, 130), Color::Green),
        t((120, 170, 255), Color::LightBlue), t((150, 150, 165), Color::Gray),
        t((255, 170, 60), Color::LightMagenta),
    ]},
    // For a light background: darker tones, no light cyan or yellow text.
    Scheme { name: THEME_NAMES[1], tones: [
        t((170, 170, 185), Color::Gray), t((30, 90, 200), Color::Blue),
        t((190, 210, 245), Color::Blue), (None, Some(Color::White)), (Some((225, 225, 232)), None),
        t((110, 110, 120), Color::DarkGray), t((20, 90, 170), Color::Blue),
        t((150, 95, 0), Color::Magenta), t((190, 20, 20), Color::Red),
        t((170, 100, 0), Color::Magenta), t((20, 130, 40), Color::Green),
        t((30, 90, 200), Color::Blue), t((90, 90, 105), Color::DarkGray),
        t((200, 60, 0), Color::Red),
    ]},
    // Bright on black, no greys below mid tone, selection in yellow.
    Scheme { name: THEME_NAMES[2], tones: [
        t((255, 255, 255), Color::White), t((255, 255, 0), Color::LightYellow),
        t((255, 255, 0), Color::Yellow), (Some((0, 0, 0)), Some(Color::Black)), (Some((90, 90, 90)), None),
        t((200, 200, 200), Color::Gray), t((0, 255, 255), Color::LightCyan),
        t((255, 255, 0), Color::LightYellow), t((255, 80, 80), Color::LightRed),
        t((255, 200, 0), Color::Yellow), t((0, 255, 0), Color::LightGreen),
        t((0, 255, 255), Color::LightCyan), t((230, 230, 230), Color::White),
        t((255, 0, 255), Color::LightMagenta),
    ]},
];

/// The names of the built-in themes (the palette's `:theme` checks them too).
pub use crate::app::command::THEME_NAMES;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub palette: Palette,
    scheme: &'static Scheme,
    /// The config file's colours, by role.
    user: [Option<Color>; 14],
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            palette: Palette::Ansi16,
            scheme: &SCHEMES[0],
            user: [None; 14],
        }
    }
}

impl Theme {
    /// From the environment: NO_COLOR (any value) wins, then COLORTERM.
    pub fn detect(no_color: Option<&str>, colorterm: Option<&str>) -> Theme {
        let palette = if no_color.is_some_and(|v| !v.is_empty()) {
            Palette::NoColor
        } else if matches!(colorterm, Some("truecolor" | "24bit")) {
            Palette::TrueColor
        } else {
            Palette::Ansi16
        };
        Theme {
            palette,
            ..Theme::default()
        }
    }

    /// The built-in theme of that name (see `THEME_NAMES`), in the 16-colour palette.
    pub fn named(name: &str) -> Option<Theme> {
        let scheme = SCHEMES.iter().find(|s| s.name == name)?;
        Some(Theme {
            scheme,
            ..Theme::default()
        })
    }

    /// This theme's name.
    pub fn name(&self) -> &'static str {
        self.scheme.name
    }

    /// Another built-in theme, keeping the palette and the user's colours (`:theme NAME`).
    pub fn switched_to(&self, name: &str) -> Option<Theme> {
        Some(Theme {
            palette: self.palette,
            user: self.user,
            ..Theme::named(name)?
        })
    }

    /// The same theme in another palette.
    pub fn with_palette(self, palette: Palette) -> Theme {
        Theme { palette, ..self }
    }

    /// The same theme with the user's colour for `role`.
    pub fn with_color(mut self, role: Role, color: Color) -> Theme {
        self.user[role as usize] = Some(color);
        self
    }

    /// The colour of `role` in this palette, if any.
    fn color(&self, role: Role) -> Option<Color> {
        if let Some(c) = self.user[role as usize] {
            return Some(c);
        }
        let (rgb, ansi) = self.scheme.tones[role as usize];
        match self.palette {
            Palette::TrueColor => rgb.map(|(r, g, b)| Color::Rgb(r, g, b)),
            Palette::Ansi16 => ansi,
            Palette::NoColor => None,
        }
    }

    fn fg(&self, role: Role) -> Style {
        match self.color(role) {
            Some(c) => Style::new().fg(c),
            None => Style::new(),
        }
    }

    pub fn border(&self) -> Style {
        self.fg(Role::Border)
    }
    pub fn border_focused(&self) -> Style {
        self.fg(Role::BorderFocused).add_modifier(Modifier::BOLD)
    }
    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    pub fn selected(&self, focused: bool) -> Style {
        let (role, plain) = match (focused, self.palette) {
            (true, _) => (Role::Selected, Modifier::REVERSED),
            (false, Palette::NoColor) => (Role::SelectedUnfocused, Modifier::UNDERLINED),
            (false, _) => (Role::SelectedUnfocused, Modifier::REVERSED),
        };
        let Some(bg) = self.color(role) else {
            return Style::new().add_modifier(plain);
        };
        let style = Style::new().bg(bg);
        if !focused {
            return style;
        }
        match self.color(Role::SelectedText) {
            Some(fg) => style.fg(fg),
            None => style,
        }
        .add_modifier(Modifier::BOLD)
    }
    pub fn dim(&self) -> Style {
        self.fg(Role::Dim)
    }
    pub fn ou(&self) -> Style {
        self.fg(Role::Ou).add_modifier(Modifier::BOLD)
    }
    pub fn root(&self) -> Style {
        self.fg(Role::Root).add_modifier(Modifier::BOLD)
    }
    pub fn error(&self) -> Style {
        self.fg(Role::Error).add_modifier(Modifier::BOLD)
    }
    pub fn warn(&self) -> Style {
        self.fg(Role::Warn)
    }
    pub fn ok(&self) -> Style {
        self.fg(Role::Ok)
    }
    pub fn key(&self) -> Style {
        self.fg(Role::Key).add_modifier(Modifier::BOLD)
    }
    pub fn label(&self) -> Style {
        self.fg(Role::Label)
    }
    /// The characters a filter or picker query matched. Underlined as well, so it shows
    /// without colour and on a selected row.
    pub fn highlight(&self) -> Style {
        self.fg(Role::Highlight)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_follows_the_environment() {
        assert_eq!(
            Theme::detect(Some("1"), Some("truecolor")).palette,
            Palette::NoColor
        );
        assert_eq!(
            Theme::detect(None, Some("truecolor")).palette,
            Palette::TrueColor
        );
        assert_eq!(Theme::detect(None, None).palette, Palette::Ansi16);
        assert_eq!(Theme::detect(Some(""), None).palette, Palette::Ansi16);
        assert_eq!(Theme::detect(Some("1"), None).error().fg, None);
        let plain = Theme::detect(Some("1"), None).highlight();
        assert!(plain.add_modifier.contains(Modifier::UNDERLINED));
    }

    #[test]
    fn the_dark_theme_keeps_its_colours() {
        let ansi = Theme::default();
        assert_eq!(ansi.name(), "dark");
        assert_eq!(
            ansi.selected(true),
            Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD)
        );
        assert_eq!(
            ansi.selected(false),
            Style::new().add_modifier(Modifier::REVERSED)
        );
        let rgb = ansi.with_palette(Palette::TrueColor);
        assert_eq!(rgb.ou().fg, Some(Color::Rgb(130, 190, 255)));
        assert_eq!(
            rgb.selected(true),
            Style::new()
                .bg(Color::Rgb(50, 70, 110))
                .add_modifier(Modifier::BOLD)
        );
        let none = ansi.with_palette(Palette::NoColor);
        assert_eq!(
            none.selected(false),
            Style::new().add_modifier(Modifier::UNDERLINED)
        );
    }

    #[test]
    fn named_themes_differ_and_unknown_names_are_none() {
        for name in THEME_NAMES {
            assert_eq!(Theme::named(name).map(|t| t.name()), Some(name));
        }
        assert_ne!(
            Theme::named("light").map(|t| t.ou()),
            Theme::named("dark").map(|t| t.ou())
        );
        assert_eq!(Theme::named("solarized"), None);
    }

    #[test]
    fn user_colours_win_in_every_palette() {
        let t = Theme::named("light")
            .map(|t| t.with_color(Role::Error, Color::Rgb(1, 2, 3)))
            .map(|t| t.with_palette(Palette::NoColor));
        assert_eq!(t.map(|t| t.error().fg), Some(Some(Color::Rgb(1, 2, 3))));
        let switched = t.and_then(|t| t.switched_to("high-contrast"));
        assert_eq!(switched.map(|t| t.name()), Some("high-contrast"));
        assert_eq!(
            switched.map(|t| (t.error().fg, t.palette)),
            Some((Some(Color::Rgb(1, 2, 3)), Palette::NoColor))
        );
    }
}
