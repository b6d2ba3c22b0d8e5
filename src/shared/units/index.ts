/** Unit types, the unit table and conversions. */
export {
  BASE_UNIT,
  QUANTITIES,
  STANDARD_GRAVITY_M_S2,
  UNITS,
  isUnitId,
  parseUnit,
  unitInfo,
  unitsFor,
  type EfficiencyUnit,
  type EnergyUnit,
  type FlowUnit,
  type FrequencyUnit,
  type LengthUnit,
  type PowerUnit,
  type PressureUnit,
  type Quantity,
  type SpeedUnit,
  type TemperatureUnit,
  type UnitId,
  type UnitInfo,
} from './registry';
export { UnitConversionError, canConvert, convert, getConverter, headMToPressure, pressureToHeadM, type Converter, type ConverterResult } from './convert';
