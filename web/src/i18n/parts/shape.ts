/** The same keys as a Russian dictionary, each with its own text. */
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
