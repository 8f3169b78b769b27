//! Colours. Truecolor when the terminal says so (COLORTERM), the 16 ANSI colours
//! otherwise, and none at all under NO_COLOR (selection then shows as reversed text).

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Palette {
    TrueColor,
    Ansi16,
    NoColor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub palette: Palette,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            palette: Palette::Ansi16,
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
        Theme { palette }
    }

    fn fg(&self, rgb: (u8, u8, u8), ansi: Color) -> Style {
        match self.palette {
            Palette::TrueColor => Style::new().fg(Color::Rgb(rgb.0, rgb.1, rgb.2)),
            Palette::Ansi16 => Style::new().fg(ansi),
            Palette::NoColor => Style::new(),
        }
    }

    pub fn border(&self) -> Style {
        self.fg((90, 90, 110), Color::DarkGray)
    }
    pub fn border_focused(&self) -> Style {
        self.fg((120, 170, 255), Color::LightBlue)
            .add_modifier(Modifier::BOLD)
    }
    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    pub fn selected(&self, focused: bool) -> Style {
        match (self.palette, focused) {
            (Palette::NoColor, true) => Style::new().add_modifier(Modifier::REVERSED),
            (Palette::NoColor, false) => Style::new().add_modifier(Modifier::UNDERLINED),
            (Palette::TrueColor, true) => Style::new()
                .bg(Color::Rgb(50, 70, 110))
                .add_modifier(Modifier::BOLD),
            (Palette::TrueColor, false) => Style::new().bg(Color::Rgb(45, 45, 55)),
            (Palette::Ansi16, true) => Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            (Palette::Ansi16, false) => Style::new().add_modifier(Modifier::REVERSED),
        }
    }
    pub fn dim(&self) -> Style {
        self.fg((130, 130, 140), Color::DarkGray)
    }
    pub fn ou(&self) -> Style {
        self.fg((130, 190, 255), Color::LightCyan)
            .add_modifier(Modifier::BOLD)
    }
    pub fn root(&self) -> Style {
        self.fg((230, 200, 120), Color::Yellow)
            .add_modifier(Modifier::BOLD)
    }
    pub fn error(&self) -> Style {
        self.fg((255, 110, 110), Color::LightRed)
            .add_modifier(Modifier::BOLD)
    }
    pub fn warn(&self) -> Style {
        self.fg((240, 190, 90), Color::Yellow)
    }
    pub fn ok(&self) -> Style {
        self.fg((130, 210, 130), Color::Green)
    }
    pub fn key(&self) -> Style {
        self.fg((120, 170, 255), Color::LightBlue)
            .add_modifier(Modifier::BOLD)
    }
    pub fn label(&self) -> Style {
        self.fg((150, 150, 165), Color::Gray)
    }
    /// The characters a filter or picker query matched. Underlined as well, so it shows
    /// without colour and on a selected row.
    pub fn highlight(&self) -> Style {
        self.fg((255, 170, 60), Color::LightMagenta)
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
}
