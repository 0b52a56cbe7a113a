//! Contact requests as CSV for spreadsheets (the operator API's `.csv` and `microwork export`), safe to open
//! in Excel or LibreOffice in any locale.
//!
//! Every field is quoted, and a spreadsheet never sees a formula: a cell, or any part of it after a `;`, `,`,
//! tab or line break (where a spreadsheet set to another separator would start a new cell), that starts with
//! `=`, `+`, `-`, `@`, tab or carriage return gets a `'` in front, which spreadsheets show as text (OWASP's
//! rule for CSV injection). The JSON export is not a spreadsheet and is left as stored.

use microwork_core::contact::TrackedRequest;

pub const CSV_HEADER: [&str; 16] = [
    "reference",
    "received_at",
    "status",
    "status_changed_at",
    "desk_id",
    "name",
    "email",
    "phone",
    "channel",
    "time_window",
    "comune_istat",
    "message",
    "lang",
    "partner",
    "consent_share_assessment",
    "assessment",
];

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Where a spreadsheet with another separator, or a paste, would start a new cell.
fn starts_a_part(c: char) -> bool {
    matches!(c, ';' | ',' | '\t' | '\n' | '\r')
}

/// `cell` with a `'` before every part that would start a formula (leading spaces do not hide one).
pub fn spreadsheet_safe(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len() + 2);
    let mut at_part_start = true;
    for c in cell.chars() {
        if at_part_start && FORMULA_STARTS.contains(&c) {
            out.push('\'');
        }
        out.push(c);
        at_part_start = starts_a_part(c) || (at_part_start && c == ' ');
    }
    out
}

/// RFC 4180 CSV in UTF-8, one line per request, header first; every field quoted and made [`spreadsheet_safe`].
pub fn write_csv<W: std::io::Write>(rows: &[TrackedRequest], out: W) -> csv::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(out);
    w.write_record(CSV_HEADER)?;
    for row in rows {
        let r = &row.request;
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let cells: [String; 16] = [
            r.reference.to_string(),
            r.received_at.clone(),
            row.status.as_str().into(),
            opt(&row.status_changed_at),
            opt(&r.desk_id),
            r.name.clone(),
            opt(&r.email),
            opt(&r.phone),
            r.channel.as_str().into(),
            r.time_window.as_str().into(),
            opt(&r.comune_istat),
            opt(&r.message),
            r.lang.code().into(),
            opt(&r.partner),
            r.consent_share_assessment.to_string(),
            r.assessment.as_ref().map(|v| v.to_string()).unwrap_or_default(),
        ];
        w.write_record(cells.iter().map(|c| spreadsheet_safe(c)))?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        for (cell, safe) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+39333", "'+39333"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Maria", "Maria"),
            ("a=b", "a=b"),
            ("a-b, c+d", "a-b, c+d"),
        ] {
            assert_eq!(spreadsheet_safe(cell), safe);
        }
    }

    #[test]
    fn every_part_a_spreadsheet_could_split_off_is_neutralised_too() {
        assert_eq!(spreadsheet_safe("Grazie;=cmd|' /C calc'!A0;-2+3"), "Grazie;'=cmd|' /C calc'!A0;'-2+3");
        assert_eq!(spreadsheet_safe("a,=1+1"), "a,'=1+1");
        assert_eq!(spreadsheet_safe("a\t@x"), "a\t'@x");
        assert_eq!(spreadsheet_safe("riga\n+39 333"), "riga\n'+39 333");
        assert_eq!(spreadsheet_safe("ciao;  =1"), "ciao;  '=1", "leading spaces do not hide a formula");
        assert_eq!(spreadsheet_safe("a;;\t\t"), "a;;'\t'\t");
    }

    #[test]
    fn every_field_is_quoted() {
        let mut out = Vec::new();
        write_csv(&[], &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap().split(',').next(), Some("\"reference\""));
    }
}
