/**
 * Plain-data types of the fitting engine. Everything here is JSON- and structured-clone-safe so a
 * result can cross a worker boundary or the RPC contract unchanged (no functions, no typed arrays).
 */

/** Which algorithm produced a result. */
export type FitEngineName = 'linear-qr' | 'lm' | 'ml-levenberg-marquardt';

/** Engine choice for nonlinear fits: our Levenberg–Marquardt or the ml-levenberg-marquardt wrapper. */
export type NonlinearEngineChoice = 'lm' | 'ml-levenberg-marquardt';

/** One fitted parameter with its uncertainty. */
export type ParameterEstimate = {
  /** Parameter name as written in the model (b1, H0, c2, ...). */
  name: string;
  /** Least-squares estimate, in the model's own units. */
  value: number;
  /**
   * Asymptotic standard error from the Jacobian at the solution, scaled by the residual variance
   * (s² = RSS/(n − p)). NaN when it cannot be estimated (rank-deficient Jacobian, n ≤ p).
   */
  stdError: number;
  /** Lower end of the two-sided confidence interval value − t·stdError (t from Student's t, n − p dof). */
  ciLower: number;
  /** Upper end of the confidence interval. */
  ciUpper: number;
  /** Set when the estimate sits on (within 1e-10 relative of) a user bound; its stdError is then not meaningful. */
  atBound?: 'min' | 'max';
};

/** Goodness-of-fit summary. RSS and R² use the weighted residuals when weights are given. */
export type FitMetrics = {
  /** Number of observations used. */
  n: number;
  /** Number of fitted parameters. */
  p: number;
  /** Residual degrees of freedom n − p. */
  dof: number;
  /** Residual sum of squares Σ wᵢ rᵢ². */
  rss: number;
  /** Residual standard deviation √(RSS/(n − p)); NaN when n ≤ p. */
  residualSd: number;
  /** Root-mean-square error √(RSS/n). */
  rmse: number;
  /** Coefficient of determination. Centred (about the weighted mean) unless `r2Uncentred`. */
  r2: number;
  /** Adjusted R² = 1 − (1 − R²)(n − 1)/(n − p) (n instead of n − 1 when uncentred). */
  adjR2: number;
  /** True when R² is the uncentred form used for models without an intercept (through the origin). */
  r2Uncentred: boolean;
  /**
   * Akaike information criterion with the Gaussian log-likelihood at the ML variance RSS/n,
   * counting the variance as a parameter: AIC = 2(p + 1) − 2 ln L.
   */
  aic: number;
  /** Bayesian information criterion: (p + 1) ln n − 2 ln L. */
  bic: number;
};

/** Confidence (for the mean curve) and prediction (for a new observation) bands over a grid. */
export type FitBands = {
  /** Confidence level, e.g. 0.95. */
  level: number;
  /** Grid of the single predictor. */
  x: number[];
  /** Fitted curve on the grid. */
  fit: number[];
  confidenceLower: number[];
  confidenceUpper: number[];
  predictionLower: number[];
  predictionUpper: number[];
};

/** Why an iterative engine stopped. */
export type TerminationReason =
  | 'ftol' // relative reduction of the sum of squares below ftol (actual and predicted)
  | 'xtol' // relative step below xtol
  | 'gtol' // residual orthogonal to the Jacobian columns
  | 'zero-residual' // exact fit
  | 'max-iterations'
  | 'max-evaluations'
  | 'stalled' // damping grew without bound; no decrease possible in floating point
  | 'direct'; // linear least squares: solved directly

/** A successful fit. */
export type FitSuccess = {
  ok: true;
  /** Algorithm that produced the parameters (the polish step, if any, is recorded separately). */
  engine: FitEngineName;
  /** True when a Gauss–Newton polishing step changed the engine's answer. */
  polished: boolean;
  /** Model expression in x (or x1, x2, ...) and the parameter names, as fitted. */
  expression: string;
  /** Predictor variable names in the order of the x columns. */
  variables: string[];
  parameters: ParameterEstimate[];
  /** Parameter covariance matrix, row-major p×p, in the order of `parameters`. */
  covariance: number[][];
  metrics: FitMetrics;
  /** Observed minus fitted, unweighted. */
  residuals: number[];
  fitted: number[];
  /** k-fold cross-validation RMSE of held-out predictions; undefined when skipped (n too small or disabled). */
  cvRmse: number | undefined;
  /** Folds used for `cvRmse` (0 when skipped). */
  cvFolds: number;
  /** Bands over a grid spanning the data, single-predictor models only. */
  bands: FitBands | undefined;
  /** Iterations (Jacobian evaluations) of the winning start; 0 for direct linear solves. */
  iterations: number;
  converged: boolean;
  termination: TerminationReason;
  /** Index of the start (0 = the given start) that produced the result, for multi-start fits. */
  startIndex: number;
  /** Plain-language notes: convergence problems, parameters at bounds, rank deficiency, ... */
  warnings: string[];
};

/** Closed set of failure codes. */
export type FitFailureReason =
  | 'invalid-input'
  | 'invalid-expression'
  | 'non-finite-start'
  | 'too-few-points'
  | 'singular'
  | 'engine-error';

/** A failed fit: never thrown, always returned. */
export type FitFailure = {
  ok: false;
  reason: FitFailureReason;
  /** Plain-language explanation for the user. */
  message: string;
  engine?: FitEngineName;
};

export type FitResult = FitSuccess | FitFailure;

/** A named model parameter with its start value and optional bounds. */
export type ParameterSpec = {
  name: string;
  start: number;
  min?: number;
  max?: number;
};

/** Options shared by every fit. */
export type CommonFitOptions = {
  /** Non-negative weights (inverse variances up to a common factor); applied by scaling residuals by √w. */
  weights?: number[];
  /** Confidence level for intervals and bands (0 < level < 1), default 0.95. */
  confidenceLevel?: number;
  /** Folds for cross-validation; 0 disables. Default 5 (skipped when n < 2·folds or n > 20 000). */
  cvFolds?: number;
  /** Points in the band grid; 0 disables bands. Default 101. */
  bandPoints?: number;
};
