/**
 * A minimal RFC 4180 reader for tests (csv-parse is not installed): quoted fields may hold commas, doubled
 * quotes and line breaks; records end with CRLF or LF. Throws on malformed quoting so a bad export fails.
 */
export const readCsv = (text: string): string[][] => {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let fieldStarted = false;
  const endField = () => {
    record.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (char === '"') {
        quoted = false;
        i += 1;
        const after = text[i];
        if (after !== undefined && after !== ',' && after !== '\r' && after !== '\n') {
          throw new Error(`malformed CSV: text after a closing quote at ${i}`);
        }
      } else {
        field += char;
        i += 1;
      }
    } else if (char === '"') {
      if (fieldStarted || field !== '')
        throw new Error(`malformed CSV: quote inside an unquoted field at ${i}`);
      quoted = true;
      fieldStarted = true;
      i += 1;
    } else if (char === ',') {
      endField();
      i += 1;
    } else if (char === '\r' && text[i + 1] === '\n') {
      endRecord();
      i += 2;
    } else if (char === '\n') {
      endRecord();
      i += 1;
    } else {
      field += char;
      fieldStarted = true;
      i += 1;
    }
  }
  if (quoted) throw new Error('malformed CSV: unterminated quoted field');
  if (field !== '' || record.length > 0) endRecord();
  return records;
};
