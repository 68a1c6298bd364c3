import { CsvError, parseCsv, parseCsvTable } from "../../src/datasets/csv";

function fields(text: string): string[][] {
  return parseCsv(text).map((record) => record.fields);
}

function csvError(text: string): CsvError {
  try {
    parseCsv(text);
  } catch (error) {
    if (error instanceof CsvError) return error;
    throw error;
  }
  throw new Error("expected a CsvError");
}

describe("parseCsv", () => {
  it("parses plain records with LF or CRLF endings, with or without a final newline", () => {
    expect(fields("a,b,c\n1,2,3\n")).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
    expect(fields("a,b\r\n1,2\r\n")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(fields("a,b\n1,2")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("handles quoted fields with commas, doubled quotes and embedded newlines", () => {
    const text = 'id,text\n1,"Hello, world"\n2,"She said ""no"""\n3,"line one\r\nline two\nline three"\n';
    expect(fields(text)).toEqual([
      ["id", "text"],
      ["1", "Hello, world"],
      ["2", 'She said "no"'],
      ["3", "line one\r\nline two\nline three"],
    ]);
  });

  it("keeps empty fields, including empty quoted fields and trailing commas", () => {
    expect(fields('a,,""\n,\n"",x,')).toEqual([
      ["a", "", ""],
      ["", ""],
      ["", "x", ""],
    ]);
  });

  it("strips a UTF-8 BOM", () => {
    expect(parseCsvTable("\uFEFFID,name\n1,x\n").header).toEqual(["ID", "name"]);
  });

  it("reports the starting line of each record, counting newlines inside quotes", () => {
    const records = parseCsv('h1,h2\r\n1,"a\r\nb\r\nc"\r\n\r\n2,z\r\n');
    expect(records.map((record) => record.line)).toEqual([1, 2, 6]);
  });

  it("skips blank lines outside quotes", () => {
    expect(fields("a\n\n\nb\n\n")).toEqual([["a"], ["b"]]);
  });

  it("rejects an unterminated quoted field at the line where it opened", () => {
    const error = csvError('a,b\n1,2\n3,"never\nclosed\n');
    expect(error.line).toBe(3);
    expect(error.reason).toMatch(/unterminated/);
  });

  it("rejects a quote inside an unquoted field", () => {
    const error = csvError('a,b\n1,2\n3,x"y\n');
    expect(error.line).toBe(3);
    expect(error.reason).toMatch(/unexpected quote/);
  });

  it("rejects text after a closing quote", () => {
    const error = csvError('a,b\n"x"y,2\n');
    expect(error.line).toBe(2);
    expect(error.reason).toMatch(/after a closing quote/);
    expect(error.message).toMatch(/^line 2: /);
  });

  it("accepts lone CR line endings and mixed endings in one file", () => {
    const records = parseCsv("a\rb\r\nc\nd");
    expect(records.map((record) => [record.line, record.fields])).toEqual([
      [1, ["a"]],
      [2, ["b"]],
      [3, ["c"]],
      [4, ["d"]],
    ]);
  });

  it("counts a CRLF inside quotes as one line when reporting an error after it", () => {
    const error = csvError('a\r\n"x\r\ny"z\r\n');
    expect(error.line).toBe(3);
    expect(error.reason).toBe('unexpected character "z" after a closing quote');
  });

  it("reports lines correctly after multi-byte characters", () => {
    expect(parseCsv('é,"ü\r\n😀"\n\nx').map((record) => record.line)).toEqual([1, 4]);
    expect(csvError('é,"ü\n😀"\n"never closed').line).toBe(3);
  });

  it("rejects an empty file when a header is expected", () => {
    expect(() => parseCsvTable("")).toThrow(CsvError);
  });
});
