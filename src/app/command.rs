//! The `:` command line: actions without a key of their own, typed by name —
//! `crawl`, `expand-all`, `refresh-all`, `export FORMAT [FILE]`, `help`, `quit`.

use super::crawl;
use super::model::{Mode, Model, Status};
use super::msg::{Cmd, ExportFormat};

/// What the command line offers, for its hint.
pub const COMMANDS: &str =
    "crawl · expand-all · refresh-all · export json|csv|tree|dot|mermaid [FILE] · help · quit";

/// Runs one command line; the error says what is wrong with it.
pub fn run(m: &mut Model, line: &str, cmds: &mut Vec<Cmd>) -> Result<(), String> {
    let mut words = line.split_whitespace();
    let Some(name) = words.next() else {
        return Ok(());
    };
    let root = m.roots.first().copied();
    match name {
        "crawl" | "read-all" => {
            let root = root.ok_or("the organization is not read yet")?;
            crawl::start(m, root, false, cmds);
        }
        "expand-all" => {
            let ix = m.selected.ok_or("nothing is selected")?;
            if !m.nodes[ix].is_parent() {
                return Err("select the root or an OU first".into());
            }
            crawl::start(m, ix, true, cmds);
        }
        "refresh-all" => crawl::refresh_all(m, cmds),
        "export" => {
            let format = words
                .next()
                .ok_or("export needs a format: json, csv, tree, dot or mermaid")?;
            let format = ExportFormat::parse(format).ok_or_else(|| {
                format!("no export format \"{format}\": json, csv, tree, dot or mermaid")
            })?;
            let path = words.next().map_or_else(
                || format!("orgtui-export.{}", format.extension()),
                str::to_string,
            );
            let root = root.ok_or("the organization is not read yet")?;
            // The whole organization first: the export waits for the read to finish.
            m.export_when_read = Some((format, path));
            crawl::start(m, root, false, cmds);
            crawl::export_if_read(m, cmds);
        }
        "creds" => super::shell::start(m, crate::sts::Purpose::Exports, cmds)?,
        "help" => m.mode = Mode::Help,
        "quit" | "q" => {
            m.quit = true;
            cmds.push(Cmd::Quit);
        }
        other => return Err(format!("no command \"{other}\"; try {COMMANDS}")),
    }
    Ok(())
}

/// Reports a command's failure in the status line.
pub fn failed(m: &mut Model, why: String) {
    m.status = Some(Status::Error(crate::org::OrgError::new(
        "CommandFailed",
        why,
    )));
}
