/** Pure parsing, detection and conversion for importing logged operation data (CSV/XLSX). */
export * from './types';
export { bomLength, createChunkDecoder, decodeText, decodeWindows1252, detectEncoding, isValidUtf8, type ChunkDecoder, type EncodingGuess } from './encoding';
export { detectDecimal, formatNumber, isMissingToken, parseNumber } from './number';
export { detectTimeFormat, excelSerialToMs, formatIsoMs, parseTimestamp, type TimeFormatGuess } from './timestamp';
export { detectDialect, sampleLines, splitLine, type DialectGuess } from './dialect';
export { columnKey, datasetColumnOf, guessColumn, quantityOfUnit, sourceUnitsFor, splitHeaderUnit, valueConverter, type ColumnGuess, type ValueConverterResult } from './columns';
export { MappingError, RowConverter, rowText, type RowConverterOptions } from './rows';
export { csvField, csvHeader, csvRow } from './csvWrite';
