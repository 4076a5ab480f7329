// How much one alert keeps. A storm over thousands of nodes or sessions must not outgrow what a
// store can hold: a DynamoDB item is at most 400 KB, and a window that cannot be written loses
// every later event of its key. Counts of events stay exact.

/** Record ids kept per alert as samples (the alert JSON's "up to 5"). */
export const SAMPLE_LIMIT = 5;

/** Members a set fact keeps (first seen first). */
export const SET_LIMIT = 500;
