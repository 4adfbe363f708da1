//! The part all three readers share: header mapping, encoding, field access, error collection.

use rustc_hash::FxHashMap;

use super::{CsvError, CsvErrors};

/// A CSV file's rows, with its required and optional columns located by header name.
pub(super) struct Table<'a> {
    file: &'a str,
    columns: FxHashMap<&'static str, usize>,
    headers: Vec<String>,
    rows: Vec<(u64, Vec<String>)>,
}

/// One row being read; parse failures are collected, not returned one at a time.
pub(super) struct Row<'t> {
    table: &'t Table<'t>,
    pub(super) line: u64,
    fields: &'t [String],
    errors: Vec<CsvError>,
}

impl<'a> Table<'a> {
    /// Reads the header and every record. Fails on a missing or repeated column, a record
    /// with another number of fields than the header, text that is not UTF-8, broken quoting.
    pub(super) fn read(
        file: &'a str,
        bytes: &[u8],
        required: &[&'static str],
        optional: &[&'static str],
    ) -> Result<Table<'a>, CsvErrors> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut reader =
            csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
        let mut errors = Vec::new();
        let mut records = reader.byte_records();
        let error = |line, column, value, problem: &str| CsvError {
            file: file.to_owned(),
            line,
            column,
            value,
            problem: problem.to_owned(),
        };

        let header = match records.next() {
            None => return Err(CsvErrors(vec![error(1, None, None, "文件为空，缺少表头行")])),
            Some(Err(e)) => {
                return Err(CsvErrors(vec![error(line_of(&e), None, None, "表头无法读取")]));
            }
            Some(Ok(record)) => record,
        };
        let mut headers = Vec::with_capacity(header.len());
        for (i, field) in header.iter().enumerate() {
            match std::str::from_utf8(field) {
                Ok(name) => headers.push(name.trim().to_owned()),
                Err(_) => {
                    errors.push(error(1, Some((i + 1, String::new())), None, NOT_UTF8));
                    headers.push(String::new());
                }
            }
        }
        let mut columns = FxHashMap::default();
        for &name in required.iter().chain(optional) {
            let found: Vec<usize> =
                (0..headers.len()).filter(|&i| headers[i].eq_ignore_ascii_case(name)).collect();
            match found[..] {
                [] if required.contains(&name) => {
                    errors.push(error(
                        1,
                        None,
                        None,
                        &format!("缺少必需的列 {name}（需要 {}）", required.join(",")),
                    ));
                }
                [] => {}
                [i] => {
                    columns.insert(name, i);
                }
                [_, second, ..] => {
                    errors.push(error(1, Some((second + 1, name.to_owned())), None, "列名重复"));
                }
            }
        }
        if !errors.is_empty() {
            return Err(CsvErrors(errors));
        }

        let mut rows = Vec::new();
        for record in records {
            let record = match record {
                Ok(record) => record,
                Err(e) => {
                    errors.push(error(line_of(&e), None, None, "无法解析（引号不成对？）"));
                    break;
                }
            };
            let line = record.position().map_or(0, csv::Position::line);
            if record.len() != headers.len() {
                let problem = format!(
                    "该行有 {} 个字段，表头有 {} 个（数字里有逗号？）",
                    record.len(),
                    headers.len()
                );
                errors.push(error(line, None, None, &problem));
                continue;
            }
            let mut fields = Vec::with_capacity(record.len());
            for (i, field) in record.iter().enumerate() {
                match std::str::from_utf8(field) {
                    Ok(text) => fields.push(text.to_owned()),
                    Err(_) => {
                        errors.push(error(line, Some((i + 1, headers[i].clone())), None, NOT_UTF8));
                        fields.push(String::new());
                    }
                }
            }
            rows.push((line, fields));
        }
        if rows.is_empty() && errors.is_empty() {
            errors.push(error(1, None, None, "只有表头，没有数据行"));
        }
        if errors.is_empty() {
            Ok(Table { file, columns, headers, rows })
        } else {
            Err(CsvErrors(errors))
        }
    }

    /// Reads every row with `parse`; all rows or, if any row has a problem, all the problems.
    pub(super) fn parse_rows<T>(
        &self,
        mut parse: impl FnMut(&mut Row<'_>) -> Option<T>,
    ) -> Result<Vec<T>, CsvErrors> {
        let mut values = Vec::with_capacity(self.rows.len());
        let mut errors = Vec::new();
        for (line, fields) in &self.rows {
            let mut row = Row { table: self, line: *line, fields, errors: Vec::new() };
            let value = parse(&mut row);
            errors.append(&mut row.errors);
            values.extend(value);
        }
        if errors.is_empty() { Ok(values) } else { Err(CsvErrors(errors)) }
    }

    /// An error about a whole row or about one named column at a given line.
    pub(super) fn error(
        &self,
        line: u64,
        column: Option<&'static str>,
        value: Option<&str>,
        problem: &str,
    ) -> CsvError {
        CsvError {
            file: self.file.to_owned(),
            line,
            column: column
                .and_then(|name| self.columns.get(name).map(|&i| (i + 1, self.headers[i].clone()))),
            value: value.map(str::to_owned),
            problem: problem.to_owned(),
        }
    }
}

const NOT_UTF8: &str = "不是 UTF-8 编码（请在表格软件中另存为“CSV UTF-8”）";

fn line_of(error: &csv::Error) -> u64 {
    error.position().map_or(0, csv::Position::line)
}

impl Row<'_> {
    /// The trimmed text of a column; empty when the column is absent from the file.
    pub(super) fn text(&self, column: &'static str) -> &str {
        self.table.columns.get(column).map_or("", |&i| self.fields[i].trim())
    }

    /// Parses a required column, recording a problem if it fails.
    pub(super) fn parse<T, E: std::fmt::Display>(
        &mut self,
        column: &'static str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<T> {
        let text = self.text(column);
        match parse(text) {
            Ok(value) => Some(value),
            Err(e) => {
                let problem = e.to_string();
                self.fail(column, &problem);
                None
            }
        }
    }

    /// Parses an optional column: empty or absent is `None`.
    pub(super) fn parse_optional<T, E: std::fmt::Display>(
        &mut self,
        column: &'static str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<Option<T>> {
        if self.text(column).is_empty() { Some(None) } else { self.parse(column, parse).map(Some) }
    }

    /// An optional free-text column.
    pub(super) fn optional_text(&self, column: &'static str) -> Option<String> {
        Some(self.text(column)).filter(|t| !t.is_empty()).map(str::to_owned)
    }

    /// Records a problem with this row's value in `column`.
    pub(super) fn fail(&mut self, column: &'static str, problem: &str) {
        let value = self.text(column).to_owned();
        let error = self.table.error(self.line, Some(column), Some(&value), problem);
        self.errors.push(error);
    }
}
