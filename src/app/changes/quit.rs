//! Quitting while changes are in flight: asked first (wait for them, or stop sending the
//! rest), and a second Ctrl-C quits at once.

use super::super::dialogs::Dialog;
use super::super::model::{Mode, Model};
use super::super::msg::Cmd;

/// Ctrl-C or `q` while changes are being sent: ask how to quit first; a second Ctrl-C
/// quits at once (every change already sent has its attempt in the audit log).
pub fn quit_requested(m: &mut Model) -> bool {
    match &mut m.mode {
        Mode::Dialog(Dialog::Progress(p)) if !p.done() => {
            if p.quit_asked {
                return true;
            }
            p.quit_asked = true;
            false
        }
        _ => true,
    }
}

pub(super) fn quit_if_idle(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let busy = matches!(&m.mode, Mode::Dialog(Dialog::Progress(p)) if !p.done());
    if m.quit_when_idle && !busy && !m.quit {
        m.quit = true;
        cmds.push(Cmd::Quit);
    }
}
