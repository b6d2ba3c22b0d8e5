/**
 * Curve fitting: public API. Every function is synchronous, pure and never throws (failures are
 * returned as `{ ok: false, reason, message }`), so it runs the same in the renderer, the core and
 * a compute worker. See docs/fitting.md for methods and the NIST accuracy table.
 */
export type {
  CommonFitOptions,
  FitBands,
  FitEngineName,
  FitFailure,
  FitFailureReason,
  FitMetrics,
  FitResult,
  FitSuccess,
  NonlinearEngineChoice,
  ParameterEstimate,
  ParameterSpec,
  TerminationReason,
} from './types';
export { fitNonlinear, type NonlinearFitSpec } from './nonlinear';
export {
  fitPolynomial,
  fitLinearModel,
  fitDesignMatrix,
  linearModelSpec,
  MAX_POLYNOMIAL_DEGREE,
  type DesignFitSpec,
  type LinearModelKind,
  type PowerModelSpec,
} from './linearModels';
export { modelLibrary, fitLibraryModel, type LibraryModel, type LibraryParameter, type LibraryFitOptions } from './modelLibrary';
export { makePredictor, predictAt, computeBands } from './predict';
export { checkPumpCurves, type PhysicsWarning, type PhysicsWarningCode, type PumpCurveCheck, type MeasuredPoints } from './physics';
export { studentTQuantile, studentTCdf } from './distributions';
export { parseModel, ALLOWED_FUNCTIONS, MAX_EXPRESSION_LENGTH } from './expression';
export type { IFitEngine } from './engines';
