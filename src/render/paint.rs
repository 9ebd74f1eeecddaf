//! Colour for plans on a terminal: plain ANSI escapes (SGR), or none at all. Whether colour is
//! on is the command line's decision (`--color`, `NO_COLOR`, `CLICOLOR_FORCE`); this only paints.

/// The colours a plan uses: green adds, yellow changes, red drops and hazards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    Green,
    Yellow,
    Red,
}

/// Paints text when `on`, returns it unchanged when not.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Paint {
    pub on: bool,
}

impl Paint {
    pub fn new(on: bool) -> Paint {
        Paint { on }
    }

    /// `text` in `color`, the colour reset after it.
    pub fn paint(self, color: Color, text: &str) -> String {
        if !self.on || text.is_empty() {
            return text.to_owned();
        }
        let code = match color {
            Color::Green => 32,
            Color::Yellow => 33,
            Color::Red => 31,
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }
}

#[cfg(test)]
mod tests {
    use super::{Color, Paint};

    #[test]
    fn paints_only_when_on() {
        assert_eq!(Paint::new(false).paint(Color::Red, "drop"), "drop");
        assert_eq!(Paint::new(true).paint(Color::Red, "drop"), "\x1b[31mdrop\x1b[0m");
        assert_eq!(Paint::new(true).paint(Color::Green, "add"), "\x1b[32madd\x1b[0m");
        assert_eq!(Paint::new(true).paint(Color::Yellow, ""), "");
    }
}
