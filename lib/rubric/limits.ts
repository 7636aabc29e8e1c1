// Every limit of the rubric layer lives here, so the server, the scorecard form and the tests agree.

/** Bump on any change that would make a stored scorecard read differently (ids, scale, field meaning). */
export const RUBRIC_VERSION = 1;

export const SCORE_MIN = 1;
export const SCORE_MAX = 4;

/** One evidence note: a sentence or two, not an essay. */
export const EVIDENCE_TEXT_MAX = 500;
/** Per dimension; more than this is a transcript, not evidence. */
export const EVIDENCE_PER_DIMENSION_MAX = 20;
/** Interviews are timeboxed well under this; a larger clock reading is a bug upstream. */
export const INTERVIEW_CLOCK_MAX_MS = 3 * 60 * 60 * 1000;

/** Each of the two written feedback fields ("what went well", "what to work on"). */
export const FEEDBACK_TEXT_MAX = 2000;
/** A submitted scorecard must say something concrete in each feedback field. */
export const FEEDBACK_TEXT_MIN_ON_SUBMIT = 20;
