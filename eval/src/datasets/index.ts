export { CsvError, parseCsv, parseCsvTable, type CsvRecord, type CsvTable } from "./csv";
export { ACI_COLUMNS, importAciCsv, parseAciCsv } from "./import-aci-csv";
export {
  formatDatasetJsonl,
  IMPORT_FORMATS,
  importDataset,
  writeDatasetJsonl,
  type ImportFormat,
  type ImportOptions,
} from "./import-dataset";
export { importMtsCsv, MTS_COLUMNS, parseMtsCsv } from "./import-mts-csv";
export { DatasetError, loadDataset, parseDataset, sha256, type DatasetProblem } from "./load-dataset";
