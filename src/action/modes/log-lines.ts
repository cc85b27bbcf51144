/** Lines of the text report the log gets per manifest; the summary and the JSON have it all. */
export const LOG_LINES = 400;
