/**
 * {@code ./fieldplan bench desk}: the desk's request list and text search under load, on a generated company with a
 * year of history. See {@link org.fieldplan.bench.desk.DeskBenchmark}.
 */
package org.fieldplan.bench.desk;
