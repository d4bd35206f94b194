/**
 * What a list reads, for the API's simple-REST list engine: a FROM clause
 * with aliases and the SQL of each field. The aggregate's module owns it (it
 * names the tables); the API adds filters, sorting and the access rule, and
 * names columns only through `columns`.
 */
export interface ListSource<F extends string = string> { from: string; columns: Record<F, string> }
